import { Alert, Button, Result, Spin } from 'antd';
import { Link } from 'react-router';
import { ApiRequestError } from '../api/client';
import { errorText, t } from '../i18n/zh-CN';

export function Loading() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }} role="status" aria-live="polite">
      <Spin />
      <div style={{ marginTop: 8 }}>{t.common.loading}</div>
    </div>
  );
}

export function NotFoundPage({ text }: { text?: string }) {
  return (
    <Result
      status="404"
      title={<h1 style={{ fontSize: 24, margin: 0 }}>{t.notFound.title}</h1>}
      subTitle={text ?? t.notFound.text}
      extra={
        <Link to="/">
          <Button type="primary">{t.notFound.home}</Button>
        </Link>
      }
    />
  );
}

/** An error as officers read it: in Chinese, with a retry where that can help. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const e = error instanceof ApiRequestError ? error : null;
  return (
    <Alert
      type="error"
      showIcon
      title={errorText(e?.body.code, e?.status)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t.common.retry}
          </Button>
        ) : undefined
      }
    />
  );
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 404;
}
