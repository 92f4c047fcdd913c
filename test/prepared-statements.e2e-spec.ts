import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError, type QueryRunner } from 'typeorm';
import { createDataSource, dataSourceOptions, preparingClient } from '@app/persistence';

/**
 * Statements with parameters are prepared on their connection (libs/persistence/src/prepared-statements.ts),
 * read back from PostgreSQL's own list of the session's prepared statements.
 */
describe('prepared statements', () => {
  let db: DataSource;
  let runner: QueryRunner;

  const preparedOf = async (r: QueryRunner): Promise<string[]> =>
    ((await r.query('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time')) as { statement: string }[]).map(
      (s) => s.statement,
    );

  beforeAll(async () => {
    db = createDataSource(process.env.DATABASE_URL!);
    await db.initialize();
  });

  beforeEach(async () => {
    runner = db.createQueryRunner();
    await runner.connect();
  });

  afterEach(async () => {
    await runner.release();
  });

  afterAll(async () => {
    await db.destroy();
  });

  it('a statement with parameters is prepared once on its connection and answers each time', async () => {
    // A text this connection has not run before (the comment makes it new).
    const sql = `SELECT code, name FROM regions WHERE code = $1 -- ${randomUUID()}`;
    expect(await preparedOf(runner)).not.toContain(sql);
    const first = (await runner.query(sql, ['370124'])) as { code: string }[];
    const second = (await runner.query(sql, ['370124001'])) as { code: string }[];
    expect(first.map((r) => r.code)).toEqual(['370124']);
    expect(second.map((r) => r.code)).toEqual(['370124001']);
    expect((await preparedOf(runner)).filter((s) => s === sql)).toHaveLength(1);
  });

  it('a statement without parameters, and several statements in one string, are sent as before', async () => {
    const before = await preparedOf(runner);
    await runner.query('SELECT count(*) FROM regions');
    await runner.query('SELECT 1; SELECT 2');
    expect(await preparedOf(runner)).toEqual(before);
  });

  it('a statement PostgreSQL refused is parsed again next time, not taken as prepared', async () => {
    const missing = `SELECT no_such_column FROM regions WHERE code = $1`;
    const before = await preparedOf(runner);
    for (let i = 0; i < 2; i++) {
      const err = await runner.query(missing, ['370124']).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(QueryFailedError);
      expect((err as QueryFailedError).message).toContain('no_such_column');
    }
    expect(await preparedOf(runner)).toEqual(before);
    // Refused inside an aborted transaction, then run after the rollback.
    const sql = `SELECT name FROM regions WHERE code = $1 AND $2::int > 0 -- ${randomUUID()}`;
    await runner.startTransaction();
    await runner.query('SELECT 1/0').catch(() => undefined);
    const aborted = await runner.query(sql, ['370124', 1]).catch((e: unknown) => e);
    expect((aborted as QueryFailedError).message).toContain('current transaction is aborted');
    await runner.rollbackTransaction();
    const rows = (await runner.query(sql, ['370124', 1])) as { name: string }[];
    expect(rows).toHaveLength(1);
    expect((await preparedOf(runner)).filter((s) => s === sql)).toHaveLength(1);
  });

  it('a unique violation reads as before (the error the repositories inspect)', async () => {
    await runner.startTransaction();
    try {
      await runner.query('CREATE TEMP TABLE prepared_probe (id int PRIMARY KEY) ON COMMIT DROP');
      await runner.query('INSERT INTO prepared_probe (id) VALUES ($1)', [1]);
      await runner.query('SAVEPOINT again');
      const err = await runner.query('INSERT INTO prepared_probe (id) VALUES ($1)', [1]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(QueryFailedError);
      expect((err as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('23505');
    } finally {
      await runner.rollbackTransaction();
    }
  });

  it('a migration that changes the columns a prepared statement returns makes it fail on that connection', async () => {
    // Why migrations run with the API and worker stopped (README, "Statements prepared on their connection").
    await runner.startTransaction();
    try {
      await runner.query('CREATE TEMP TABLE prepared_shape (id int PRIMARY KEY) ON COMMIT DROP');
      await runner.query('INSERT INTO prepared_shape (id) VALUES (1)');
      const sql = `SELECT * FROM prepared_shape WHERE id = $1 -- ${randomUUID()}`;
      expect(await runner.query(sql, [1])).toEqual([{ id: 1 }]);
      await runner.query('ALTER TABLE prepared_shape ADD COLUMN note text');
      const err = await runner.query(sql, [1]).catch((e: unknown) => e);
      expect((err as QueryFailedError).message).toContain('cached plan must not change result type');
    } finally {
      await runner.rollbackTransaction();
    }
  });

  it('a connection names at most its limit; statements past it still answer, unprepared', async () => {
    const limited = new DataSource(dataSourceOptions(process.env.DATABASE_URL!, { poolSize: 1, extra: { Client: preparingClient(3) } }));
    await limited.initialize();
    try {
      const r = limited.createQueryRunner();
      await r.connect();
      try {
        for (let i = 1; i <= 5; i++) {
          const rows = (await r.query(`SELECT $1::int + ${i} AS n`, [i])) as { n: number }[];
          expect(rows[0].n).toBe(2 * i);
        }
        expect(await preparedOf(r)).toEqual(['SELECT $1::int + 1 AS n', 'SELECT $1::int + 2 AS n', 'SELECT $1::int + 3 AS n']);
      } finally {
        await r.release();
      }
    } finally {
      await limited.destroy();
    }
  });
});
