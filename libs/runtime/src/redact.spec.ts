import { redactText, redactValue } from './redact';
import { JsonLogger } from './json-logger';

describe('log redaction', () => {
  it.each([
    ['an ID number', '申请人 11010519491231002X 已受理', '申请人 1101**********002X 已受理'],
    ['a lower-case x ID number', 'id=11010519491231002x', 'id=1101**********002x'],
    ['a mobile number', 'call 13812345678 now', 'call 138****5678 now'],
    ['both', '440524188001010014/13900001111', '4405**********0014/139****1111'],
    ['a plain number that is neither', 'case 12345 took 1500 ms', 'case 12345 took 1500 ms'],
  ])('masks %s', (_what, input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('drops SQL parameters of a failed query (they can hold names)', () => {
    expect(redactValue({ error: { query: 'INSERT INTO persons …', parameters: ['11010519491231002X', '王五'] } })).toEqual({
      error: { query: 'INSERT INTO persons …', parameters: '[redacted]' },
    });
  });

  it('drops personal fields by name, deeply', () => {
    expect(
      redactValue({ caseId: 'c1', person: { name: '张三', idNumber: '11010519491231002X', phone: '13812345678' }, note: 'x' }),
    ).toEqual({
      caseId: 'c1',
      person: { name: '[redacted]', idNumber: '[redacted]', phone: '[redacted]' },
      note: 'x',
    });
  });

  it('writes one JSON line per entry with nothing personal in it', () => {
    const lines: string[] = [];
    const log = new JsonLogger('test', 'info', { write: (l) => lines.push(l) });
    log.write('info', 'intake for 11010519491231002X', { body: { name: '李四', address: '某村1号' } });
    log.debug('hidden at info level');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({
      level: 'info',
      service: 'test',
      msg: 'intake for 1101**********002X',
      body: '[redacted]',
    });
    expect(lines[0]).not.toMatch(/李四|某村|19491231/);
  });
});
