import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Action } from '@tianheng/core';
import { can, useSignedIn } from './me-context.ts';

/** Render the page only when the account has the action; otherwise a 403 page. */
export function RequireAction({ action, children }: { action: Action; children: ReactNode }) {
  const me = useSignedIn();
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (can(me, action)) return children;
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('common.forbidden')}
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('common.home')}
        </Button>
      }
    />
  );
}

/** The 404 page inside the layout. */
export function NotFound() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('common.home')}
        </Button>
      }
    />
  );
}
