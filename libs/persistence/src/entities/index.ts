import { AuditEntryEntity } from './audit-entry.entity';
import { BedEntity } from './bed.entity';
import { CareHomeEntity } from './care-home.entity';
import { CaseEntity } from './case.entity';
import { HardshipRosterEntity } from './hardship-roster.entity';
import { HolidayYearEntity } from './holiday-year.entity';
import { LoginFailureEntity } from './login-failure.entity';
import { NotificationEntity } from './notification.entity';
import { PendingDecisionEntity } from './pending-decision.entity';
import { PersonEntity } from './person.entity';
import { PolicyEntity } from './policy.entity';
import { RegionEntity } from './region.entity';
import { RosterImportEntity } from './roster-import.entity';
import { SavedViewEntity } from './saved-view.entity';
import { EntitlementEntity, EntitlementRevisionEntity, EntitlementSegmentEntity } from './entitlement.entity';
import { SupportArrangementEntity } from './support-arrangement.entity';
import { TaskEntity } from './task.entity';
import { TrialStayEntity } from './trial-stay.entity';
import { UserEntity } from './user.entity';
import { WaitingListEntryEntity } from './waiting-list-entry.entity';

export {
  AuditEntryEntity,
  CaseEntity,
  HardshipRosterEntity,
  HolidayYearEntity,
  LoginFailureEntity,
  NotificationEntity,
  PendingDecisionEntity,
  PersonEntity,
  PolicyEntity,
  RegionEntity,
  RosterImportEntity,
  SavedViewEntity,
  TaskEntity,
  UserEntity,
  BedEntity,
  CareHomeEntity,
  EntitlementEntity,
  EntitlementRevisionEntity,
  EntitlementSegmentEntity,
  SupportArrangementEntity,
  TrialStayEntity,
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
  NotificationEntity,
  SavedViewEntity,
  LoginFailureEntity,
  PendingDecisionEntity,
  HolidayYearEntity,
  HardshipRosterEntity,
  RosterImportEntity,
  CareHomeEntity,
  BedEntity,
  TrialStayEntity,
  WaitingListEntryEntity,
  SupportArrangementEntity,
  EntitlementEntity,
  EntitlementRevisionEntity,
  EntitlementSegmentEntity,
];
