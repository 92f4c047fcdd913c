import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { BulkDecisionsController } from './bulk-decisions.controller';
import { BulkDecisionsService } from './bulk-decisions.service';

@Module({ imports: [TasksModule], controllers: [BulkDecisionsController], providers: [BulkDecisionsService] })
export class BulkDecisionsModule {}
