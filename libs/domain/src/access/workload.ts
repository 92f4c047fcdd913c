/** An officer who could receive work the system opens by itself, with the work they hold now. */
export interface OfficerLoad {
  id: string;
  /** Open tasks assigned to them. */
  openTasks: number;
  /** When the account was created: ties go to the longest-serving officer. */
  since: string;
}

/**
 * Who receives a case the system opens without an applicant (免申即享): the township officer holding
 * the fewest open tasks, the longest-serving one among equals, so one officer is not handed every
 * proactive case of a township with several; null when the township has no active officer.
 */
export function leastLoadedOfficer(officers: readonly OfficerLoad[]): string | null {
  let best: OfficerLoad | null = null;
  for (const o of officers) {
    if (!best || o.openTasks < best.openTasks || (o.openTasks === best.openTasks && o.since < best.since)) best = o;
  }
  return best?.id ?? null;
}
