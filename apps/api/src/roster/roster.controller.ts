import { Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/contracts';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidParam } from '../common/uuid.pipe';
import { CsvBody, CSV_MAX_BYTES } from './csv-body.middleware';
import { ImportRosterQuery, ListImportsQuery, RosterImportReportView, SearchRosterQuery } from './roster.dto';
import { ROSTER_MAX_ROWS, RosterService } from './roster.service';
import { RosterImportPageView, RosterSpellPageView, RosterSpellView } from './roster.views';

const IMPORTERS = ['township_officer', 'county_officer', 'admin'] as const;
const READERS = ['township_officer', 'county_officer', 'supervisor', 'admin'] as const;

const CSV_EXAMPLE = [
  '身份证号,姓名,类别,区划代码,纳入日期,退出日期',
  '370124195003150219,测试老人甲,低保,370124001001,2020-01-01,',
  '370124194407080320,测试老人乙,特困,370124100,2019/6/1,2025-06-30',
].join('\n');

@ApiTags('roster')
@ApiBearerAuth()
@Controller('roster')
export class RosterController {
  constructor(private readonly roster: RosterService) {}

  @Post('import')
  @Roles(...IMPORTERS)
  @ApiOperation({
    summary: 'Import a hardship roster file (困难群众名单: 低保/特困/低收入). The body is the CSV file itself.',
    description:
      `Send the file as the request body with Content-Type: text/csv (UTF-8; a GBK file from Excel with "text/csv; charset=gb18030"). ` +
      `At most ${CSV_MAX_BYTES / 1024 / 1024} MB (else 413) and ${ROSTER_MAX_ROWS} data rows (else 400). ` +
      'Header row: id_number,name,category,region_code,entered_on,left_on or 身份证号,姓名,类别,区划代码,纳入日期,退出日期 (any order; left_on optional; ' +
      'other columns ignored). Categories: 低保/特困/低收入 or dibao/tekun/dishouru. Dates year first (2024-03-01, 2024/3/1, 20240301). ' +
      'Valid rows are upserted by (id_number, category, entered_on): name, region and exit date are updated. Every other row is reported ' +
      'with its line number and field; rows for regions outside yours are errors. The report is kept: GET /api/roster/imports/{importId}.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: CSV_EXAMPLE } })
  @ApiResponse({ status: 201, type: RosterImportReportView })
  @ApiResponse({ status: 400, description: 'Unusable file (no header, missing column, too many rows, not UTF-8): nothing imported.' })
  @ApiResponse({ status: 413, description: 'File larger than 5 MB.' })
  @ApiResponse({ status: 415, description: 'Body not sent as text/csv.' })
  import(@CurrentActor() actor: Actor, @CsvBody() csv: string, @Query() q: ImportRosterQuery) {
    return this.roster.importCsv(actor, csv, q.filename ?? null);
  }

  @Get('imports')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Roster import reports made within your region, newest first (counts only).' })
  @ApiOkResponse({ type: RosterImportPageView })
  imports(@CurrentActor() actor: Actor, @Query() q: ListImportsQuery) {
    return this.roster.imports(actor, q);
  }

  @Get('imports/:id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One import report with every row error. 404 outside your region.' })
  @ApiOkResponse({ type: RosterImportReportView })
  report(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string) {
    return this.roster.report(actor, id);
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary: 'Search roster spells in your region. ID numbers and names are masked; idNumber matches exactly.',
  })
  @ApiOkResponse({ type: RosterSpellPageView })
  search(@CurrentActor() actor: Actor, @Query() q: SearchRosterQuery) {
    return this.roster.search(actor, q);
  }

  @Get('person/:idNumber')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'All roster spells of one person within your region, oldest first ([] if none). 400 if the ID number is invalid.',
  })
  @ApiParam({ name: 'idNumber', example: '370124195003150219' })
  @ApiOkResponse({ type: [RosterSpellView] })
  person(@CurrentActor() actor: Actor, @Param('idNumber') idNumber: string) {
    return this.roster.person(actor, idNumber);
  }
}
