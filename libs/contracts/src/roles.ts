export const ROLES = ['township_officer', 'county_officer', 'assessor', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  township_officer: '乡镇(街道)经办人',
  county_officer: '县(区)民政局审批人',
  assessor: '评估员',
  supervisor: '主管/督办',
  admin: '系统管理员',
};

/** Who is acting: carried with every decision so the workflow and the audit log know it. */
export interface Actor {
  userId: string;
  role: Role;
  regionCode: string;
  displayName: string;
}
