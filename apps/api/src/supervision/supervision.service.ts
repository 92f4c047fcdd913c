import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CASE_TYPE_LABELS, CASE_TYPES, FINDING_KIND_LABELS, ROLE_LABELS, type Actor, type CaseType, type Role } from '@app/contracts';
import { isWithinRegion } from '@app/domain/access';
import { maskName } from '@app/domain/identity';
import { STEP_CODES, STEP_LABELS, type StepCode } from '@app/domain/policy';
import {
  CalendarProvider,
  MonitoringRepository,
  RegionsRepository,
  SupervisionRepository,
  TaskListsRepository,
  UsersRepository,
  type EscalationRow,
  type OpenTaskCounts,
} from '@app/persistence';
import { dueSoonWindow } from '../common/due-soon';
import { SharedAggregates } from '../common/shared-aggregates';
import { AGING_BUCKETS, countTasks, presentTaskItem, SqlFilter, type AgingBucket } from '../tasks/task-read-model';
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
    const counted = await new SupervisionRepository(this.db).openTaskCounts(f, groupBy, until);
    const counts = new Map<string | null, SummaryCounts>();
    for (const r of counted.groups) {
      const key = groupBy === 'region' && r.key !== null ? r.key.slice(0, childRegionLength(region)) : r.key;
      if (!counts.has(key)) counts.set(key, zero());
      add(counts.get(key)!, summaryCounts(r));
    }
    const groups = await this.labelGroups(groupBy, region, counts);
    const totals = zero();
    for (const g of groups) add(totals, g);
    return { asOf: counted.asOf ?? new Date(), dueSoonUntil: until, groups, totals };
  }

  /** Labels every group; regions one level down and all case types are listed even without open tasks. */
  private async labelGroups(groupBy: SummaryGroup, region: string, counts: Map<string | null, SummaryCounts>): Promise<SummaryGroupRow[]> {
    const row = (key: string | null, label: string): SummaryGroupRow => ({ key, label, ...(counts.get(key) ?? zero()) });
    switch (groupBy) {
      case 'region': {
        const regions = new RegionsRepository(this.db);
        const children = region.length < 12 ? await regions.children(region) : [];
        const codes = [...new Set([...children.map((c) => c.code), ...[...counts.keys()].filter((k): k is string => k !== null)])];
        const missing = codes.filter((c) => !children.some((ch) => ch.code === c));
        const named = missing.length ? await regions.named(missing) : [];
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
        const users = ids.length ? await new UsersRepository(this.db).named(ids) : [];
        const byId = new Map(users.map((u) => [u.id, u]));
        const out = [...counts.keys()].map((k) => {
          if (k === null) return row(null, '未分配');
          const u = byId.get(k);
          return { ...row(k, u?.displayName ?? k), role: u?.role ?? null, roleLabel: u ? ROLE_LABELS[u.role] : null };
        });
        return out.sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.label.localeCompare(b.label));
      }
    }
  }

  /**
   * Who a task of `role` in `regionCode` may be reassigned to: the active users POST /tasks/:id/assign
   * accepts (the task's role, a region containing the task's), by name. Empty outside the caller's region.
   */
  async assignees(actor: Actor, role: Role, regionCode: string) {
    if (!isWithinRegion(actor.regionCode, regionCode)) return [];
    const users = await new UsersRepository(this.db).candidates(role, regionCode);
    return users.map((u) => ({
      id: u.id,
      displayName: u.displayName,
      role: u.role,
      roleLabel: ROLE_LABELS[u.role],
      regionCode: u.regionCode,
    }));
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
      new TaskListsRepository(this.db).page(f, { column: 'due_at', direction: 'ASC' }, pageSize, (page - 1) * pageSize),
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
    const supervision = new SupervisionRepository(this.db);
    const [rows, total] = await Promise.all([supervision.escalations(f, pageSize, (page - 1) * pageSize), supervision.countEscalations(f)]);
    return { items: rows.map(presentEscalation), total, page, pageSize };
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
    const monitoring = new MonitoringRepository(this.db);
    const [rows, n, last] = await Promise.all([
      monitoring.stuckCases(f, pageSize, (page - 1) * pageSize),
      monitoring.countFindings(f),
      monitoring.lastReconciliationAt(),
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

function summaryCounts(r: OpenTaskCounts): SummaryCounts {
  const [a1, a2, a3, a4] = r.aging;
  return { open: r.open, overdue: r.overdue, dueSoon: r.dueSoon, aging: { '1-3': a1, '4-7': a2, '8-14': a3, '15+': a4 } };
}
