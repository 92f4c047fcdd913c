import { Module } from '@nestjs/common';
import { AssigneesController } from './assignees.controller';
import { SupervisionController } from './supervision.controller';
import { SupervisionService } from './supervision.service';

@Module({ controllers: [SupervisionController, AssigneesController], providers: [SupervisionService] })
export class SupervisionModule {}
