import { actionLabel } from './timeline-labels';

describe('timeline action labels', () => {
  it.each([
    ['objection_registered', '登记异议'],
    ['objection_upheld', '公示异议成立,不予批准'],
    ['refusal_pending', '待出具不予批准决定'],
    ['review_rejected', '审核不予通过'],
    ['acceptance_rejected', '不予受理'],
    ['closed_materials_not_supplied', '未补正材料,终止办理'],
    // A refusal or closure without its own label is still named by its kind.
    ['reassessment_rejected', '不予批准'],
    ['closed_death', '案件终止'],
    // Anything else unknown shows its code rather than nothing.
    ['something_new', 'something_new'],
  ])('%s → %s', (action, label) => {
    expect(actionLabel(action)).toBe(label);
  });
});
