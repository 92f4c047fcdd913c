import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api, ApiRequestError, call } from '../../api/client';
import { homePath } from '../../auth/access';
import { session } from '../../auth/session-store';
import { useSession } from '../../auth/use-session';
import { errorText, t } from '../../i18n/zh-CN';

interface LoginValues {
  username: string;
  password: string;
}

export default function LoginPage() {
  const { token, user, expired } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (token && user) return <Navigate to={from ?? homePath(user.role)} replace />;

  const submit = async (v: LoginValues) => {
    setBusy(true);
    setError(null);
    try {
      const res = await call(api.POST('/api/auth/login', { body: v }));
      session.login(res.accessToken, res.user);
      await navigate(from ?? homePath(res.user.role), { replace: true });
    } catch (err) {
      const e = err instanceof ApiRequestError ? err : null;
      setError(errorText(e?.body.code, e?.status));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#eef2f7' }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={1} style={{ fontSize: 22, textAlign: 'center' }}>
          {t.app.name} · {t.app.title}
        </Typography.Title>
        {expired && <Alert type="warning" showIcon title={t.login.expired} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form<LoginValues> layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label={t.login.username} name="username" rules={[{ required: true, message: t.login.usernameRequired }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t.login.password} name="password" rules={[{ required: true, message: t.login.passwordRequired }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t.login.submit}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t.login.demoHint}
        </Typography.Paragraph>
      </Card>
    </main>
  );
}
