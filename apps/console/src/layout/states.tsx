import { Alert, Button, Spin } from 'antd';
import { lazy, Suspense } from 'react';
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

// antd's Result carries large illustrations; loaded only when a page is not found.
const LazyNotFound = lazy(() => import('./not-found-page'));

export function NotFoundPage({ text }: { text?: string }) {
  return (
    <Suspense fallback={<Loading />}>
      <LazyNotFound text={text} />
    </Suspense>
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
