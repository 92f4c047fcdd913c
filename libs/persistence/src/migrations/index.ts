import { Foundation1763800000000 } from './1763800000000-Foundation';
import { Entitlements1763850000000 } from './1763850000000-Entitlements';
import { InboxIndexes1763900000000 } from './1763900000000-InboxIndexes';
import { HardshipRoster1764000000000 } from './1764000000000-HardshipRoster';
import { CareHomes1764100000000 } from './1764100000000-CareHomes';
import { AssessmentScales1764200000000 } from './1764200000000-AssessmentScales';
import { CalendarRecount1764300000000 } from './1764300000000-CalendarRecount';
import { Reconciliation1764400000000 } from './1764400000000-Reconciliation';
import { NeedsAttention1764411000000 } from './1764411000000-NeedsAttention';
import { Payroll1764412000000 } from './1764412000000-Payroll';
import { Hardening1764450000000 } from './1764450000000-Hardening';
import { SavedViews1764800000000 } from './1764800000000-SavedViews';
import { SharedLoginLockout1764900000000 } from './1764900000000-SharedLoginLockout';
import { PayrollBanks1765012000000 } from './1765012000000-PayrollBanks';
import { FanOutOutbox1765050000000 } from './1765050000000-FanOutOutbox';
import { PendingDecisions1765100000000 } from './1765100000000-PendingDecisions';
import { CareHomeAdmin1765110000000 } from './1765110000000-CareHomeAdmin';
import { RefusalPending1765230000000 } from './1765230000000-RefusalPending';
import { PayrollLedgerLocality1765300000000 } from './1765300000000-PayrollLedgerLocality';

/** Every migration, in order. Listed explicitly so bundled builds need no file globbing. */
export const MIGRATIONS = [
  Foundation1763800000000,
  Entitlements1763850000000,
  InboxIndexes1763900000000,
  HardshipRoster1764000000000,
  CareHomes1764100000000,
  AssessmentScales1764200000000,
  CalendarRecount1764300000000,
  Reconciliation1764400000000,
  NeedsAttention1764411000000,
  Payroll1764412000000,
  Hardening1764450000000,
  SavedViews1764800000000,
  SharedLoginLockout1764900000000,
  PayrollBanks1765012000000,
  FanOutOutbox1765050000000,
  PendingDecisions1765100000000,
  CareHomeAdmin1765110000000,
  RefusalPending1765230000000,
  PayrollLedgerLocality1765300000000,
];
