/**
 * One roster spell as a row of an uploaded file: the checks that need nothing but the row itself.
 * Whether the region exists and lies in the uploader's region is the service's business.
 *
 * Error messages never repeat what was in a cell: a shifted column can put an ID number or a name
 * into any field, and the messages are stored in the import report and shown in lists.
 */
import { type BusinessDate, compareDates, isBusinessDate } from '../dates';
import { parseResidentId } from '../identity';
import { type RosterCategory, parseRosterCategory } from './roster-category';

/** Canonical column names; errors name fields by these, whichever header language the file used. */
export const ROSTER_COLUMNS = ['id_number', 'name', 'category', 'region_code', 'entered_on', 'left_on'] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

export interface RosterRow {
  /** Line in the file (header = 1). */
  row: number;
  /** Normalised: 18 characters, upper-case X. */
  idNumber: string;
  name: string;
  category: RosterCategory;
  /** 9-digit township or 12-digit village code. */
  regionCode: string;
  enteredOn: BusinessDate;
  /** Last day on the roster; null while still on it. */
  leftOn: BusinessDate | null;
}

export interface RosterRowError {
  row: number;
  /** A column, or 'row' for a problem with the row as a whole. */
  field: RosterColumn | 'row';
  message: string;
}

export type RosterRowResult = { ok: true; value: RosterRow } | { ok: false; errors: RosterRowError[] };

export const ROSTER_NAME_MAX_LENGTH = 50;

const DATE_FORMS: readonly RegExp[] = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];

/**
 * A date as spreadsheets write it, year first: 2024-03-01, 2024-3-1, 2024/3/1, 2024.3.1,
 * 2024年3月1日 or 20240301 → '2024-03-01'. Day-first or month-first forms are ambiguous and refused.
 */
export function parseRosterDate(raw: string): BusinessDate | null {
  const s = raw.trim();
  for (const form of DATE_FORMS) {
    const m = form.exec(s);
    if (!m) continue;
    const date = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
    return isBusinessDate(date) ? date : null;
  }
  return null;
}

/**
 * Checks one row. `today` (Asia/Shanghai) bounds the entry date: nobody is put on the roster in
 * the future. An exit date may lie ahead (an exit decided now, effective at the month's end).
 */
export function validateRosterRow(row: number, values: Partial<Record<RosterColumn, string>>, today: BusinessDate): RosterRowResult {
  const errors: RosterRowError[] = [];
  const err = (field: RosterColumn, message: string) => errors.push({ row, field, message });
  const cell = (c: RosterColumn) => (values[c] ?? '').trim();

  let idNumber: string | null = null;
  let birthDate: BusinessDate | null = null;
  const rawId = cell('id_number');
  if (rawId === '') err('id_number', 'is required.');
  else {
    const id = parseResidentId(rawId, today);
    if (id.ok) {
      idNumber = id.value.id;
      birthDate = id.value.birthDate;
    } else err('id_number', id.message);
  }

  const name = cell('name');
  if (name === '') err('name', 'is required.');
  else if (Array.from(name).length > ROSTER_NAME_MAX_LENGTH) err('name', `must be at most ${ROSTER_NAME_MAX_LENGTH} characters.`);
  // eslint-disable-next-line no-control-regex
  else if (/[\u0000-\u001f\u007f]/.test(name)) err('name', 'must be a single line of text without control characters.');
  // Registered names never contain digits; one that does is usually a shifted column.
  else if (/[0-9０-９]/.test(name)) err('name', 'must not contain digits.');

  const rawCategory = cell('category');
  const category = rawCategory === '' ? null : parseRosterCategory(rawCategory);
  if (rawCategory === '') err('category', 'is required.');
  else if (category === null) err('category', 'is not a known category; use 低保, 特困 or 低收入 (or dibao, tekun, dishouru).');

  const regionCode = cell('region_code');
  if (regionCode === '') err('region_code', 'is required.');
  else if (!/^\d{9}(\d{3})?$/.test(regionCode)) err('region_code', 'must be a 9-digit township or 12-digit village code.');

  const rawEntered = cell('entered_on');
  const enteredOn = rawEntered === '' ? null : parseRosterDate(rawEntered);
  if (rawEntered === '') err('entered_on', 'is required.');
  else if (enteredOn === null) err('entered_on', 'must be a real date, year first, e.g. 2024-03-01.');
  else if (compareDates(enteredOn, today) > 0) err('entered_on', 'is in the future.');
  else if (birthDate !== null && compareDates(enteredOn, birthDate) < 0) err('entered_on', 'is before the birth date in the ID number.');

  const rawLeft = cell('left_on');
  const leftOn = rawLeft === '' ? null : parseRosterDate(rawLeft);
  if (rawLeft !== '' && leftOn === null) err('left_on', 'must be a real date, year first, e.g. 2025-06-30, or empty.');
  else if (leftOn !== null && enteredOn !== null && compareDates(leftOn, enteredOn) < 0) err('left_on', 'is before entered_on.');

  if (errors.length > 0 || idNumber === null || category === null || enteredOn === null) {
    return { ok: false, errors };
  }
  return { ok: true, value: { row, idNumber, name, category, regionCode, enteredOn, leftOn } };
}
