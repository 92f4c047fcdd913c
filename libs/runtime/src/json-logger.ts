import type { LoggerService } from '@nestjs/common';
import { redactText, redactValue } from './redact';

type Level = 'error' | 'warn' | 'info' | 'debug' | 'verbose';
const ORDER: Record<Level, number> = { error: 0, warn: 1, info: 2, debug: 3, verbose: 4 };

export interface LogSink {
  write(line: string): void;
}

/** One JSON object per line on stdout, personal data scrubbed. Used by Nest and the Temporal runtime. */
export class JsonLogger implements LoggerService {
  private readonly max: number;

  constructor(
    private readonly service: string,
    level: string = process.env.LOG_LEVEL ?? 'info',
    private readonly sink: LogSink = process.stdout,
  ) {
    this.max = ORDER[(level as Level) in ORDER ? (level as Level) : 'info'];
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('verbose', message, rest);
  }

  /** Structured entry point: a message plus fields. */
  write(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
    if (ORDER[level] > this.max) return;
    const entry = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      msg: redactText(msg),
      ...(redactValue(fields) as object),
    };
    this.sink.write(JSON.stringify(entry) + '\n');
  }

  private emit(level: Level, message: unknown, rest: unknown[]): void {
    // Nest passes the context (class name) as the last string argument.
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const extra = context ? rest.slice(0, -1) : rest;
    const msg = message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(redactValue(message));
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (message instanceof Error && message.stack) fields.stack = message.stack;
    if (extra.length > 0) fields.details = extra;
    this.write(level, msg, fields);
  }
}
