import { App, Button, Card, Result, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import { keys, useMe } from '../api/queries.ts';
import { ChangePasswordForm } from '../components/change-password-form.tsx';
import { LangSwitch } from '../components/lang-switch.tsx';
import { PageLoading, QueryError } from '../components/query-state.tsx';

/** The page an account lands on while it must change its initial (or reset) password. */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logout = useMutation({
    mutationFn: api.logout,
    onSettled: () => {
      queryClient.clear();
      void navigate('/login', { replace: true });
    },
  });

  if (me.isPending) return <PageLoading />;
  if (me.isError) {
    if (me.error instanceof ApiError && me.error.status === 401) return <PageLoading />;
    return <QueryError error={me.error} onRetry={() => void me.refetch()} />;
  }
  if (!me.data.account.mustChangePassword) return <Navigate to="/" replace />;

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 16,
        background: '#f5f7fb',
      }}
    >
      <div style={{ position: 'absolute', top: 12, right: 12, display: 'flex', gap: 4 }}>
        <LangSwitch />
        <Button type="text" onClick={() => logout.mutate()} data-testid="logout">
          {t('menu.logout')}
        </Button>
      </div>
      <Card style={{ width: '100%', maxWidth: 460 }} data-testid="forced-password-page">
        <Result
          status="warning"
          title={t('password.forcedTitle')}
          subTitle={
            <Typography.Text type="secondary">
              {me.data.account.personName ?? me.data.account.username} · {me.data.tenant.name}
              <br />
              {t('password.forcedHint')}
            </Typography.Text>
          }
          style={{ padding: '8px 0 16px' }}
        />
        <ChangePasswordForm
          onChanged={() => {
            void message.success(t('password.changed'));
            void queryClient
              .invalidateQueries({ queryKey: keys.me })
              .then(() => navigate('/', { replace: true }));
          }}
        />
      </Card>
    </div>
  );
}
