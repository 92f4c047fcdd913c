import type { components } from '../../api/schema';
import { errorText, t } from '../../i18n/zh-CN';

type BulkAnswer = components['schemas']['BulkCompleteResultView'];

/** Tasks per request: the server decides a chunk at once, and the dialog advances between chunks. */
export const BULK_CHUNK = 20;

export interface BulkTask {
  id: string;
  caseNo: string;
}

export interface BulkResult {
  taskId: string;
  caseNo: string;
  status: 'completed' | 'refused' | 'pending';
  /** Chinese, from the error code (never the server's English text). */
  message: string;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The server's per-item answers, in the order of `tasks`, with the case number and a Chinese message. */
export function toBulkResults(tasks: readonly BulkTask[], answer: BulkAnswer): BulkResult[] {
  const byId = new Map(answer.items.map((i) => [i.taskId, i]));
  return tasks.map((task) => {
    const item = byId.get(task.id);
    if (!item) return { taskId: task.id, caseNo: task.caseNo, status: 'refused', message: t.errors.generic };
    const message =
      item.status === 'completed'
        ? t.actions.bulkOk
        : item.status === 'pending'
          ? t.actions.bulkPending
          : errorText(item.code ?? undefined);
    return { taskId: task.id, caseNo: task.caseNo, status: item.status, message };
  });
}

/**
 * Approves `tasks` chunk by chunk through POST /api/tasks/bulk-complete, reporting after each chunk.
 * A chunk whose request fails (network, 503) is reported as not approved, and the next chunk still goes.
 */
export async function approveInChunks(
  tasks: readonly BulkTask[],
  send: (taskIds: string[]) => Promise<BulkAnswer>,
  onProgress: (results: BulkResult[]) => void,
  failure: (err: unknown) => string,
): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const chunk of chunks(tasks, BULK_CHUNK)) {
    try {
      results.push(...toBulkResults(chunk, await send(chunk.map((c) => c.id))));
    } catch (err) {
      const message = failure(err);
      results.push(...chunk.map((c) => ({ taskId: c.id, caseNo: c.caseNo, status: 'refused' as const, message })));
    }
    onProgress([...results]);
  }
  return results;
}
