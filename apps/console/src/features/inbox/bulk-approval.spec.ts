import { approveInChunks, BULK_CHUNK, chunks, toBulkResults, type BulkTask } from './bulk-approval';
import { errorText, t } from '../../i18n/zh-CN';

const task = (n: number): BulkTask => ({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, caseNo: `PY-${n}` });
const item = (id: string, status: 'completed' | 'refused' | 'pending', code: string | null = null) => ({
  taskId: id,
  status,
  code,
  message: code,
  fields: [],
  step: 'approval',
  caseStatus: null,
});
const answer = (items: ReturnType<typeof item>[]) => ({
  batchId: 'b',
  total: items.length,
  completed: items.filter((i) => i.status === 'completed').length,
  refused: items.filter((i) => i.status === 'refused').length,
  pending: items.filter((i) => i.status === 'pending').length,
  items,
});

describe('bulk approval in the console', () => {
  it.each([
    { n: 0, size: 20, sizes: [] },
    { n: 1, size: 20, sizes: [1] },
    { n: 20, size: 20, sizes: [20] },
    { n: 45, size: 20, sizes: [20, 20, 5] },
  ])('$n tasks in chunks of $size: $sizes', ({ n, size, sizes }) => {
    expect(
      chunks(
        Array.from({ length: n }, (_, i) => i),
        size,
      ).map((c) => c.length),
    ).toEqual(sizes);
  });

  it.each([
    { status: 'completed' as const, code: null, message: t.actions.bulkOk },
    { status: 'pending' as const, code: 'DECISION_PENDING', message: t.actions.bulkPending },
    { status: 'refused' as const, code: 'TASK_CLOSED', message: errorText('TASK_CLOSED') },
    { status: 'refused' as const, code: 'SOMETHING_NEW', message: t.errors.generic },
  ])('an item $status ($code) reads "$message"', ({ status, code, message }) => {
    const [r] = toBulkResults([task(1)], answer([item(task(1).id, status, code)]));
    expect(r).toEqual({ taskId: task(1).id, caseNo: 'PY-1', status, message });
  });

  it('sends chunks in order, reports after each, and a failed chunk never stops the next', async () => {
    const tasks = Array.from({ length: BULK_CHUNK * 2 + 3 }, (_, i) => task(i));
    const progress: number[] = [];
    let call = 0;
    const results = await approveInChunks(
      tasks,
      async (ids) => {
        call++;
        if (call === 2) throw new Error('503');
        return answer(ids.map((id, i) => item(id, i === 0 ? 'refused' : 'completed', i === 0 ? 'WRONG_STEP' : null)));
      },
      (r) => progress.push(r.length),
      () => '服务暂时不可用',
    );
    expect(progress).toEqual([BULK_CHUNK, BULK_CHUNK * 2, BULK_CHUNK * 2 + 3]);
    expect(results.map((r) => r.taskId)).toEqual(tasks.map((x) => x.id));
    expect(results.filter((r) => r.status === 'completed')).toHaveLength(BULK_CHUNK - 1 + 2);
    expect(results.slice(BULK_CHUNK, BULK_CHUNK * 2).every((r) => r.status === 'refused' && r.message === '服务暂时不可用')).toBe(true);
    expect(results[0].message).toBe(errorText('WRONG_STEP'));
  });
});
