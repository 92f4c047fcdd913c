/** The raw workflow's activity: no work, so only the engine's hand-off is measured. */
export const rawActivities = {
  async record(): Promise<void> {
    return undefined;
  },
};

export type RawActivities = typeof rawActivities;
