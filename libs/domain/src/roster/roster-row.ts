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
import { type RosterRowErrorCode, type RosterRowErrorParams, residentIdRowErrorCode, rosterRowErrorMessage } from './roster-row-errors';

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
  /** Stable: what the console and saved reports key on. */
  code: RosterRowErrorCode;
  /** In Chinese, for the officer who uploaded the file. */
  message: string;
}

/** A row error with its Chinese message. */
export function rosterRowError(
  row: number,
  field: RosterColumn | 'row',
  code: RosterRowErrorCode,
  params?: RosterRowErrorParams,
): RosterRowError {
  return { row, field, code, message: rosterRowErrorMessage(code, params) };
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
  const err = (field: RosterColumn, code: RosterRowErrorCode, params?: RosterRowErrorParams) =>
    errors.push(rosterRowError(row, field, code, params));
  const cell = (c: RosterColumn) => (values[c] ?? '').trim();

  let idNumber: string | null = null;
  let birthDate: BusinessDate | null = null;
  const rawId = cell('id_number');
  if (rawId === '') err('id_number', 'ID_NUMBER_REQUIRED');
  else {
    const id = parseResidentId(rawId, today);
    if (id.ok) {
      idNumber = id.value.id;
      birthDate = id.value.birthDate;
    } else err('id_number', residentIdRowErrorCode(id.code));
  }

  const name = cell('name');
  if (name === '') err('name', 'NAME_REQUIRED');
  else if (Array.from(name).length > ROSTER_NAME_MAX_LENGTH) err('name', 'NAME_TOO_LONG', { max: ROSTER_NAME_MAX_LENGTH });
  // eslint-disable-next-line no-control-regex
  else if (/[\u0000-\u001f\u007f]/.test(name)) err('name', 'NAME_CONTROL_CHARACTERS');
  // Registered names never contain digits; one that does is usually a shifted column.
  else if (/[0-9０-９]/.test(name)) err('name', 'NAME_HAS_DIGITS');

  const rawCategory = cell('category');
  const category = rawCategory === '' ? null : parseRosterCategory(rawCategory);
  if (rawCategory === '') err('category', 'CATEGORY_REQUIRED');
  else if (category === null) err('category', 'CATEGORY_UNKNOWN');

  const regionCode = cell('region_code');
  if (regionCode === '') err('region_code', 'REGION_REQUIRED');
  else if (!/^\d{9}(\d{3})?$/.test(regionCode)) err('region_code', 'REGION_FORMAT');

  const rawEntered = cell('entered_on');
  const enteredOn = rawEntered === '' ? null : parseRosterDate(rawEntered);
  if (rawEntered === '') err('entered_on', 'ENTERED_ON_REQUIRED');
  else if (enteredOn === null) err('entered_on', 'ENTERED_ON_INVALID');
  else if (compareDates(enteredOn, today) > 0) err('entered_on', 'ENTERED_ON_IN_FUTURE');
  else if (birthDate !== null && compareDates(enteredOn, birthDate) < 0) err('entered_on', 'ENTERED_ON_BEFORE_BIRTH');

  const rawLeft = cell('left_on');
  const leftOn = rawLeft === '' ? null : parseRosterDate(rawLeft);
  if (rawLeft !== '' && leftOn === null) err('left_on', 'LEFT_ON_INVALID');
  else if (leftOn !== null && enteredOn !== null && compareDates(leftOn, enteredOn) < 0) err('left_on', 'LEFT_ON_BEFORE_ENTERED_ON');

  if (errors.length > 0 || idNumber === null || category === null || enteredOn === null) {
    return { ok: false, errors };
  }
  return { ok: true, value: { row, idNumber, name, category, regionCode, enteredOn, leftOn } };
}
