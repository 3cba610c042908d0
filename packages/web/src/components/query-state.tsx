import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/** A centred spinner for a page that is loading. */
export function PageLoading() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: 64 }}>
      <Spin size="large" />
    </div>
  );
}

/** A failed query: the server's message, and a retry button. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const forbidden = error instanceof ApiError && error.status === 403;
  const missing = error instanceof ApiError && error.status === 404;
  return (
    <Result
      status={forbidden ? '403' : missing ? '404' : 'error'}
      title={t('common.loadFailed')}
      subTitle={error instanceof Error ? error.message : String(error)}
      extra={
        onRetry && !forbidden && !missing ? (
          <Button onClick={onRetry}>{t('common.retry')}</Button>
        ) : null
      }
    />
  );
}
