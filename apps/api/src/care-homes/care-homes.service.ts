import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PoliciesRepository, inRegionSubtree } from '@app/persistence';
import type { DataSource } from 'typeorm';
import type { Actor } from '@app/contracts';
import { orderWaitingList } from '@app/domain/care-home';
import { shanghaiDateOf } from '@app/domain/dates';
import { maskName, maskResidentId } from '@app/domain/identity';
import { DEFAULT_TRIAL_STAY_POLICY_RULES, trialStayRules, type TrialStayPolicyRules } from '@app/domain/policy';
import { ApiError } from '../common/api-error.exception';
import type { WaitingListStatusFilter } from './care-homes.dto';

interface HomeRow {
  id: string;
  name: string;
  region_code: string;
  region_name: string;
  tracks_care_level: boolean;
  total: string;
  free: string;
  reserved: string;
  occupied: string;
  waiting: string;
}

interface WaitingRow {
  case_id: string;
  case_no: string;
  region_code: string;
  id_number: string;
  person_name: string;
  priority_category: string;
  care_level: string | null;
  applied_on: string;
  seq: string;
  status: string;
  joined_at: Date;
  offered_at: Date | null;
  offered_bed_label: string | null;
  left_at: Date | null;
}

const HOME_SELECT = `
  SELECT h.id, h.name, h.region_code, r.name AS region_name, h.tracks_care_level,
         count(b.id) AS total,
         count(b.id) FILTER (WHERE b.status = 'free') AS free,
         count(b.id) FILTER (WHERE b.status = 'reserved') AS reserved,
         count(b.id) FILTER (WHERE b.status = 'occupied') AS occupied,
         (SELECT count(*) FROM care_home_waiting_list w WHERE w.home_id = h.id AND w.status = 'waiting') AS waiting
    FROM care_homes h JOIN regions r ON r.code = h.region_code LEFT JOIN beds b ON b.home_id = h.id`;

/** Care homes, their beds and waiting lists, within the caller's region subtree (404 outside it). */
@Injectable()
export class CareHomesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The trial-stay rules in force for a home's region today (the same reading the workflow's activities use). */
  async rulesFor(regionCode: string): Promise<TrialStayPolicyRules> {
    const policy = await new PoliciesRepository(this.db).inForce('trial-stay', regionCode, shanghaiDateOf(Date.now()));
    return policy ? trialStayRules(policy.body) : DEFAULT_TRIAL_STAY_POLICY_RULES;
  }

  async list(actor: Actor) {
    const rows: HomeRow[] = await this.db.query(
      `${HOME_SELECT} WHERE ${inRegionSubtree('h.region_code', '$1')} GROUP BY h.id, r.name ORDER BY h.region_code, h.name`,
      [actor.regionCode],
    );
    return Promise.all(rows.map((r) => this.present(r)));
  }

  async get(actor: Actor, homeId: string) {
    return this.present(await this.findScoped(actor, homeId));
  }

  async beds(actor: Actor, homeId: string) {
    await this.findScoped(actor, homeId);
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT b.id, b.label, b.care_level AS "careLevel", b.status, b.case_id AS "caseId", c.case_no AS "caseNo", b.updated_at AS "updatedAt"
         FROM beds b LEFT JOIN cases c ON c.id = b.case_id WHERE b.home_id = $1 ORDER BY b.label`,
      [homeId],
    );
    return rows;
  }

  /** The waiting list (入住轮候): waiting entries in admission order, with their place in line. */
  async waitingList(actor: Actor, homeId: string, status: WaitingListStatusFilter = 'waiting') {
    const home = await this.findScoped(actor, homeId);
    const rows: WaitingRow[] = await this.db.query(
      `SELECT w.case_id, c.case_no, c.region_code, p.id_number, p.name AS person_name, w.priority_category, w.care_level,
              to_char(w.applied_on, 'YYYY-MM-DD') AS applied_on, w.seq, w.status, w.joined_at, w.offered_at, b.label AS offered_bed_label, w.left_at
         FROM care_home_waiting_list w JOIN cases c ON c.id = w.case_id JOIN persons p ON p.id = w.person_id
         LEFT JOIN beds b ON b.id = w.offered_bed_id
        WHERE w.home_id = $1 AND ($2::varchar = 'all' OR w.status = $2)
        ORDER BY w.seq`,
      [homeId, status],
    );
    const { priorityCategories } = await this.rulesFor(home.region_code);
    const waiting = orderWaitingList(
      rows
        .filter((r) => r.status === 'waiting')
        .map((r) => ({ ...r, id: r.case_id, priorityCategory: r.priority_category, appliedOn: r.applied_on, seq: Number(r.seq) })),
      { priorityCategories },
    );
    const others = rows.filter((r) => r.status !== 'waiting');
    return {
      homeId,
      homeName: home.name,
      priorityCategories,
      entries: [...waiting, ...others].map((r) => ({
        position: r.status === 'waiting' ? waiting.indexOf(r as (typeof waiting)[number]) + 1 : null,
        caseId: r.case_id,
        caseNo: r.case_no,
        regionCode: r.region_code,
        applicant: { idNumberMasked: maskResidentId(r.id_number), nameMasked: maskName(r.person_name) },
        priorityCategory: r.priority_category,
        careLevel: r.care_level,
        appliedOn: r.applied_on,
        seq: Number(r.seq),
        status: r.status,
        joinedAt: r.joined_at,
        offeredAt: r.offered_at,
        offeredBedLabel: r.offered_bed_label,
        leftAt: r.left_at,
      })),
    };
  }

  private async findScoped(actor: Actor, homeId: string): Promise<HomeRow> {
    const rows: HomeRow[] = await this.db.query(
      `${HOME_SELECT} WHERE h.id = $1 AND ${inRegionSubtree('h.region_code', '$2')} GROUP BY h.id, r.name`,
      [homeId, actor.regionCode],
    );
    if (rows.length === 0) throw ApiError.notFound('Care home');
    return rows[0];
  }

  private async present(r: HomeRow) {
    const total = Number(r.total);
    const reserved = Number(r.reserved);
    const occupied = Number(r.occupied);
    let bedsByCareLevel: { careLevel: string | null; total: number; free: number; reserved: number; occupied: number }[] | null = null;
    if (r.tracks_care_level) {
      const levels: { care_level: string | null; total: string; free: string; reserved: string; occupied: string }[] = await this.db.query(
        `SELECT care_level, count(*) AS total, count(*) FILTER (WHERE status = 'free') AS free,
                count(*) FILTER (WHERE status = 'reserved') AS reserved, count(*) FILTER (WHERE status = 'occupied') AS occupied
           FROM beds WHERE home_id = $1 GROUP BY care_level
          ORDER BY array_position(ARRAY['self-care','partial','cannot-self-care']::varchar[], care_level) NULLS LAST`,
        [r.id],
      );
      bedsByCareLevel = levels.map((l) => ({
        careLevel: l.care_level,
        total: Number(l.total),
        free: Number(l.free),
        reserved: Number(l.reserved),
        occupied: Number(l.occupied),
      }));
    }
    return {
      id: r.id,
      name: r.name,
      regionCode: r.region_code,
      regionName: r.region_name,
      tracksCareLevel: r.tracks_care_level,
      beds: { total, free: Number(r.free), reserved, occupied },
      bedsByCareLevel,
      waiting: Number(r.waiting),
      occupancyPct: total === 0 ? 0 : Math.round(((reserved + occupied) * 100) / total),
      waitingListThresholdPct: (await this.rulesFor(r.region_code)).waitingListThresholdPct,
    };
  }
}
