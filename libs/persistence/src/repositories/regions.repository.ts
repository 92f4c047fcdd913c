import { In, type DataSource, type EntityManager } from 'typeorm';
import { RegionEntity } from '../entities/region.entity';
import { inRegionSubtree } from '../region-scope';

/** A region as lists show it. */
export type RegionNode = Pick<RegionEntity, 'code' | 'name' | 'level' | 'parentCode' | 'isDemo'>;

/** The region tree (county ⊃ township ⊃ village). Built over a DataSource or a transaction's EntityManager. */
export class RegionsRepository {
  constructor(private readonly q: DataSource | EntityManager) {}

  private get rows() {
    return this.q.getRepository(RegionEntity);
  }

  exists(code: string): Promise<boolean> {
    return this.rows.existsBy({ code });
  }

  /** The region's level, or null when there is no such region. */
  async levelOf(code: string): Promise<RegionEntity['level'] | null> {
    const region = await this.rows.findOne({ select: { level: true }, where: { code } });
    return region?.level ?? null;
  }

  /** The region `scope` and everything below it, ordered by code (a parent always before its children). */
  subtree(scope: string): Promise<RegionNode[]> {
    return this.rows.createQueryBuilder('r').where(inRegionSubtree('r.code', ':scope'), { scope }).orderBy('r.code').getMany();
  }

  /** The regions directly below `code`. */
  children(code: string): Promise<Pick<RegionEntity, 'code' | 'name'>[]> {
    return this.rows.find({ select: { code: true, name: true }, where: { parentCode: code } });
  }

  /** The regions with these codes (unknown codes are left out). */
  named(codes: string[]): Promise<Pick<RegionEntity, 'code' | 'name'>[]> {
    return this.rows.find({ select: { code: true, name: true }, where: { code: In(codes) } });
  }

  /** Of these codes, those of townships and villages (where roster spells and officers' cases sit). */
  async townshipsAndVillages(codes: string[]): Promise<string[]> {
    const rows = await this.rows.find({
      select: { code: true },
      where: { code: In(codes), level: In<RegionEntity['level']>(['township', 'village']) },
    });
    return rows.map((r) => r.code);
  }
}
