import { Alert, App, Button, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { components } from '../../api/schema';
import { useSession } from '../../auth/use-session';
import { t } from '../../i18n/zh-CN';
import { formatDateTime } from '../../lib/format';
import { ErrorState } from '../../layout/states';
import { showApiError } from './form-errors';
import { useHolidayYears, useLoadHolidayYear } from './use-admin';

type Year = components['schemas']['HolidayYearSummaryView'];
interface LoadValues {
  year: number;
  source: string;
  holidays: string;
  makeupWorkdays: string;
}

const lines = (s: string) =>
  s
    .split(/[\s,,、]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export default function HolidaysPage() {
  const years = useHolidayYears();
  const load = useLoadHolidayYear();
  const { user } = useSession();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<LoadValues>();
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ fontSize: 20 }}>
          {t.admin.holidays}
        </Typography.Title>
        {user?.role === 'admin' && (
          <Button type="primary" onClick={() => setOpen(true)}>
            {t.admin.loadYear}
          </Button>
        )}
      </Space>
      {years.error && <ErrorState error={years.error} />}
      <Table<Year>
        rowKey="year"
        size="small"
        loading={years.isFetching}
        dataSource={[...(years.data ?? [])].reverse()}
        pagination={{ pageSize: 10 }}
        columns={[
          { title: t.admin.year, dataIndex: 'year' },
          {
            title: t.admin.origin,
            dataIndex: 'origin',
            render: (o: string) => (
              <Tag color={o === 'loaded' ? 'blue' : 'default'}>{o === 'loaded' ? t.admin.loaded : t.admin.builtIn}</Tag>
            ),
          },
          { title: t.admin.holidayCount, dataIndex: 'holidays' },
          { title: t.admin.makeupCount, dataIndex: 'makeupWorkdays' },
          { title: t.admin.source, dataIndex: 'source' },
          { title: '导入时间', dataIndex: 'loadedAt', render: (v: string | null) => formatDateTime(v) },
        ]}
      />
      <Modal
        open={open}
        title={t.admin.loadYear}
        okText={t.common.submit}
        cancelText={t.common.cancel}
        confirmLoading={load.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form<LoadValues>
          form={form}
          layout="vertical"
          onFinish={async (v) => {
            setError(null);
            try {
              await load.mutateAsync({
                year: v.year,
                source: v.source,
                holidays: lines(v.holidays),
                makeupWorkdays: lines(v.makeupWorkdays ?? ''),
              });
              void message.success(t.common.saved);
              setOpen(false);
            } catch (err) {
              setError(showApiError(form, err, ['year', 'source', 'holidays', 'makeupWorkdays']));
            }
          }}
        >
          <Form.Item name="year" label={t.admin.year} rules={[{ required: true, message: t.common.required }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Form.Item name="source" label={t.admin.source} rules={[{ required: true, message: t.common.required }]}>
            <Input placeholder="国务院办公厅关于2027年部分节假日安排的通知" />
          </Form.Item>
          <Form.Item name="holidays" label={t.admin.holidayDates} rules={[{ required: true, message: t.common.required }]}>
            <Input.TextArea rows={6} placeholder="2027-01-01" />
          </Form.Item>
          <Form.Item name="makeupWorkdays" label={t.admin.makeupDates}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
