import { AuditEntryEntity } from './audit-entry.entity';
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
import { TaskEntity } from './task.entity';
import { UserEntity } from './user.entity';

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
};

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
];
