import { isGrpcServiceError } from '@temporalio/client';

/** Network failures that mean "the other side is not there", whoever the other side is. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
]);
/**
 * PostgreSQL: shutting down, starting up, too many connections (class 08 is matched by prefix); a
 * statement cancelled by `statement_timeout` (57014) and a session ended by
 * `idle_in_transaction_session_timeout` (25P03): the database did not serve in time.
 */
const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300', '57014', '25P03']);
/** node-postgres reports pool and socket failures by message only. */
const PG_UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|connection error|Connection refused|server closed the connection/i;

function chain(err: unknown): { code?: unknown; message?: unknown; name?: unknown }[] {
  const out: { code?: unknown; message?: unknown; name?: unknown }[] = [];
  let e = err as { cause?: unknown; driverError?: unknown } | undefined;
  for (let i = 0; e && typeof e === 'object' && i < 6; i++) {
    out.push(e as never);
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return out;
}

/** PostgreSQL could not be reached or refused to serve (not a query's own fault). */
export function isDatabaseUnavailable(err: unknown): boolean {
  return chain(err).some((e) => {
    const code = typeof e.code === 'string' ? e.code : '';
    if (NETWORK_CODES.has(code) || PG_UNAVAILABLE.has(code) || code.startsWith('08')) return true;
    return typeof e.message === 'string' && PG_UNAVAILABLE_MESSAGE.test(e.message) && e.name !== 'ServiceError';
  });
}

/** Temporal could not be reached: gRPC UNAVAILABLE, or a connection that never came up. */
export function isTemporalUnavailable(err: unknown): boolean {
  return chain(err).some(
    (e) =>
      (isGrpcServiceError(e) && (e.code === 14 || e.code === 4)) ||
      e.name === 'TransportError' ||
      (e.name === 'ServiceError' && typeof e.message === 'string' && /Failed to connect/i.test(e.message)),
  );
}
