import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
  type TableColumnType,
} from 'antd';
import {
  KeyOutlined,
  PlusOutlined,
  SafetyCertificateOutlined,
  StopOutlined,
  UnlockOutlined,
  CheckCircleOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '@tianheng/core';
import { api } from '../api/endpoints.ts';
import { keys, usePeople, useUnits } from '../api/queries.ts';
import type { AccountSummary, Unit } from '../api/types.ts';
import { formatTime, useDebounced } from '../components/format.ts';
import { GrantTags } from '../components/grant-tags.tsx';
import { GrantsEditor, grantsOf, rowsOf, type GrantRow } from '../components/grants-editor.tsx';
import { PasswordHint, passwordRule } from '../components/password-hint.tsx';
import { QueryError } from '../components/query-state.tsx';
import { ResponsiveTable } from '../components/responsive-table.tsx';
import { useServerErrors } from '../components/server-errors.ts';
import { useIsMobile } from '../components/use-mobile.ts';
import { useLang } from '../i18n/index.ts';
import { can, useSignedIn } from '../layout/me-context.ts';

type Dialog =
  | { kind: 'create' }
  | { kind: 'grants'; account: AccountSummary }
  | { kind: 'password'; account: AccountSummary };

/** 账号与权限: accounts, their status and role grants. */
export default function AccountsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const me = useSignedIn();
  const writable = can(me, 'account.write');
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const query = { q: q || undefined, page, pageSize };
  const accounts = useQuery({
    queryKey: keys.accountList(query),
    queryFn: () => api.accounts(query),
    placeholderData: (previous) => previous,
  });
  const units = useUnits(can(me, 'unit.read'));
  const unitName = (unitId: string) => units.data?.find((u) => u.id === unitId)?.name;

  const done = (text: string) => {
    void message.success(text);
    void queryClient.invalidateQueries({ queryKey: keys.accounts });
  };
  const fail = (error: unknown) =>
    void message.error(error instanceof Error ? error.message : String(error));
  const unlock = useMutation({
    mutationFn: (account: AccountSummary) => api.unlock(account.id),
    onSuccess: () => done(t('account.unlocked')),
    onError: fail,
  });
  const toggle = useMutation({
    mutationFn: (account: AccountSummary) =>
      api.updateAccount(account.id, { disabled: !account.disabled }),
    onSuccess: (account) =>
      done(account.disabled ? t('account.disabledOk') : t('account.enabledOk')),
    onError: fail,
  });

  const status = (a: AccountSummary) => {
    const tags = [];
    if (a.disabled)
      tags.push(
        <Tag key="disabled" color="default" data-testid="status-disabled">
          {t('account.disabled')}
        </Tag>,
      );
    if (a.locked)
      tags.push(
        <Tooltip
          key="locked"
          title={
            a.lockedUntil
              ? t('account.lockedUntil', { time: formatTime(a.lockedUntil, lang) })
              : null
          }
        >
          <Tag color="red" data-testid="status-locked">
            {t('account.locked')}
          </Tag>
        </Tooltip>,
      );
    if (a.mustChangePassword)
      tags.push(
        <Tag key="must" color="orange" data-testid="status-must-change">
          {t('account.mustChange')}
        </Tag>,
      );
    if (tags.length === 0)
      tags.push(
        <Tag key="ok" color="green" data-testid="status-active">
          {t('account.active')}
        </Tag>,
      );
    return (
      <Space size={[0, 4]} wrap>
        {tags}
      </Space>
    );
  };

  const usernameCell = (a: AccountSummary) => (
    <Space size={4}>
      <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
        {a.username}
      </Typography.Text>
      {a.id === me.account.id ? <Tag color="blue">{t('account.self')}</Tag> : null}
    </Space>
  );

  const columns: TableColumnType<AccountSummary>[] = [
    {
      title: t('account.username'),
      dataIndex: 'username',
      key: 'username',
      render: (_: string, a) => usernameCell(a),
    },
    {
      title: t('account.person'),
      dataIndex: 'personName',
      width: 110,
      render: (name: string | null) => name ?? '—',
    },
    {
      title: t('account.grants'),
      dataIndex: 'grants',
      render: (_: unknown, a) => <GrantTags grants={a.grants} unitName={unitName} />,
    },
    { title: t('account.status'), key: 'status', width: 150, render: (_: unknown, a) => status(a) },
    {
      title: t('account.lastLogin'),
      dataIndex: 'lastLoginAt',
      width: 170,
      render: (at: string | null) => (at ? formatTime(at, lang) : t('account.never')),
    },
  ];
  if (writable)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 260,
      render: (_: unknown, a) => {
        const self = a.id === me.account.id;
        return (
          <Space size={0} wrap>
            <Tooltip title={self ? errorMessage('cannot-change-own-grants', lang) : null}>
              <Button
                type="link"
                size="small"
                icon={<SafetyCertificateOutlined />}
                disabled={self}
                onClick={() => setDialog({ kind: 'grants', account: a })}
                data-testid="account-grants"
              >
                {t('account.editGrants')}
              </Button>
            </Tooltip>
            <Button
              type="link"
              size="small"
              icon={<KeyOutlined />}
              onClick={() => setDialog({ kind: 'password', account: a })}
              data-testid="account-reset-password"
            >
              {t('account.resetPassword')}
            </Button>
            {a.locked ? (
              <Popconfirm title={t('account.unlockConfirm')} onConfirm={() => unlock.mutate(a)}>
                <Button
                  type="link"
                  size="small"
                  icon={<UnlockOutlined />}
                  data-testid="account-unlock"
                >
                  {t('account.unlock')}
                </Button>
              </Popconfirm>
            ) : null}
            {a.disabled ? (
              <Button
                type="link"
                size="small"
                icon={<CheckCircleOutlined />}
                onClick={() => toggle.mutate(a)}
                data-testid="account-enable"
              >
                {t('account.enable')}
              </Button>
            ) : (
              <Popconfirm
                title={t('account.disableConfirm')}
                onConfirm={() => toggle.mutate(a)}
                disabled={self}
              >
                <Button
                  type="link"
                  size="small"
                  danger
                  icon={<StopOutlined />}
                  disabled={self}
                  data-testid="account-disable"
                >
                  {t('account.disable')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        );
      },
    });

  return (
    <Card
      title={t('account.title')}
      extra={
        writable ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog({ kind: 'create' })}
            data-testid="account-create"
          >
            {isMobile ? null : t('account.create')}
          </Button>
        ) : null
      }
      styles={{ body: isMobile ? { padding: 12 } : {} }}
    >
      <Input.Search
        allowClear
        style={{ maxWidth: 320, marginBottom: 16 }}
        placeholder={t('account.searchPlaceholder')}
        value={search}
        onChange={(e) => {
          setSearch(e.target.value);
          if (e.target.value === '') {
            setQ('');
            setPage(1);
          }
        }}
        onSearch={(value) => {
          setQ(value.trim());
          setPage(1);
        }}
        data-testid="account-search"
      />
      {accounts.isError ? (
        <QueryError error={accounts.error} onRetry={() => void accounts.refetch()} />
      ) : (
        <ResponsiveTable<AccountSummary>
          columns={columns}
          rows={accounts.data?.items ?? []}
          loading={accounts.isFetching}
          rowTestId="account-row"
          rowAttributes={(a) => ({ 'data-username': a.username })}
          cardTitle={(a) => usernameCell(a)}
          cardSkip={['username']}
          pagination={{
            current: page,
            pageSize,
            total: accounts.data?.total ?? 0,
            showTotal: (n) => t('common.total', { total: String(n) }),
            onChange: (p, s) => {
              setPage(p);
              setPageSize(s);
            },
          }}
          testId="account-table"
        />
      )}
      {dialog?.kind === 'create' ? (
        <CreateAccountDialog units={units.data ?? []} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'grants' ? (
        <GrantsDialog
          account={dialog.account}
          units={units.data ?? []}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'password' ? (
        <ResetPasswordDialog account={dialog.account} onClose={() => setDialog(null)} />
      ) : null}
    </Card>
  );
}

/** A searchable select of people (server-side search by name or staff no.). */
function PersonSelect({
  value,
  onChange,
}: {
  value?: string;
  onChange?: (value?: string) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const people = usePeople({ q: q || undefined, page: 1, pageSize: 20 });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      placeholder={t('account.personPlaceholder')}
      loading={people.isFetching}
      options={(people.data?.items ?? []).map((p) => ({
        value: p.id,
        label: `${p.name}（${p.staffNo} · ${p.unitName}）`,
      }))}
      data-testid="account-person"
    />
  );
}

interface CreateForm {
  username: string;
  personId?: string;
  initialPassword: string;
  grants?: GrantRow[];
}

function CreateAccountDialog({ units, onClose }: { units: readonly Unit[]; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CreateForm>();
  const password = Form.useWatch('initialPassword', form);
  const errors = useServerErrors(form, ['username', 'personId', 'initialPassword', 'grants']);
  const create = useMutation({
    mutationFn: (v: CreateForm) =>
      api.createAccount({
        username: v.username.trim(),
        ...(v.personId ? { personId: v.personId } : {}),
        initialPassword: v.initialPassword,
        grants: grantsOf(v.grants),
      }),
    onSuccess: async () => {
      void message.success(t('account.created'));
      await queryClient.invalidateQueries({ queryKey: keys.accounts });
      onClose();
    },
    onError: errors.show,
  });
  return (
    <Modal
      open
      width={720}
      title={t('account.create')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'account-form-submit' }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ grants: [{}] }}
        onFinish={(values) => {
          errors.clear();
          create.mutate(values);
        }}
        data-testid="account-form"
      >
        {errors.formError ? (
          <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 16 }} />
        ) : null}
        <Form.Item
          name="username"
          label={t('account.username')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common.required', { field: t('account.username') }),
            },
          ]}
        >
          <Input maxLength={64} autoComplete="off" data-testid="account-username" />
        </Form.Item>
        <Form.Item name="personId" label={t('account.person')}>
          <PersonSelect />
        </Form.Item>
        <Form.Item
          name="initialPassword"
          label={t('account.initialPassword')}
          extra={
            <>
              <PasswordHint value={password} />
              <div>{t('account.initialHint')}</div>
            </>
          }
          rules={[
            {
              required: true,
              message: t('common.required', { field: t('account.initialPassword') }),
            },
            passwordRule(lang),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="account-password" />
        </Form.Item>
        <Form.Item label={t('account.grants')}>
          <GrantsEditor form={form} units={units} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function GrantsDialog({
  account,
  units,
  onClose,
}: {
  account: AccountSummary;
  units: readonly Unit[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ grants?: GrantRow[] }>();
  const errors = useServerErrors(form, ['grants']);
  const save = useMutation({
    mutationFn: (v: { grants?: GrantRow[] }) => api.setGrants(account.id, grantsOf(v.grants)),
    onSuccess: async () => {
      void message.success(t('account.grantsSaved'));
      await queryClient.invalidateQueries({ queryKey: keys.accounts });
      onClose();
    },
    onError: errors.show,
  });
  return (
    <Modal
      open
      width={720}
      title={`${t('account.editGrants')} · ${account.username}`}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'grants-form-submit' }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ grants: rowsOf(account.grants) }}
        onFinish={(values) => {
          errors.clear();
          save.mutate(values);
        }}
        data-testid="grants-form"
      >
        {errors.formError ? (
          <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 16 }} />
        ) : null}
        <GrantsEditor form={form} units={units} />
      </Form>
    </Modal>
  );
}

function ResetPasswordDialog({
  account,
  onClose,
}: {
  account: AccountSummary;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ newPassword: string }>();
  const password = Form.useWatch('newPassword', form);
  const errors = useServerErrors(form, ['newPassword']);
  const reset = useMutation({
    mutationFn: (v: { newPassword: string }) => api.resetPassword(account.id, v.newPassword),
    onSuccess: async () => {
      void message.success(t('account.passwordReset'));
      await queryClient.invalidateQueries({ queryKey: keys.accounts });
      onClose();
    },
    onError: errors.show,
  });
  return (
    <Modal
      open
      title={`${t('account.resetPassword')} · ${account.username}`}
      okText={t('common.save')}
      onOk={() => form.submit()}
      confirmLoading={reset.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'reset-password-submit' }}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => {
          errors.clear();
          reset.mutate(values);
        }}
        data-testid="reset-password-form"
      >
        {errors.formError ? (
          <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 16 }} />
        ) : null}
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={
            <>
              <PasswordHint value={password} />
              <div>{t('account.initialHint')}</div>
            </>
          }
          rules={[
            { required: true, message: t('common.required', { field: t('password.new') }) },
            passwordRule(lang),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="reset-password-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
