import { BellOutlined, LogoutOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import { Suspense } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { qk } from '../api/query-keys';
import { canOpen, type Area } from '../auth/access';
import { session } from '../auth/session-store';
import { useSession } from '../auth/use-session';
import { t } from '../i18n/zh-CN';
import { formatDateTime } from '../lib/format';
import { Loading } from './states';
import { useRegionName } from './use-regions';

const NAV: { key: string; label: string; area: Area }[] = [
  { key: '/inbox', label: t.menu.inbox, area: 'inbox' },
  { key: '/intake', label: t.menu.intake, area: 'intake' },
  { key: '/cases', label: t.menu.cases, area: 'cases' },
  { key: '/supervision', label: t.menu.supervision, area: 'supervision' },
  { key: '/care-homes', label: t.menu.careHomes, area: 'careHomes' },
  { key: '/roster', label: t.menu.roster, area: 'roster' },
  { key: '/payroll', label: t.menu.payroll, area: 'payroll' },
  { key: '/admin/users', label: t.menu.users, area: 'admin' },
  { key: '/admin/policies', label: t.menu.policies, area: 'admin' },
  { key: '/admin/holidays', label: t.menu.holidays, area: 'admin' },
];

function Notifications() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { data } = useQuery({
    queryKey: qk.notifications,
    queryFn: () => call(api.GET('/api/notifications', { params: { query: { pageSize: 8 } } })),
    refetchInterval: 60_000,
  });
  const read = useMutation({
    mutationFn: (id: string) => call(api.POST('/api/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.notifications }),
  });
  const unread = data?.unreadCount ?? 0;
  const items = (data?.items ?? []).map((n) => ({
    key: n.id,
    label: (
      <div style={{ maxWidth: 360, fontWeight: n.readAt ? 'normal' : 600 }}>
        <div>{n.message}</div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(n.createdAt)}
        </Typography.Text>
      </div>
    ),
    onClick: () => {
      if (!n.readAt) read.mutate(n.id);
      if (n.caseId) void navigate(`/cases/${n.caseId}`);
    },
  }));
  return (
    <Dropdown
      menu={{ items: items.length ? items : [{ key: 'none', label: t.layout.noNotifications, disabled: true }] }}
      trigger={['click']}
    >
      <Button type="text" aria-label={`${t.layout.notifications}(${t.layout.unread(unread)})`} data-testid="notifications">
        <Badge count={unread} size="small">
          <BellOutlined style={{ fontSize: 18, color: '#fff' }} />
        </Badge>
      </Button>
    </Dropdown>
  );
}

export function AppLayout() {
  const { user } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const regionName = useRegionName(user?.regionCode);
  const items = NAV.filter((n) => canOpen(user?.role, n.area)).map((n) => ({ key: n.key, label: n.label }));
  const selected = NAV.map((n) => n.key).filter((k) => location.pathname.startsWith(k));

  const logout = () => {
    session.logout();
    qc.clear();
    void navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#0f3d80', paddingInline: 24 }}>
        <div style={{ color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>
          {t.app.name} · {t.app.title}
        </div>
        <div style={{ flex: 1 }} />
        <Space size="middle" style={{ color: '#fff' }}>
          <span data-testid="current-region">
            {t.layout.region}:{regionName ?? user?.regionCode}
          </span>
          <span data-testid="current-user">
            {user?.displayName}({user ? (t.roles[user.role] ?? user.roleLabel) : ''})
          </span>
          <Notifications />
          <Button icon={<LogoutOutlined />} onClick={logout}>
            {t.layout.logout}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={180} theme="light" aria-label="导航">
          <nav aria-label="主菜单">
            <Menu mode="inline" selectedKeys={selected} items={items} onClick={(e) => void navigate(e.key)} style={{ height: '100%' }} />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          <main>
            {/* A page loading its code shows here; the header and the menu stay. */}
            <Suspense fallback={<Loading />}>
              <Outlet />
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
