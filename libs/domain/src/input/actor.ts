import { ROLES, type Actor } from '@app/contracts/roles';
import { fieldRuleMessage } from '@app/contracts/field-messages';
import { textProblem, type InputProblem } from './text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REGION_CODE = /^\d{2,12}$/;
/** The audit log's actor_name column (varchar(100)). */
const NAME_MAX = 100;

/**
 * Why the actor of a decision could not be stored with it, field by field (empty when it can).
 * The API fills the actor from the signed-in user, so this guards the case workflow against any
 * other sender: a decision is checked against every rule its storage enforces before it is
 * accepted, since it is then stored with the step's consequences in one transaction.
 */
export function actorProblems(actor: Actor): InputProblem[] {
  const problems: InputProblem[] = [];
  if (typeof actor.userId !== 'string' || !UUID.test(actor.userId))
    problems.push({ field: 'actor.userId', message: fieldRuleMessage('isUUID', []) });
  if (!(ROLES as readonly unknown[]).includes(actor.role))
    problems.push({ field: 'actor.role', message: fieldRuleMessage('isIn', [ROLES]) });
  if (typeof actor.regionCode !== 'string' || !REGION_CODE.test(actor.regionCode)) {
    problems.push({ field: 'actor.regionCode', message: '应为行政区划代码' });
  }
  if (typeof actor.displayName !== 'string' || actor.displayName.length === 0) {
    problems.push({ field: 'actor.displayName', message: fieldRuleMessage('isNotEmpty', []) });
  } else {
    const text = textProblem(actor.displayName, false);
    if (text) problems.push({ field: 'actor.displayName', message: text });
    else if ([...actor.displayName].length > NAME_MAX)
      problems.push({ field: 'actor.displayName', message: fieldRuleMessage('maxLength', [NAME_MAX]) });
  }
  return problems;
}
