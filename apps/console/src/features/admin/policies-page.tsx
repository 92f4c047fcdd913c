import { Alert, App, Button, DatePicker, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { components } from '../../api/schema';
import { useSession } from '../../auth/use-session';
import { t } from '../../i18n/zh-CN';
import { formatDate, formatDateTime } from '../../lib/format';
import { ErrorState } from '../../layout/states';
import { showApiError } from './form-errors';
import { useCreatePolicy, usePolicies, usePolicy } from './use-admin';
import { CASE_TYPE_OPTIONS } from '../../lib/case-types';

type Policy = components['schemas']['PolicyView'];
interface NewVersion {
  caseType: Policy['caseType'];
  regionCode: string;
  effectiveFrom: Dayjs;
  body: string;
  note?: string;
}

export default function PoliciesPage() {
  const policies = usePolicies();
  const { user } = useSession();
  const { message } = App.useApp();
  const [viewing, setViewing] = useState<string | null>(null);
  const [basedOn, setBasedOn] = useState<Policy | null>(null);
  const detail = usePolicy(viewing ?? basedOn?.id ?? null);
  const create = useCreatePolicy();
  const [form] = Form.useForm<NewVersion>();
  const [error, setError] = useState<string | null>(null);

  const startNew = (p: Policy) => {
    setBasedOn(p);
    setError(null);
    form.setFieldsValue({ caseType: p.caseType, regionCode: p.regionCode, note: '' });
  };
  if (basedOn && detail.data && !form.getFieldValue('body')) form.setFieldValue('body', JSON.stringify(detail.data.body, null, 2));

  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t.admin.policies}
      </Typography.Title>
      {policies.error && <ErrorState error={policies.error} />}
      <Table<Policy>
        rowKey="id"
        loading={policies.isFetching}
        dataSource={policies.data ?? []}
        pagination={false}
        columns={[
          { title: t.intake.caseType, dataIndex: 'caseType', render: (c: string) => t.caseTypes[c] ?? c },
          { title: t.admin.region, dataIndex: 'regionCode' },
          { title: t.admin.version, dataIndex: 'version', render: (v: number) => t.cases.policyVersion(v) },
          { title: t.admin.effectiveFrom, dataIndex: 'effectiveFrom', render: (d: string) => formatDate(d) },
          { title: t.admin.note, dataIndex: 'note' },
          { title: '发布时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          {
            title: t.inbox.actions,
            key: 'a',
            render: (_, p) => (
              <Space>
                <Button size="small" onClick={() => setViewing(p.id)}>
                  {t.common.open}
                </Button>
                {user?.role === 'admin' && (
                  <Button size="small" onClick={() => startNew(p)}>
                    {t.admin.newVersion}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal open={!!viewing} title={t.admin.body} footer={null} onCancel={() => setViewing(null)} width={760}>
        {/* Scrolls: focusable so that keyboard users can scroll it too. */}
        <pre tabIndex={0} aria-label={t.admin.body} style={{ maxHeight: 480, overflow: 'auto', fontSize: 12 }}>
          {detail.data ? JSON.stringify(detail.data.body, null, 2) : t.common.loading}
        </pre>
      </Modal>
      <Modal
        open={!!basedOn}
        title={t.admin.newVersion}
        width={760}
        okText={t.common.submit}
        cancelText={t.common.cancel}
        confirmLoading={create.isPending}
        onCancel={() => {
          setBasedOn(null);
          form.resetFields();
        }}
        onOk={() => form.submit()}
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form<NewVersion>
          form={form}
          layout="vertical"
          onFinish={async (v) => {
            let body: Record<string, unknown>;
            try {
              body = JSON.parse(v.body) as Record<string, unknown>;
            } catch {
              form.setFields([{ name: 'body', errors: ['不是有效的 JSON'] }]);
              return;
            }
            try {
              await create.mutateAsync({
                caseType: v.caseType,
                regionCode: v.regionCode,
                effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
                body,
                note: v.note || undefined,
              });
              void message.success(t.common.saved);
              setBasedOn(null);
              form.resetFields();
            } catch (err) {
              setError(showApiError(form, err, ['caseType', 'regionCode', 'effectiveFrom', 'body', 'note']));
            }
          }}
        >
          <Space>
            <Form.Item name="caseType" label={t.intake.caseType}>
              <Select disabled style={{ width: 200 }} options={CASE_TYPE_OPTIONS} />
            </Form.Item>
            <Form.Item name="regionCode" label={t.admin.region} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="effectiveFrom" label={t.admin.effectiveFrom} rules={[{ required: true, message: t.common.required }]}>
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item name="note" label={t.admin.note}>
            <Input />
          </Form.Item>
          <Form.Item name="body" label={t.admin.body} rules={[{ required: true, message: t.common.required }]}>
            <Input.TextArea rows={16} style={{ fontFamily: 'monospace', fontSize: 12 }} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
