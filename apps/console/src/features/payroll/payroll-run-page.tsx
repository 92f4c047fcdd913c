import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Space, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiRequestError } from '../../api/client';
import { useSession } from '../../auth/use-session';
import { errorText } from '../../i18n/zh-CN';
import { payrollMessages as tp } from '../../i18n/zh-CN.payroll';
import { formatDate, formatDateTime, formatFen } from '../../lib/format';
import { ErrorState, isNotFound, Loading, NotFoundPage } from '../../layout/states';
import { useRegions } from '../../layout/use-regions';
import { RunStatus } from './payroll-page';
import { ExceptionLines, TotalsTables } from './payroll-tables';
import {
  downloadPayrollFile,
  useImportReturns,
  usePayrollAction,
  usePayrollExceptions,
  usePayrollRun,
  type PayrollActionName,
  type PayrollFile,
  type PayrollRunDetail,
  type ReturnImport,
} from './use-payroll';

/** The steps open to an officer in each state (the server decides; this only offers the buttons). */
const ACTIONS_BY_STATUS: Record<string, PayrollActionName[]> = {
  draft: ['submit', 'cancel'],
  submitted: ['approve', 'return', 'cancel'],
  approved: ['release', 'cancel'],
};
const NEEDS_REASON: PayrollActionName[] = ['return', 'cancel'];

function errorMessage(err: unknown): string {
  const e = err instanceof ApiRequestError ? err : null;
  return errorText(e?.body.code, e?.status);
}

function ActionBar({ run }: { run: PayrollRunDetail }) {
  const { user } = useSession();
  const { message, modal } = App.useApp();
  const act = usePayrollAction(run.id);
  const [reasonFor, setReasonFor] = useState<PayrollActionName | null>(null);
  const [error, setError] = useState<string | null>(null);
  const actions = ACTIONS_BY_STATUS[run.status] ?? [];
  if (user?.role !== 'county_officer' || actions.length === 0) return null;

  const perform = async (action: PayrollActionName, reason?: string) => {
    setError(null);
    try {
      await act.mutateAsync({ action, reason });
      void message.success(tp.acted);
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    }
  };

  const ask = (action: PayrollActionName) => {
    if (NEEDS_REASON.includes(action)) {
      setReasonFor(action);
      return;
    }
    modal.confirm({
      title: tp.actions[action],
      content: tp.confirm[action],
      okText: tp.actions[action],
      cancelText: '取消',
      onOk: () => void perform(action),
    });
  };

  return (
    <>
      <Space wrap>
        {actions.map((a) => (
          <Button
            key={a}
            type={a === 'cancel' || a === 'return' ? 'default' : 'primary'}
            danger={a === 'cancel'}
            loading={act.isPending && act.variables?.action === a}
            onClick={() => ask(a)}
          >
            {tp.actions[a]}
          </Button>
        ))}
      </Space>
      {error && <Alert style={{ marginTop: 12 }} type="error" showIcon role="alert" title={error} data-testid="payroll-action-error" />}
      <ReasonModal
        action={reasonFor}
        onClose={() => setReasonFor(null)}
        onSubmit={async (reason) => (reasonFor ? perform(reasonFor, reason) : false)}
      />
    </>
  );
}

function ReasonModal({
  action,
  onClose,
  onSubmit,
}: {
  action: PayrollActionName | null;
  onClose: () => void;
  onSubmit: (reason: string) => Promise<boolean>;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={action !== null}
      title={action ? tp.actions[action] : ''}
      okText={action ? tp.actions[action] : ''}
      okButtonProps={{ danger: action === 'cancel' }}
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {action && <Typography.Paragraph>{tp.confirm[action]}</Typography.Paragraph>}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          if (await onSubmit(v.reason)) onClose();
        }}
      >
        <Form.Item name="reason" label={tp.reason} rules={[{ required: true, whitespace: true, message: tp.reasonRequired }, { max: 500 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const bankLabel = (f: { bankCode: string; bankName?: string | null }) => (f.bankCode ? (f.bankName ?? f.bankCode) : tp.defaultBank);

function Files({ run }: { run: PayrollRunDetail }) {
  const { message } = App.useApp();
  const { user } = useSession();
  const regions = useRegions();
  const name = (code: string) => regions.data?.find((r) => r.code === code)?.name ?? code;
  if (run.files.length === 0) return null;
  const mayDownload = user?.role === 'county_officer';
  return (
    <Card title={tp.files}>
      <Table<PayrollFile>
        data-testid="payroll-files"
        rowKey={(f) => `${f.townshipCode}-${f.bankCode}-${f.format}`}
        size="small"
        pagination={false}
        dataSource={run.files}
        columns={[
          { title: tp.township, dataIndex: 'townshipCode', render: (c: string) => name(c) },
          { title: tp.bank, key: 'bank', render: (_, f) => bankLabel(f) },
          { title: tp.fileFormat, dataIndex: 'format', render: (f: string) => tp.formats[f] ?? f },
          { title: tp.fileRows, dataIndex: 'rows', align: 'right' },
          { title: tp.amount, dataIndex: 'totalFen', align: 'right', render: (f: number) => formatFen(f) },
          {
            title: tp.download,
            key: 'download',
            render: (_, f) =>
              mayDownload ? (
                <Button
                  size="small"
                  aria-label={`${tp.download} ${name(f.townshipCode)} ${bankLabel(f)} ${tp.formats[f.format] ?? f.format}`}
                  onClick={() => void downloadPayrollFile(run.id, f).catch((err: unknown) => void message.error(errorMessage(err)))}
                >
                  {tp.download}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

function Returns({ run }: { run: PayrollRunDetail }) {
  const { user } = useSession();
  const upload = useImportReturns(run.id);
  const [report, setReport] = useState<ReturnImport | null>(null);
  // One return file per bank, read with that bank's columns; the bank chosen from the run's files.
  const banks = [...new Map(run.files.map((f) => [f.bankCode, bankLabel(f)])).entries()];
  const [bank, setBank] = useState<string>(banks[0]?.[0] ?? '');
  if (user?.role !== 'county_officer' || !['released', 'reconciled'].includes(run.status)) return null;
  const rows = report?.rows ?? [];
  return (
    <Card title={tp.returns}>
      <Typography.Paragraph>{tp.returnsHint}</Typography.Paragraph>
      {run.status === 'released' && (
        <>
          <label htmlFor="returns-file" style={{ marginRight: 8 }}>
            {tp.returnsFile}
          </label>
          {banks.length > 1 && (
            <>
              <label htmlFor="returns-bank" style={{ marginRight: 8 }}>
                {tp.returnsBank}
              </label>
              <select id="returns-bank" value={bank} onChange={(e) => setBank(e.target.value)} style={{ marginRight: 16 }}>
                {banks.map(([code, label]) => (
                  <option key={code} value={code}>
                    {label}
                  </option>
                ))}
              </select>
            </>
          )}
          <input
            id="returns-file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            disabled={upload.isPending}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) upload.mutate({ file: f, bank }, { onSuccess: setReport });
              e.target.value = '';
            }}
          />
        </>
      )}
      {upload.isPending && (
        <div role="status" style={{ marginTop: 12 }}>
          <Spin /> {tp.importing}
        </div>
      )}
      {upload.error && <Alert style={{ marginTop: 12 }} type="error" showIcon role="alert" title={errorMessage(upload.error)} />}
      {report && (
        <div data-testid="returns-report" style={{ marginTop: 12 }}>
          <Typography.Title level={3} style={{ fontSize: 16 }}>
            {tp.returnReport}
          </Typography.Title>
          <Space wrap style={{ marginBottom: 8 }}>
            {Object.entries(report.counts).map(([k, n]) => (
              <Tag key={k} color={k === 'paid' ? 'green' : k === 'failed' ? 'orange' : 'red'}>
                {tp.outcomeLabels[k] ?? k}:{n}
              </Tag>
            ))}
          </Space>
          <Table
            rowKey="rowNumber"
            size="small"
            dataSource={rows}
            pagination={{ pageSize: 20 }}
            columns={[
              { title: tp.row, dataIndex: 'rowNumber' },
              { title: tp.reference, dataIndex: 'reference' },
              { title: tp.outcome, dataIndex: 'outcome', render: (o: string) => tp.outcomeLabels[o] ?? o },
              { title: tp.why, dataIndex: 'reason' },
            ]}
          />
        </div>
      )}
    </Card>
  );
}

/** One payroll run: its state and who did what, totals, the lines to review, the steps, files, returns. */
export default function PayrollRunPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const run = usePayrollRun(id);
  const [page, setPage] = useState(1);
  const ready = !!run.data && run.data.status !== 'computing';
  const exceptions = usePayrollExceptions(id, page, ready);

  if (run.isLoading) return <Loading />;
  if (run.error)
    return isNotFound(run.error) ? (
      <NotFoundPage text={tp.notFound} />
    ) : (
      <ErrorState error={run.error} onRetry={() => void run.refetch()} />
    );
  const r = run.data!;
  const who = (userId: string | null | undefined, name: string | null | undefined) =>
    !userId ? '—' : userId === user?.id ? tp.byMe(name ?? '') : (name ?? '—');
  const items = exceptions.data?.items ?? [];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/payroll">{tp.backToList}</Link>
      <Card
        title={
          <Space>
            <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }} data-testid="run-no">
              {r.runNo}
            </Typography.Title>
            <span data-testid="run-status">
              <RunStatus run={r} />
            </span>
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={tp.month}>{formatDate(r.month)}</Descriptions.Item>
          <Descriptions.Item label={tp.lines}>{r.lines}</Descriptions.Item>
          <Descriptions.Item label={tp.amount}>
            <span data-testid="run-amount">{formatFen(r.amountFen)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={tp.preparedBy}>{who(r.preparedBy, r.preparedByName)}</Descriptions.Item>
          <Descriptions.Item label={tp.approvedBy}>{who(r.approvedBy, r.approvedByName)}</Descriptions.Item>
          <Descriptions.Item label={tp.releasedBy}>{who(r.releasedBy, r.releasedByName)}</Descriptions.Item>
          <Descriptions.Item label={tp.unsettled}>{r.unsettledPayments}</Descriptions.Item>
          <Descriptions.Item label={tp.updatedAt}>{formatDateTime(r.updatedAt)}</Descriptions.Item>
        </Descriptions>
        <ActionBar run={r} />
      </Card>
      {ready && (
        <>
          <Card title={tp.total}>
            <TotalsTables totals={r.totals} />
          </Card>
          <Card title={tp.exceptions}>
            {exceptions.error ? (
              <ErrorState error={exceptions.error} />
            ) : (
              <ExceptionLines
                lines={items}
                loading={exceptions.isFetching}
                pagination={{
                  current: page,
                  pageSize: 20,
                  onChange: setPage,
                  total: (page - 1) * 20 + items.length + (items.length === 20 ? 1 : 0),
                }}
              />
            )}
          </Card>
          <Files run={r} />
          <Returns run={r} />
        </>
      )}
    </Space>
  );
}
