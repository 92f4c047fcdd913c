import { App, Button, Card, DatePicker, Descriptions, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiRequestError } from '../../api/client';
import { useSession } from '../../auth/use-session';
import { errorText } from '../../i18n/zh-CN';
import { payrollMessages as tp } from '../../i18n/zh-CN.payroll';
import { formatDate, formatDateTime, formatFen } from '../../lib/format';
import { ErrorState } from '../../layout/states';
import { useRegions } from '../../layout/use-regions';
import { ExceptionLines, TotalsTables } from './payroll-tables';
import { usePayrollPreview, usePayrollRuns, useStartPayrollRun, type PayrollRun } from './use-payroll';

export const RUN_STATUS_COLOR: Record<string, string> = {
  computing: 'processing',
  draft: 'default',
  submitted: 'blue',
  approved: 'cyan',
  released: 'green',
  reconciled: 'green',
  cancelled: 'red',
};

/** A run's status, with the computation's progress while its pages are being written. */
export function RunStatus({ run }: { run: PayrollRun }) {
  if (run.status !== 'computing') return <Tag color={RUN_STATUS_COLOR[run.status]}>{tp.statusLabels[run.status] ?? run.statusLabel}</Tag>;
  return (
    <Space role="status" aria-live="polite">
      <Progress type="circle" size={18} percent={99} status="active" showInfo={false} aria-hidden />
      <span>{tp.computing(run.pagesDone)}</span>
    </Space>
  );
}

/** 待遇发放: preview any month without writing, start a run by hand, and the county's runs. */
export default function PayrollPage() {
  const { user } = useSession();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const regions = useRegions();
  const counties = (regions.data ?? []).filter((r) => r.level === 'county');
  const [county, setCounty] = useState<string | undefined>(undefined);
  const countyCode = county ?? (/^\d{6}$/.test(user?.regionCode ?? '') ? user!.regionCode : counties[0]?.code) ?? '';
  const [month, setMonth] = useState<string | null>(null);
  const [previewMonth, setPreviewMonth] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const preview = usePayrollPreview(countyCode, previewMonth);
  const runs = usePayrollRuns({ countyCode: countyCode || undefined, page, pageSize: 20 });
  const start = useStartPayrollRun();
  const mayAct = user?.role === 'county_officer';

  const startRun = () => {
    if (!month) return;
    modal.confirm({
      title: tp.startRun,
      content: tp.startConfirm(formatDate(month)),
      okText: tp.startRun,
      cancelText: '取消',
      onOk: async () => {
        try {
          const run = await start.mutateAsync({ countyCode, month });
          void message.success(tp.started);
          void navigate(`/payroll/runs/${run.id}`);
        } catch (err) {
          const e = err instanceof ApiRequestError ? err : null;
          void message.error(errorText(e?.body.code, e?.status));
        }
      },
    });
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {tp.title}
      </Typography.Title>
      <Card>
        <Space wrap>
          {counties.length > 1 && (
            <Select
              aria-label={tp.county}
              style={{ width: 180 }}
              value={countyCode}
              onChange={(v: string) => setCounty(v)}
              options={counties.map((c) => ({ value: c.code, label: c.name }))}
            />
          )}
          <label htmlFor="payroll-month">{tp.month}</label>
          <DatePicker
            id="payroll-month"
            picker="month"
            format="YYYY-MM"
            placeholder="YYYY-MM"
            onChange={(d: Dayjs | null) => setMonth(d ? d.format('YYYY-MM') : null)}
          />
          <Button disabled={!month} onClick={() => setPreviewMonth(month)} loading={preview.isFetching}>
            {tp.preview}
          </Button>
          {mayAct && (
            <Button type="primary" disabled={!month} loading={start.isPending} onClick={startRun}>
              {tp.startRun}
            </Button>
          )}
        </Space>
      </Card>
      {preview.error && <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />}
      {preview.data && (
        <Card title={tp.previewTitle(formatDate(preview.data.month))} data-testid="payroll-preview">
          <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={tp.lines}>{preview.data.lines}</Descriptions.Item>
            <Descriptions.Item label={tp.amount}>{formatFen(preview.data.amountFen)}</Descriptions.Item>
          </Descriptions>
          <TotalsTables totals={preview.data.totals} />
          <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
            {tp.exceptions}
          </Typography.Title>
          <ExceptionLines lines={preview.data.exceptions} />
        </Card>
      )}
      <Card title={tp.runs}>
        {runs.error ? (
          <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />
        ) : (
          <Table<PayrollRun>
            data-testid="payroll-runs"
            rowKey="id"
            size="middle"
            loading={runs.isLoading}
            dataSource={runs.data?.items ?? []}
            pagination={{
              current: page,
              pageSize: 20,
              onChange: setPage,
              total: (page - 1) * 20 + (runs.data?.items.length ?? 0) + (runs.data?.items.length === 20 ? 1 : 0),
            }}
            columns={[
              { title: tp.runNo, dataIndex: 'runNo', render: (no: string, r) => <Link to={`/payroll/runs/${r.id}`}>{no}</Link> },
              { title: tp.month, dataIndex: 'month', render: (m: string) => formatDate(m) },
              { title: tp.status, key: 'status', render: (_, r) => <RunStatus run={r} /> },
              { title: tp.preparedBy, dataIndex: 'preparedByName', render: (n: string | null) => n ?? '—' },
              { title: tp.approvedBy, dataIndex: 'approvedByName', render: (n: string | null) => n ?? '—' },
              { title: tp.updatedAt, dataIndex: 'updatedAt', render: (d: string) => formatDateTime(d) },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
