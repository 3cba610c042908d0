import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Scheme } from '@tianheng/core';
import { api } from '../api/endpoints.ts';
import { keys, useSchemes, useSchemeTemplates } from '../api/queries.ts';
import type { SchemeProblem, SchemeSummary } from '../api/types.ts';
import { acceptJson, FilePickButton } from '../components/assessment/file-pick-button.tsx';
import {
  ProblemsModal,
  readJsonFile,
  refusedProblems,
} from '../components/assessment/scheme-io.tsx';
import { formatTime } from '../components/format.ts';
import { QueryError } from '../components/query-state.tsx';
import { ResponsiveTable } from '../components/responsive-table.tsx';
import { useServerErrors } from '../components/server-errors.ts';
import { useLabels } from '../i18n/index.ts';
import { can, useSignedIn } from '../layout/me-context.ts';

/** The name typed for a new scheme; one language stands in for the other (labels need both). */
function nameOf(zh: string | undefined, en: string | undefined): Scheme['name'] | undefined {
  const z = zh?.trim() ?? '';
  const e = en?.trim() ?? '';
  if (z === '' && e === '') return undefined;
  return { 'zh-CN': z || e, en: e || z };
}

function NewFromTemplate({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const templates = useSchemeTemplates();
  const [form] = Form.useForm<{ template: string; key: string; zh?: string; en?: string }>();
  const errors = useServerErrors(form, ['template', 'key']);
  const create = useMutation({
    mutationFn: api.schemeFromTemplate,
    onSuccess: async (version) => {
      await queryClient.invalidateQueries({ queryKey: keys.schemes });
      onClose();
      void navigate(`/schemes/${encodeURIComponent(version.key)}`);
    },
    onError: errors.show,
  });
  return (
    <Modal
      open
      title={t('assess.scheme.newFromTemplate')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{
        loading: create.isPending,
        ...({ 'data-testid': 'template-submit' } as object),
      }}
      destroyOnHidden
    >
      {errors.formError ? (
        <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 12 }} />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        data-testid="template-form"
        onFinish={(values) => {
          errors.clear();
          create.mutate({
            template: values.template,
            key: values.key.trim(),
            name: nameOf(values.zh, values.en),
          });
        }}
      >
        <Form.Item
          name="template"
          label={t('assess.scheme.template')}
          rules={[
            { required: true, message: t('common.select', { field: t('assess.scheme.template') }) },
          ]}
        >
          <Select
            loading={templates.isPending}
            options={(templates.data?.items ?? []).map((tpl) => ({
              value: tpl.key,
              label: labels.pick(tpl.name),
            }))}
            data-testid="template-select"
          />
        </Form.Item>
        <Form.Item
          name="key"
          label={t('assess.scheme.key')}
          rules={[
            { required: true, message: t('common.required', { field: t('assess.scheme.key') }) },
          ]}
        >
          <Input placeholder="h-township-2026" data-testid="template-key" />
        </Form.Item>
        <Form.Item name="zh" label={t('assess.scheme.nameZh')}>
          <Input data-testid="template-name-zh" />
        </Form.Item>
        <Form.Item name="en" label={t('assess.scheme.nameEn')}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 考核方案: every scheme with its latest version; new from a template; import a JSON file. */
export default function SchemesPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useSignedIn();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const schemes = useSchemes();
  const writable = can(me, 'scheme.write');
  const [creating, setCreating] = useState(false);
  const [refused, setRefused] = useState<{ problems: SchemeProblem[]; message: string } | null>(
    null,
  );

  const importScheme = useMutation({
    mutationFn: async (file: File) => {
      let parsed: unknown;
      try {
        parsed = await readJsonFile(file);
      } catch (error) {
        throw new Error(
          t('assess.scheme.invalidJson', {
            reason: error instanceof Error ? error.message : String(error),
          }),
          { cause: error },
        );
      }
      return api.saveScheme(parsed as Scheme);
    },
    onSuccess: async (version) => {
      await queryClient.invalidateQueries({ queryKey: keys.schemes });
      void message.success(t('assess.scheme.savedVersion', { version: String(version.version) }));
      void navigate(`/schemes/${encodeURIComponent(version.key)}`);
    },
    onError: (error) => {
      const problems = refusedProblems(error);
      if (problems.length > 0) setRefused({ problems, message: error.message });
      else void message.error(error.message);
    },
  });

  const toolbar = writable ? (
    <Space wrap>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => setCreating(true)}
        data-testid="scheme-new"
      >
        {t('assess.scheme.newFromTemplate')}
      </Button>
      <FilePickButton
        accept={acceptJson}
        icon={<ImportOutlined />}
        label={t('assess.scheme.importJson')}
        loading={importScheme.isPending}
        onFile={(file) => importScheme.mutate(file)}
        testId="scheme-import"
      />
    </Space>
  ) : null;

  const rows = (schemes.data?.items ?? []).map((s) => ({ ...s, id: s.key }));
  return (
    <Card title={t('assess.scheme.title')} extra={toolbar} data-testid="schemes-page">
      {schemes.isError ? (
        <QueryError error={schemes.error} onRetry={() => void schemes.refetch()} />
      ) : (
        <ResponsiveTable<SchemeSummary & { id: string }>
          rows={rows}
          loading={schemes.isPending}
          testId="scheme-list"
          rowTestId="scheme-row"
          rowAttributes={(row) => ({ 'data-scheme-key': row.key })}
          cardTitle={(row) => (
            <Typography.Link
              onClick={() => void navigate(`/schemes/${encodeURIComponent(row.key)}`)}
            >
              {labels.pick(row.name)}
            </Typography.Link>
          )}
          cardSkip={['name']}
          pagination={{ current: 1, pageSize: 100, total: rows.length, onChange: () => undefined }}
          columns={[
            {
              key: 'name',
              title: t('assess.scheme.name'),
              render: (_: unknown, row) => (
                <Typography.Link
                  onClick={() => void navigate(`/schemes/${encodeURIComponent(row.key)}`)}
                  data-testid="scheme-open"
                >
                  {labels.pick(row.name)}
                </Typography.Link>
              ),
            },
            { key: 'key', title: t('assess.scheme.key'), dataIndex: 'key' },
            {
              key: 'audience',
              title: t('assess.scheme.audience'),
              dataIndex: 'audience',
              render: (a: SchemeSummary['audience']) => t(`assess.scheme.audiences.${a}`),
            },
            {
              key: 'version',
              title: t('assess.scheme.latest'),
              dataIndex: 'version',
              render: (v: number, row) => (
                <Space>
                  <Tag color="blue">v{v}</Tag>
                  <Typography.Text type="secondary">
                    {t('assess.scheme.versions')}: {row.versions}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              key: 'createdAt',
              title: t('assess.scheme.createdAt'),
              dataIndex: 'createdAt',
              render: (at: string) => formatTime(at, labels.lang),
            },
          ]}
        />
      )}
      {!schemes.isPending && rows.length === 0 && !schemes.isError ? (
        <Alert
          type="info"
          showIcon
          title={t('assess.scheme.noSchemes')}
          style={{ marginTop: 12 }}
        />
      ) : null}
      {creating ? <NewFromTemplate onClose={() => setCreating(false)} /> : null}
      {refused ? (
        <ProblemsModal
          problems={refused.problems}
          message={refused.message}
          onClose={() => setRefused(null)}
        />
      ) : null}
    </Card>
  );
}
