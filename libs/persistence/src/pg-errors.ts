/** PostgreSQL error codes we act on. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.code ?? e?.driverError?.code;
  const name = e?.constraint ?? e?.driverError?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}

/**
 * A PostgreSQL error that retrying cannot heal: the data itself is refused (class 22, data
 * exception: a NUL byte, a value out of range; class 23, integrity constraint violation; 54001,
 * statement too complex). Returns a message that names the kind of error and the constraint but
 * never the offending value (PostgreSQL's `detail` quotes it, and it may be personal data).
 */
export function pgDataError(err: unknown): { sqlState: string; message: string } | null {
  const e = err as {
    code?: unknown;
    constraint?: string;
    message?: string;
    driverError?: { code?: string; constraint?: string; message?: string };
  };
  const code = typeof e?.code === 'string' ? e.code : e?.driverError?.code;
  if (!code || !/^(22|23)[0-9A-Z]{3}$|^54001$/.test(code)) return null;
  const constraint = e?.constraint ?? e?.driverError?.constraint;
  const raw = e?.driverError?.message ?? e?.message ?? '';
  // The server's primary message for these classes names the rule, not the value (e.g. `invalid byte sequence for encoding "UTF8": 0x00`).
  const message = code.startsWith('23') ? `constraint ${constraint ?? code} refused the data` : raw.slice(0, 200);
  return { sqlState: code, message };
}
