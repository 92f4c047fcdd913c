import { ParentClosePolicy, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { caseWorkflowId } from '@app/contracts';
import { addMonths, shanghaiMonthOf } from '@app/domain/dates';
import type * as activities from '../activities';
import { hardshipAllowanceWorkflow } from './hardship-allowance.workflow';

const acts = proxyActivities<activities.Activities>({
  startToCloseTimeout: '1 minute',
  // The scans heartbeat (activities/heartbeat.ts): a lost worker is noticed in seconds.
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export interface ProactiveEnrollmentInput {
  /** The month whose 60th birthdays are enrolled; defaults to next month (Asia/Shanghai). */
  month?: string;
}

/**
 * 免申即享, run monthly by a Schedule: pages through the roster and opens a hardship case for every
 * eligible elder turning 60 next month, each case its own workflow (abandoned by this batch).
 */
export async function proactiveEnrollmentWorkflow(input: ProactiveEnrollmentInput = {}): Promise<{ month: string; opened: string[] }> {
  const month = input.month ?? addMonths(shanghaiMonthOf(Date.now()), 1);
  const batchKey = `${month}:${workflowInfo().workflowId}`;
  const opened: string[] = [];
  let afterId: string | null = null;
  for (;;) {
    const page: activities.ProactiveCandidate[] = await acts.findProactiveCandidates({ month, afterId, limit: 200 });
    if (page.length === 0) break;
    for (const candidate of page) {
      const caseInput = await acts.openProactiveCase({ rosterId: candidate.rosterId, batchKey });
      if (!caseInput) continue;
      try {
        await startChild(hardshipAllowanceWorkflow, {
          workflowId: caseWorkflowId(caseInput.caseId),
          args: [caseInput],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          searchAttributes: { YiyangCaseType: ['hardship-allowance'], YiyangRegion: [caseInput.regionCode] },
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      await acts.markWorkflowStarted({ caseId: caseInput.caseId });
      opened.push(caseInput.caseId);
    }
    afterId = page[page.length - 1].rosterId;
  }
  return { month, opened };
}
