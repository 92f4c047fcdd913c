import { fieldsOfRefusal } from './workflow-errors';

describe('fieldsOfRefusal', () => {
  it.each([
    [
      'a home visit by one person, in the future',
      'data.homeVisit.visitedOn: 不能晚于今天; data.homeVisit.staffCount: 入户调查应至少有 2 名工作人员',
      [
        { field: 'data.homeVisit.visitedOn', message: '不能晚于今天' },
        { field: 'data.homeVisit.staffCount', message: '入户调查应至少有 2 名工作人员' },
      ],
    ],
    ['an array item', 'data.items[3]: 不能含控制字符(如 NUL)', [{ field: 'data.items[3]', message: '不能含控制字符(如 NUL)' }]],
    ['a sentence naming no field', 'The decision could not be stored (x); the task is open again.', []],
    ['a Chinese sentence', '「review」的决定无法保存', []],
  ])('%s', (_what, detail, fields) => {
    expect(fieldsOfRefusal(detail)).toEqual(fields);
  });
});
