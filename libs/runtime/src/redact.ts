/**
 * Log lines must never carry personal data. Messages are scrubbed of anything shaped like a
 * resident ID number or a mobile phone number; names never reach a log call in the first place
 * (request bodies and person records are not logged), and context objects are scrubbed by key.
 */
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const PHONE = /(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;
// SQL parameters and request bodies can carry anything: they are never logged.
const PERSONAL_KEYS = new Set([
  'idnumber',
  'id_number',
  'name',
  'phone',
  'address',
  'password',
  'passwordhash',
  'token',
  'authorization',
  'parameters',
  'body',
  'applicant',
]);

export function redactText(text: string): string {
  return text.replace(ID_NUMBER, (_m, a: string, _b: string, c: string) => `${a.slice(0, 4)}**********${c}`).replace(PHONE, '$1****$3');
}

export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = PERSONAL_KEYS.has(k.toLowerCase()) ? '[redacted]' : redactValue(v, depth + 1);
  }
  return out;
}
