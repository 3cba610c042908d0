import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnType } from 'antd';
import { PlusOutlined, SyncOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  categoryKinds,
  RATIO_SCALE,
  stepRoles,
  validateRoleShares,
  type CategoryKind,
  type StepRole,
  type WorkConfig,
} from '@tianheng/core';
import {
  useCategories,
  useWorkConfig,
  workApi,
  workKeys,
  type CategoryView,
} from '../../api/work.ts';
import { PageLoading, QueryError } from '../../components/query-state.tsx';
import { useServerErrors } from '../../components/server-errors.ts';
import { useIsMobile } from '../../components/use-mobile.ts';
import { sumDecimals } from '../../components/work/work-model.ts';
import { useLabels } from '../../i18n/index.ts';
import { WorkTemplates } from './template-editor.tsx';

interface CategoryForm {
  key: string;
  nameZh: string;
  nameEn: string;
  kind: CategoryKind;
  sortOrder?: number;
}

function CategoryDialog({
  editing,
  onClose,
}: {
  editing: CategoryView | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<CategoryForm>();
  const errors = useServerErrors(form, ['key', 'kind', 'sortOrder']);
  const save = useMutation({
    mutationFn: (values: CategoryForm) => {
      const name = { 'zh-CN': values.nameZh.trim(), en: values.nameEn.trim() };
      return editing
        ? workApi.updateCategory(editing.id, {
            name,
            kind: values.kind,
            sortOrder: values.sortOrder,
          })
        : workApi.createCategory({
            key: values.key.trim(),
            name,
            kind: values.kind,
            sortOrder: values.sortOrder,
          });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: workKeys.categories });
      void message.success(t('work.settings.categorySaved'));
      onClose();
    },
    onError: errors.show,
  });
  const required = (field: string) => [
    { required: true, whitespace: true, message: t('common.required', { field }) },
  ];
  return (
    <Modal
      open
      title={editing ? t('common.edit') : t('work.settings.addCategory')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{
        loading: save.isPending,
        ...({ 'data-testid': 'category-submit' } as object),
      }}
      destroyOnHidden
    >
      {errors.formError ? (
        <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 12 }} />
      ) : null}
      <Form<CategoryForm>
        form={form}
        layout="vertical"
        initialValues={
          editing
            ? {
                key: editing.key,
                nameZh: editing.name['zh-CN'],
                nameEn: editing.name.en,
                kind: editing.kind,
                sortOrder: editing.sortOrder,
              }
            : { kind: 'campaign' }
        }
        onFinish={(values) => {
          errors.clear();
          save.mutate(values);
        }}
      >
        <Form.Item
          name="key"
          label={t('work.settings.key')}
          rules={[
            ...required(t('work.settings.key')),
            { pattern: /^[a-z0-9][a-z0-9-]{0,63}$/, message: 'a-z 0-9 -' },
          ]}
        >
          <Input disabled={editing !== null} data-testid="category-key" />
        </Form.Item>
        <Form.Item
          name="nameZh"
          label={t('work.settings.nameZh')}
          rules={required(t('work.settings.nameZh'))}
        >
          <Input maxLength={200} data-testid="category-name-zh" />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('work.settings.nameEn')}
          rules={required(t('work.settings.nameEn'))}
        >
          <Input maxLength={200} data-testid="category-name-en" />
        </Form.Item>
        <Space wrap size={16}>
          <Form.Item name="kind" label={t('work.settings.kind')} rules={[{ required: true }]}>
            <Select
              style={{ width: 180 }}
              options={categoryKinds.map((k) => ({ value: k, label: t(`work.kinds.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="sortOrder" label={t('work.settings.sortOrder')}>
            <InputNumber min={0} max={10000} precision={0} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function Categories() {
  const { t } = useTranslation();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const categories = useCategories();
  const [editing, setEditing] = useState<CategoryView | null | 'new'>(null);
  const archive = useMutation({
    mutationFn: (c: CategoryView) => workApi.updateCategory(c.id, { archived: !c.archived }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workKeys.categories }),
    onError: (error) => void message.error(error.message),
  });
  const columns: TableColumnType<CategoryView>[] = [
    { key: 'sortOrder', title: t('work.settings.sortOrder'), dataIndex: 'sortOrder', width: 70 },
    {
      key: 'name',
      title: t('work.task.category'),
      render: (_, row) => (
        <Space size={4} wrap>
          {labels.pick(row.name)}
          {row.archived ? <Tag>{t('work.settings.archived')}</Tag> : null}
        </Space>
      ),
    },
    { key: 'key', title: t('work.settings.key'), dataIndex: 'key', responsive: ['md'] },
    {
      key: 'kind',
      title: t('work.settings.kind'),
      render: (_, row) => t(`work.kinds.${row.kind}`),
      responsive: ['sm'],
    },
    { key: 'tasks', title: t('work.settings.taskCount'), dataIndex: 'tasks', responsive: ['sm'] },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, row) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(row)}>
            {t('common.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            loading={archive.isPending && archive.variables.id === row.id}
            onClick={() => archive.mutate(row)}
          >
            {row.archived ? t('work.settings.unarchive') : t('work.settings.archive')}
          </Button>
        </Space>
      ),
    },
  ];
  return (
    <Card
      title={t('work.settings.categories')}
      extra={
        <Button
          icon={<PlusOutlined />}
          onClick={() => setEditing('new')}
          data-testid="category-add"
        >
          {isMobile ? null : t('work.settings.addCategory')}
        </Button>
      }
      styles={{ body: isMobile ? { padding: 12 } : {} }}
      data-testid="settings-categories"
    >
      {categories.isError ? (
        <QueryError error={categories.error} onRetry={() => void categories.refetch()} />
      ) : (
        <Table<CategoryView>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={[...(categories.data?.items ?? [])].sort((a, b) => a.sortOrder - b.sortOrder)}
          loading={categories.isPending}
          pagination={false}
        />
      )}
      {editing ? (
        <CategoryDialog
          editing={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Card>
  );
}

function ConfigForm({ config }: { config: WorkConfig }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [shares, setShares] = useState<Record<StepRole, string>>({ ...config.roleShares });
  const [lights, setLights] = useState({ ...config.lights });
  const [dueSoonDays, setDueSoonDays] = useState(config.dueSoonDays);
  const [serverError, setServerError] = useState<string | null>(null);
  const problems = validateRoleShares(shares);
  const sum = sumDecimals(
    stepRoles.map((r) => shares[r]),
    RATIO_SCALE,
  );
  const save = useMutation({
    mutationFn: () => workApi.saveConfig({ roleShares: shares, lights, dueSoonDays }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(workKeys.config, saved);
      await queryClient.invalidateQueries({ queryKey: workKeys.all });
      setServerError(null);
      void message.success(t('work.settings.saved'));
    },
    onError: (error) => setServerError(error.message),
  });
  const tick = useMutation({
    mutationFn: workApi.tick,
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: workKeys.all });
      void message.success(
        t('work.settings.ticked', {
          evaluated: String(result.evaluated),
          changed: String(result.changed),
        }),
      );
    },
    onError: (error) => void message.error(error.message),
  });
  const body = { body: isMobile ? { padding: 12 } : {} };
  return (
    <>
      <Card title={t('work.settings.shares')} styles={body} data-testid="settings-shares">
        <Typography.Paragraph type="secondary">
          {t('work.settings.sharesHint')}
        </Typography.Paragraph>
        <Row gutter={[12, 8]}>
          {stepRoles.map((role) => (
            <Col key={role} xs={12} md={8} xl={6}>
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                {t(`work.roles.${role}`)}
              </Typography.Text>
              <Input
                value={shares[role]}
                inputMode="decimal"
                onChange={(e) => setShares({ ...shares, [role]: e.target.value.trim() })}
                status={problems.some((p) => p.path.endsWith(`.${role}`)) ? 'error' : undefined}
                data-testid={`share-${role}`}
              />
            </Col>
          ))}
        </Row>
        <Typography.Paragraph style={{ marginTop: 8 }} data-testid="shares-sum">
          {t('work.settings.sharesSum', { sum: sum ?? '—' })}
        </Typography.Paragraph>
        {problems.length > 0 ? (
          <Alert
            type="error"
            showIcon
            title={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {problems.map((p, i) => (
                  <li key={i}>{labels.pick(p.message)}</li>
                ))}
              </ul>
            }
            data-testid="shares-problems"
          />
        ) : null}
      </Card>
      <Card title={t('work.settings.lights')} styles={body} data-testid="settings-lights">
        <Row gutter={[12, 8]}>
          {(
            [
              ['aheadDays', t('work.settings.aheadDays'), 0, 365],
              ['graceDays', t('work.settings.graceDays'), 0, 365],
              ['utcOffsetMinutes', t('work.settings.utcOffset'), -720, 840],
            ] as const
          ).map(([field, label, min, max]) => (
            <Col key={field} xs={24} sm={12} md={6}>
              <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                {label}
              </Typography.Text>
              <InputNumber
                min={min}
                max={max}
                precision={0}
                value={lights[field]}
                onChange={(value) => setLights({ ...lights, [field]: value ?? 0 })}
                style={{ width: '100%' }}
                data-testid={`light-${field}`}
              />
            </Col>
          ))}
          <Col xs={24} sm={12} md={6}>
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {t('work.settings.dueSoonDays')}
            </Typography.Text>
            <InputNumber
              min={0}
              max={365}
              precision={0}
              value={dueSoonDays}
              onChange={(value) => setDueSoonDays(value ?? 0)}
              style={{ width: '100%' }}
              data-testid="due-soon-days"
            />
          </Col>
        </Row>
      </Card>
      <Card styles={body}>
        {serverError ? (
          <Alert type="error" showIcon title={serverError} style={{ marginBottom: 12 }} />
        ) : null}
        <Space wrap>
          <Button
            type="primary"
            disabled={problems.length > 0}
            loading={save.isPending}
            onClick={() => save.mutate()}
            data-testid="settings-save"
          >
            {t('common.save')}
          </Button>
          <Button
            icon={<SyncOutlined />}
            loading={tick.isPending}
            onClick={() => tick.mutate()}
            data-testid="settings-tick"
          >
            {t('work.settings.tick')}
          </Button>
        </Space>
      </Card>
    </>
  );
}

/** 工作设置: categories, workflow templates, role shares (checked live) and light thresholds. */
export default function WorkSettingsPage() {
  const config = useWorkConfig();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="work-settings">
      <Categories />
      <WorkTemplates />
      {config.isPending ? (
        <PageLoading />
      ) : config.isError ? (
        <QueryError error={config.error} onRetry={() => void config.refetch()} />
      ) : (
        <ConfigForm config={config.data} />
      )}
    </Space>
  );
}
