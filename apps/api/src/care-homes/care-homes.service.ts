import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AuditRepository,
  BedsRepository,
  CareHomesRepository,
  PersonsRepository,
  PoliciesRepository,
  WaitingListRepository,
  isUniqueViolation,
  type BedListing,
  type CareHomeSummary,
} from '@app/persistence';
import type { DataSource } from 'typeorm';
import { FIELD_PROBLEMS_ZH, type Actor } from '@app/contracts';
import { orderWaitingList } from '@app/domain/care-home';
import { shanghaiDateOf } from '@app/domain/dates';
import { maskName, maskResidentId } from '@app/domain/identity';
import { DEFAULT_TRIAL_STAY_POLICY_RULES, trialStayRules, type TrialStayPolicyRules } from '@app/domain/policy';
import { isWithinRegion } from '@app/domain/access';
import { ApiError } from '../common/api-error.exception';
import type { AddBedDto, BedServiceDto, CreateCareHomeDto, UpdateCareHomeDto, WaitingListStatusFilter } from './care-homes.dto';

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
    const homes = await new CareHomesRepository(this.db).summariesWithin(actor.regionCode);
    return Promise.all(homes.map((h) => this.present(h)));
  }

  async get(actor: Actor, homeId: string) {
    return this.present(await this.findScoped(actor, homeId));
  }

  async beds(actor: Actor, homeId: string) {
    await this.findScoped(actor, homeId);
    return new BedsRepository(this.db).listing(homeId);
  }

  /** A county admin registers a home in a region they administer. Audited; 409 on a name already used in that region. */
  async create(actor: Actor, dto: CreateCareHomeDto) {
    const known = isWithinRegion(actor.regionCode, dto.regionCode) && (await new PersonsRepository(this.db).regionExists(dto.regionCode));
    if (!known) throw ApiError.field('UNKNOWN_REGION', 'regionCode', FIELD_PROBLEMS_ZH.notAdministeredRegion);
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
        await new CareHomesRepository(m).insert({
          id,
          name: after.name,
          regionCode: after.regionCode,
          address: after.address,
          tracksCareLevel: after.tracksCareLevel,
        });
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
    const before = { name: home.name, address: home.address, tracksCareLevel: home.tracksCareLevel };
    const after = {
      name: dto.name !== undefined ? dto.name.trim() : home.name,
      address: dto.address !== undefined ? (dto.address?.trim() ?? null) : home.address,
      tracksCareLevel: dto.tracksCareLevel ?? home.tracksCareLevel,
    };
    if (before.name === after.name && before.address === after.address && before.tracksCareLevel === after.tracksCareLevel)
      return this.present(home);
    await this.homeWrite(async () =>
      this.db.transaction(async (m) => {
        await new CareHomesRepository(m).update(homeId, after);
        await new AuditRepository(m).record(actor, {
          eventKey: `care-home-updated:${homeId}:${randomUUID()}`,
          regionCode: home.regionCode,
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
  async addBed(actor: Actor, homeId: string, dto: AddBedDto): Promise<BedListing> {
    const home = await this.findScoped(actor, homeId);
    const id = randomUUID();
    const careLevel = dto.careLevel ?? null;
    try {
      await this.db.transaction(async (m) => {
        await new BedsRepository(m).add({ id, homeId, label: dto.label, careLevel });
        await new AuditRepository(m).record(actor, {
          eventKey: `bed-added:${id}`,
          regionCode: home.regionCode,
          caseId: null,
          action: 'bed_added',
          after: { homeId, bedId: id, label: dto.label, careLevel, status: 'free' },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw ApiError.field('CONFLICT', 'label', '本院已有同名床位');
      throw err;
    }
    return this.bed(homeId, id);
  }

  /**
   * Takes a free bed out of service, or puts an out-of-service bed back. A reserved or occupied bed
   * is refused with 409 BED_IN_USE. Repeating a change already made changes nothing.
   */
  async setInService(actor: Actor, homeId: string, bedId: string, inService: boolean, dto: BedServiceDto): Promise<BedListing> {
    const home = await this.findScoped(actor, homeId);
    const current = await this.bed(homeId, bedId);
    const [from, to] = inService ? (['out_of_service', 'free'] as const) : (['free', 'out_of_service'] as const);
    if (current.status === to) return current;
    if (current.status !== from) throw bedInUse(current.status);
    await this.db.transaction(async (m) => {
      // The status condition makes this safe against a trial stay reserving the bed at the same moment.
      if (!(await new BedsRepository(m).changeStatus(homeId, bedId, from, to))) throw bedInUse('reserved');
      await new AuditRepository(m).record(actor, {
        eventKey: `bed-${inService ? 'in' : 'out-of'}-service:${bedId}:${randomUUID()}`,
        regionCode: home.regionCode,
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
      if (!(await new BedsRepository(m).deleteUnused(homeId, bedId))) throw bedInUse('reserved', true);
      await new AuditRepository(m).record(actor, {
        eventKey: `bed-deleted:${bedId}`,
        regionCode: home.regionCode,
        caseId: null,
        action: 'bed_deleted',
        before: { homeId, bedId, label: current.label, careLevel: current.careLevel, status: current.status },
      });
    });
  }

  private async bed(homeId: string, bedId: string): Promise<BedListing> {
    const bed = await new BedsRepository(this.db).listingOf(homeId, bedId);
    if (!bed) throw ApiError.notFound('Bed');
    return bed;
  }

  private async homeWrite(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (err) {
      if (isUniqueViolation(err)) throw ApiError.field('CONFLICT', 'name', '本区划已有同名的供养机构');
      throw err;
    }
  }

  /** The waiting list (入住轮候): waiting entries in admission order, with their place in line. */
  async waitingList(actor: Actor, homeId: string, status: WaitingListStatusFilter = 'waiting') {
    const home = await this.findScoped(actor, homeId);
    const rows = await new WaitingListRepository(this.db).listing(homeId, status);
    const { priorityCategories } = await this.rulesFor(home.regionCode);
    const waiting = orderWaitingList(
      rows
        .filter((r) => r.status === 'waiting')
        .map((r) => ({ ...r, id: r.case_id, priorityCategory: r.priority_category, appliedOn: r.applied_on })),
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
        seq: r.seq,
        status: r.status,
        joinedAt: r.joined_at,
        offeredAt: r.offered_at,
        offeredBedLabel: r.offered_bed_label,
        leftAt: r.left_at,
      })),
    };
  }

  private async findScoped(actor: Actor, homeId: string): Promise<CareHomeSummary> {
    const home = await new CareHomesRepository(this.db).summaryWithin(homeId, actor.regionCode);
    if (!home) throw ApiError.notFound('Care home');
    return home;
  }

  private async present(h: CareHomeSummary) {
    const { reserved, occupied } = h.beds;
    const inService = h.beds.total - h.beds.outOfService;
    return {
      id: h.id,
      name: h.name,
      regionCode: h.regionCode,
      regionName: h.regionName,
      address: h.address,
      tracksCareLevel: h.tracksCareLevel,
      beds: h.beds,
      bedsByCareLevel: h.tracksCareLevel ? await new CareHomesRepository(this.db).bedCountsByCareLevel(h.id) : null,
      waiting: h.waiting,
      // Over the beds in service: a closed wing does not make a full home look half empty.
      occupancyPct: inService === 0 ? 0 : Math.round(((reserved + occupied) * 100) / inService),
      waitingListThresholdPct: (await this.rulesFor(h.regionCode)).waitingListThresholdPct,
    };
  }
}

const BED_STATUS_ZH: Record<string, string> = { reserved: '已被案件预留', occupied: '有人在住' };

function bedInUse(status: string, deleting = false): ApiError {
  const what = deleting
    ? '该床位已预留、有人在住或曾安排入住,需留作记录,不能删除;可改为停用'
    : `该床位${BED_STATUS_ZH[status] ?? `当前状态为 ${status}`},不能停用或恢复`;
  return new ApiError('BED_IN_USE', `bedId: ${what}`, [{ field: 'bedId', message: what }]);
}
