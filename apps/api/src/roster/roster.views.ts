import { ApiProperty, OmitType } from '@nestjs/swagger';
import { RosterImportReportView } from './roster.dto';

export class RosterImportSummaryView extends OmitType(RosterImportReportView, ['errors'] as const) {}

export class RosterImportPageView {
  @ApiProperty({ type: [RosterImportSummaryView], description: 'Reports without their error lists.' })
  items!: RosterImportSummaryView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class RosterSpellView {
  @ApiProperty() id!: string;
  @ApiProperty() idNumberMasked!: string;
  @ApiProperty() nameMasked!: string;
  @ApiProperty({ enum: ['dibao', 'tekun', 'dishouru'] }) category!: string;
  @ApiProperty({ example: '低保' }) categoryLabel!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() regionName!: string;
  @ApiProperty({ example: '2020-01-01' }) enteredOn!: string;
  @ApiProperty({ type: String, nullable: true }) leftOn!: string | null;
  @ApiProperty({ example: 'import' }) source!: string;
  @ApiProperty() updatedAt!: Date;
}

export class RosterSpellPageView {
  @ApiProperty({ type: [RosterSpellView] }) items!: RosterSpellView[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
