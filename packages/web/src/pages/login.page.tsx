import { useEffect } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { BankOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '@tianheng/core';
import { ApiError } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import { keys, useMeta } from '../api/queries.ts';
import { LangSwitch } from '../components/lang-switch.tsx';
import { useLang } from '../i18n/index.ts';

interface LoginForm {
  tenant: string;
  username: string;
  password: string;
}

interface LoginState {
  reason?: 'unauthenticated' | 'session-expired';
  from?: string;
}

/** Sign in with organisation code, username and password. */
export default function LoginPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [form] = Form.useForm<LoginForm>();
  const meta = useMeta();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? {}) as LoginState;
  const queryClient = useQueryClient();

  useEffect(() => {
    const tenant = meta.data?.defaultTenant;
    if (tenant && !form.getFieldValue('tenant')) form.setFieldsValue({ tenant });
  }, [meta.data, form]);

  const login = useMutation({
    mutationFn: (values: LoginForm) => api.login(values),
    onSuccess: (me) => {
      // Another account may have used this browser: drop everything cached for it.
      queryClient.clear();
      queryClient.setQueryData(keys.me, me);
      const next = me.account.mustChangePassword
        ? '/change-password'
        : state.from && state.from !== '/login'
          ? state.from
          : '/';
      void navigate(next, { replace: true });
    },
  });

  const error = login.error;
  const locked = error instanceof ApiError && error.code === 'account-locked';

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 16,
        background: 'linear-gradient(160deg, #eef4fc 0%, #f7f9fc 60%, #ffffff 100%)',
      }}
    >
      <div style={{ position: 'absolute', top: 12, right: 12 }}>
        <LangSwitch />
      </div>
      <Card style={{ width: '100%', maxWidth: 400 }} styles={{ body: { padding: 28 } }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <div style={{ fontSize: 40, lineHeight: 1 }} aria-hidden>
            ⚖
          </div>
          <Typography.Title level={3} style={{ margin: '8px 0 0' }} data-testid="login-title">
            {t('app.title')}
          </Typography.Title>
        </div>
        {state.reason && !error ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={errorMessage(state.reason, lang)}
            data-testid="login-notice"
          />
        ) : null}
        {error ? (
          <Alert
            type={locked ? 'warning' : 'error'}
            showIcon
            style={{ marginBottom: 16 }}
            title={error.message}
            data-testid="login-error"
          />
        ) : null}
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => login.mutate(values)}
          onValuesChange={() => {
            if (login.isError) login.reset();
          }}
          data-testid="login-form"
        >
          <Form.Item
            name="tenant"
            label={t('login.tenant')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common.required', { field: t('login.tenant') }),
              },
            ]}
          >
            <Input
              prefix={<BankOutlined />}
              placeholder={t('login.tenantPlaceholder')}
              autoComplete="organization"
              data-testid="login-tenant"
            />
          </Form.Item>
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[
              {
                required: true,
                whitespace: true,
                message: t('common.required', { field: t('login.username') }),
              },
            ]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" data-testid="login-username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[
              { required: true, message: t('common.required', { field: t('login.password') }) },
            ]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="login-password"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={login.isPending}
            data-testid="login-submit"
          >
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
      <Typography.Text type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
        {t('app.name')} {meta.data?.version ?? ''}
      </Typography.Text>
    </div>
  );
}
