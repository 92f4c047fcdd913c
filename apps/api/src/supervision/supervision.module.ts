import { Module } from '@nestjs/common';
import { SharedAggregates } from '../common/shared-aggregates';
import { AssigneesController } from './assignees.controller';
import { SupervisionController } from './supervision.controller';
import { SupervisionService } from './supervision.service';

@Module({ controllers: [SupervisionController, AssigneesController], providers: [SupervisionService, SharedAggregates] })
export class SupervisionModule {}
