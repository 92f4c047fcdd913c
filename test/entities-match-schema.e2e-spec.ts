import { DataSource } from 'typeorm';
import { dataSourceOptions, ENTITIES } from '@app/persistence';

/**
 * `synchronize` stays off: the migrations own the schema and the entities only describe it. Here
 * TypeORM compares every entity with the migrated database; a column it would add, drop or alter
 * (name, type, length, nullability, default) means the entity says something the schema does not.
 * A column an entity does not map (TypeORM would drop it) is not a mismatch: entities describe what
 * the code reads and writes. A column of the wrong name or type shows as one TypeORM would add.
 * Constraints and indexes the entities leave out (foreign keys, partial indexes, checks) are the
 * migrations' business and are not compared.
 */
describe('the entities match the migrated schema', () => {
  let db: DataSource;

  beforeAll(async () => {
    db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!, { poolSize: 1 }));
    await db.initialize();
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('requires no column change for any entity', async () => {
    const tables = new Set(db.entityMetadatas.map((m) => m.tableName));
    expect(tables.size).toBe(ENTITIES.length);
    const { upQueries } = await db.driver.createSchemaBuilder().log();
    const columnChanges = upQueries.map((q) => q.query).filter((sql) => /^CREATE TABLE|ADD "[a-z_]+" |ALTER COLUMN/.test(sql));
    expect(columnChanges).toEqual([]);
  });
});
