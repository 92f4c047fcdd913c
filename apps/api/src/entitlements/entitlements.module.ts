import { Module } from '@nestjs/common';
import { EntitlementsController } from './entitlements.controller';
import { EntitlementsService } from './entitlements.service';

@Module({ controllers: [EntitlementsController], providers: [EntitlementsService] })
export class EntitlementsModule {}
