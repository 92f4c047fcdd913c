import { CASE_TYPES, type CaseType } from '@app/contracts/case-types';
import { FIELD_PROBLEMS_ZH, fieldRuleMessage } from '@app/contracts/field-messages';
import { ROLES } from '@app/contracts/roles';
import { caseTypeDefinition } from '../case-types/registry';
import type { CasePolicy } from './case-policy';
import { durationProblem, type DurationUse } from './policy-bounds';
import type { PolicyProblem } from './rule-bounds';
import { STEP_CODES, type StepCode } from './steps';

export type { PolicyProblem } from './rule-bounds';

/**
 * Checks a policy body before it is stored as a new version: a county edits data, and data that
 * the workflows cannot run must be refused with the field named, never discovered by a stuck case.
 */
export function validateCasePolicy(body: unknown, caseType: CaseType): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const duration = (field: string, value: unknown, use: DurationUse) => {
    const message = durationProblem(value, use);
    if (message) problems.push({ field, message });
  };
  const p = body as Partial<CasePolicy> | null;
  if (typeof p !== 'object' || p === null) return [{ field: 'body', message: FIELD_PROBLEMS_ZH.notAnObject }];
  // An unknown type has no definition: refuse it before reading one (never default to another type).
  if (!CASE_TYPES.includes(caseType)) return [{ field: 'caseType', message: fieldRuleMessage('isIn', [CASE_TYPES]) }];
  const definition = caseTypeDefinition(caseType);
  if (p.caseType !== caseType) problems.push({ field: 'body.caseType', message: `应为 ${caseType}` });
  if (typeof p.title !== 'string' || p.title.trim() === '') problems.push({ field: 'body.title', message: FIELD_PROBLEMS_ZH.required });

  if (!Array.isArray(p.chain) || p.chain.length === 0) {
    problems.push({ field: 'body.chain', message: '至少列出一个环节' });
  } else {
    const allowed = definition.chainSteps;
    const seen = new Set<string>();
    p.chain.forEach((s, i) => {
      const f = `body.chain[${i}]`;
      if (!s || typeof s !== 'object') return problems.push({ field: f, message: FIELD_PROBLEMS_ZH.notAnObject });
      if (!allowed.includes(s.step)) problems.push({ field: `${f}.step`, message: fieldRuleMessage('isIn', [allowed]) });
      if (seen.has(s.step)) problems.push({ field: `${f}.step`, message: '该环节重复出现' });
      seen.add(s.step);
      if (s.kind === 'task') {
        if (!ROLES.includes(s.role)) problems.push({ field: `${f}.role`, message: fieldRuleMessage('isIn', [ROLES]) });
        duration(`${f}.deadline`, s.deadline, 'deadline');
      } else if (s.kind === 'notice') {
        duration(`${f}.period`, s.period, 'notice');
      } else {
        problems.push({ field: `${f}.kind`, message: fieldRuleMessage('isIn', [['task', 'notice']]) });
      }
    });
    if (p.chain[0]?.step !== 'acceptance') problems.push({ field: 'body.chain[0].step', message: '第一个环节应为 acceptance(受理)' });
  }

  for (const step of definition.extraSteps) {
    const s = p.steps?.[step];
    const f = `body.steps.${step}`;
    if (!s) {
      problems.push({ field: f, message: '必须填写(岗位和期限)' });
      continue;
    }
    if (!ROLES.includes(s.role)) problems.push({ field: `${f}.role`, message: fieldRuleMessage('isIn', [ROLES]) });
    duration(`${f}.deadline`, s.deadline, 'deadline');
  }
  for (const step of Object.keys(p.steps ?? {})) {
    if (!STEP_CODES.includes(step as StepCode)) problems.push({ field: `body.steps.${step}`, message: '不是可识别的环节' });
  }

  const e = p.escalation;
  if (!e || !Number.isInteger(e.maxLevel) || e.maxLevel < 1 || e.maxLevel > 3)
    problems.push({ field: 'body.escalation.maxLevel', message: '应为 1、2 或 3' });
  if (e && e.repeatAfter !== null) duration('body.escalation.repeatAfter', e.repeatAfter, 'escalation');
  if (!['refusal', 'all', 'none'].includes(p.writtenDecision as string))
    problems.push({ field: 'body.writtenDecision', message: fieldRuleMessage('isIn', [['refusal', 'all', 'none']]) });

  if (typeof p.rules !== 'object' || p.rules === null || Array.isArray(p.rules)) {
    problems.push({ field: 'body.rules', message: FIELD_PROBLEMS_ZH.notAnObject });
    return problems;
  }
  problems.push(...definition.ruleBounds(p.rules, duration));

  // The type's own consistency rules (band order, levels on the scale) need well-formed values.
  if (problems.length === 0) {
    const ruleProblems = definition.validateRules(p as CasePolicy);
    for (const message of ruleProblems) problems.push({ field: 'body.rules', message });
  }
  return problems;
}
