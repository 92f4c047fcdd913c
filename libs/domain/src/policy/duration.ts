/**
 * A duration as policy data. Working and calendar days follow the official holiday
 * arrangements; `seconds` exists so that drills and tests can shorten any wait without
 * touching workflow code. A policy stored through the API never carries it (see
 * `policy-bounds.ts`); tests write their drill policies straight into the table.
 */
export type DurationPolicy =
  | { unit: 'working_days'; amount: number }
  | { unit: 'calendar_days'; amount: number; rollToWorkingDay?: boolean }
  | { unit: 'months'; amount: number }
  | { unit: 'seconds'; amount: number };

export function describeDuration(d: DurationPolicy): string {
  switch (d.unit) {
    case 'working_days':
      return `${d.amount} 个工作日`;
    case 'calendar_days':
      return `${d.amount} 个自然日`;
    case 'months':
      return `${d.amount} 个月`;
    case 'seconds':
      return `${d.amount} 秒(演练)`;
  }
}

export function isDurationPolicy(value: unknown): value is DurationPolicy {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { unit?: unknown; amount?: unknown };
  return (
    (v.unit === 'working_days' || v.unit === 'calendar_days' || v.unit === 'months' || v.unit === 'seconds') &&
    typeof v.amount === 'number' &&
    Number.isInteger(v.amount) &&
    v.amount >= 0
  );
}
