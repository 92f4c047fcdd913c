import { Module } from '@nestjs/common';
import { SharedAggregates } from '../common/shared-aggregates';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({ controllers: [TasksController], providers: [TasksService, SharedAggregates], exports: [TasksService] })
export class TasksModule {}
