import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '@app/contracts';
import { RegionsRepository } from '@app/persistence';

export interface RegionView {
  code: string;
  name: string;
  level: 'county' | 'township' | 'village';
  parentCode: string | null;
  isDemo: boolean;
}

@Injectable()
export class RegionsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The caller's region and everything below it, ordered by code (a parent always before its children). */
  async subtree(actor: Actor): Promise<RegionView[]> {
    return new RegionsRepository(this.db).subtree(actor.regionCode);
  }
}
