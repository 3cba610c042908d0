import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { LockOutlined, PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { assessmentKinds, periodKinds } from '@tianheng/core';
import { api } from '../api/endpoints.ts';
import { keys, usePeriods, useSchemes, useSchemeVersions } from '../api/queries.ts';
import type { AssessmentPeriod } from '../api/types.ts';
import { formatTime } from '../components/format.ts';
import { QueryError } from '../components/query-state.tsx';
import { ResponsiveTable } from '../components/responsive-table.tsx';
import { useServerErrors } from '../components/server-errors.ts';
import { useLabels } from '../i18n/index.ts';
import { can, useSignedIn } from '../layout/me-context.ts';

interface PeriodForm {
  name: string;
  kind: AssessmentPeriod['kind'];
  assessment: AssessmentPeriod['assessment'];
  dates: [Dayjs, Dayjs];
  schemeKey: string;
  schemeVersion?: number;
}

function CreatePeriodDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<PeriodForm>();
  const schemeKey = Form.useWatch('schemeKey', form);
  const schemes = useSchemes();
  const versions = useSchemeVersions(schemeKey ?? '');
  const errors = useServerErrors(form, [
    'name',
    'kind',
    'assessment',
    'schemeKey',
    'schemeVersion',
  ]);
  const create = useMutation({
    mutationFn: api.createPeriod,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.periods });
      void message.success(t('assess.period.created'));
      onClose();
    },
    onError: (error) => {
      // The server names the end date when the dates are the wrong way round.
      errors.show(error);
    },
  });
  return (
    <Modal
      open
      title={t('assess.period.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{
        loading: create.isPending,
        ...({ 'data-testid': 'period-submit' } as object),
      }}
      destroyOnHidden
    >
      {errors.formError ? (
        <Alert
          type="error"
          showIcon
          title={errors.formError}
          style={{ marginBottom: 12 }}
          data-testid="period-error"
        />
      ) : null}
      <Form<PeriodForm>
        form={form}
        layout="vertical"
        data-testid="period-form"
        initialValues={{ kind: 'month', assessment: 'routine' }}
        onFinish={(values) => {
          errors.clear();
          create.mutate({
            name: values.name.trim(),
            kind: values.kind,
            assessment: values.assessment,
            startsOn: values.dates[0].format('YYYY-MM-DD'),
            endsOn: values.dates[1].format('YYYY-MM-DD'),
            schemeKey: values.schemeKey,
            schemeVersion: values.schemeVersion,
          });
        }}
      >
        <Form.Item
          name="name"
          label={t('assess.period.name')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common.required', { field: t('assess.period.name') }),
            },
          ]}
        >
          <Input placeholder="2026年5月" data-testid="period-name" />
        </Form.Item>
        <Space wrap size={16}>
          <Form.Item name="kind" label={t('assess.period.kind')} rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              options={periodKinds.map((k) => ({ value: k, label: t(`assess.period.kinds.${k}`) }))}
              data-testid="period-kind"
            />
          </Form.Item>
          <Form.Item
            name="assessment"
            label={t('assess.period.assessment')}
            rules={[{ required: true }]}
          >
            <Select
              style={{ width: 160 }}
              options={assessmentKinds.map((k) => ({
                value: k,
                label: t(`assess.period.assessments.${k}`),
              }))}
              data-testid="period-assessment"
            />
          </Form.Item>
        </Space>
        <Form.Item
          name="dates"
          label={t('assess.period.dates')}
          rules={[
            { required: true, message: t('common.select', { field: t('assess.period.dates') }) },
          ]}
        >
          <DatePicker.RangePicker style={{ width: '100%' }} data-testid="period-dates" />
        </Form.Item>
        <Space wrap size={16}>
          <Form.Item
            name="schemeKey"
            label={t('assess.period.scheme')}
            rules={[
              { required: true, message: t('common.select', { field: t('assess.period.scheme') }) },
            ]}
          >
            <Select
              style={{ width: 240 }}
              loading={schemes.isPending}
              showSearch={{ optionFilterProp: 'label' }}
              onChange={() => form.setFieldValue('schemeVersion', undefined)}
              options={(schemes.data?.items ?? []).map((s) => ({
                value: s.key,
                label: labels.pick(s.name),
              }))}
              data-testid="period-scheme"
            />
          </Form.Item>
          <Form.Item name="schemeVersion" label={t('assess.scheme.version')}>
            <Select
              allowClear
              style={{ width: 140 }}
              placeholder={t('assess.scheme.latest')}
              disabled={!schemeKey}
              options={(versions.data?.items ?? []).map((v) => ({
                value: v.version,
                label: `v${v.version}`,
              }))}
              data-testid="period-scheme-version"
            />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function ReopenDialog({ period, onClose }: { period: AssessmentPeriod; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const errors = useServerErrors(form, ['reason']);
  const reopen = useMutation({
    mutationFn: (reason: string) => api.reopenPeriod(period.id, reason),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.periods });
      void message.success(t('assess.period.reopened'));
      onClose();
    },
    onError: errors.show,
  });
  return (
    <Modal
      open
      title={`${t('assess.period.reopen')} · ${period.name}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{
        loading: reopen.isPending,
        ...({ 'data-testid': 'reopen-submit' } as object),
      }}
      destroyOnHidden
    >
      <Alert
        type="warning"
        showIcon
        title={t('assess.period.reopenHint')}
        style={{ marginBottom: 12 }}
      />
      {errors.formError ? (
        <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 12 }} />
      ) : null}
      <Form form={form} layout="vertical" onFinish={(v) => reopen.mutate(v.reason.trim())}>
        <Form.Item
          name="reason"
          label={t('assess.period.reopenReason')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common.required', { field: t('assess.period.reopenReason') }),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="reopen-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 考核周期: list, create, close (freezes version and results), reopen with a reason. */
export default function PeriodsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useSignedIn();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const periods = usePeriods();
  const writable = can(me, 'period.write');
  const [creating, setCreating] = useState(false);
  const [reopening, setReopening] = useState<AssessmentPeriod | null>(null);
  const close = useMutation({
    mutationFn: api.closePeriod,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.periods });
      void message.success(t('assess.period.closed'));
    },
    onError: (error) => void message.error(error.message),
  });

  const rows = periods.data?.items ?? [];
  return (
    <Card
      title={t('assess.period.title')}
      data-testid="periods-page"
      extra={
        writable ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="period-create"
          >
            {t('assess.period.create')}
          </Button>
        ) : null
      }
    >
      {periods.isError ? (
        <QueryError error={periods.error} onRetry={() => void periods.refetch()} />
      ) : (
        <ResponsiveTable<AssessmentPeriod>
          rows={rows}
          loading={periods.isPending}
          testId="period-list"
          rowTestId="period-row"
          rowAttributes={(row) => ({ 'data-period-name': row.name, 'data-period-id': row.id })}
          cardTitle={(row) => (
            <Space wrap>
              {row.name}
              <StatusTag period={row} />
            </Space>
          )}
          cardSkip={['name', 'status']}
          pagination={{ current: 1, pageSize: 200, total: rows.length, onChange: () => undefined }}
          columns={[
            { key: 'name', title: t('assess.period.name'), dataIndex: 'name' },
            {
              key: 'kind',
              title: t('assess.period.kind'),
              render: (_: unknown, p: AssessmentPeriod) =>
                `${t(`assess.period.kinds.${p.kind}`)} · ${t(`assess.period.assessments.${p.assessment}`)}`,
            },
            {
              key: 'dates',
              title: t('assess.period.dates'),
              render: (_: unknown, p: AssessmentPeriod) => `${p.startsOn} ~ ${p.endsOn}`,
            },
            {
              key: 'scheme',
              title: t('assess.period.scheme'),
              render: (_: unknown, p: AssessmentPeriod) => (
                <Typography.Link
                  onClick={() =>
                    void navigate(
                      `/schemes/${encodeURIComponent(p.schemeKey)}?version=${p.schemeVersion}`,
                    )
                  }
                >
                  {p.schemeKey} v{p.schemeVersion}
                </Typography.Link>
              ),
            },
            {
              key: 'status',
              title: t('assess.period.status'),
              render: (_: unknown, p: AssessmentPeriod) => (
                <Space orientation="vertical" size={0}>
                  <StatusTag period={p} />
                  {p.closedAt ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatTime(p.closedAt, labels.lang)}
                    </Typography.Text>
                  ) : null}
                  {p.reopenReason ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('assess.period.reopenReason')}: {p.reopenReason}
                    </Typography.Text>
                  ) : null}
                </Space>
              ),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_: unknown, p: AssessmentPeriod) => (
                <Space wrap>
                  {can(me, 'result.read') ? (
                    <Button
                      size="small"
                      onClick={() => void navigate(`/results?periodId=${p.id}`)}
                      data-testid="period-results"
                    >
                      {t('assess.result.title')}
                    </Button>
                  ) : null}
                  {writable && p.status === 'open' ? (
                    <Popconfirm
                      title={t('assess.period.closeConfirm')}
                      onConfirm={() => close.mutate(p.id)}
                      okButtonProps={{ ...({ 'data-testid': 'period-close-ok' } as object) }}
                    >
                      <Button
                        size="small"
                        icon={<LockOutlined />}
                        loading={close.isPending && close.variables === p.id}
                        data-testid="period-close"
                      >
                        {t('assess.period.close')}
                      </Button>
                    </Popconfirm>
                  ) : null}
                  {writable && p.status === 'closed' ? (
                    <Button
                      size="small"
                      icon={<UnlockOutlined />}
                      onClick={() => setReopening(p)}
                      data-testid="period-reopen"
                    >
                      {t('assess.period.reopen')}
                    </Button>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      )}
      {creating ? <CreatePeriodDialog onClose={() => setCreating(false)} /> : null}
      {reopening ? <ReopenDialog period={reopening} onClose={() => setReopening(null)} /> : null}
    </Card>
  );
}

function StatusTag({ period }: { period: AssessmentPeriod }) {
  const { t } = useTranslation();
  return (
    <Tag color={period.status === 'open' ? 'green' : 'default'} data-testid="period-status">
      {t(`assess.period.statuses.${period.status}`)}
    </Tag>
  );
}
