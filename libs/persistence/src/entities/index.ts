import { AuditEntryEntity } from './audit-entry.entity';
import { CaseEntity } from './case.entity';
import { PersonEntity } from './person.entity';
import { PolicyEntity } from './policy.entity';
import { RegionEntity } from './region.entity';
import { TaskEntity } from './task.entity';
import { UserEntity } from './user.entity';

export { AuditEntryEntity, CaseEntity, PersonEntity, PolicyEntity, RegionEntity, TaskEntity, UserEntity };

export const ENTITIES = [RegionEntity, UserEntity, PersonEntity, PolicyEntity, CaseEntity, TaskEntity, AuditEntryEntity];
