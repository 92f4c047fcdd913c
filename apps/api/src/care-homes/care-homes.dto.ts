import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { FIELD_PATTERNS_ZH } from '@app/contracts';

export const WAITING_LIST_STATUSES = ['waiting', 'offered', 'left', 'all'] as const;
export type WaitingListStatusFilter = (typeof WAITING_LIST_STATUSES)[number];

export class WaitingListQuery {
  @ApiPropertyOptional({
    enum: WAITING_LIST_STATUSES,
    default: 'waiting',
    description:
      'waiting: the list in admission order (priority category, then application date, then registration); others by registration.',
  })
  @IsOptional()
  @IsIn(WAITING_LIST_STATUSES, { message: `status must be one of: ${WAITING_LIST_STATUSES.join(', ')}` })
  status?: WaitingListStatusFilter;
}

export class LeaveTrialDto {
  @ApiProperty({ example: '老人不适应集体生活,家属接回', description: 'Why the elder leaves during the trial; recorded in the audit log.' })
  @IsString({ message: 'reason must be a string' })
  @Length(1, 1000, { message: 'reason must be 1 to 1000 characters' })
  reason!: string;
}

export const CARE_LEVELS = ['self-care', 'partial', 'cannot-self-care'] as const;
export type CareLevelValue = (typeof CARE_LEVELS)[number];

export class CreateCareHomeDto {
  @ApiProperty({ example: '孔村镇敬老院', description: '1–100 characters; unique within its region.' })
  @IsString({ message: 'name must be a string' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters long' })
  @Matches(/\S/, { message: FIELD_PATTERNS_ZH.notBlank })
  name!: string;

  @ApiProperty({
    example: '370124102',
    description: 'The region the home belongs to, within yours: county (6 digits), township (9) or village (12).',
  })
  @Matches(/^\d{6}(\d{3}){0,2}$/, { message: FIELD_PATTERNS_ZH.regionCode })
  regionCode!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '平阴县孔村镇政府街 12 号',
    description: 'Street address, up to 200 characters.',
  })
  @IsOptional()
  @IsString({ message: 'address must be a string' })
  @Length(1, 200, { message: 'address must be 1 to 200 characters long' })
  address?: string | null;

  @ApiPropertyOptional({ default: false, description: 'Beds are assigned by care level (全自理 / 半护理 / 全护理).' })
  @IsOptional()
  @IsBoolean({ message: 'tracksCareLevel must be true or false' })
  tracksCareLevel?: boolean;
}

export class UpdateCareHomeDto {
  @ApiPropertyOptional({ example: '孔村镇中心敬老院' })
  @IsOptional()
  @IsString({ message: 'name must be a string' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters long' })
  @Matches(/\S/, { message: FIELD_PATTERNS_ZH.notBlank })
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears the address.' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString({ message: 'address must be a string' })
  @Length(1, 200, { message: 'address must be 1 to 200 characters long' })
  address?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'tracksCareLevel must be true or false' })
  tracksCareLevel?: boolean;
}

export class AddBedDto {
  @ApiProperty({ example: '102-1', description: '1–40 characters; unique within the home.' })
  @IsString({ message: 'label must be a string' })
  @Length(1, 40, { message: 'label must be 1 to 40 characters long' })
  @Matches(/^\S(.*\S)?$/, { message: FIELD_PATTERNS_ZH.trimmed })
  label!: string;

  @ApiPropertyOptional({ enum: CARE_LEVELS, nullable: true, description: 'For homes that track care levels.' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsIn(CARE_LEVELS, { message: `careLevel must be one of: ${CARE_LEVELS.join(', ')}` })
  careLevel?: CareLevelValue | null;
}

export class BedServiceDto {
  @ApiPropertyOptional({ example: '房间漏水维修', description: 'Why the bed leaves service; recorded in the audit log.' })
  @IsOptional()
  @IsString({ message: 'reason must be a string' })
  @Length(1, 500, { message: 'reason must be 1 to 500 characters' })
  reason?: string;
}

class BedCountsView {
  @ApiProperty({ example: 6 })
  total!: number;
  @ApiProperty({ example: 3 })
  free!: number;
  @ApiProperty({ example: 1 })
  reserved!: number;
  @ApiProperty({ example: 2 })
  occupied!: number;
  @ApiProperty({ example: 0, description: 'Beds out of service (repairs, closed wing); counted in total, never offered.' })
  outOfService!: number;
}

class CareLevelCountsView extends BedCountsView {
  @ApiProperty({ enum: ['self-care', 'partial', 'cannot-self-care'], nullable: true, example: 'partial' })
  careLevel!: string | null;
}

export class CareHomeView {
  @ApiProperty({ example: '5b0e8a52-3f5c-4b7e-9a51-2f8d7c1e0a11' })
  id!: string;
  @ApiProperty({ example: '东阿镇敬老院' })
  name!: string;
  @ApiProperty({ example: '370124100' })
  regionCode!: string;
  @ApiProperty({ example: '东阿镇' })
  regionName!: string;
  @ApiProperty({ type: String, nullable: true, example: '平阴县东阿镇府前街 8 号' })
  address!: string | null;
  @ApiProperty({ example: true, description: 'Beds are assigned by care level (全自理 / 半护理 / 全护理).' })
  tracksCareLevel!: boolean;
  @ApiProperty({ type: BedCountsView })
  beds!: BedCountsView;
  @ApiProperty({ type: [CareLevelCountsView], nullable: true, description: 'Only for homes that track care levels.' })
  bedsByCareLevel!: CareLevelCountsView[] | null;
  @ApiProperty({ example: 2, description: 'Requests waiting on the list (入住轮候).' })
  waiting!: number;
  @ApiProperty({ example: 50, description: 'Reserved and occupied beds, % of all beds.' })
  occupancyPct!: number;
  @ApiProperty({ example: 70, description: "The policy's occupancy above which a public home keeps a waiting list." })
  waitingListThresholdPct!: number;
}

export class BedView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: '101-1' }) label!: string;
  @ApiProperty({ enum: ['self-care', 'partial', 'cannot-self-care'], nullable: true }) careLevel!: string | null;
  @ApiProperty({ enum: ['free', 'reserved', 'occupied', 'out_of_service'] }) status!: string;
  @ApiProperty({ type: String, nullable: true }) caseId!: string | null;
  @ApiProperty({ type: String, nullable: true }) caseNo!: string | null;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty({ description: 'The bed holds or once held a trial stay or an offer: it can be taken out of service, never deleted.' })
  everUsed!: boolean;
}

class MaskedApplicantView {
  @ApiProperty() idNumberMasked!: string;
  @ApiProperty() nameMasked!: string;
}

export class WaitingEntryView {
  @ApiProperty({ type: Number, nullable: true, description: 'Place in line (1 = next); waiting entries only.' }) position!: number | null;
  @ApiProperty() caseId!: string;
  @ApiProperty() caseNo!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ type: MaskedApplicantView }) applicant!: MaskedApplicantView;
  @ApiProperty({ example: 'tekun' }) priorityCategory!: string;
  @ApiProperty({ type: String, nullable: true }) careLevel!: string | null;
  @ApiProperty() appliedOn!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ enum: ['waiting', 'offered', 'left'] }) status!: string;
  @ApiProperty() joinedAt!: Date;
  @ApiProperty({ type: Date, nullable: true }) offeredAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) offeredBedLabel!: string | null;
  @ApiProperty({ type: Date, nullable: true }) leftAt!: Date | null;
}

export class WaitingListView {
  @ApiProperty() homeId!: string;
  @ApiProperty() homeName!: string;
  @ApiProperty({ type: [String], description: 'Priority categories in admission order.' }) priorityCategories!: string[];
  @ApiProperty({ type: [WaitingEntryView] }) entries!: WaitingEntryView[];
}

class RefNameView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

class TrialBedView {
  @ApiProperty() id!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ enum: ['free', 'reserved', 'occupied', 'released'] }) status!: string;
}

class TrialWaitingView {
  @ApiProperty({ enum: ['waiting', 'offered', 'left'] }) status!: string;
  @ApiProperty() joinedAt!: Date;
  @ApiProperty({ type: Date, nullable: true }) offeredAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true }) leftAt!: Date | null;
}

class SupportArrangementView {
  @ApiProperty({ example: 'centralized' }) kind!: string;
  @ApiProperty({ example: '2026-12' }) fromMonth!: string;
  @ApiProperty({ type: String, nullable: true }) toMonth!: string | null;
  @ApiProperty({ type: String, nullable: true }) homeId!: string | null;
  @ApiProperty({ type: String, nullable: true }) caseId!: string | null;
}

export class TrialStayView {
  @ApiProperty() caseId!: string;
  @ApiProperty() caseNo!: string;
  @ApiProperty() caseStatus!: string;
  @ApiProperty({ type: RefNameView, nullable: true }) careHome!: RefNameView | null;
  @ApiProperty({ type: String, nullable: true }) priorityCategory!: string | null;
  @ApiProperty({ type: String, nullable: true }) careLevel!: string | null;
  @ApiProperty({ type: TrialBedView, nullable: true }) bed!: TrialBedView | null;
  @ApiProperty({ type: Date, nullable: true }) checkedInAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true }) trialEndsAt!: Date | null;
  @ApiProperty({ type: String, nullable: true }) trialEndsOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) endedOn!: string | null;
  @ApiProperty({ type: String, nullable: true }) endKind!: string | null;
  @ApiProperty({ type: String, nullable: true }) endReason!: string | null;
  @ApiProperty() voluntaryWithdrawal!: boolean;
  @ApiProperty({ type: TrialWaitingView, nullable: true }) waitingList!: TrialWaitingView | null;
  @ApiProperty({ type: [SupportArrangementView] }) supportArrangements!: SupportArrangementView[];
}
