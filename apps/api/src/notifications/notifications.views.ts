import { ApiProperty } from '@nestjs/swagger';

export class NotificationView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'escalation' }) kind!: string;
  @ApiProperty({ type: String, nullable: true }) caseId!: string | null;
  @ApiProperty({ type: String, nullable: true }) caseNo!: string | null;
  @ApiProperty({ type: String, nullable: true }) taskId!: string | null;
  @ApiProperty({ example: 1 }) level!: number;
  @ApiProperty({ example: '案件 JK-2026-000001 的审核已逾期' }) message!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: Date, nullable: true }) readAt!: Date | null;
}

export class NotificationPageView {
  @ApiProperty({ type: [NotificationView] }) items!: NotificationView[];
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'All your unread notifications, whatever the filter.' }) unreadCount!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}
