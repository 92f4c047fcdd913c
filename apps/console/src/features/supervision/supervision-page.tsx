import { App, Button, Card, Col, Form, Input, Modal, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiRequestError } from '../../api/client';
import type { components } from '../../api/schema';
import { errorText, t } from '../../i18n/zh-CN';
import { formatDate, formatDateTime } from '../../lib/format';
import { ErrorState } from '../../layout/states';
import { StackedBars } from './charts';
import { useAssign, useAssignees, useEscalations, useOverdue, useSummary, type OverdueQuery, type SummaryQuery } from './use-supervision';

type Group = components['schemas']['SummaryGroupView'];
type TaskItem = components['schemas']['TaskItemView'];
type GroupBy = NonNullable<SummaryQuery['groupBy']>;
const BUCKETS = ['1-3', '4-7', '8-14', '15+'] as const;

/** The drill-down filter a group stands for (assignee groups have no task filter of their own). */
function drillFilter(groupBy: GroupBy, key: string | null): Partial<OverdueQuery> {
  if (key === null) return {};
  if (groupBy === 'region') return { regionCode: key };
  if (groupBy === 'step') return { step: key as OverdueQuery['step'] };
  if (groupBy === 'caseType') return { caseType: key as OverdueQuery['caseType'] };
  return {};
}

function ReassignModal({ tasks, onClose }: { tasks: TaskItem[]; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ userId: string; reason: string }>();
  const first = tasks[0];
  // Candidates for the first task; each assignment is checked by the server for its own task.
  const candidates = useAssignees(first?.candidateRole, first?.regionCode);
  const assign = useAssign();
  const [results, setResults] = useState<{ caseNo: string; ok: boolean; text: string }[]>([]);
  return (
    <Modal
      open={tasks.length > 0}
      title={tasks.length > 1 ? `${t.supervision.bulkReassign}(${tasks.length})` : t.supervision.reassign}
      okText={t.common.submit}
      cancelText={t.common.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={assign.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          const out: typeof results = [];
          for (const task of tasks) {
            try {
              await assign.mutateAsync({ taskId: task.id, userId: v.userId, reason: v.reason });
              out.push({ caseNo: task.caseNo, ok: true, text: t.supervision.reassigned });
            } catch (err) {
              const e = err instanceof ApiRequestError ? err : null;
              out.push({ caseNo: task.caseNo, ok: false, text: errorText(e?.body.code, e?.status) });
            }
          }
          setResults(out);
          if (out.every((r) => r.ok)) {
            void message.success(t.supervision.reassigned);
            onClose();
          }
        }}
      >
        <Form.Item name="userId" label={t.supervision.reassignTo} rules={[{ required: true, message: t.common.required }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={candidates.isLoading}
            options={(candidates.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}(${t.roles[u.role] ?? u.roleLabel})` }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t.supervision.reassignReason}
          rules={[{ required: true, whitespace: true, message: t.common.required }, { max: 1000 }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
      {results.map((r) => (
        <div key={r.caseNo}>
          <Tag color={r.ok ? 'green' : 'red'}>{r.caseNo}</Tag> {r.text}
        </div>
      ))}
    </Modal>
  );
}

export default function SupervisionPage() {
  const [groupBy, setGroupBy] = useState<GroupBy>('region');
  const [drill, setDrill] = useState<{ label: string; filter: Partial<OverdueQuery> } | null>(null);
  const [page, setPage] = useState(1);
  const [escPage, setEscPage] = useState(1);
  const [selected, setSelected] = useState<TaskItem[]>([]);
  const [reassign, setReassign] = useState<TaskItem[]>([]);
  const summary = useSummary({ groupBy, dueWithinWorkingDays: 2 });
  const overdue = useOverdue({ ...(drill?.filter ?? {}), page, pageSize: 10 });
  const escalations = useEscalations(escPage);
  const groups = summary.data?.groups ?? [];

  const openDrill = (g: Group) => {
    setDrill({ label: g.label, filter: drillFilter(groupBy, g.key) });
    setPage(1);
    setSelected([]);
  };

  const groupColumns: TableProps<Group>['columns'] = [
    { title: t.supervision.groupBy, dataIndex: 'label' },
    { title: t.supervision.open, dataIndex: 'open' },
    { title: t.supervision.overdue, dataIndex: 'overdue', render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : n) },
    { title: t.supervision.dueSoon, dataIndex: 'dueSoon' },
    ...BUCKETS.map((b) => ({ title: t.supervision.days(b), key: b, render: (_: unknown, g: Group) => g.aging[b] })),
    {
      title: t.inbox.actions,
      key: 'drill',
      render: (_: unknown, g: Group) =>
        groupBy !== 'assignee' ? (
          <Button size="small" onClick={() => openDrill(g)} aria-label={`${t.supervision.drillDown}:${g.label}`}>
            {t.supervision.drillDown}
          </Button>
        ) : null,
    },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {t.supervision.title}
      </Typography.Title>
      {summary.error && <ErrorState error={summary.error} onRetry={() => void summary.refetch()} />}
      <Row gutter={16}>
        <Col span={6}>
          <Card>
            <Statistic title={t.supervision.open} value={summary.data?.totals.open ?? 0} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic
              title={t.supervision.overdue}
              value={summary.data?.totals.overdue ?? 0}
              valueStyle={{ color: '#b3261e' }}
              data-testid="total-overdue"
            />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title={t.supervision.dueSoon} value={summary.data?.totals.dueSoon ?? 0} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title={t.supervision.aging} value={BUCKETS.map((b) => summary.data?.totals.aging[b] ?? 0).join(' / ')} />
          </Card>
        </Col>
      </Row>
      <Card
        title={t.supervision.groupBy}
        extra={
          <Segmented<GroupBy>
            value={groupBy}
            onChange={(v) => setGroupBy(v)}
            options={[
              { value: 'region', label: t.supervision.byRegion },
              { value: 'step', label: t.supervision.byStep },
              { value: 'assignee', label: t.supervision.byAssignee },
              { value: 'caseType', label: t.supervision.byCaseType },
            ]}
          />
        }
      >
        <StackedBars
          ariaLabel={`${t.supervision.title}:${groups.map((g) => `${g.label} ${t.supervision.overdue}${g.overdue}`).join(',')}`}
          labels={groups.map((g) => g.label)}
          series={[
            { name: t.supervision.overdue, values: groups.map((g) => g.overdue), color: '#d4380d' },
            { name: t.supervision.dueSoon, values: groups.map((g) => g.dueSoon), color: '#faad14' },
            { name: t.supervision.open, values: groups.map((g) => g.open - g.overdue - g.dueSoon), color: '#1677ff' },
          ]}
          onClick={groupBy !== 'assignee' ? (i) => groups[i] && openDrill(groups[i]) : undefined}
        />
        <Table<Group>
          rowKey={(g) => g.key ?? 'none'}
          size="small"
          pagination={false}
          dataSource={groups}
          columns={groupColumns}
          data-testid="summary-table"
        />
      </Card>
      <Card
        title={`${t.supervision.overdueList}${drill ? `:${drill.label}` : ''}`}
        extra={
          <Space>
            {drill && <Button onClick={() => setDrill(null)}>{t.common.reset}</Button>}
            <Button disabled={selected.length === 0} onClick={() => setReassign(selected)}>
              {t.supervision.bulkReassign}
            </Button>
          </Space>
        }
        data-testid="overdue-list"
      >
        {overdue.error ? (
          <ErrorState error={overdue.error} />
        ) : (
          <Table<TaskItem>
            rowKey="id"
            size="small"
            loading={overdue.isFetching}
            dataSource={overdue.data?.items ?? []}
            locale={{ emptyText: t.common.empty }}
            rowSelection={{
              selectedRowKeys: selected.map((s) => s.id),
              onChange: (_k, rows) => setSelected(rows),
              getCheckboxProps: (r) => ({ 'aria-label': r.caseNo }),
            }}
            pagination={{ current: page, pageSize: 10, total: overdue.data?.total ?? 0, onChange: setPage, showTotal: t.common.total }}
            columns={[
              { title: t.inbox.caseNo, dataIndex: 'caseNo', render: (v: string, r) => <Link to={`/cases/${r.caseId}`}>{v}</Link> },
              { title: t.inbox.applicant, dataIndex: 'applicantNameMasked' },
              { title: t.inbox.step, dataIndex: 'stepLabel' },
              { title: t.inbox.region, dataIndex: 'regionName' },
              { title: t.inbox.assignee, dataIndex: 'assigneeName', render: (v: string | null) => v ?? t.inbox.unassigned },
              {
                title: t.inbox.due,
                key: 'due',
                render: (_, r) => (
                  <Space>
                    {formatDate(r.dueDate)}
                    <Tag color="red">{t.inbox.overdue(r.daysOverdue ?? 1)}</Tag>
                  </Space>
                ),
              },
              {
                title: t.inbox.actions,
                key: 'a',
                render: (_, r) => (
                  <Button size="small" onClick={() => setReassign([r])}>
                    {t.supervision.reassign}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
      <Card title={t.supervision.escalations}>
        <Table
          rowKey="id"
          size="small"
          dataSource={escalations.data?.items ?? []}
          locale={{ emptyText: t.common.empty }}
          pagination={{ current: escPage, pageSize: 10, total: escalations.data?.total ?? 0, onChange: setEscPage }}
          columns={[
            {
              title: t.inbox.caseNo,
              dataIndex: 'caseNo',
              render: (v: string, r: components['schemas']['EscalationView']) => <Link to={`/cases/${r.caseId}`}>{v}</Link>,
            },
            { title: t.inbox.step, dataIndex: 'stepLabel' },
            { title: t.supervision.level, dataIndex: 'level' },
            { title: t.inbox.region, dataIndex: 'escalatedToName' },
            { title: t.supervision.escalatedAt, dataIndex: 'escalatedAt', render: (v: string) => formatDateTime(v) },
            { title: t.inbox.assignee, dataIndex: 'assigneeName', render: (v: string | null) => v ?? t.inbox.unassigned },
          ]}
        />
      </Card>
      <ReassignModal
        tasks={reassign}
        onClose={() => {
          setReassign([]);
          setSelected([]);
        }}
      />
    </Space>
  );
}
