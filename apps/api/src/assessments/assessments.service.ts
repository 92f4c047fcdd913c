import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { caseWorkflowId, requestReassessmentUpdate, type Actor } from '@app/contracts';
import { ASSESSMENT_ITEMS, CAPABILITY_LEVELS, scoreAssessment } from '@app/domain/assessment';
import { AssessmentsRepository, CasesRepository } from '@app/persistence';
import { ApiError } from '../common/api-error.exception';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { WorkflowUpdates } from '../temporal/workflow-errors';
import type { AssessmentFormDto } from './assessments.dto';

/** The assessment form (items, preview), a case's recorded assessments and reassessment requests. */
@Injectable()
export class AssessmentsService {
  constructor(
    private readonly updates: WorkflowUpdates,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  items() {
    return { items: ASSESSMENT_ITEMS, levels: CAPABILITY_LEVELS };
  }

  /** Scores a form without recording it; out-of-range scores are a 400 naming the item. */
  preview(form: AssessmentFormDto) {
    const scored = scoreAssessment(form);
    if (!scored.ok) {
      throw new ApiError(
        'INVALID_DATA',
        scored.errors.map((e) => `items.${e.item}: ${e.messageZh}`).join('; '),
        scored.errors.map((e) => ({ field: `items.${e.item}`, message: e.messageZh })),
      );
    }
    return scored;
  }

  async ofCase(actor: Actor, caseId: string) {
    await this.assertCaseInScope(actor, caseId);
    return new AssessmentsRepository(this.db).ofCase(caseId);
  }

  async requestReassessment(actor: Actor, caseId: string, reason: string) {
    await this.assertCaseInScope(actor, caseId);
    return this.updates.run(() =>
      this.temporal.workflow
        .getHandle(caseWorkflowId(caseId))
        .executeUpdate(requestReassessmentUpdate, { args: [{ requestId: randomUUID(), actor, reason }] }),
    );
  }

  private async assertCaseInScope(actor: Actor, caseId: string): Promise<void> {
    if (!(await new CasesRepository(this.db).existsWithin(caseId, actor.regionCode))) throw ApiError.notFound('Case');
  }
}
