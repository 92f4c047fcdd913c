import { Table, Tag } from 'antd';
import { formatDate, formatFen } from '../../lib/format';
import { payrollMessages as tp } from '../../i18n/zh-CN.payroll';
import { groupTotals, sumTotals, type TotalRow, type TotalsDimension } from './payroll-totals';
import type { PayrollLine } from './use-payroll';

const DIMENSIONS: { by: TotalsDimension; title: string; column: string }[] = [
  { by: 'township', title: tp.byTownship, column: tp.township },
  { by: 'source', title: tp.bySource, column: tp.source },
  { by: 'kind', title: tp.byKind, column: tp.kind },
];

const labelOf = (by: TotalsDimension) => (key: string, r: TotalRow) =>
  by === 'township'
    ? typeof r.townshipName === 'string'
      ? r.townshipName
      : key
    : by === 'source'
      ? (tp.sourceLabels[key] ?? key)
      : (tp.kindLabels[key] ?? key);

/** A run's (or a preview's) totals by township, by allowance and by line kind, each with its sum. */
export function TotalsTables({ totals }: { totals: TotalRow[] }) {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(300px, 1fr))', gap: 16 }}>
      {DIMENSIONS.map(({ by, title, column }) => {
        const groups = groupTotals(totals, by, labelOf(by));
        const sum = sumTotals(groups);
        return (
          <Table
            key={by}
            data-testid={`totals-${by}`}
            title={() => <strong>{title}</strong>}
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={groups}
            columns={[
              { title: column, dataIndex: 'label' },
              { title: tp.lines, dataIndex: 'lines', align: 'right' },
              { title: tp.amount, dataIndex: 'amountFen', align: 'right', render: (f: number) => formatFen(f) },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{tp.total}</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {sum.lines}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {formatFen(sum.amountFen)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        );
      })}
    </div>
  );
}

/** Lines to look at before approving: names and ID numbers masked as the API gives them. */
export function ExceptionLines({
  lines,
  pagination,
  loading,
}: {
  lines: PayrollLine[];
  pagination?: { current: number; pageSize: number; total?: number; onChange: (page: number) => void } | false;
  loading?: boolean;
}) {
  return (
    <Table<PayrollLine>
      data-testid="payroll-exceptions"
      rowKey={(l) => `${l.sourceId}-${l.periodMonth}-${l.kind}`}
      size="small"
      loading={loading}
      dataSource={lines}
      pagination={pagination === undefined ? { pageSize: 20 } : pagination}
      columns={[
        { title: tp.name, dataIndex: 'nameMasked' },
        { title: tp.idNumber, dataIndex: 'idNumberMasked' },
        { title: tp.source, dataIndex: 'sourceKind', render: (k: string) => tp.sourceLabels[k] ?? k },
        { title: tp.period, dataIndex: 'periodMonth', render: (m: string) => formatDate(m) },
        { title: tp.kind, dataIndex: 'kind', render: (k: string) => tp.kindLabels[k] ?? k },
        { title: tp.amount, dataIndex: 'amountFen', align: 'right', render: (f: number) => formatFen(f) },
        {
          title: tp.flags,
          dataIndex: 'flags',
          render: (flags: string[]) =>
            flags.map((f) => (
              <Tag key={f} color={f === 'awaiting-account' || f === 'recovery' ? 'red' : 'orange'}>
                {tp.flagLabels[f] ?? f}
              </Tag>
            )),
        },
        { title: tp.why, dataIndex: 'why' },
      ]}
    />
  );
}
