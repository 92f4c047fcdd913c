import { Module } from '@nestjs/common';
import { CareHomesController } from './care-homes.controller';
import { CareHomesService } from './care-homes.service';
import { TrialStaysController } from './trial-stays.controller';
import { TrialStaysService } from './trial-stays.service';

@Module({
  controllers: [CareHomesController, TrialStaysController],
  providers: [CareHomesService, TrialStaysService],
  exports: [CareHomesService],
})
export class CareHomesModule {}
