import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../../api/client';
import type { components, paths } from '../../api/schema';
import { t } from '../../i18n/zh-CN';
import { formatDate } from '../../lib/format';
import { ErrorState } from '../../layout/states';
import { CASE_TYPE_OPTIONS } from '../../lib/case-types';

type Query = NonNullable<paths['/api/cases']['get']['parameters']['query']>;
type CaseView = components['schemas']['CaseView'];

export default function CaseListPage() {
  const [q, setQ] = useState<Query>({ page: 1, pageSize: 20 });
  const list = useQuery({
    queryKey: ['cases', q],
    queryFn: () => call(api.GET('/api/cases', { params: { query: q } })),
    placeholderData: keepPreviousData,
  });
  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t.cases.title}
      </Typography.Title>
      <Space style={{ marginBottom: 16 }}>
        <Select
          aria-label={t.intake.caseType}
          placeholder={t.intake.caseType}
          allowClear
          style={{ width: 180 }}
          onChange={(v) => setQ((p) => ({ ...p, caseType: v, page: 1 }))}
          options={CASE_TYPE_OPTIONS}
        />
        <Select
          aria-label={t.cases.status}
          placeholder={t.cases.status}
          allowClear
          style={{ width: 160 }}
          onChange={(v) => setQ((p) => ({ ...p, status: v, page: 1 }))}
          options={Object.entries(t.caseStatus).map(([value, label]) => ({ value: value as Query['status'], label }))}
        />
      </Space>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<CaseView>
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: t.common.empty }}
          pagination={{ current: q.page, pageSize: q.pageSize, total: list.data?.total ?? 0, showTotal: t.common.total }}
          onChange={(p) => setQ((prev) => ({ ...prev, page: p.current ?? 1, pageSize: p.pageSize ?? 20 }))}
          columns={[
            { title: t.inbox.caseNo, dataIndex: 'caseNo', render: (v: string, r) => <Link to={`/cases/${r.id}`}>{v}</Link> },
            { title: t.inbox.applicant, key: 'applicant', render: (_, r) => r.applicant.nameMasked },
            { title: t.inbox.caseType, dataIndex: 'caseTypeLabel' },
            { title: t.cases.status, dataIndex: 'statusLabel', render: (v: string) => <Tag>{v}</Tag> },
            { title: t.cases.currentStep, dataIndex: 'currentStepLabel', render: (v: string | null) => v ?? '—' },
            { title: t.cases.region, dataIndex: 'regionName' },
            { title: t.cases.appliedOn, dataIndex: 'appliedOn', render: (v: string) => formatDate(v) },
          ]}
        />
      )}
    </div>
  );
}
