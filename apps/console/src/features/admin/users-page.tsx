import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { components } from '../../api/schema';
import { t } from '../../i18n/zh-CN';
import { formatDateTime } from '../../lib/format';
import { ErrorState } from '../../layout/states';
import { useRegions } from '../../layout/use-regions';
import { showApiError } from './form-errors';
import { useUserMutations, useUsers } from './use-admin';

type User = components['schemas']['UserView'];
type CreateUser = components['schemas']['CreateUserDto'];

export default function UsersPage() {
  const [page, setPage] = useState(1);
  const users = useUsers(page);
  const { create, deactivate } = useUserMutations();
  const regions = useRegions();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<CreateUser>();
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ fontSize: 20 }}>
          {t.admin.users}
        </Typography.Title>
        <Button type="primary" onClick={() => setOpen(true)}>
          {t.admin.createUser}
        </Button>
      </Space>
      {users.error && <ErrorState error={users.error} />}
      <Table<User>
        rowKey="id"
        loading={users.isFetching}
        dataSource={users.data?.items ?? []}
        pagination={{ current: page, total: users.data?.total ?? 0, pageSize: 20, onChange: setPage, showTotal: t.common.total }}
        columns={[
          { title: t.admin.username, dataIndex: 'username' },
          { title: t.admin.displayName, dataIndex: 'displayName' },
          { title: t.admin.role, dataIndex: 'role', render: (r: string, u) => t.roles[r] ?? u.roleLabel },
          { title: t.admin.region, dataIndex: 'regionName' },
          {
            title: t.admin.active,
            dataIndex: 'active',
            render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? t.admin.activeYes : t.admin.activeNo}</Tag>,
          },
          { title: '创建时间', dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          {
            title: t.inbox.actions,
            key: 'a',
            render: (_, u) =>
              u.active ? (
                <Popconfirm
                  title={`${t.admin.deactivate} ${u.username}?`}
                  okText={t.common.confirm}
                  cancelText={t.common.cancel}
                  onConfirm={() => deactivate.mutate(u.id)}
                >
                  <Button size="small" danger>
                    {t.admin.deactivate}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      <Modal
        open={open}
        title={t.admin.createUser}
        okText={t.common.save}
        cancelText={t.common.cancel}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form<CreateUser>
          form={form}
          layout="vertical"
          onFinish={async (v) => {
            setError(null);
            try {
              await create.mutateAsync(v);
              void message.success(t.common.saved);
              form.resetFields();
              setOpen(false);
            } catch (err) {
              setError(showApiError(form, err, ['username', 'displayName', 'role', 'regionCode', 'password']));
            }
          }}
        >
          <Form.Item
            name="username"
            label={t.admin.username}
            rules={[
              { required: true, message: t.common.required },
              { pattern: /^[a-z0-9][a-z0-9._-]{2,63}$/, message: '3–64 位小写字母、数字、点、下划线或连字符' },
            ]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t.admin.displayName}
            rules={[{ required: true, whitespace: true, message: t.common.required }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t.admin.role} rules={[{ required: true, message: t.common.required }]}>
            <Select options={Object.entries(t.roles).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="regionCode" label={t.admin.region} rules={[{ required: true, message: t.common.required }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={(regions.data ?? []).map((r) => ({ value: r.code, label: `${r.name}(${r.code})` }))}
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t.admin.password}
            rules={[
              { required: true, message: t.common.required },
              { min: 10, message: '至少 10 位' },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
