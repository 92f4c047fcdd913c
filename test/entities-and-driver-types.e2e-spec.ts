import type { DataSource } from 'typeorm';
import { createDataSource, PoliciesRepository, PolicyEntity } from '@app/persistence';
import { today } from './support/today';

/**
 * The persistence layer against the migrated database: the entities describe the tables the
 * migrations made (`synchronize` stays off, so an entity that disagrees would only fail at run
 * time), and column values are parsed once, where the DataSource is made.
 */
describe('entities and driver types', () => {
  let db: DataSource;

  beforeAll(async () => {
    db = createDataSource(process.env.DATABASE_URL!);
    await db.initialize();
  });

  afterAll(async () => {
    await db.destroy();
  });

  it('the entities need no table or column change to match the migrations', async () => {
    // What TypeORM would run to make the schema match the entities. Indexes, foreign keys and
    // checks the migrations declare but the entities do not are not part of this comparison.
    const { upQueries } = await db.driver.createSchemaBuilder().log();
    const structural = upQueries
      .map((q) => q.query.replace(/\s+/g, ' '))
      .filter((q) => /^CREATE TABLE|^DROP TABLE|^ALTER TABLE \S+ (ADD|DROP|ALTER|RENAME) COLUMN/.test(q));
    expect(structural).toEqual([]);
  });

  it('a date column reads as the stored YYYY-MM-DD string, in raw SQL and through an entity', async () => {
    const day = today();
    const [row]: { d: unknown }[] = await db.query('SELECT $1::date AS d', [day]);
    expect(row.d).toBe(day);

    const seeded = await db
      .getRepository(PolicyEntity)
      .findOneByOrFail({ caseType: 'hardship-allowance', regionCode: '370124', version: 1 });
    expect(seeded.effectiveFrom).toBe('2021-09-27');
    const inForce = await new PoliciesRepository(db).inForce('hardship-allowance', '370124001001', day);
    expect(typeof inForce?.effectiveFrom).toBe('string');
    expect(inForce!.effectiveFrom <= day).toBe(true);
  });

  it('a date inside a transaction reads the same (the manager uses the same parsers)', async () => {
    const day = today();
    const d = await db.transaction(async (m) => ((await m.query('SELECT $1::date AS d', [day])) as { d: unknown }[])[0].d);
    expect(d).toBe(day);
  });

  it('int8 (counts, bigserial ids) reads as a number; one beyond 2^53 stays its exact string', async () => {
    const [{ n }]: { n: unknown }[] = await db.query('SELECT count(*) AS n FROM regions');
    expect(typeof n).toBe('number');
    expect(n).toBeGreaterThan(0);
    const [{ big }]: { big: unknown }[] = await db.query(`SELECT '9007199254740993'::int8 AS big`);
    expect(big).toBe('9007199254740993');
  });
});
