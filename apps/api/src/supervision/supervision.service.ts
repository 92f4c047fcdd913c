import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  CASE_TYPE_LABELS,
  CASE_TYPES,
  FINDING_KIND_LABELS,
  ROLE_LABELS,
  type Actor,
  type CaseType,
  type FindingKind,
  type Role,
} from '@app/contracts';
import { isWithinRegion } from '@app/domain/access';
import { maskName } from '@app/domain/identity';
import { STEP_CODES, STEP_LABELS, type StepCode } from '@app/domain/policy';
import { CalendarProvider } from '@app/persistence';
import { dueSoonWindow } from '../common/due-soon';
import { SharedAggregates } from '../common/shared-aggregates';
import { AGING_BUCKETS, countTasks, presentTaskItem, selectTaskPage, SqlFilter, type AgingBucket } from '../tasks/task-read-model';
import type { EscalationsQuery, OverdueQuery, StuckCasesQuery, SummaryGroup, SummaryQuery } from './supervision.dto';

export interface SummaryCounts {
  open: number;
  overdue: number;
  dueSoon: number;
  aging: Record<AgingBucket, number>;
}

export interface SummaryGroupRow extends SummaryCounts {
  key: string | null;
  label: string;
}

interface AggregateRow {
  key: string | null;
  open: string;
  overdue: string;
  due_soon: string;
  a1: string;
  a2: string;
  a3: string;
  a4: string;
}

/** The code length of the regions one level below `code`: county → townships, township → villages. */
export function childRegionLength(code: string): number {
  return code.length <= 6 ? 9 : 12;
}

const zero = (): SummaryCounts => ({ open: 0, overdue: 0, dueSoon: 0, aging: { '1-3': 0, '4-7': 0, '8-14': 0, '15+': 0 } });

function add(into: SummaryCounts, c: SummaryCounts): void {
  into.open += c.open;
  into.overdue += c.overdue;
  into.dueSoon += c.dueSoon;
  for (const b of AGING_BUCKETS) into.aging[b] += c.aging[b];
}

@Injectable()
export class SupervisionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: CalendarProvider,
    private readonly shared: SharedAggregates,
  ) {}

  /**
   * Open, overdue and due-soon counts per group, with overdue aging buckets by days past due.
   * One aggregate over the open tasks of the region subtree (an index-only scan of the partial
   * index of open tasks). The bucket bounds are computed once, in SQL, as the starts of Asia/Shanghai
   * days, so the rows are compared as plain timestamps; it groups by the raw column and regions are
   * rolled up to the level below here, which is cheaper than grouping by an expression per row.
   */
  async summary(actor: Actor, q: SummaryQuery) {
    const groupBy: SummaryGroup = q.groupBy ?? 'region';
    const region = q.regionCode ?? actor.regionCode;
    const window = await dueSoonWindow(this.calendars, q);
    const head = {
      groupBy,
      regionCode: region,
      caseType: q.caseType ?? null,
      dueWithinHours: window.dueWithinHours,
      dueWithinWorkingDays: window.dueWithinWorkingDays,
      dueSoonUntil: window.until,
    };
    if (!isWithinRegion(actor.regionCode, region)) return { ...head, asOf: new Date(), groups: [], totals: zero() };
    // Every supervisor of the county asking the same question shares one answer (SharedAggregates).
    const question = JSON.stringify(['summary', region, groupBy, q.caseType ?? null, window.dueWithinHours, window.dueWithinWorkingDays]);
    const answer = await this.shared.get(
      question,
      () => this.countOpenTasks(region, groupBy, q.caseType, window.until),
      (a) => a.totals.open,
    );
    return { ...head, ...answer };
  }

  private async countOpenTasks(region: string, groupBy: SummaryGroup, caseType: CaseType | undefined, until: Date) {
    const f = new SqlFilter().inRegion('t.region_code', region).and('t.completed_at IS NULL');
    if (caseType) f.and(`t.case_type = ${f.param(caseType)}`);
    const column = { region: 't.region_code', step: 't.step', assignee: 't.assignee_id::text', caseType: 't.case_type' }[groupBy];
    // Deadlines cluster on the ends of days, so grouping by (key, due_at) first leaves a few hundred
    // rows for the bucket arithmetic instead of one evaluation per task.
    const rows: (AggregateRow & { as_of: Date })[] = await this.db.query(
      `WITH b AS MATERIALIZED (
         SELECT now() AS now, ${f.param(until)}::timestamptz AS soon,
                -- due before the start of (today − n) in Shanghai ⇔ more than n days past due
                ((today - 3)::timestamp AT TIME ZONE 'Asia/Shanghai') AS d3,
                ((today - 7)::timestamp AT TIME ZONE 'Asia/Shanghai') AS d7,
                ((today - 14)::timestamp AT TIME ZONE 'Asia/Shanghai') AS d14
           FROM (SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date AS today) d),
       g AS (SELECT ${column} AS key, t.due_at, count(*) AS n FROM tasks t WHERE ${f.sql} GROUP BY 1, 2)
       SELECT g.key, min(b.now) AS as_of,
              sum(g.n) AS open,
              coalesce(sum(g.n) FILTER (WHERE g.due_at < b.now), 0) AS overdue,
              coalesce(sum(g.n) FILTER (WHERE g.due_at >= b.now AND g.due_at <= b.soon), 0) AS due_soon,
              coalesce(sum(g.n) FILTER (WHERE g.due_at < b.now AND g.due_at >= b.d3), 0) AS a1,
              coalesce(sum(g.n) FILTER (WHERE g.due_at < b.d3 AND g.due_at >= b.d7), 0) AS a2,
              coalesce(sum(g.n) FILTER (WHERE g.due_at < b.d7 AND g.due_at >= b.d14), 0) AS a3,
              coalesce(sum(g.n) FILTER (WHERE g.due_at < b.d14), 0) AS a4
         FROM g CROSS JOIN b
        GROUP BY g.key`,
      f.params,
    );
    const counts = new Map<string | null, SummaryCounts>();
    for (const r of rows) {
      const key = groupBy === 'region' && r.key !== null ? r.key.slice(0, childRegionLength(region)) : r.key;
      if (!counts.has(key)) counts.set(key, zero());
      add(counts.get(key)!, {
        open: Number(r.open),
        overdue: Number(r.overdue),
        dueSoon: Number(r.due_soon),
        aging: { '1-3': Number(r.a1), '4-7': Number(r.a2), '8-14': Number(r.a3), '15+': Number(r.a4) },
      });
    }
    const groups = await this.labelGroups(groupBy, region, counts);
    const totals = zero();
    for (const g of groups) add(totals, g);
    return { asOf: rows[0]?.as_of ?? new Date(), dueSoonUntil: until, groups, totals };
  }

  /** Labels every group; regions one level down and all case types are listed even without open tasks. */
  private async labelGroups(groupBy: SummaryGroup, region: string, counts: Map<string | null, SummaryCounts>): Promise<SummaryGroupRow[]> {
    const row = (key: string | null, label: string): SummaryGroupRow => ({ key, label, ...(counts.get(key) ?? zero()) });
    switch (groupBy) {
      case 'region': {
        const children: { code: string; name: string }[] =
          region.length < 12 ? await this.db.query('SELECT code, name FROM regions WHERE parent_code = $1', [region]) : [];
        const codes = [...new Set([...children.map((c) => c.code), ...[...counts.keys()].filter((k): k is string => k !== null)])];
        const missing = codes.filter((c) => !children.some((ch) => ch.code === c));
        const named: { code: string; name: string }[] = missing.length
          ? await this.db.query('SELECT code, name FROM regions WHERE code = ANY($1)', [missing])
          : [];
        const names = new Map([...children, ...named].map((r) => [r.code, r.name]));
        return codes.sort().map((c) => row(c, names.get(c) ?? c));
      }
      case 'step': {
        const steps = STEP_CODES.filter((s) => counts.has(s));
        const unknown = [...counts.keys()].filter((k): k is string => k !== null && !STEP_CODES.includes(k as StepCode));
        return [...steps, ...unknown].map((s) => row(s, STEP_LABELS[s as StepCode] ?? s));
      }
      case 'caseType': {
        const unknown = [...counts.keys()].filter((k): k is string => k !== null && !CASE_TYPES.includes(k as CaseType));
        return [...CASE_TYPES, ...unknown].map((t) => row(t, CASE_TYPE_LABELS[t as CaseType] ?? t));
      }
      case 'assignee': {
        const ids = [...counts.keys()].filter((k): k is string => k !== null);
        const users: { id: string; display_name: string; role: Role }[] = ids.length
          ? await this.db.query('SELECT id, display_name, role FROM users WHERE id = ANY($1::uuid[])', [ids])
          : [];
        const byId = new Map(users.map((u) => [u.id, u]));
        const out = [...counts.keys()].map((k) => {
          if (k === null) return row(null, '未分配');
          const u = byId.get(k);
          return { ...row(k, u?.display_name ?? k), role: u?.role ?? null, roleLabel: u ? ROLE_LABELS[u.role] : null };
        });
        return out.sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.label.localeCompare(b.label));
      }
    }
  }

  /** Open tasks past their deadline, most overdue first. */
  async overdue(actor: Actor, q: OverdueQuery) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const region = q.regionCode ?? actor.regionCode;
    if (!isWithinRegion(actor.regionCode, region)) return { items: [], total: 0, page, pageSize };
    const f = new SqlFilter().inRegion('t.region_code', region).and('t.completed_at IS NULL').and('t.due_at < now()');
    if (q.caseType) f.and(`t.case_type = ${f.param(q.caseType)}`);
    if (q.step) f.and(`t.step = ${f.param(q.step)}`);
    const [rows, counted] = await Promise.all([
      selectTaskPage(this.db, f, { column: 'due_at', direction: 'ASC' }, pageSize, (page - 1) * pageSize),
      countTasks(this.db, this.shared, f),
    ]);
    return { items: rows.map((r) => presentTaskItem(r)), total: counted.total, page, pageSize };
  }

  /**
   * Escalations addressed to the caller's region subtree (escalations.region_code is the region
   * whose supervisors were told), newest first. Scoping on the escalation's own region keeps the
   * count a scan of one small index: a township supervisor sees the level-1 escalations of their
   * township; what went on to the county is the county's.
   */
  async escalations(actor: Actor, q: EscalationsQuery) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const region = q.regionCode ?? actor.regionCode;
    if (!isWithinRegion(actor.regionCode, region)) return { items: [], total: 0, page, pageSize };
    const f = new SqlFilter().inRegion('e.region_code', region);
    if (q.level) f.and(`e.level = ${f.param(q.level)}`);
    const [rows, [{ n }]] = await Promise.all([
      this.db.query(
        `SELECT e.id, e.task_id, e.case_id, c.case_no, t.case_type, e.level, e.region_code AS escalated_to, er.name AS escalated_to_name,
                e.escalated_at, t.step, t.region_code, r.name AS region_name, t.candidate_role, t.assignee_id, u.display_name AS assignee_name,
                t.due_at, to_char(t.due_date, 'YYYY-MM-DD') AS due_date, t.completed_at, p.name AS person_name
           FROM (SELECT e.* FROM escalations e WHERE ${f.sql} ORDER BY e.escalated_at DESC, e.id DESC
                 LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}) e
           JOIN tasks t ON t.id = e.task_id
           JOIN cases c ON c.id = e.case_id
           JOIN persons p ON p.id = c.person_id
           LEFT JOIN regions r ON r.code = t.region_code
           LEFT JOIN regions er ON er.code = e.region_code
           LEFT JOIN users u ON u.id = t.assignee_id
          ORDER BY e.escalated_at DESC, e.id DESC`,
        f.params,
      ) as Promise<EscalationRow[]>,
      this.db.query(`SELECT count(*) AS n FROM escalations e WHERE ${f.sql}`, f.params) as Promise<{ n: string }[]>,
    ]);
    return { items: rows.map(presentEscalation), total: Number(n), page, pageSize };
  }

  /**
   * Cases the reconciliation job found stuck between PostgreSQL and Temporal, each finding with
   * its reason, in the caller's region subtree, longest-standing first. No personal data.
   */
  async stuckCases(actor: Actor, q: StuckCasesQuery) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const region = q.regionCode ?? actor.regionCode;
    if (!isWithinRegion(actor.regionCode, region)) return { items: [], total: 0, page, pageSize, lastRunAt: null };
    const f = new SqlFilter().inRegion('f.region_code', region);
    f.and('f.resolved_at IS NULL');
    if (q.kind) f.and(`f.kind = ${f.param(q.kind)}`);
    const [rows, [{ n }], [{ last }]] = await Promise.all([
      this.db.query(
        `SELECT f.case_id, c.case_no, c.case_type, c.status, f.region_code, r.name AS region_name, f.kind, f.subject, f.reason,
                f.first_seen_at, f.last_seen_at
           FROM reconciliation_findings f JOIN cases c ON c.id = f.case_id LEFT JOIN regions r ON r.code = f.region_code
          WHERE ${f.sql} ORDER BY f.first_seen_at, f.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
        f.params,
      ) as Promise<StuckRow[]>,
      this.db.query(`SELECT count(*)::int AS n FROM reconciliation_findings f WHERE ${f.sql}`, f.params) as Promise<{ n: number }[]>,
      this.db.query(`SELECT max(finished_at) AS last FROM reconciliation_runs`) as Promise<{ last: Date | null }[]>,
    ]);
    return {
      items: rows.map((r) => ({
        caseId: r.case_id,
        caseNo: r.case_no,
        caseType: r.case_type,
        caseTypeLabel: CASE_TYPE_LABELS[r.case_type],
        caseStatus: r.status,
        regionCode: r.region_code,
        regionName: r.region_name,
        kind: r.kind,
        kindLabel: FINDING_KIND_LABELS[r.kind],
        subject: r.subject || null,
        reason: r.reason,
        firstSeenAt: r.first_seen_at.toISOString(),
        lastSeenAt: r.last_seen_at.toISOString(),
      })),
      total: n,
      page,
      pageSize,
      lastRunAt: last ? last.toISOString() : null,
    };
  }
}

interface StuckRow {
  case_id: string;
  case_no: string;
  case_type: CaseType;
  status: string;
  region_code: string;
  region_name: string | null;
  kind: FindingKind;
  subject: string;
  reason: string;
  first_seen_at: Date;
  last_seen_at: Date;
}

interface EscalationRow {
  id: string;
  task_id: string;
  case_id: string;
  case_no: string;
  case_type: CaseType;
  level: number;
  escalated_to: string;
  escalated_to_name: string | null;
  escalated_at: Date;
  step: StepCode;
  region_code: string;
  region_name: string | null;
  candidate_role: Role;
  assignee_id: string | null;
  assignee_name: string | null;
  due_at: Date;
  due_date: string;
  completed_at: Date | null;
  person_name: string;
}

function presentEscalation(r: EscalationRow) {
  return {
    id: r.id,
    taskId: r.task_id,
    caseId: r.case_id,
    caseNo: r.case_no,
    caseType: r.case_type,
    caseTypeLabel: CASE_TYPE_LABELS[r.case_type] ?? r.case_type,
    level: r.level,
    escalatedTo: r.escalated_to,
    escalatedToName: r.escalated_to_name,
    escalatedAt: r.escalated_at,
    step: r.step,
    stepLabel: STEP_LABELS[r.step] ?? r.step,
    regionCode: r.region_code,
    regionName: r.region_name,
    candidateRole: r.candidate_role,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    dueAt: r.due_at,
    dueDate: r.due_date,
    taskStatus: r.completed_at ? 'completed' : 'open',
    completedAt: r.completed_at,
    applicantNameMasked: maskName(r.person_name),
  };
}
