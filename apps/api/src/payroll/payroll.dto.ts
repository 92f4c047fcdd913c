import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../common/page-query.dto';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const COUNTY = /^\d{6}$/;

export class PayrollMonthQuery {
  @ApiProperty({ example: '370124', description: 'County code (6 digits).' })
  @Matches(COUNTY, { message: 'countyCode must be a 6-digit county code' })
  countyCode!: string;

  @ApiProperty({ example: '2026-05', description: 'Month paid, YYYY-MM.' })
  @Matches(MONTH, { message: 'month must be YYYY-MM' })
  month!: string;
}

export class StartPayrollRunDto extends PayrollMonthQuery {}

export class ListPayrollRunsQuery extends PageQuery {
  @ApiPropertyOptional({ example: '370124' }) @IsOptional() @Matches(COUNTY) countyCode?: string;
  @ApiPropertyOptional({ example: '2026-05' }) @IsOptional() @Matches(MONTH) month?: string;
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

export class ImportReturnsQuery {
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
  @ApiProperty() settlement!: string;
  @ApiProperty({ type: [String] }) flags!: string[];
  @ApiProperty() why!: string;
}

export class PayrollPreviewView {
  @ApiProperty() countyCode!: string;
  @ApiProperty() month!: string;
  @ApiProperty() lines!: number;
  @ApiProperty() amountFen!: number;
  @ApiProperty({ type: [PayrollTotalView] }) totals!: PayrollTotalView[];
  @ApiProperty({ type: [PayrollLineView], description: 'Lines with flags, arrears or recoveries (first 200).' })
  exceptions!: PayrollLineView[];
}

export class PayrollFileView {
  @ApiProperty() townshipCode!: string;
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
  @ApiPropertyOptional({ nullable: true }) preparedBy!: string | null;
  @ApiPropertyOptional({ nullable: true }) approvedBy!: string | null;
  @ApiPropertyOptional({ nullable: true }) releasedBy!: string | null;
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
}
