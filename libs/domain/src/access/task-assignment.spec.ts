import type { Actor } from '@app/contracts/roles';
import { checkTaskAction } from './task-action';
import {
  checkAssignmentTarget,
  checkTaskAssignment,
  type AssignmentTarget,
  type TaskAssignmentChange,
  type TaskForAssignment,
} from './task-assignment';

const officer: Actor = { userId: 'u-1', role: 'township_officer', regionCode: '371124100', displayName: '甲' };
const officer2: Actor = { ...officer, userId: 'u-2', displayName: '乙' };
const supervisor: Actor = { userId: 'u-9', role: 'supervisor', regionCode: '371124', displayName: '督' };
const outsider: Actor = { ...officer, userId: 'u-5', regionCode: '371125100' };
const approver: Actor = { ...officer, userId: 'u-3', role: 'county_officer', regionCode: '371124' };

const open: TaskForAssignment = {
  step: 'acceptance',
  candidateRole: 'township_officer',
  regionCode: '371124100',
  assigneeId: null,
  closed: false,
};
const held = (assigneeId: string): TaskForAssignment => ({ ...open, assigneeId });

describe('checkTaskAssignment', () => {
  const claim: TaskAssignmentChange = { kind: 'claim' };
  const release: TaskAssignmentChange = { kind: 'release' };
  const assignTo2: TaskAssignmentChange = { kind: 'assign', assigneeId: 'u-2' };
  it.each<[string, TaskForAssignment, Actor, TaskAssignmentChange, string | null, string | null, boolean]>([
    // name, task, actor, change, error code, assignee after, changed
    ['claims an open task of its role', open, officer, claim, null, 'u-1', true],
    ['claiming its own task again changes nothing', held('u-1'), officer, claim, null, 'u-1', false],
    ["another officer's task is a conflict", held('u-2'), officer, claim, 'CONFLICT', null, false],
    ['the wrong role may not claim', open, approver, claim, 'ROLE_NOT_ALLOWED', null, false],
    ['a supervisor does not claim', open, supervisor, claim, 'ROLE_NOT_ALLOWED', null, false],
    ['outside the region the task does not exist', open, outsider, claim, 'OUT_OF_SCOPE', null, false],
    ['a closed task cannot be claimed', { ...open, closed: true }, officer, claim, 'TASK_CLOSED', null, false],
    ['the holder releases', held('u-1'), officer, release, null, null, true],
    ['releasing an unclaimed task changes nothing', open, officer2, release, null, null, false],
    ['another officer may not release', held('u-1'), officer2, release, 'CLAIMED_BY_OTHER', null, false],
    ['a supervisor over the region releases', held('u-1'), supervisor, release, null, null, true],
    ['a supervisor outside the region cannot', held('u-1'), { ...supervisor, regionCode: '371125' }, release, 'OUT_OF_SCOPE', null, false],
    ['a supervisor assigns', held('u-1'), supervisor, assignTo2, null, 'u-2', true],
    ['assigning to the holder changes nothing', held('u-2'), supervisor, assignTo2, null, 'u-2', false],
    ['an officer does not assign', open, officer, assignTo2, 'ROLE_NOT_ALLOWED', null, false],
    ['a closed task is not assigned', { ...held('u-1'), closed: true }, supervisor, assignTo2, 'TASK_CLOSED', null, false],
  ])('%s', (_name, task, actor, change, code, after, changed) => {
    const d = checkTaskAssignment(task, actor, change);
    if (code) {
      expect(d.error?.code).toBe(code);
    } else {
      expect(d).toEqual({ error: null, assigneeId: after, changed });
    }
  });
});

describe('checkTaskAction with a claimed task (the rule the workflow validator binds)', () => {
  const req = (actor: Actor) => ({ actor, step: 'acceptance', outcome: 'accept', comment: null });
  it.each<[string, string | null, Actor, string | null]>([
    ['unclaimed: any officer of the role', null, officer2, null],
    ['claimed: the holder', 'u-1', officer, null],
    ['claimed: anyone else is refused', 'u-1', officer2, 'CLAIMED_BY_OTHER'],
  ])('%s', (_name, assigneeId, actor, code) => {
    expect(checkTaskAction({ ...open, step: 'acceptance', assigneeId }, req(actor))?.code ?? null).toBe(code);
  });
});

describe('checkAssignmentTarget', () => {
  const eligible: AssignmentTarget = { role: 'township_officer', regionCode: '371124100', active: true };
  it.each<[string, AssignmentTarget | null, boolean]>([
    // name, target, may hold the task
    ['an active officer of the role in the task region', eligible, true],
    ["an officer of the role whose region contains the task's (the county)", { ...eligible, regionCode: '371124' }, true],
    ['an inactive user', { ...eligible, active: false }, false],
    ['another role', { ...eligible, role: 'county_officer' }, false],
    ['a supervisor (assigns, does not hold)', { ...eligible, role: 'supervisor', regionCode: '371124' }, false],
    ['a region outside the task', { ...eligible, regionCode: '371124200' }, false],
    ['a village below the task region', { ...eligible, regionCode: '371124100001' }, false],
    ['another county', { ...eligible, regionCode: '371125100' }, false],
    ['an unknown user', null, false],
  ])('%s', (_name, target, allowed) => {
    const err = checkAssignmentTarget(open, target);
    if (allowed) expect(err).toBeNull();
    else expect(err).toEqual({ code: 'VALIDATION_FAILED', field: 'userId', message: expect.stringContaining('township_officer') });
  });
});
