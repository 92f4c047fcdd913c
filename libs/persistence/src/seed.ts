import type { DataSource } from 'typeorm';
import { CASE_TYPES } from '@app/contracts';
import { DEFAULT_POLICIES } from '@app/domain/policy';

/**
 * Pingyin County (平阴县, 370124) as in the policy text. The county code is official; township and
 * village codes below it are demo codes, marked is_demo, until an install loads the official list.
 */
export const PINGYIN_REGIONS: {
  code: string;
  name: string;
  level: 'county' | 'township' | 'village';
  parent: string | null;
  demo: boolean;
}[] = [
  { code: '370124', name: '平阴县', level: 'county', parent: null, demo: false },
  ...(
    [
      ['370124001', '榆山街道', ['翠屏社区', '西关村']],
      ['370124002', '锦水街道', ['锦东社区', '南关村']],
      ['370124100', '东阿镇', ['东阿村', '南市村']],
      ['370124101', '孝直镇', ['孝直村', '北毛峪村']],
      ['370124102', '孔村镇', ['孔村', '胡庄村']],
      ['370124103', '洪范池镇', ['洪范村', '纸坊村']],
      ['370124104', '玫瑰镇', ['玫瑰村', '夏沟村']],
      ['370124105', '安城镇', ['安城村', '焦庄村']],
    ] as const
  ).flatMap(([code, name, villages]) => [
    { code, name, level: 'township' as const, parent: '370124', demo: true },
    ...villages.map((v, i) => ({
      code: `${code}${String(i + 1).padStart(3, '0')}`,
      name: v,
      level: 'village' as const,
      parent: code,
      demo: true,
    })),
  ]),
];

/** Regions and the built-in policy versions (version 1, county level). Idempotent. */
export async function seedReferenceData(db: DataSource): Promise<void> {
  await db.transaction(async (m) => {
    for (const r of PINGYIN_REGIONS) {
      await m.query(`INSERT INTO regions (code, name, level, parent_code, is_demo) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (code) DO NOTHING`, [
        r.code,
        r.name,
        r.level,
        r.parent,
        r.demo,
      ]);
    }
    for (const caseType of CASE_TYPES) {
      await m.query(
        `INSERT INTO policies (case_type, region_code, version, effective_from, body, note) VALUES ($1,'370124',1,'2021-09-27',$2,$3)
         ON CONFLICT (case_type, region_code, version) DO NOTHING`,
        [caseType, JSON.stringify(DEFAULT_POLICIES[caseType]), '平政办字〔2021〕15号;简报默认值'],
      );
    }
  });
}

export interface DemoUser {
  username: string;
  displayName: string;
  role: 'township_officer' | 'county_officer' | 'assessor' | 'supervisor' | 'admin';
  regionCode: string;
}

export const DEMO_PASSWORD = 'Demo#2026';

export const DEMO_USERS: DemoUser[] = [
  { username: 'township.yushan', displayName: '榆山街道经办人(演示)', role: 'township_officer', regionCode: '370124001' },
  { username: 'township.donge', displayName: '东阿镇经办人(演示)', role: 'township_officer', regionCode: '370124100' },
  { username: 'county.approver', displayName: '县民政局审批人(演示)', role: 'county_officer', regionCode: '370124' },
  { username: 'assessor', displayName: '第三方评估员(演示)', role: 'assessor', regionCode: '370124' },
  { username: 'supervisor.yushan', displayName: '榆山街道督办(演示)', role: 'supervisor', regionCode: '370124001' },
  { username: 'supervisor.county', displayName: '县民政局督办(演示)', role: 'supervisor', regionCode: '370124' },
  { username: 'admin', displayName: '系统管理员(演示)', role: 'admin', regionCode: '370124' },
];

/** Demo users (one per role, plus a second township and a county supervisor). Never run in production. */
export async function seedDemoUsers(db: DataSource, hash: (password: string) => Promise<string>): Promise<DemoUser[]> {
  const passwordHash = await hash(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    await db.query(
      `INSERT INTO users (username, password_hash, display_name, role, region_code) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (username) DO NOTHING`,
      [u.username, passwordHash, u.displayName, u.role, u.regionCode],
    );
  }
  return DEMO_USERS;
}

/**
 * Demo elders on the hardship roster, so every case type can be tried from `make start`:
 * generated, checksum-valid ID numbers (never real ones) and plainly fictitious names.
 */
export const DEMO_ROSTER: {
  idNumber: string;
  name: string;
  category: 'dibao' | 'tekun' | 'dishouru';
  regionCode: string;
  enteredOn: string;
}[] = [
  { idNumber: '370124194805120017', name: '演示老人甲', category: 'dibao', regionCode: '370124001001', enteredOn: '2019-03-01' },
  { idNumber: '370124195211080024', name: '演示老人乙', category: 'dishouru', regionCode: '370124001002', enteredOn: '2020-07-01' },
  { idNumber: '370124194101230031', name: '演示老人丙', category: 'tekun', regionCode: '370124100001', enteredOn: '2015-01-01' },
  { idNumber: '370124193907150044', name: '演示老人丁', category: 'tekun', regionCode: '370124100002', enteredOn: '2016-05-01' },
];

export async function seedDemoRoster(db: DataSource): Promise<void> {
  for (const r of DEMO_ROSTER) {
    await db.query(
      `INSERT INTO hardship_roster (id_number, name, category, region_code, entered_on, source) VALUES ($1,$2,$3,$4,$5,'demo')
       ON CONFLICT (id_number, category, entered_on) DO NOTHING`,
      [r.idNumber, r.name, r.category, r.regionCode, r.enteredOn],
    );
  }
}
