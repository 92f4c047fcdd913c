import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditRepository, PoliciesRepository, inRegionSubtree, isUniqueViolation, updateReturning } from '@app/persistence';
import type { DataSource } from 'typeorm';
import type { Actor } from '@app/contracts';
import { orderWaitingList } from '@app/domain/care-home';
import { shanghaiDateOf } from '@app/domain/dates';
import { maskName, maskResidentId } from '@app/domain/identity';
import { DEFAULT_TRIAL_STAY_POLICY_RULES, trialStayRules, type TrialStayPolicyRules } from '@app/domain/policy';
import { isWithinRegion } from '@app/domain/access';
import { ApiError } from '../common/api-error.exception';
import type { AddBedDto, BedServiceDto, CreateCareHomeDto, UpdateCareHomeDto, WaitingListStatusFilter } from './care-homes.dto';

interface HomeRow {
  id: string;
  name: string;
  region_code: string;
  region_name: string;
  address: string | null;
  tracks_care_level: boolean;
  total: string;
  free: string;
  reserved: string;
  occupied: string;
  out_of_service: string;
  waiting: string;
}

interface BedRow {
  id: string;
  label: string;
  careLevel: string | null;
  status: string;
  caseId: string | null;
  caseNo: string | null;
  updatedAt: Date;
  everUsed: boolean;
}

const BED_SELECT = `
  SELECT b.id, b.label, b.care_level AS "careLevel", b.status, b.case_id AS "caseId", c.case_no AS "caseNo", b.updated_at AS "updatedAt",
         (b.case_id IS NOT NULL OR EXISTS (SELECT 1 FROM trial_stays ts WHERE ts.bed_id = b.id)
          OR EXISTS (SELECT 1 FROM care_home_waiting_list w WHERE w.offered_bed_id = b.id)) AS "everUsed"
    FROM beds b LEFT JOIN cases c ON c.id = b.case_id`;

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
  SELECT h.id, h.name, h.region_code, r.name AS region_name, h.address, h.tracks_care_level,
         count(b.id) AS total,
         count(b.id) FILTER (WHERE b.status = 'free') AS free,
         count(b.id) FILTER (WHERE b.status = 'reserved') AS reserved,
         count(b.id) FILTER (WHERE b.status = 'occupied') AS occupied,
         count(b.id) FILTER (WHERE b.status = 'out_of_service') AS out_of_service,
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
    const rows: BedRow[] = await this.db.query(`${BED_SELECT} WHERE b.home_id = $1 ORDER BY b.label`, [homeId]);
    return rows;
  }

  /** A county admin registers a home in a region they administer. Audited; 409 on a name already used in that region. */
  async create(actor: Actor, dto: CreateCareHomeDto) {
    const region: unknown[] = isWithinRegion(actor.regionCode, dto.regionCode)
      ? await this.db.query('SELECT 1 FROM regions WHERE code = $1', [dto.regionCode])
      : [];
    if (region.length === 0) throw ApiError.field('UNKNOWN_REGION', 'regionCode', 'is not a region you administer');
    const id = randomUUID();
    const after = {
      homeId: id,
      name: dto.name.trim(),
      regionCode: dto.regionCode,
      address: dto.address?.trim() ?? null,
      tracksCareLevel: !!dto.tracksCareLevel,
    };
    await this.homeWrite(async () =>
      this.db.transaction(async (m) => {
        await m.query(`INSERT INTO care_homes (id, name, region_code, address, tracks_care_level) VALUES ($1,$2,$3,$4,$5)`, [
          id,
          after.name,
          after.regionCode,
          after.address,
          after.tracksCareLevel,
        ]);
        await new AuditRepository(m).record(actor, {
          eventKey: `care-home-created:${id}`,
          regionCode: dto.regionCode,
          caseId: null,
          action: 'care_home_created',
          after,
        });
      }),
    );
    return this.get(actor, id);
  }

  /** Renames a home, changes its address or whether it tracks care levels. Audited with before and after. */
  async update(actor: Actor, homeId: string, dto: UpdateCareHomeDto) {
    const home = await this.findScoped(actor, homeId);
    const before = { name: home.name, address: home.address, tracksCareLevel: home.tracks_care_level };
    const after = {
      name: dto.name !== undefined ? dto.name.trim() : home.name,
      address: dto.address !== undefined ? (dto.address?.trim() ?? null) : home.address,
      tracksCareLevel: dto.tracksCareLevel ?? home.tracks_care_level,
    };
    if (before.name === after.name && before.address === after.address && before.tracksCareLevel === after.tracksCareLevel)
      return this.present(home);
    await this.homeWrite(async () =>
      this.db.transaction(async (m) => {
        await m.query(`UPDATE care_homes SET name = $2, address = $3, tracks_care_level = $4, updated_at = now() WHERE id = $1`, [
          homeId,
          after.name,
          after.address,
          after.tracksCareLevel,
        ]);
        await new AuditRepository(m).record(actor, {
          eventKey: `care-home-updated:${homeId}:${randomUUID()}`,
          regionCode: home.region_code,
          caseId: null,
          action: 'care_home_updated',
          before,
          after: { homeId, ...after },
        });
      }),
    );
    return this.get(actor, homeId);
  }

  /** Adds a free bed to a home. 409 when the label is already used in the home. */
  async addBed(actor: Actor, homeId: string, dto: AddBedDto): Promise<BedRow> {
    const home = await this.findScoped(actor, homeId);
    const id = randomUUID();
    const careLevel = dto.careLevel ?? null;
    try {
      await this.db.transaction(async (m) => {
        await m.query(`INSERT INTO beds (id, home_id, label, care_level, status) VALUES ($1,$2,$3,$4,'free')`, [
          id,
          homeId,
          dto.label,
          careLevel,
        ]);
        await new AuditRepository(m).record(actor, {
          eventKey: `bed-added:${id}`,
          regionCode: home.region_code,
          caseId: null,
          action: 'bed_added',
          after: { homeId, bedId: id, label: dto.label, careLevel, status: 'free' },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw ApiError.field('CONFLICT', 'label', 'is already used by another bed of this home');
      throw err;
    }
    return this.bed(homeId, id);
  }

  /**
   * Takes a free bed out of service, or puts an out-of-service bed back. A reserved or occupied bed
   * is refused with 409 BED_IN_USE. Repeating a change already made changes nothing.
   */
  async setInService(actor: Actor, homeId: string, bedId: string, inService: boolean, dto: BedServiceDto): Promise<BedRow> {
    const home = await this.findScoped(actor, homeId);
    const current = await this.bed(homeId, bedId);
    const [from, to] = inService ? ['out_of_service', 'free'] : ['free', 'out_of_service'];
    if (current.status === to) return current;
    if (current.status !== from) throw bedInUse(current.status);
    await this.db.transaction(async (m) => {
      // The status condition makes this safe against a trial stay reserving the bed at the same moment.
      const changed = await updateReturning<{ id: string }>(
        m,
        `UPDATE beds SET status = $3, updated_at = now() WHERE id = $1 AND home_id = $2 AND status = $4 RETURNING id`,
        [bedId, homeId, to, from],
      );
      if (changed.length === 0) throw bedInUse('reserved');
      await new AuditRepository(m).record(actor, {
        eventKey: `bed-${inService ? 'in' : 'out-of'}-service:${bedId}:${randomUUID()}`,
        regionCode: home.region_code,
        caseId: null,
        action: inService ? 'bed_in_service' : 'bed_out_of_service',
        before: { status: from },
        after: { homeId, bedId, label: current.label, status: to },
        reason: dto.reason ?? null,
      });
    });
    return this.bed(homeId, bedId);
  }

  /** Deletes a bed registered by mistake. A bed that holds or ever held a stay or an offer is kept: 409 BED_IN_USE. */
  async deleteBed(actor: Actor, homeId: string, bedId: string): Promise<void> {
    const home = await this.findScoped(actor, homeId);
    const current = await this.bed(homeId, bedId);
    if (current.everUsed || current.status === 'reserved' || current.status === 'occupied') throw bedInUse(current.status, true);
    await this.db.transaction(async (m) => {
      const deleted = await updateReturning<{ id: string }>(
        m,
        `DELETE FROM beds b WHERE b.id = $1 AND b.home_id = $2 AND b.case_id IS NULL AND b.status IN ('free','out_of_service')
            AND NOT EXISTS (SELECT 1 FROM trial_stays ts WHERE ts.bed_id = b.id)
            AND NOT EXISTS (SELECT 1 FROM care_home_waiting_list w WHERE w.offered_bed_id = b.id) RETURNING b.id`,
        [bedId, homeId],
      );
      if (deleted.length === 0) throw bedInUse('reserved', true);
      await new AuditRepository(m).record(actor, {
        eventKey: `bed-deleted:${bedId}`,
        regionCode: home.region_code,
        caseId: null,
        action: 'bed_deleted',
        before: { homeId, bedId, label: current.label, careLevel: current.careLevel, status: current.status },
      });
    });
  }

  private async bed(homeId: string, bedId: string): Promise<BedRow> {
    const rows: BedRow[] = await this.db.query(`${BED_SELECT} WHERE b.id = $1 AND b.home_id = $2`, [bedId, homeId]);
    if (rows.length === 0) throw ApiError.notFound('Bed');
    return rows[0];
  }

  private async homeWrite(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (err) {
      if (isUniqueViolation(err)) throw ApiError.field('CONFLICT', 'name', 'is already used by another care home in this region');
      throw err;
    }
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
    const inService = total - Number(r.out_of_service);
    let bedsByCareLevel:
      { careLevel: string | null; total: number; free: number; reserved: number; occupied: number; outOfService: number }[] | null = null;
    if (r.tracks_care_level) {
      const levels: {
        care_level: string | null;
        total: string;
        free: string;
        reserved: string;
        occupied: string;
        out_of_service: string;
      }[] = await this.db.query(
        `SELECT care_level, count(*) AS total, count(*) FILTER (WHERE status = 'free') AS free,
                count(*) FILTER (WHERE status = 'reserved') AS reserved, count(*) FILTER (WHERE status = 'occupied') AS occupied,
                count(*) FILTER (WHERE status = 'out_of_service') AS out_of_service
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
        outOfService: Number(l.out_of_service),
      }));
    }
    return {
      id: r.id,
      name: r.name,
      regionCode: r.region_code,
      regionName: r.region_name,
      address: r.address,
      tracksCareLevel: r.tracks_care_level,
      beds: { total, free: Number(r.free), reserved, occupied, outOfService: Number(r.out_of_service) },
      bedsByCareLevel,
      waiting: Number(r.waiting),
      // Over the beds in service: a closed wing does not make a full home look half empty.
      occupancyPct: inService === 0 ? 0 : Math.round(((reserved + occupied) * 100) / inService),
      waitingListThresholdPct: (await this.rulesFor(r.region_code)).waitingListThresholdPct,
    };
  }
}

function bedInUse(status: string, deleting = false): ApiError {
  const what = deleting
    ? 'holds or once held a stay or an offer and is kept for the record; take it out of service instead'
    : `is ${status} by a case`;
  return new ApiError('BED_IN_USE', `The bed ${what}.`, [{ field: 'bedId', message: what }]);
}
