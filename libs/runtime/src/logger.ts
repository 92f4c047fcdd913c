import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { redactText } from './redact';

/**
 * Fields that hold personal data or secrets wherever they appear in a log entry (pino redaction
 * paths: exact keys at the top or one level down, never a blanket key denylist, so a `temporal`
 * address or a region name still logs). Request bodies and SQL parameters are never logged.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...[
    'idNumber',
    'id_number',
    'phone',
    'person',
    'applicant',
    'personName',
    'person_name',
    'password',
    'passwordHash',
    'password_hash',
    'token',
    'accessToken',
    'authorization',
    'body',
    'parameters',
  ].flatMap((k) => [k, `*.${k}`]),
  '*.*.parameters',
  'err.driverError.parameters',
];

/** Every string in an entry, message included, has resident ID numbers and mobile numbers masked. */
export function maskStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => maskStrings(v, depth + 1));
  if (value instanceof Error)
    return { type: value.name, message: redactText(value.message), stack: value.stack && redactText(value.stack) };
  // Framework objects (requests, responses) are left to their serializers, which pick safe fields.
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = maskStrings(v, depth + 1);
  return out;
}

export interface LogSettings {
  level: string;
  /** Write to this file instead of stdout (the test suite collects its logs to grep them). */
  file?: string;
}

let settings: LogSettings = { level: 'info' };
let destination: DestinationStream | null = null;

/** Called once by each process entry point (API, worker, CLI, test system) from its configuration. */
export function configureLogging(next: LogSettings): void {
  if (next.file !== settings.file) destination = null;
  settings = { ...next };
}

function sharedDestination(): DestinationStream {
  destination ??= settings.file
    ? pino.destination({ dest: settings.file, append: true, sync: true, mkdir: true })
    : pino.destination({ dest: 1, sync: true });
  return destination;
}

export function pinoOptions(service: string, level = settings.level): LoggerOptions {
  return {
    level,
    base: { service },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: {
      level: (label) => ({ level: label }),
      log: (entry) => maskStrings(entry) as Record<string, unknown>,
    },
    hooks: {
      // The message itself (and printf-style arguments) goes through the same masking.
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>);
      },
    },
  };
}

/** A pino logger with the project's redaction; `sink` replaces the shared destination (tests of the logger). */
export function createLogger(service: string, level?: string, sink?: DestinationStream): Logger {
  return pino(pinoOptions(service, level), sink ?? sharedDestination());
}
