import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Progress, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { STEP_CODES, STEP_LABELS } from '@app/domain/policy/steps';
import { ApiRequestError } from '../../api/client';
import { qk } from '../../api/query-keys';
import { useSession } from '../../auth/use-session';
import { errorText, t } from '../../i18n/zh-CN';
import { formatDate, formatDateTime } from '../../lib/format';
import { ErrorState } from '../../layout/states';
import { useRegions } from '../../layout/use-regions';
import { dueState, fromSavedFilters, INITIAL_INBOX_QUERY, inboxQuery, type InboxFilters, type InboxTab } from './inbox-params';
import { sendBulkApproval, useClaimRelease, useInbox, useSavedViews, type TaskItem } from './use-inbox';
import { approveInChunks, type BulkResult } from './bulk-approval';
import { CASE_TYPE_OPTIONS } from '../../lib/case-types';

/** The deadline cell: the due date, the working days left, and an overdue or due-soon badge. */
export function DueCell({ task }: { task: TaskItem }) {
  const due = dueState(task);
  return (
    <Space size={4} wrap>
      <span>{formatDate(task.dueDate)}</span>
      {due?.kind === 'overdue' && <Tag color="red">{t.inbox.overdue(due.days)}</Tag>}
      {due?.kind === 'soon' && (
        <Tag color="orange">
          {t.inbox.dueSoon} · {t.inbox.dueIn(due.workingDays)}
        </Tag>
      )}
      {due?.kind === 'later' && <Typography.Text type="secondary">{t.inbox.workingDaysLeft(due.workingDays)}</Typography.Text>}
    </Space>
  );
}

export default function InboxPage() {
  const { user } = useSession();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [tab, setTab] = useState<InboxTab>('role');
  const [filters, setFilters] = useState<InboxFilters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(INITIAL_INBOX_QUERY.pageSize ?? 20);
  const [selected, setSelected] = useState<TaskItem[]>([]);
  const [saveOpen, setSaveOpen] = useState(false);
  const [bulk, setBulk] = useState<{ running: boolean; results: BulkResult[]; total: number } | null>(null);
  const query = useMemo(() => inboxQuery(tab, filters, page, pageSize), [tab, filters, page, pageSize]);
  const inbox = useInbox(query);
  const { claim, release } = useClaimRelease();
  const views = useSavedViews();
  const regions = useRegions();
  const isCounty = user?.role === 'county_officer';

  const setFilter = (patch: Partial<InboxFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
    setSelected([]);
  };

  const act = async (what: 'claim' | 'release', id: string) => {
    try {
      await (what === 'claim' ? claim : release).mutateAsync(id);
      void message.success(what === 'claim' ? t.inbox.claimed : t.inbox.released);
    } catch (err) {
      const e = err instanceof ApiRequestError ? err : null;
      void message.error(errorText(e?.body.code, e?.status));
    }
  };

  /** Approves the selected cases on the server, a chunk per request; a refusal never stops the rest. */
  const runBulkApproval = async () => {
    const tasks = selected.filter((s) => s.step === 'approval');
    setBulk({ running: true, results: [], total: tasks.length });
    const results = await approveInChunks(
      tasks,
      sendBulkApproval,
      (done) => setBulk({ running: true, results: done, total: tasks.length }),
      (err) => {
        const e = err instanceof ApiRequestError ? err : null;
        return errorText(e?.body.code, e?.status);
      },
    );
    setBulk({ running: false, results, total: tasks.length });
    setSelected([]);
    await qc.invalidateQueries({ queryKey: qk.tasksAll });
  };

  const columns: TableProps<TaskItem>['columns'] = [
    {
      title: t.inbox.caseNo,
      dataIndex: 'caseNo',
      render: (_, r) => <Link to={`/cases/${r.caseId}`}>{r.caseNo}</Link>,
    },
    { title: t.inbox.applicant, dataIndex: 'applicantNameMasked' },
    { title: t.inbox.caseType, dataIndex: 'caseTypeLabel', render: (_, r) => t.caseTypes[r.caseType] ?? r.caseTypeLabel },
    { title: t.inbox.step, dataIndex: 'stepLabel' },
    { title: t.inbox.region, dataIndex: 'regionName' },
    {
      title: t.inbox.assignee,
      dataIndex: 'assigneeName',
      render: (v: string | null) => v ?? <Typography.Text type="secondary">{t.inbox.unassigned}</Typography.Text>,
    },
    {
      title: t.inbox.due,
      key: 'dueAt',
      sorter: true,
      sortOrder: filters.sort === '-dueAt' ? 'descend' : filters.sort === 'dueAt' ? 'ascend' : null,
      render: (_, r) => <DueCell task={r} />,
    },
    ...(tab === 'done'
      ? [{ title: t.inbox.completedAt, key: 'completedAt', render: (_: unknown, r: TaskItem) => formatDateTime(r.completedAt) }]
      : [
          {
            title: t.inbox.actions,
            key: 'actions',
            render: (_: unknown, r: TaskItem) =>
              r.assigneeId === user?.id ? (
                <Button size="small" onClick={() => void act('release', r.id)}>
                  {t.inbox.release}
                </Button>
              ) : r.assigneeId === null ? (
                <Button size="small" type="primary" ghost onClick={() => void act('claim', r.id)}>
                  {t.inbox.claim}
                </Button>
              ) : null,
          },
        ]),
  ];

  const onTableChange: TableProps<TaskItem>['onChange'] = (pagination, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const sort = s?.order === 'ascend' ? 'dueAt' : s?.order === 'descend' ? '-dueAt' : undefined;
    if (sort !== filters.sort) setFilter({ sort });
    else {
      setPage(pagination.current ?? 1);
      setPageSize(pagination.pageSize ?? 20);
    }
  };

  const regionOptions = (regions.data ?? []).filter((r) => r.level !== 'village').map((r) => ({ value: r.code, label: r.name }));

  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t.inbox.title}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setTab(k as InboxTab);
          setPage(1);
          setSelected([]);
        }}
        items={[
          { key: 'mine', label: t.inbox.tabMine },
          { key: 'role', label: t.inbox.tabRole },
          { key: 'done', label: t.inbox.tabDone },
        ]}
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label={t.inbox.filterStep}
          placeholder={t.inbox.filterStep}
          allowClear
          style={{ width: 170 }}
          value={filters.step}
          onChange={(v) => setFilter({ step: v })}
          options={STEP_CODES.map((s) => ({ value: s, label: STEP_LABELS[s] }))}
        />
        <Select
          aria-label={t.inbox.filterCaseType}
          placeholder={t.inbox.filterCaseType}
          allowClear
          style={{ width: 180 }}
          value={filters.caseType}
          onChange={(v) => setFilter({ caseType: v })}
          options={CASE_TYPE_OPTIONS}
        />
        <Select
          aria-label={t.inbox.filterRegion}
          placeholder={t.inbox.filterRegion}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 160 }}
          value={filters.regionCode}
          onChange={(v) => setFilter({ regionCode: v })}
          options={regionOptions}
        />
        {tab !== 'done' && (
          <Select
            aria-label={t.inbox.filterDueSoon}
            placeholder={t.inbox.filterDueSoon}
            allowClear
            style={{ width: 190 }}
            value={filters.dueWithinWorkingDays}
            onChange={(v) => setFilter({ dueWithinWorkingDays: v })}
            options={[1, 2, 3, 5, 10].map((n) => ({ value: n, label: t.inbox.dueIn(n) }))}
          />
        )}
        <Space>
          <Switch checked={!!filters.overdue} onChange={(v) => setFilter({ overdue: v || undefined })} aria-label={t.inbox.filterOverdue} />
          <span>{t.inbox.filterOverdue}</span>
        </Space>
        <Button
          onClick={() =>
            setFilter({
              step: undefined,
              caseType: undefined,
              regionCode: undefined,
              overdue: undefined,
              dueWithinWorkingDays: undefined,
              sort: undefined,
            })
          }
        >
          {t.common.reset}
        </Button>
        <Select
          aria-label={t.inbox.savedViews}
          placeholder={t.inbox.savedViews}
          style={{ width: 180 }}
          value={null}
          onChange={(id: string) => {
            const v = views.list.data?.find((x) => x.id === id);
            if (!v) return;
            const restored = fromSavedFilters(v.filters);
            setTab(restored.tab);
            setFilters(restored.filters);
            setPage(1);
          }}
          options={(views.list.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
        />
        <Button onClick={() => setSaveOpen(true)}>{t.inbox.saveView}</Button>
        {isCounty && (
          <Button
            type="primary"
            disabled={!selected.some((s) => s.step === 'approval')}
            onClick={() => {
              modal.confirm({
                title: t.actions.bulkApprove,
                content: t.actions.bulkApproveConfirm(selected.filter((s) => s.step === 'approval').length),
                okText: t.common.confirm,
                cancelText: t.common.cancel,
                onOk: () => void runBulkApproval(),
              });
            }}
          >
            {t.actions.bulkApprove}
          </Button>
        )}
      </Space>
      {inbox.error ? (
        <ErrorState error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : (
        <Table<TaskItem>
          rowKey="id"
          size="middle"
          loading={inbox.isFetching}
          columns={columns}
          dataSource={inbox.data?.items ?? []}
          onChange={onTableChange}
          rowSelection={
            isCounty && tab !== 'done'
              ? {
                  selectedRowKeys: selected.map((s) => s.id),
                  onChange: (_k, rows) => setSelected(rows),
                  getCheckboxProps: (r) => ({ 'aria-label': r.caseNo }),
                }
              : undefined
          }
          locale={{ emptyText: t.common.empty }}
          pagination={{
            current: page,
            pageSize,
            total: inbox.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => (inbox.data?.totalCapped ? t.common.totalCapped(n) : t.common.total(n)),
          }}
        />
      )}
      <SaveViewModal
        open={saveOpen}
        onClose={() => setSaveOpen(false)}
        onSave={async (name) => {
          const q = inboxQuery(tab, filters, 1, pageSize);
          const { page: _p, ...rest } = q;
          await views.save.mutateAsync({ name, filters: rest });
          void message.success(t.common.saved);
        }}
      />
      <Modal
        open={bulk !== null}
        title={t.actions.bulkResult}
        onCancel={() => !bulk?.running && setBulk(null)}
        onOk={() => !bulk?.running && setBulk(null)}
        okButtonProps={{ disabled: bulk?.running }}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        {bulk && (
          <>
            <Progress
              percent={Math.round((bulk.results.length * 100) / Math.max(1, bulk.total))}
              aria-label={t.actions.bulkProgress(bulk.results.length, bulk.total)}
            />
            <Typography.Paragraph role="status">
              {(bulk.running ? t.actions.bulkProgress : t.actions.bulkDone)(bulk.results.length, bulk.total)}
            </Typography.Paragraph>
            <Table<BulkResult>
              rowKey="taskId"
              size="small"
              pagination={false}
              dataSource={bulk.results}
              columns={[
                { title: t.inbox.caseNo, dataIndex: 'caseNo' },
                {
                  title: t.inbox.outcome,
                  dataIndex: 'status',
                  render: (status: BulkResult['status'], r) =>
                    status === 'completed' ? (
                      <Tag color="green">{t.actions.bulkOk}</Tag>
                    ) : status === 'pending' ? (
                      <Tag color="gold">{`${t.actions.bulkPendingTag}:${r.message}`}</Tag>
                    ) : (
                      <Tag color="red">{`${t.actions.bulkFailed}:${r.message}`}</Tag>
                    ),
                },
              ]}
            />
          </>
        )}
      </Modal>
    </div>
  );
}

function SaveViewModal({ open, onClose, onSave }: { open: boolean; onClose: () => void; onSave: (name: string) => Promise<void> }) {
  const [form] = Form.useForm<{ name: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title={t.inbox.saveView}
      okText={t.common.save}
      cancelText={t.common.cancel}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          setBusy(true);
          try {
            await onSave(v.name);
            form.resetFields();
            onClose();
          } catch (err) {
            const e = err instanceof ApiRequestError ? err : null;
            form.setFields([{ name: 'name', errors: [e?.body.code === 'CONFLICT' ? '已有同名视图' : errorText(e?.body.code, e?.status)] }]);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="name" label={t.inbox.viewName} rules={[{ required: true, message: t.common.required }, { max: 50 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
