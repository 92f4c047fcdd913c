/**
 * Citizen identity numbers (公民身份号码), GB 11643-1999: 18 characters —
 * 6-digit address code, 8-digit birth date YYYYMMDD, 3-digit sequence (odd = male, even = female),
 * and a check character (ISO 7064 MOD 11-2).
 */
import { FIELD_PATTERNS_ZH } from '@app/contracts/field-messages';
import { type BusinessDate, compareDates, isBusinessDate } from '../dates';

export type ResidentIdErrorCode = 'LENGTH' | 'FORMAT' | 'BIRTH_DATE_INVALID' | 'BIRTH_DATE_IN_FUTURE' | 'CHECK_CHARACTER';

export type Sex = 'male' | 'female';

export interface ResidentId {
  /** Normalised: 18 characters, check character 'X' upper-case. */
  id: string;
  addressCode: string;
  birthDate: BusinessDate;
  sequence: string;
  sex: Sex;
}

export type ResidentIdResult = { ok: true; value: ResidentId } | { ok: false; code: ResidentIdErrorCode; message: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'] as const;

/** The check character for the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('Expected exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

function fail(code: ResidentIdErrorCode, message: string): ResidentIdResult {
  return { ok: false, code, message };
}

/**
 * Validates an ID number typed by a user. Surrounding whitespace is ignored and a lower-case
 * 'x' is accepted. Pass `today` (a Shanghai business date) to reject birth dates in the future.
 * Messages are Chinese (an officer reads them beside the field) and never repeat the number itself
 * (they end up in API responses and logs).
 */
export function parseResidentId(raw: string, today?: BusinessDate): ResidentIdResult {
  const s = typeof raw === 'string' ? raw.trim() : '';
  if (s.length !== 18) {
    return fail('LENGTH', '身份证号码应为 18 位');
  }
  if (!/^\d{17}[\dXx]$/.test(s)) {
    return fail('FORMAT', `身份证号码${FIELD_PATTERNS_ZH.idNumber}`);
  }
  const id = s.toUpperCase();
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isBusinessDate(birthDate)) {
    return fail('BIRTH_DATE_INVALID', '身份证号码中的出生日期不存在,请核对号码');
  }
  if (today !== undefined && compareDates(birthDate, today) > 0) {
    return fail('BIRTH_DATE_IN_FUTURE', '身份证号码中的出生日期晚于今天,请核对号码');
  }
  if (residentIdCheckCharacter(id.slice(0, 17)) !== id[17]) {
    return fail('CHECK_CHARACTER', '身份证号码校验码不符,请核对号码');
  }
  const sequence = id.slice(14, 17);
  return {
    ok: true,
    value: {
      id,
      addressCode: id.slice(0, 6),
      birthDate,
      sequence,
      sex: Number(sequence) % 2 === 1 ? 'male' : 'female',
    },
  };
}

/**
 * Builds a checksum-valid number, e.g. for generated demo people.
 * `sequenceNumber` 0–999: odd for a man, even for a woman.
 */
export function buildResidentId(addressCode: string, birthDate: BusinessDate, sequenceNumber: number): string {
  if (!/^\d{6}$/.test(addressCode)) throw new RangeError('addressCode must be 6 digits');
  if (!isBusinessDate(birthDate)) throw new RangeError('birthDate must be a valid YYYY-MM-DD date');
  if (!Number.isInteger(sequenceNumber) || sequenceNumber < 0 || sequenceNumber > 999) {
    throw new RangeError('sequenceNumber must be an integer from 0 to 999');
  }
  const first17 = addressCode + birthDate.replace(/-/g, '') + String(sequenceNumber).padStart(3, '0');
  return first17 + residentIdCheckCharacter(first17);
}

/** '370124195001011234' → '3701**********1234'. Anything of 8 characters or fewer is fully masked. */
export function maskResidentId(id: string): string {
  const chars = Array.from(id);
  if (chars.length <= 8) return '*'.repeat(chars.length);
  return chars.slice(0, 4).join('') + '*'.repeat(chars.length - 8) + chars.slice(-4).join('');
}

/** '张三丰' → '张**'. Counts characters by code point, so rare characters outside the BMP count once. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/**
 * '13812345678' → '138****5678': keeps the first 3 and last 4 characters. Numbers of 7
 * characters or fewer are fully masked, since keeping 7 would reveal all of them.
 */
export function maskPhone(phone: string): string {
  const chars = Array.from(phone);
  if (chars.length <= 7) return '*'.repeat(chars.length);
  return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('');
}
