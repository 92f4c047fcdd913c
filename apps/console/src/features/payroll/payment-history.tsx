import { Card, Table, Tag } from 'antd';
import { useSession } from '../../auth/use-session';
import { payrollMessages as tp } from '../../i18n/zh-CN.payroll';
import { formatDate, formatFen } from '../../lib/format';
import { ErrorState } from '../../layout/states';
import { usePersonPayments, type PaymentHistoryItem } from './use-payroll';

const READERS = ['township_officer', 'county_officer', 'supervisor', 'admin'];

/** An elder's payments on the case view: what was paid for which month, why, and the bank's answer (account masked). */
export function PaymentHistory({ personId, show }: { personId: string; show: boolean }) {
  const { user } = useSession();
  const enabled = show && READERS.includes(user?.role ?? '');
  const payments = usePersonPayments(personId, enabled);
  if (!enabled) return null;
  return (
    <Card title={tp.history} data-testid="payment-history">
      {payments.error ? (
        <ErrorState error={payments.error} onRetry={() => void payments.refetch()} />
      ) : (
        <Table<PaymentHistoryItem>
          rowKey={(p) => `${p.runId}-${p.sourceKind}-${p.periodMonth}-${p.kind}`}
          size="small"
          loading={payments.isLoading}
          dataSource={payments.data?.items ?? []}
          locale={{ emptyText: tp.historyEmpty }}
          pagination={{ pageSize: 12 }}
          columns={[
            { title: tp.period, dataIndex: 'periodMonth', render: (m: string) => formatDate(m) },
            { title: tp.source, dataIndex: 'sourceKind', render: (k: string) => tp.sourceLabels[k] ?? k },
            { title: tp.kind, dataIndex: 'kind', render: (k: string) => tp.kindLabels[k] ?? k },
            { title: tp.amount, dataIndex: 'amountFen', align: 'right', render: (f: number) => formatFen(f) },
            { title: tp.runNo, dataIndex: 'runNo' },
            { title: tp.why, key: 'why', render: (_, p) => (p.policyVersion ? `${p.why}(${tp.policyVersion} ${p.policyVersion})` : p.why) },
            { title: tp.account, dataIndex: 'accountMasked', render: (a: string | null) => a ?? '—' },
            {
              title: tp.bankResult,
              key: 'bank',
              render: (_, p) =>
                p.bankOutcome ? (
                  <Tag color={p.bankOutcome === 'paid' ? 'green' : 'red'}>
                    {tp.outcomeLabels[p.bankOutcome] ?? p.bankOutcome}
                    {p.bankReason ? `:${p.bankReason}` : ''}
                  </Tag>
                ) : (
                  <Tag>{tp.bankPending}</Tag>
                ),
            },
          ]}
        />
      )}
    </Card>
  );
}
