import type { DataSource } from 'typeorm';

type CareLevel = 'self-care' | 'partial' | 'cannot-self-care';

export interface DemoCareHome {
  name: string;
  regionCode: string;
  tracksCareLevel: boolean;
  beds: { label: string; careLevel: CareLevel | null; occupied?: boolean }[];
}

/**
 * Demo care homes: the 东阿镇敬老院 the policy text holds up as the model (beds by care level),
 * and a smaller township home that does not track care levels. One bed of each is occupied by a
 * resident from before the system, as a real home's would be.
 */
export const DEMO_CARE_HOMES: DemoCareHome[] = [
  {
    name: '东阿镇敬老院',
    regionCode: '370124100',
    tracksCareLevel: true,
    beds: [
      { label: '101', careLevel: 'self-care', occupied: true },
      { label: '102', careLevel: 'self-care' },
      { label: '103', careLevel: 'self-care' },
      { label: '201', careLevel: 'partial' },
      { label: '202', careLevel: 'partial' },
      { label: '301', careLevel: 'cannot-self-care' },
    ],
  },
  {
    name: '孝直镇敬老院',
    regionCode: '370124101',
    tracksCareLevel: false,
    beds: [
      { label: 'A1', careLevel: null, occupied: true },
      { label: 'A2', careLevel: null },
      { label: 'A3', careLevel: null },
    ],
  },
];

/** Creates the demo care homes and their beds. Idempotent: existing homes and beds are left as they are. */
export async function seedDemoCareHomes(db: DataSource): Promise<void> {
  await db.transaction(async (m) => {
    for (const home of DEMO_CARE_HOMES) {
      await m.query(
        `INSERT INTO care_homes (name, region_code, tracks_care_level) VALUES ($1,$2,$3) ON CONFLICT (region_code, name) DO NOTHING`,
        [home.name, home.regionCode, home.tracksCareLevel],
      );
      const [{ id }]: { id: string }[] = await m.query('SELECT id FROM care_homes WHERE region_code = $1 AND name = $2', [
        home.regionCode,
        home.name,
      ]);
      for (const bed of home.beds) {
        await m.query(
          `INSERT INTO beds (home_id, label, care_level, status) VALUES ($1,$2,$3,$4) ON CONFLICT (home_id, label) DO NOTHING`,
          [id, bed.label, bed.careLevel, bed.occupied ? 'occupied' : 'free'],
        );
      }
    }
  });
}
