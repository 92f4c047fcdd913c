import { agingBucketOf, SqlFilter, updateReturning } from './task-read-model';

describe('agingBucketOf', () => {
  it.each([
    [1, '1-3'],
    [3, '1-3'],
    [4, '4-7'],
    [7, '4-7'],
    [8, '8-14'],
    [14, '8-14'],
    [15, '15+'],
    [400, '15+'],
  ])('%i days past due → %s', (days, bucket) => {
    expect(agingBucketOf(days)).toBe(bucket);
  });
});

describe('SqlFilter', () => {
  it('numbers placeholders in the order values are added and keeps values out of the SQL', () => {
    const f = new SqlFilter().inRegion('t.region_code', '370124001');
    f.and(`t.step = ${f.param("review'; DROP TABLE tasks; --")}`);
    expect(f.sql).toBe('t.region_code LIKE $1 AND t.step = $2');
    expect(f.params).toEqual(['370124001%', "review'; DROP TABLE tasks; --"]);
  });

  it('with no condition matches everything', () => {
    expect(new SqlFilter().sql).toBe('true');
  });
});

describe('updateReturning', () => {
  const db = (result: unknown) => ({ query: async () => result }) as never;

  it.each([
    ['TypeORM [rows, affected] for UPDATE', [[{ id: 'a' }], 1], [{ id: 'a' }]],
    ['no row updated', [[], 0], []],
    ['plain rows', [{ id: 'a' }], [{ id: 'a' }]],
  ])('%s', async (_what, result, rows) => {
    expect(await updateReturning(db(result), 'UPDATE …', [])).toEqual(rows);
  });
});
