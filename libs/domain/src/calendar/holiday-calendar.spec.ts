import {
  type HolidayYear,
  type HolidayYearErrorCode,
  createHolidayCalendar,
  dayKind,
  isYearLoaded,
  validateHolidayYear,
} from './holiday-calendar';

const valid2027: HolidayYear = {
  year: 2027,
  holidays: ['2027-01-02', '2027-01-01', '2027-01-03'],
  makeupWorkdays: ['2027-02-20'],
  source: '  test fixture, not the official 2027 arrangement  ',
};

describe('validateHolidayYear', () => {
  it('accepts a valid year, sorting dates and trimming the source', () => {
    expect(validateHolidayYear(valid2027)).toEqual({
      ok: true,
      value: {
        year: 2027,
        holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
        makeupWorkdays: ['2027-02-20'],
        source: 'test fixture, not the official 2027 arrangement',
      },
    });
  });

  it('accepts an empty make-up list and drops unknown fields', () => {
    const r = validateHolidayYear({ ...valid2027, makeupWorkdays: [], extra: 1 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(Object.keys(r.value).sort()).toEqual(['holidays', 'makeupWorkdays', 'source', 'year']);
  });

  it.each<[string, unknown, [field: string, code: HolidayYearErrorCode][]]>([
    ['not an object', 'x', [['', 'NOT_AN_OBJECT']]],
    ['null', null, [['', 'NOT_AN_OBJECT']]],
    ['an array', [], [['', 'NOT_AN_OBJECT']]],
    [
      'everything missing',
      {},
      [
        ['year', 'REQUIRED'],
        ['source', 'REQUIRED'],
        ['holidays', 'REQUIRED'],
        ['makeupWorkdays', 'REQUIRED'],
      ],
    ],
    ['year as a string', { ...valid2027, year: '2027' }, [['year', 'TYPE']]],
    ['fractional year', { ...valid2027, year: 2027.5 }, [['year', 'TYPE']]],
    ['five-digit year', { ...valid2027, year: 20277 }, [['year', 'YEAR_RANGE']]],
    ['blank source', { ...valid2027, source: '   ' }, [['source', 'REQUIRED']]],
    ['numeric source', { ...valid2027, source: 7 }, [['source', 'TYPE']]],
    ['holidays not a list', { ...valid2027, holidays: '2027-01-01' }, [['holidays', 'TYPE']]],
    ['no holidays at all', { ...valid2027, holidays: [] }, [['holidays', 'EMPTY']]],
    ['a date that does not exist', { ...valid2027, holidays: ['2027-01-01', '2027-02-29'] }, [['holidays[1]', 'INVALID_DATE']]],
    ['a malformed date', { ...valid2027, holidays: ['2027-1-1'] }, [['holidays[0]', 'INVALID_DATE']]],
    ['a number instead of a date', { ...valid2027, makeupWorkdays: [20270220] }, [['makeupWorkdays[0]', 'INVALID_DATE']]],
    ['a holiday in another year', { ...valid2027, holidays: ['2027-01-01', '2026-12-31'] }, [['holidays[1]', 'OUTSIDE_YEAR']]],
    ['a make-up day in another year', { ...valid2027, makeupWorkdays: ['2028-01-08'] }, [['makeupWorkdays[0]', 'OUTSIDE_YEAR']]],
    ['a duplicate holiday', { ...valid2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-01'] }, [['holidays[2]', 'DUPLICATE']]],
    ['a duplicate make-up day', { ...valid2027, makeupWorkdays: ['2027-02-20', '2027-02-20'] }, [['makeupWorkdays[1]', 'DUPLICATE']]],
    [
      'a date both holiday and make-up workday',
      { ...valid2027, holidays: ['2027-01-01', '2027-01-02'], makeupWorkdays: ['2027-01-02'] },
      [['makeupWorkdays[0]', 'HOLIDAY_AND_MAKEUP_WORKDAY']],
    ],
    [
      'a make-up workday on a weekday',
      { ...valid2027, makeupWorkdays: ['2027-02-22'] }, // Monday
      [['makeupWorkdays[0]', 'MAKEUP_WORKDAY_NOT_WEEKEND']],
    ],
  ])('rejects %s', (_label, input, expected) => {
    const r = validateHolidayYear(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => [e.field, e.code])).toEqual(expected);
      r.errors.forEach((e) => expect(e.message.length).toBeGreaterThan(0));
    }
  });
});

describe('createHolidayCalendar', () => {
  const fixture2026: HolidayYear = {
    year: 2026,
    holidays: ['2026-10-01', '2026-10-02'],
    makeupWorkdays: ['2026-10-10'],
    source: 'fixture',
  };

  it('knows which years are loaded', () => {
    const cal = createHolidayCalendar([valid2027, fixture2026]);
    expect(cal.loadedYears).toEqual([2026, 2027]);
    expect(isYearLoaded(cal, 2026)).toBe(true);
    expect(isYearLoaded(cal, 2025)).toBe(false);
    expect(cal.sources.get(2027)).toBe('test fixture, not the official 2027 arrangement');
  });

  it.each([
    ['2026-10-01', 'holiday'],
    ['2026-10-10', 'makeup-workday'], // Saturday
    ['2026-10-11', 'weekend'],
    ['2026-10-12', 'weekday'],
    ['2025-10-01', 'weekday'], // unloaded year: only the weekday guess
  ])('dayKind(%s) = %s', (date, kind) => {
    expect(dayKind(createHolidayCalendar([fixture2026]), date)).toBe(kind);
  });

  it('an empty calendar has no years', () => {
    expect(createHolidayCalendar([]).loadedYears).toEqual([]);
  });

  it('throws on a year given twice', () => {
    expect(() => createHolidayCalendar([fixture2026, fixture2026])).toThrow(RangeError);
  });

  it('throws on invalid data', () => {
    expect(() => createHolidayCalendar([{ ...fixture2026, holidays: ['2027-01-01'] }])).toThrow(/holidays\[0\]/);
  });
});
