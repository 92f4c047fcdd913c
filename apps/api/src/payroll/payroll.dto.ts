import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { BANK_CODE_PATTERN, BANK_FILE_FIELDS, BANK_RETURN_FIELDS, type BankFileField, type BankReturnField } from '@app/domain/payroll';
import { PageQuery } from '../common/page-query.dto';
import { FIELD_PATTERNS_ZH } from '@app/contracts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const COUNTY = /^\d{6}$/;

export class PayrollMonthQuery {
  @ApiProperty({ example: '370124', description: 'County code (6 digits).' })
  @Matches(COUNTY, { message: FIELD_PATTERNS_ZH.countyCode })
  countyCode!: string;

  @ApiProperty({ example: '2026-05', description: 'Month paid, YYYY-MM.' })
  @Matches(MONTH, { message: FIELD_PATTERNS_ZH.month })
  month!: string;
}

export class StartPayrollRunDto extends PayrollMonthQuery {}

export class CountyParam {
  @ApiProperty({ example: '370124', description: 'County code (6 digits).' })
  @Matches(COUNTY, { message: FIELD_PATTERNS_ZH.countyCode })
  countyCode!: string;
}

export class ListPayrollRunsQuery extends PageQuery {
  @ApiPropertyOptional({ example: '370124' }) @IsOptional() @Matches(COUNTY, { message: FIELD_PATTERNS_ZH.countyCode }) countyCode?: string;
  @ApiPropertyOptional({ example: '2026-05' }) @IsOptional() @Matches(MONTH, { message: FIELD_PATTERNS_ZH.month }) month?: string;
  @ApiPropertyOptional({ enum: ['computing', 'draft', 'submitted', 'approved', 'released', 'reconciled', 'cancelled'] })
  @IsOptional()
  @IsIn(['computing', 'draft', 'submitted', 'approved', 'released', 'reconciled', 'cancelled'])
  status?: string;
}

export class PayrollActionDto {
  @ApiPropertyOptional({ example: '护理补贴金额与评估结果不符,请核对', description: 'Required to return or cancel.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class BankFileQuery {
  @ApiPropertyOptional({ example: 'PSBC', description: "A bank code of the run's settings; left out: the default mapping." })
  @IsOptional()
  @Matches(BANK_CODE_PATTERN, { message: FIELD_PATTERNS_ZH.bankCode })
  bank?: string;
}

export class ImportReturnsQuery extends BankFileQuery {
  @ApiPropertyOptional({ example: 'bank-return-2026-05.csv' }) @IsOptional() @IsString() @MaxLength(200) filename?: string;
}

export class SetBankAccountDto {
  @ApiProperty({ example: '6217001234567890123', description: '一卡通/社保卡账号, 12–30 digits.' })
  @IsString()
  @MaxLength(40)
  accountNo!: string;

  @ApiProperty({ example: '平阴县农村商业银行' })
  @IsString()
  @MaxLength(60)
  bankName!: string;

  @ApiPropertyOptional({
    example: 'RCB',
    description:
      "开户行 as a bank code of the county's payroll settings (its file columns); left out: the listed bank named bankName, else the default.",
  })
  @IsOptional()
  @Matches(BANK_CODE_PATTERN, { message: FIELD_PATTERNS_ZH.bankCode })
  bankCode?: string;
}

export class PayrollTotalView {
  @ApiProperty() townshipCode!: string;
  @ApiPropertyOptional({ nullable: true }) townshipName!: string | null;
  @ApiProperty({ enum: ['hardship-allowance', 'care-allowance', 'dispersed-support'] }) sourceKind!: string;
  @ApiProperty({ enum: ['regular', 'arrears', 'recovery'] }) kind!: string;
  @ApiProperty({ enum: ['payable', 'offset', 'receivable'] }) settlement!: string;
  @ApiProperty() lines!: number;
  @ApiProperty({ description: 'Integer fen.' }) amountFen!: number;
}

export class PayrollLineView {
  @ApiProperty() sourceKind!: string;
  @ApiProperty() sourceId!: string;
  @ApiProperty() personId!: string;
  @ApiProperty({ example: '刘*' }) nameMasked!: string;
  @ApiProperty({ example: '3701**********123X' }) idNumberMasked!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() periodMonth!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() amountFen!: number;
  @ApiProperty({
    description:
      "payable, offset or receivable; 'held': 补发 owed for a failed credit, not paid until the account is corrected (the reason is in why).",
  })
  settlement!: string;
  @ApiProperty({
    type: [String],
    description:
      'Why the line is listed: first-payment, last-payment, amount-changed, arrears, recovery, awaiting-account, no-bank-account.',
  })
  flags!: string[];
  @ApiProperty() why!: string;
}

export class PayrollPreviewView {
  @ApiProperty() countyCode!: string;
  @ApiProperty() month!: string;
  @ApiProperty() lines!: number;
  @ApiProperty() amountFen!: number;
  @ApiProperty({ type: [PayrollTotalView] }) totals!: PayrollTotalView[];
  @ApiProperty({ type: [PayrollLineView], description: "Flagged lines, as the run's exceptions list (first 200)." })
  exceptions!: PayrollLineView[];
}

export class PayrollFileView {
  @ApiProperty() townshipCode!: string;
  @ApiProperty({ description: "The bank's code ('' = the county's default mapping)." }) bankCode!: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '邮储银行' }) bankName!: string | null;
  @ApiProperty({ enum: ['xlsx', 'csv-utf8', 'csv-gbk'] }) format!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty() rows!: number;
  @ApiProperty() totalFen!: number;
}

export class PayrollRunView {
  @ApiProperty() id!: string;
  @ApiProperty() runNo!: string;
  @ApiProperty() countyCode!: string;
  @ApiProperty() month!: string;
  @ApiProperty({ enum: ['computing', 'draft', 'submitted', 'approved', 'released', 'reconciled', 'cancelled'] }) status!: string;
  @ApiProperty() statusLabel!: string;
  @ApiProperty() firstPayrollMonth!: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Who started the run by hand (null: the Schedule).' }) startedBy!:
    string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '县民政局 李审核' }) startedByName!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The preparer: who submitted the run for approval.' }) preparedBy!:
    string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) preparedByName!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) approvedBy!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) approvedByName!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) releasedBy!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) releasedByName!: string | null;
  @ApiProperty() pagesDone!: number;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class PayrollRunDetailView extends PayrollRunView {
  @ApiProperty() lines!: number;
  @ApiProperty() amountFen!: number;
  @ApiProperty({ type: [PayrollTotalView] }) totals!: PayrollTotalView[];
  @ApiProperty({ type: [PayrollFileView] }) files!: PayrollFileView[];
  @ApiProperty({ description: 'Payments without a bank answer yet.' }) unsettledPayments!: number;
}

export class PayrollRunListView {
  @ApiProperty({ type: [PayrollRunView] }) items!: PayrollRunView[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class PayrollExceptionsView {
  @ApiProperty({ type: [PayrollLineView] }) items!: PayrollLineView[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class ReturnRowReportView {
  @ApiProperty() rowNumber!: number;
  @ApiProperty({ enum: ['paid', 'failed', 'unknown', 'duplicate', 'mismatched', 'already-settled', 'unreadable'] }) outcome!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() reason!: string;
}

export class ReturnImportView {
  @ApiProperty() importId!: string;
  @ApiProperty() runId!: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The bank whose file this answered (null: every payment).' })
  bankCode!: string | null;
  @ApiProperty({ description: 'Rows per outcome.' }) counts!: Record<string, number>;
  @ApiProperty({ type: [ReturnRowReportView] }) rows!: ReturnRowReportView[];
  @ApiProperty() runStatus!: string;
}

export class PaymentHistoryItemView {
  @ApiProperty() runId!: string;
  @ApiProperty() runNo!: string;
  @ApiProperty() runMonth!: string;
  @ApiProperty() runStatus!: string;
  @ApiProperty() sourceKind!: string;
  @ApiProperty() periodMonth!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() amountFen!: number;
  @ApiProperty() settlement!: string;
  @ApiProperty() rule!: string;
  @ApiPropertyOptional({ nullable: true }) policyVersion!: number | null;
  @ApiProperty({ description: 'Why this amount for this month.' }) why!: string;
  @ApiPropertyOptional({ nullable: true }) reference!: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['paid', 'failed'] }) bankOutcome!: string | null;
  @ApiPropertyOptional({ nullable: true }) bankReason!: string | null;
  @ApiPropertyOptional({ nullable: true, example: '6217***********0123' }) accountMasked!: string | null;
}

export class PaymentHistoryView {
  @ApiProperty() personId!: string;
  @ApiProperty({ type: [PaymentHistoryItemView] }) items!: PaymentHistoryItemView[];
}

export class BankAccountView {
  @ApiProperty() personId!: string;
  @ApiProperty() accountId!: string;
  @ApiProperty({ example: '6217***********0123' }) accountMasked!: string;
  @ApiProperty() bankName!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) bankCode!: string | null;
}

export class PayrollScheduleDto {
  @ApiProperty({ minimum: 1, maximum: 28, example: 10, description: 'Day of month (1–28: every month has it).' })
  @IsInt()
  @Min(1)
  @Max(28)
  dayOfMonth!: number;

  @ApiProperty({ minimum: 0, maximum: 23, example: 9, description: 'Hour, Asia/Shanghai.' })
  @IsInt()
  @Min(0)
  @Max(23)
  hour!: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 59, default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(59)
  minute?: number;
}

export class BankFileColumnDto {
  @ApiProperty({ example: '一卡通/社保卡账号' }) @IsString() @Length(1, 40) header!: string;
  @ApiProperty({ enum: BANK_FILE_FIELDS }) @IsIn(BANK_FILE_FIELDS) field!: BankFileField;
}

export class BankReturnColumnDto {
  @ApiProperty({ example: '业务流水号' }) @IsString() @Length(1, 40) header!: string;
  @ApiProperty({ enum: BANK_RETURN_FIELDS }) @IsIn(BANK_RETURN_FIELDS) field!: BankReturnField;
}

export class BankFileSettingsDto {
  @ApiProperty({ type: [BankFileColumnDto], description: "The disbursement file's columns, in the bank's order." })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => BankFileColumnDto)
  columns!: BankFileColumnDto[];

  @ApiProperty({ enum: ['utf-8', 'gbk'], isArray: true, description: 'CSV encodings exported besides the XLSX.' })
  @IsArray()
  @ArrayMaxSize(2)
  @IsIn(['utf-8', 'gbk'], { each: true })
  csvEncodings!: ('utf-8' | 'gbk')[];
}

export class BankReturnSettingsDto {
  @ApiProperty({ type: [BankReturnColumnDto], description: "The return file's columns (found by header, in any order)." })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => BankReturnColumnDto)
  columns!: BankReturnColumnDto[];

  @ApiProperty({ type: [String], example: ['成功', '已入账'], description: 'Values of the result column that mean the credit succeeded.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  successValues!: string[];
}

export class BankSettingsDto {
  @ApiProperty({ example: 'PSBC' }) @Matches(BANK_CODE_PATTERN, { message: FIELD_PATTERNS_ZH.bankCode }) code!: string;
  @ApiProperty({ example: '邮储银行' }) @IsString() @Length(1, 60) name!: string;
  @ApiPropertyOptional({ type: BankFileSettingsDto, description: "This bank's file columns; left out: the county's." })
  @IsOptional()
  @ValidateNested()
  @Type(() => BankFileSettingsDto)
  bankFile?: BankFileSettingsDto;
  @ApiPropertyOptional({ type: BankReturnSettingsDto, description: "This bank's return columns; left out: the county's." })
  @IsOptional()
  @ValidateNested()
  @Type(() => BankReturnSettingsDto)
  bankReturn?: BankReturnSettingsDto;
}

/** What a county may change; anything left out keeps its current value. */
export class UpdatePayrollSettingsDto {
  @ApiPropertyOptional({ type: PayrollScheduleDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PayrollScheduleDto)
  schedule?: PayrollScheduleDto;
  @ApiPropertyOptional({ type: BankFileSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BankFileSettingsDto)
  bankFile?: BankFileSettingsDto;
  @ApiPropertyOptional({ type: BankReturnSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BankReturnSettingsDto)
  bankReturn?: BankReturnSettingsDto;
  @ApiPropertyOptional({
    type: [BankSettingsDto],
    description: 'The banks elders are paid through, by code, each with its own columns where they differ (the whole list is replaced).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => BankSettingsDto)
  banks?: BankSettingsDto[];
  @ApiPropertyOptional({ minimum: 0, maximum: 60, description: 'How many months back arrears and recoveries reach.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60)
  lookbackMonths?: number;
  @ApiPropertyOptional({ enum: ['offset', 'receivable'] }) @IsOptional() @IsIn(['offset', 'receivable']) recovery?: 'offset' | 'receivable';
}

export class PayrollScheduleView {
  @ApiProperty() dayOfMonth!: number;
  @ApiProperty() hour!: number;
  @ApiProperty() minute!: number;
  @ApiProperty({ example: 'Asia/Shanghai' }) timezone!: string;
}

export class PayrollSettingsView {
  @ApiProperty() countyCode!: string;
  @ApiProperty({ type: PayrollScheduleView }) schedule!: PayrollScheduleView;
  @ApiProperty({ description: 'The Temporal Schedule that starts the monthly run.' }) scheduleId!: string;
  @ApiPropertyOptional({ nullable: true }) firstPayrollMonth!: string | null;
  @ApiProperty() lookbackMonths!: number;
  @ApiProperty({ enum: ['offset', 'receivable'] }) recovery!: string;
  @ApiProperty({ type: BankFileSettingsDto }) bankFile!: BankFileSettingsDto;
  @ApiProperty({ type: BankReturnSettingsDto }) bankReturn!: BankReturnSettingsDto;
  @ApiProperty({ type: [BankSettingsDto] }) banks!: BankSettingsDto[];
  @ApiProperty({ type: [String], description: 'Settings the county states itself; the rest are the defaults.' }) overridden!: string[];
  @ApiPropertyOptional({ nullable: true }) updatedAt!: Date | null;
}
