import { buildResidentId, residentIdCheckCharacter } from '../identity';
import { ROSTER_CATEGORY_NAMES } from '../entitlement';
import { ROSTER_CATEGORIES, ROSTER_CATEGORY_LABELS, isRosterCategory, parseRosterCategory } from './roster-category';
import { type RosterColumn, parseRosterDate, validateRosterRow } from './roster-row';
import type { RosterRowErrorCode } from './roster-row-errors';

const TODAY = '2026-11-22';
const ID = buildResidentId('370124', '1950-03-15', 21);
const good: Record<RosterColumn, string> = {
  id_number: ID,
  name: '测试老人甲',
  category: '低保',
  region_code: '370124001001',
  entered_on: '2020-01-01',
  left_on: '',
};

describe('parseRosterCategory', () => {
  it.each([
    ['dibao', 'dibao'],
    ['tekun', 'tekun'],
    ['dishouru', 'dishouru'],
    ['DiBao', 'dibao'],
    [' 低保 ', 'dibao'],
    ['特困', 'tekun'],
    ['低收入', 'dishouru'],
    ['低保户', null],
    ['dibao1', null],
    ['', null],
  ])('%p → %p', (raw, expected) => {
    expect(parseRosterCategory(raw)).toBe(expected);
  });

  it('labels agree with the entitlement rules', () => {
    expect(ROSTER_CATEGORY_LABELS).toEqual(ROSTER_CATEGORY_NAMES);
    expect(ROSTER_CATEGORIES.every(isRosterCategory)).toBe(true);
    expect(isRosterCategory('低保')).toBe(false);
  });
});

describe('parseRosterDate', () => {
  it.each([
    ['2024-03-01', '2024-03-01'],
    ['2024-3-1', '2024-03-01'],
    ['2024/3/1', '2024-03-01'],
    ['2024/03/01', '2024-03-01'],
    ['2024.3.1', '2024-03-01'],
    ['2024年3月1日', '2024-03-01'],
    ['20240301', '2024-03-01'],
    [' 2024-02-29 ', '2024-02-29'],
    ['2023-02-29', null],
    ['2024-13-01', null],
    ['2024-00-10', null],
    ['01/03/2024', null],
    ['3/1/2024', null],
    ['2024-03', null],
    ['2024-03-01T00:00', null],
    ['yesterday', null],
    ['', null],
  ])('%p → %p', (raw, expected) => {
    expect(parseRosterDate(raw)).toBe(expected);
  });
});

describe('validateRosterRow', () => {
  it('accepts a good row and normalises it', () => {
    expect(
      validateRosterRow(
        7,
        { ...good, id_number: ` ${ID} `, name: ' 测试老人甲 ', category: 'DIBAO', entered_on: '2020/1/1', left_on: '2025-6-30' },
        TODAY,
      ),
    ).toEqual({
      ok: true,
      value: {
        row: 7,
        idNumber: ID,
        name: '测试老人甲',
        category: 'dibao',
        regionCode: '370124001001',
        enteredOn: '2020-01-01',
        leftOn: '2025-06-30',
      },
    });
  });

  it('upper-cases a lower-case check character x', () => {
    const first17 = '11010519491231002';
    expect(residentIdCheckCharacter(first17)).toBe('X');
    const r = validateRosterRow(2, { ...good, id_number: `${first17}x` }, TODAY);
    expect(r.ok && r.value.idNumber).toBe(`${first17}X`);
  });

  it.each<[string, Partial<Record<RosterColumn, string>>, [RosterColumn | 'row', RosterRowErrorCode][]]>([
    ['wrong check character', { id_number: ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0') }, [['id_number', 'ID_NUMBER_CHECK_CHARACTER']]],
    ['ID of 17 characters', { id_number: ID.slice(0, 17) }, [['id_number', 'ID_NUMBER_LENGTH']]],
    ['missing ID', { id_number: '' }, [['id_number', 'ID_NUMBER_REQUIRED']]],
    ['ID born in the future', { id_number: buildResidentId('370124', '2026-12-01', 1) }, [['id_number', 'ID_NUMBER_BIRTH_DATE_IN_FUTURE']]],
    ['missing name', { name: '  ' }, [['name', 'NAME_REQUIRED']]],
    ['name too long', { name: '张'.repeat(51) }, [['name', 'NAME_TOO_LONG']]],
    ['name with a line break', { name: '张\n三' }, [['name', 'NAME_CONTROL_CHARACTERS']]],
    ['name that is a number (shifted column)', { name: ID }, [['name', 'NAME_HAS_DIGITS']]],
    ['unknown category', { category: '五保' }, [['category', 'CATEGORY_UNKNOWN']]],
    ['missing category', { category: '' }, [['category', 'CATEGORY_REQUIRED']]],
    ['county code as region', { region_code: '370124' }, [['region_code', 'REGION_FORMAT']]],
    ['region with letters', { region_code: '37012400100A' }, [['region_code', 'REGION_FORMAT']]],
    ['missing region', { region_code: '' }, [['region_code', 'REGION_REQUIRED']]],
    ['impossible entry date', { entered_on: '2023-02-29' }, [['entered_on', 'ENTERED_ON_INVALID']]],
    ['day-first entry date', { entered_on: '01/03/2024' }, [['entered_on', 'ENTERED_ON_INVALID']]],
    ['missing entry date', { entered_on: '' }, [['entered_on', 'ENTERED_ON_REQUIRED']]],
    ['entry date in the future', { entered_on: '2026-11-23' }, [['entered_on', 'ENTERED_ON_IN_FUTURE']]],
    ['entry before birth', { entered_on: '1950-03-14' }, [['entered_on', 'ENTERED_ON_BEFORE_BIRTH']]],
    ['bad exit date', { left_on: '2025-02-30' }, [['left_on', 'LEFT_ON_INVALID']]],
    ['exit before entry', { left_on: '2019-12-31' }, [['left_on', 'LEFT_ON_BEFORE_ENTERED_ON']]],
    [
      'several problems at once, each named',
      { id_number: '123', category: 'x', entered_on: 'soon' },
      [
        ['id_number', 'ID_NUMBER_LENGTH'],
        ['category', 'CATEGORY_UNKNOWN'],
        ['entered_on', 'ENTERED_ON_INVALID'],
      ],
    ],
  ])('%s', (_label, change, expected) => {
    const r = validateRosterRow(5, { ...good, ...change }, TODAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.field, e.code])).toEqual(expected);
    // Each message is the code's Chinese text.
    for (const e of r.errors) expect(e.message).toMatch(/^[\u4e00-\u9fff]/);
    expect(r.errors.every((e) => e.row === 5)).toBe(true);
    // Messages never repeat cell contents (personal data may sit in any cell).
    for (const e of r.errors) {
      expect(e.message).not.toContain(ID.slice(0, 10));
      expect(e.message).not.toContain('张');
    }
  });

  it.each([
    ['exit on the entry day', { left_on: '2020-01-01' }],
    ['exit in the future', { left_on: '2027-01-31' }],
    ['entry today', { entered_on: TODAY }],
    ['entry on the birth date', { entered_on: '1950-03-15' }],
    ['ethnic-minority name with a middle dot', { name: '阿依古丽·买买提' }],
    ['left_on column absent', { left_on: undefined }],
  ])('accepts %s', (_label, change) => {
    expect(validateRosterRow(2, { ...good, ...change }, TODAY).ok).toBe(true);
  });
});
