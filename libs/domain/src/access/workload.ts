/** An officer who could receive work the system opens by itself, with the work they hold now. */
export interface OfficerLoad {
  id: string;
  /** Open tasks assigned to them. */
  openTasks: number;
  /**
   * When the account was created (ISO 8601 in UTC, to the microsecond the database keeps: two
   * accounts created within a millisecond are still told apart): ties go to the longest-serving.
   */
  since: string;
}

/** Whether `a` has served longer than `b`; created at the same instant, the smaller id. */
function servedLonger(a: OfficerLoad, b: OfficerLoad): boolean {
  return a.since < b.since || (a.since === b.since && a.id < b.id);
}

/**
 * Who receives a case the system opens without an applicant (免申即享): the township officer holding
 * the fewest open tasks, the longest-serving one among equals, so one officer is not handed every
 * proactive case of a township with several; null when the township has no active officer. Two
 * officers created at the same instant: the smaller id, so the choice never depends on row order.
 */
export function leastLoadedOfficer(officers: readonly OfficerLoad[]): string | null {
  let best: OfficerLoad | null = null;
  for (const o of officers) {
    if (!best || o.openTasks < best.openTasks || (o.openTasks === best.openTasks && servedLonger(o, best))) best = o;
  }
  return best?.id ?? null;
}
