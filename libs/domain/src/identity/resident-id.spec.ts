import { addDays, daysBetween } from '../dates';
import {
  type ResidentIdErrorCode,
  buildResidentId,
  maskName,
  maskPhone,
  maskResidentId,
  parseResidentId,
  residentIdCheckCharacter,
} from './resident-id';

describe('parseResidentId: valid numbers', () => {
  it.each([
    // The standard's own examples.
    ['11010519491231002X', '11010519491231002X', '110105', '1949-12-31', '002', 'female'],
    ['440524188001010014', '440524188001010014', '440524', '1880-01-01', '001', 'male'],
    // Lower-case x is accepted and normalised; surrounding whitespace is ignored.
    ['11010519491231002x', '11010519491231002X', '110105', '1949-12-31', '002', 'female'],
    [' 440524188001010014\n', '440524188001010014', '440524', '1880-01-01', '001', 'male'],
    // 29 February in a leap year.
    [buildResidentId('370124', '2000-02-29', 17), buildResidentId('370124', '2000-02-29', 17), '370124', '2000-02-29', '017', 'male'],
  ])('%p is valid', (raw, id, addressCode, birthDate, sequence, sex) => {
    expect(parseResidentId(raw)).toEqual({
      ok: true,
      value: { id, addressCode, birthDate, sequence, sex },
    });
  });
});

describe('parseResidentId: rejections', () => {
  // Numbers with a wrong birth date get a correct check character, so only the date is wrong.
  const withCheck = (first17: string): string => first17 + residentIdCheckCharacter(first17);

  it.each<[string, string, ResidentIdErrorCode]>([
    ['wrong check character', '110105194912310021', 'CHECK_CHARACTER'],
    ['wrong check character (digit)', '440524188001010015', 'CHECK_CHARACTER'],
    ['X where a digit is due', '44052418800101001X', 'CHECK_CHARACTER'],
    ['one digit mistyped', '11010519491231012X', 'CHECK_CHARACTER'],
    ['empty', '', 'LENGTH'],
    ['17 characters', '11010519491231002', 'LENGTH'],
    ['19 characters', '11010519491231002X1', 'LENGTH'],
    ['first-generation 15 digits', '110105491231002', 'LENGTH'],
    ['a letter in the digits', '1101051949123100AX', 'FORMAT'],
    ['X not at the end', '1101051949X231002X', 'FORMAT'],
    ['spaces inside', '110105 1949123100X', 'FORMAT'],
    ['full-width digits', '１１０１０５１９４９１２３１００２X', 'FORMAT'],
    ['check character Y', '11010519491231002Y', 'FORMAT'],
    ['30 February', withCheck('11010519490230002'), 'BIRTH_DATE_INVALID'],
    ['29 February in a non-leap year', withCheck('11010519490229002'), 'BIRTH_DATE_INVALID'],
    ['29 February 1900 (not a leap year)', withCheck('11010519000229002'), 'BIRTH_DATE_INVALID'],
    ['month 13', withCheck('11010519491301002'), 'BIRTH_DATE_INVALID'],
    ['day 00', withCheck('11010519491200002'), 'BIRTH_DATE_INVALID'],
    ['year 0000', withCheck('11010500000101002'), 'BIRTH_DATE_INVALID'],
  ])('%s → %s', (_label, raw, code) => {
    const r = parseResidentId(raw);
    expect(r).toMatchObject({ ok: false, code });
    if (!r.ok) {
      // Chinese: an officer reads it beside the field.
      expect(r.message).toMatch(/^身份证号码/);
      // Messages must not echo the number.
      if (raw.trim().length >= 6) expect(r.message).not.toContain(raw.trim().slice(0, 6));
      expect(r.message).not.toMatch(/\d{4}/);
    }
  });

  it('rejects a non-string defensively', () => {
    expect(parseResidentId(undefined as unknown as string)).toMatchObject({
      ok: false,
      code: 'LENGTH',
    });
  });
});

describe('parseResidentId: what the officer reads', () => {
  const withCheck = (first17: string): string => first17 + residentIdCheckCharacter(first17);
  it.each<[ResidentIdErrorCode, string, string | undefined, string]>([
    ['LENGTH', '11010519491231002', undefined, '身份证号码应为 18 位'],
    ['FORMAT', '1101051949123100AX', undefined, '身份证号码应为 17 位数字加 1 位数字或 X'],
    ['BIRTH_DATE_INVALID', withCheck('11010519490230002'), undefined, '身份证号码中的出生日期不存在,请核对号码'],
    ['BIRTH_DATE_IN_FUTURE', buildResidentId('370124', '2026-05-02', 2), '2026-05-01', '身份证号码中的出生日期晚于今天,请核对号码'],
    ['CHECK_CHARACTER', '110105194912310021', undefined, '身份证号码校验码不符,请核对号码'],
  ])('%s → %s', (code, raw, today, message) => {
    expect(parseResidentId(raw, today)).toEqual({ ok: false, code, message });
  });
});

describe('parseResidentId: birth date in the future', () => {
  const today = '2026-05-01';
  it.each([
    ['born tomorrow', buildResidentId('370124', '2026-05-02', 2), today, 'BIRTH_DATE_IN_FUTURE'],
    ['born next year', buildResidentId('370124', '2027-01-01', 2), today, 'BIRTH_DATE_IN_FUTURE'],
    ['born today', buildResidentId('370124', '2026-05-01', 2), today, null],
    ['born yesterday', buildResidentId('370124', '2026-04-30', 2), today, null],
    ['no today given: check skipped', buildResidentId('370124', '2099-01-01', 2), undefined, null],
  ])('%s', (_label, raw, on, code) => {
    const r = parseResidentId(raw, on);
    if (code === null) expect(r.ok).toBe(true);
    else expect(r).toMatchObject({ ok: false, code });
  });
});

describe('residentIdCheckCharacter', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
  ])('%s → %s', (first17, check) => {
    expect(residentIdCheckCharacter(first17)).toBe(check);
  });

  it.each([['1101051949123100'], ['110105194912310021'], ['1101051949123100X'], ['']])('rejects %p', (input) => {
    expect(() => residentIdCheckCharacter(input)).toThrow(RangeError);
  });
});

describe('buildResidentId', () => {
  it('round-trips through parseResidentId for many dates, sequences and address codes', () => {
    const addressCodes = ['370124', '110105', '440524', '650102'];
    const first = '1900-01-01';
    const span = daysBetween(first, '2026-12-31');
    const checkCharactersSeen = new Set<string>();
    const failures: string[] = [];
    let count = 0;
    for (let d = 0; d <= span; d += 13) {
      const birthDate = addDays(first, d);
      const sequenceNumber = d % 1000;
      const addressCode = addressCodes[d % addressCodes.length];
      const id = buildResidentId(addressCode, birthDate, sequenceNumber);
      checkCharactersSeen.add(id[17]);
      const r = parseResidentId(id);
      const ok =
        r.ok &&
        r.value.id === id &&
        r.value.birthDate === birthDate &&
        r.value.addressCode === addressCode &&
        Number(r.value.sequence) === sequenceNumber &&
        r.value.sex === (sequenceNumber % 2 === 1 ? 'male' : 'female');
      if (!ok) failures.push(`${addressCode} ${birthDate} ${sequenceNumber}`);
      count++;
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(3500);
    expect([...checkCharactersSeen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });

  it.each([
    ['370124', '1950-01-01', 123, '370124195001011231'], // sum 198, 198 mod 11 = 0 → '1'
    ['110105', '1949-12-31', 2, '11010519491231002X'],
    ['440524', '1880-01-01', 1, '440524188001010014'],
  ])('buildResidentId(%s, %s, %i) = %s', (addressCode, birthDate, seq, expected) => {
    expect(buildResidentId(addressCode, birthDate, seq)).toBe(expected);
  });

  it.each<[string, string, number]>([
    ['37012', '1950-01-01', 1],
    ['37012A', '1950-01-01', 1],
    ['370124', '1950-02-30', 1],
    ['370124', '19500101', 1],
    ['370124', '1950-01-01', -1],
    ['370124', '1950-01-01', 1000],
    ['370124', '1950-01-01', 1.5],
  ])('rejects (%p, %p, %p)', (addressCode, birthDate, seq) => {
    expect(() => buildResidentId(addressCode, birthDate, seq)).toThrow(RangeError);
  });
});

describe('masking', () => {
  it.each([
    ['370124195001011234', '3701**********1234'],
    ['37012419500101123X', '3701**********123X'],
    ['370124500101123', '3701*******1123'], // 15-digit legacy number
    ['12345678', '********'],
    ['', ''],
  ])('maskResidentId(%p) = %p', (id, masked) => {
    expect(maskResidentId(id)).toBe(masked);
  });

  it.each([
    ['张三丰', '张**'],
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['张', '张'],
    ['𠀀三', '𠀀*'], // a character outside the BMP counts once
    ['', ''],
  ])('maskName(%p) = %p', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it.each([
    ['13812345678', '138****5678'],
    ['053187654321', '053*****4321'],
    ['1234567', '*******'],
    ['', ''],
  ])('maskPhone(%p) = %p', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});
