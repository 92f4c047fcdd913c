import { Body, Controller, Get, HttpCode, Param, ParseEnumPipe, Post, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor, PayrollActionName } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { PageQuery } from '../common/page-query.dto';
import { uuidParam } from '../common/uuid.pipe';
import {
  BankAccountView,
  BankFileQuery,
  CountyParam,
  ImportReturnsQuery,
  ListPayrollRunsQuery,
  PaymentHistoryView,
  PayrollActionDto,
  PayrollExceptionsView,
  PayrollMonthQuery,
  PayrollPreviewView,
  PayrollRunDetailView,
  PayrollRunListView,
  PayrollRunView,
  PayrollSettingsView,
  ReturnImportView,
  SetBankAccountDto,
  StartPayrollRunDto,
  UpdatePayrollSettingsDto,
} from './payroll.dto';
import { PayrollService } from './payroll.service';

const READERS = ['county_officer', 'supervisor', 'admin'] as const;
const OFFICERS = ['county_officer'] as const;
const SETTINGS_EDITORS = ['county_officer', 'admin'] as const;
const PERSON_READERS = ['township_officer', 'county_officer', 'supervisor', 'admin'] as const;

@ApiTags('payroll')
@ApiBearerAuth()
@Controller()
export class PayrollController {
  constructor(private readonly payroll: PayrollService) {}

  @Get('payroll/preview')
  @Roles(...READERS)
  @ApiOperation({ summary: "Preview a county's payroll for a month (totals and exceptions) without writing anything." })
  @ApiOkResponse({ type: PayrollPreviewView })
  preview(@CurrentActor() actor: Actor, @Query() q: PayrollMonthQuery) {
    return this.payroll.preview(actor, q.countyCode, q.month);
  }

  @Get('payroll/settings/:countyCode')
  @Roles(...READERS)
  @ApiOperation({ summary: "A county's payroll settings: the Schedule (day, hour, Asia/Shanghai), arrears look-back, the bank's columns." })
  @ApiOkResponse({ type: PayrollSettingsView })
  settings(@CurrentActor() actor: Actor, @Param() p: CountyParam) {
    return this.payroll.settings(actor, p.countyCode);
  }

  @Put('payroll/settings/:countyCode')
  @Roles(...SETTINGS_EDITORS)
  @ApiOperation({
    summary:
      "Change a county's payroll settings (only what is sent): validated, audited, and the county's Temporal Schedule updated. Runs already open keep the settings they opened with.",
  })
  @ApiOkResponse({ type: PayrollSettingsView })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: day 1–28, hour 0–23, a column mapping without a required field, …' })
  updateSettings(@CurrentActor() actor: Actor, @Param() p: CountyParam, @Body() dto: UpdatePayrollSettingsDto) {
    return this.payroll.updateSettings(actor, p.countyCode, dto);
  }

  @Post('payroll/runs')
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'Start the payroll run of a county and month by hand (the Schedule starts it monthly). 409 if it exists.' })
  @ApiResponse({ status: 201, type: PayrollRunView })
  start(@CurrentActor() actor: Actor, @Body() dto: StartPayrollRunDto) {
    return this.payroll.start(actor, dto.countyCode, dto.month);
  }

  @Get('payroll/runs')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Payroll runs in your region, newest month first.' })
  @ApiOkResponse({ type: PayrollRunListView })
  list(@CurrentActor() actor: Actor, @Query() q: ListPayrollRunsQuery) {
    return this.payroll.list(actor, q);
  }

  @Get('payroll/runs/:id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One run: status, totals by township, allowance and line kind, its bank files and unsettled payments.' })
  @ApiOkResponse({ type: PayrollRunDetailView })
  get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.payroll.get(actor, id);
  }

  @Get('payroll/runs/:id/exceptions')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Lines for review: first and last payments, amount changes, arrears, recoveries, no bank account (masked).' })
  @ApiOkResponse({ type: PayrollExceptionsView })
  exceptions(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Query() q: PageQuery) {
    return this.payroll.exceptions(actor, id, q.page, q.pageSize);
  }

  @Get('payroll/runs/:id/files/:township/:format')
  @Roles(...OFFICERS)
  @ApiOperation({
    summary:
      "Download a township's bank file of a released run, one per bank (?bank=code; none: the default mapping): xlsx, csv-utf8 or csv-gbk (full accounts; audited).",
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOkResponse({ description: 'The file.', schema: { type: 'string', format: 'binary' } })
  async file(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Param('township') township: string,
    @Param('format') format: string,
    @Query() q: BankFileQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    const f = await this.payroll.file(actor, id, township, format, q.bank ?? '');
    res.setHeader('Content-Type', f.contentType);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`);
    return new StreamableFile(f.content);
  }

  @Post('payroll/runs/:id/returns')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({
    summary:
      "Import the bank's return file (CSV in UTF-8 or GBK, or XLSX) as the body; a report per row. ?bank=code reads it with that bank's columns and matches that bank's payments only.",
  })
  @ApiConsumes('text/csv', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: ReturnImportView })
  importReturns(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Req() req: Request, @Query() q: ImportReturnsQuery) {
    return this.payroll.importReturns(actor, id, req.body as Buffer | undefined, q.filename ?? null, q.bank ?? null);
  }

  // Declared after the returns import so that route wins; anything but the five steps is a 400.
  @Post('payroll/runs/:id/:action')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({
    summary:
      'Review step: submit (the submitter is the preparer), return or approve (someone else), release (bank files), cancel (with a reason).',
  })
  @ApiOkResponse({ type: PayrollRunDetailView })
  @ApiResponse({ status: 403, description: 'SAME_PERSON: the approver prepared the run; ROLE_NOT_ALLOWED.' })
  @ApiResponse({ status: 409, description: 'The run is not in a state for this step.' })
  act(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Param('action', new ParseEnumPipe(['submit', 'return', 'approve', 'release', 'cancel'])) action: string,
    @Body() dto: PayrollActionDto,
  ) {
    return this.payroll.act(actor, id, action as PayrollActionName, dto.reason ?? null);
  }

  @Get('persons/:id/payments')
  @Roles(...PERSON_READERS)
  @ApiOperation({
    summary: "An elder's payment history: each month paid, by which run, how much, why, and the bank's answer (account masked).",
  })
  @ApiOkResponse({ type: PaymentHistoryView })
  payments(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.payroll.personPayments(actor, id);
  }

  @Put('persons/:id/bank-account')
  @Roles('township_officer', 'county_officer')
  @ApiOperation({ summary: "Record or correct an elder's 一卡通/social-security card account (the old one is kept; shown masked)." })
  @ApiOkResponse({ type: BankAccountView })
  setBankAccount(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: SetBankAccountDto) {
    return this.payroll.setBankAccount(actor, id, dto.accountNo, dto.bankName, dto.bankCode ?? null);
  }
}
