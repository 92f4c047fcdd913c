/** Dates and money as Chinese offices write them. Business dates are Asia/Shanghai dates. */

const SHANGHAI = 'Asia/Shanghai';

/** '2026-11-26' → '2026年11月26日'; '2026-11' → '2026年11月'. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(date);
  if (!m) return date;
  return m[3] ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : `${m[1]}年${Number(m[2])}月`;
}

/** The Asia/Shanghai business date of an instant, as YYYY-MM-DD. */
export function shanghaiDate(at: string | Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: SHANGHAI, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(at),
  );
  return parts;
}

/** An instant in Asia/Shanghai: '2026年11月26日 14:05'. */
export function formatDateTime(at: string | Date | null | undefined): string {
  if (!at) return '—';
  const d = new Date(at);
  const time = new Intl.DateTimeFormat('zh-CN', { timeZone: SHANGHAI, hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
  return `${formatDate(shanghaiDate(d))} ${time}`;
}

/** Integer fen → '1,234.50 元' (yuan with fen precision; never floating arithmetic on money). */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${yuan}.${cents} 元`;
}

/** '2026-12' → '2026年12月'; a range with an open end → '2026年12月起'. */
export function formatMonthRange(from: string, to: string | null): string {
  return to ? (from === to ? formatDate(from) : `${formatDate(from)}至${formatDate(to)}`) : `${formatDate(from)}起`;
}
