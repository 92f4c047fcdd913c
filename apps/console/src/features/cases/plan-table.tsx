import { Alert, Table, Typography } from 'antd';
import type { components } from '../../api/schema';
import { t } from '../../i18n/zh-CN';
import { formatFen, formatMonthRange } from '../../lib/format';

type Segment = components['schemas']['PlanSegmentView'];

/** Amounts by month range with the rule and the sentence behind each (plan or granted entitlement). */
export function SegmentsTable({ segments, testId }: { segments: Segment[]; testId?: string }) {
  return (
    <Table<Segment>
      data-testid={testId}
      rowKey={(s) => `${s.from}-${s.rule}`}
      size="small"
      pagination={false}
      dataSource={segments}
      locale={{ emptyText: t.common.empty }}
      columns={[
        { title: t.cases.month, key: 'months', render: (_, s) => formatMonthRange(s.from, s.to) },
        { title: t.cases.amount, dataIndex: 'monthlyAmountFen', render: (fen: number) => formatFen(fen) },
        { title: t.cases.rule, dataIndex: 'rule' },
        { title: t.cases.explanation, dataIndex: 'explanation' },
      ]}
    />
  );
}

export function PlanPreview({ plan }: { plan: components['schemas']['PlanView'] }) {
  return (
    <div data-testid="plan">
      {!plan.eligible && (
        <Alert
          type="warning"
          showIcon
          title={t.cases.planNotEligible}
          description={plan.reasons.map((r) => r.message).join(';')}
          style={{ marginBottom: 12 }}
        />
      )}
      <SegmentsTable segments={plan.segments} />
      {plan.explanation.length > 0 && (
        <ul style={{ marginTop: 8 }}>
          {plan.explanation.map((line, i) => (
            <li key={i}>
              <Typography.Text type="secondary">{line}</Typography.Text>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
