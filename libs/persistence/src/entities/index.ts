import { AuditEntryEntity } from './audit-entry.entity';
import { BedEntity } from './bed.entity';
import { CareHomeEntity } from './care-home.entity';
import { CaseEntity } from './case.entity';
import { EntitlementEntity, EntitlementRevisionEntity, EntitlementSegmentEntity } from './entitlement.entity';
import { PersonEntity } from './person.entity';
import { PolicyEntity } from './policy.entity';
import { RegionEntity } from './region.entity';
import { SupportArrangementEntity } from './support-arrangement.entity';
import { TaskEntity } from './task.entity';
import { TrialStayEntity } from './trial-stay.entity';
import { UserEntity } from './user.entity';
import { WaitingListEntryEntity } from './waiting-list-entry.entity';

export {
  AuditEntryEntity,
  BedEntity,
  CareHomeEntity,
  CaseEntity,
  EntitlementEntity,
  EntitlementRevisionEntity,
  EntitlementSegmentEntity,
  PersonEntity,
  PolicyEntity,
  RegionEntity,
  SupportArrangementEntity,
  TaskEntity,
  TrialStayEntity,
  UserEntity,
  WaitingListEntryEntity,
};
export type { BedStatus } from './bed.entity';
export type { WaitingListStatus } from './waiting-list-entry.entity';

export const ENTITIES = [
  RegionEntity,
  UserEntity,
  PersonEntity,
  PolicyEntity,
  CaseEntity,
  TaskEntity,
  AuditEntryEntity,
  CareHomeEntity,
  BedEntity,
  TrialStayEntity,
  WaitingListEntryEntity,
  SupportArrangementEntity,
  EntitlementEntity,
  EntitlementRevisionEntity,
  EntitlementSegmentEntity,
];
