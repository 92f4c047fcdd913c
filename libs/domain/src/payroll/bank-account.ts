/** Bank accounts are personal data: full only in the bank file, masked on every screen and log. */
export function maskAccount(account: string): string {
  const digits = account.replace(/\s+/g, '');
  if (digits.length <= 8) return '*'.repeat(Math.max(0, digits.length - 2)) + digits.slice(-2);
  return `${digits.slice(0, 4)}${'*'.repeat(digits.length - 8)}${digits.slice(-4)}`;
}

/** 12–30 digits: 一卡通 and social-security card accounts; no letters, spaces removed. */
export function normalizeAccount(raw: string): { ok: true; value: string } | { ok: false; message: string } {
  const value = raw.replace(/[\s-]+/g, '');
  if (!/^\d{12,30}$/.test(value)) return { ok: false, message: '账号应为12至30位数字' };
  return { ok: true, value };
}
