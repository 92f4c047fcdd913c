/**
 * Looks for personal data in log text: any resident ID number or mobile number left unmasked,
 * and any known person's name, ID number, phone or address (taken from the database the logs were
 * written against). The e2e suite runs it over its whole log at the end (global teardown).
 */
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
// Letters around the digits make it part of an identifier (a UUID's hex), not a phone number.
const PHONE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g;

export interface KnownPersonalData {
  idNumbers: string[];
  names: string[];
  phones: string[];
  addresses: string[];
}

export interface PersonalDataFinding {
  kind: 'id-number' | 'phone' | 'name' | 'address';
  /** Masked, so the report does not repeat the leak. */
  sample: string;
  line: number;
}

const mask = (s: string) => (s.length <= 2 ? `${s[0]}*` : `${s.slice(0, 2)}${'*'.repeat(Math.max(1, s.length - 2))}`);

export function findPersonalData(text: string, known: KnownPersonalData): PersonalDataFinding[] {
  const findings: PersonalDataFinding[] = [];
  const lines = text.split('\n');
  const needles: { kind: PersonalDataFinding['kind']; value: string }[] = [
    ...known.idNumbers.map((value) => ({ kind: 'id-number' as const, value })),
    ...known.phones.map((value) => ({ kind: 'phone' as const, value })),
    ...known.names.filter((n) => n.length >= 2).map((value) => ({ kind: 'name' as const, value })),
    ...known.addresses.filter((a) => a.length >= 4).map((value) => ({ kind: 'address' as const, value })),
  ];
  lines.forEach((l, i) => {
    for (const m of l.match(ID_NUMBER) ?? []) findings.push({ kind: 'id-number', sample: mask(m), line: i + 1 });
    for (const m of l.match(PHONE) ?? []) findings.push({ kind: 'phone', sample: mask(m), line: i + 1 });
    for (const n of needles) if (l.includes(n.value)) findings.push({ kind: n.kind, sample: mask(n.value), line: i + 1 });
  });
  return findings;
}
