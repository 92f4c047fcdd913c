import { createLogger } from './logger';
import { findPersonalData } from './personal-data-scan';

describe('personal-data scan of logs', () => {
  const known = { idNumbers: ['11010519491231002X'], names: ['王秀英'], phones: ['13812345678'], addresses: ['平阴县榆山街道1号'] };

  it.each([
    ['an unmasked ID number of anyone', '{"msg":"intake 440524188001010014"}', 'id-number'],
    ['a known ID number', '{"id":"11010519491231002X"}', 'id-number'],
    ['an unmasked mobile number', '{"msg":"call 13900001111"}', 'phone'],
    ['a known name', '{"msg":"case of 王秀英 accepted"}', 'name'],
    ['a known address', '{"detail":"平阴县榆山街道1号"}', 'address'],
  ])('finds %s', (_what, text, kind) => {
    expect(findPersonalData(text, known).map((f) => f.kind)).toContain(kind);
  });

  it('finds nothing in masked or unrelated lines', () => {
    const text = [
      '{"msg":"intake 1101**********002X"}',
      '{"msg":"call 138****5678"}',
      '{"case":"HA-2026-000123","ms":1500}',
      '{"req":{"id":"b4d463e1-4b26-4e30-a2c0-14136344075c"}}',
    ].join('\n');
    expect(findPersonalData(text, known)).toEqual([]);
  });

  it('finds nothing in what the project logger writes about a person', () => {
    const lines: string[] = [];
    const log = createLogger('scan', 'info', { write: (l: string) => void lines.push(l) });
    log.info(
      { person: { name: '王秀英', idNumber: '11010519491231002X' }, phone: '13812345678', err: new Error('dup 11010519491231002X') },
      'intake for 11010519491231002X, phone 13812345678',
    );
    expect(lines).toHaveLength(1);
    expect(findPersonalData(lines.join('\n'), known)).toEqual([]);
  });
});
