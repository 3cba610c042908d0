import { useState } from 'react';
import {
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Row,
  Select,
  Tag,
  Typography,
  type TableColumnType,
} from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints.ts';
import { keys } from '../api/queries.ts';
import type { AuditEntry, AuditFilter } from '../api/types.ts';
import { formatTime } from '../components/format.ts';
import { QueryError } from '../components/query-state.tsx';
import { ResponsiveTable } from '../components/responsive-table.tsx';
import { useIsMobile } from '../components/use-mobile.ts';
import { useLang } from '../i18n/index.ts';

const results: AuditEntry['result'][] = ['success', 'failure', 'denied'];
const resultColors: Record<AuditEntry['result'], string> = {
  success: 'green',
  failure: 'orange',
  denied: 'red',
};
/** Common action prefixes, offered as suggestions (any prefix may be typed). */
const actionPrefixes = ['auth.', 'auth.login', 'account.', 'unit.', 'person.', 'import.'];
const objectTypes = ['account', 'unit', 'person', 'import'];

function isEmptyDetail(detail: unknown): boolean {
  return (
    detail === null ||
    detail === undefined ||
    (typeof detail === 'object' && Object.keys(detail).length === 0)
  );
}

interface FilterForm {
  range?: [Dayjs | null, Dayjs | null] | null;
  actor?: string;
  action?: string;
  objectType?: string;
  result?: AuditEntry['result'];
}

/** 审计日志: who did what, when, with what result; newest first, read-only. */
export default function AuditPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<FilterForm>();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const query: AuditFilter = { ...filter, page, pageSize };
  const audit = useQuery({
    queryKey: keys.audit(query),
    queryFn: () => api.audit(query),
    placeholderData: (previous) => previous,
  });

  const apply = (values: FilterForm) => {
    const [from, to] = values.range ?? [];
    setFilter({
      from: from ? from.toISOString() : undefined,
      to: to ? to.toISOString() : undefined,
      actor: values.actor?.trim() || undefined,
      action: values.action?.trim() || undefined,
      objectType: values.objectType?.trim() || undefined,
      result: values.result,
    });
    setPage(1);
  };

  const columns: TableColumnType<AuditEntry>[] = [
    {
      title: t('audit.at'),
      dataIndex: 'at',
      width: 170,
      render: (at: string) => formatTime(at, lang),
    },
    { title: t('audit.actor'), dataIndex: 'actorUsername', width: 120 },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 180,
      render: (action: string) => <Typography.Text code>{action}</Typography.Text>,
    },
    { title: t('audit.objectType'), dataIndex: 'objectType', width: 100 },
    {
      title: t('audit.objectId'),
      dataIndex: 'objectId',
      width: 120,
      render: (id: string | null) =>
        id ? (
          <Typography.Text copyable={{ text: id }} style={{ fontFamily: 'monospace' }}>
            {id.slice(0, 8)}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      title: t('audit.result'),
      dataIndex: 'result',
      width: 80,
      render: (r: AuditEntry['result']) => (
        <Tag color={resultColors[r] ?? 'default'}>{t(`audit.results.${r}`)}</Tag>
      ),
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 130, render: (ip: string | null) => ip ?? '—' },
    {
      title: t('audit.detail'),
      dataIndex: 'detail',
      render: (detail: unknown) =>
        isEmptyDetail(detail) ? (
          '—'
        ) : (
          <Typography.Text
            ellipsis={{ tooltip: JSON.stringify(detail, null, 2) }}
            style={{ maxWidth: 260, fontFamily: 'monospace', fontSize: 12 }}
          >
            {JSON.stringify(detail)}
          </Typography.Text>
        ),
    },
  ];

  return (
    <Card title={t('audit.title')} styles={{ body: isMobile ? { padding: 12 } : {} }}>
      <Typography.Paragraph type="secondary">{t('audit.readOnly')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={apply} data-testid="audit-filters">
        <Row gutter={[12, 0]}>
          <Col xs={24} lg={10} xl={8}>
            <Form.Item name="range" label={t('audit.range')}>
              <DatePicker.RangePicker
                showTime
                allowEmpty={[true, true]}
                style={{ width: '100%' }}
                data-testid="audit-range"
              />
            </Form.Item>
          </Col>
          <Col xs={12} lg={7} xl={4}>
            <Form.Item name="actor" label={t('audit.actor')}>
              <Input allowClear data-testid="audit-actor" />
            </Form.Item>
          </Col>
          <Col xs={12} lg={7} xl={4}>
            <Form.Item name="action" label={t('audit.actionPrefix')}>
              <AutoComplete
                allowClear
                options={actionPrefixes.map((value) => ({ value }))}
                data-testid="audit-action"
              />
            </Form.Item>
          </Col>
          <Col xs={12} lg={7} xl={4}>
            <Form.Item name="objectType" label={t('audit.objectType')}>
              <AutoComplete
                allowClear
                options={objectTypes.map((value) => ({ value }))}
                data-testid="audit-object-type"
              />
            </Form.Item>
          </Col>
          <Col xs={12} lg={7} xl={4}>
            <Form.Item name="result" label={t('audit.result')}>
              <Select
                allowClear
                placeholder={t('common.all')}
                options={results.map((r) => ({ value: r, label: t(`audit.results.${r}`) }))}
                data-testid="audit-result"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SearchOutlined />}
            data-testid="audit-apply"
            style={{ marginInlineEnd: 8 }}
          >
            {t('audit.apply')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              apply({});
            }}
            data-testid="audit-reset"
          >
            {t('common.reset')}
          </Button>
        </Form.Item>
      </Form>
      {audit.isError ? (
        <QueryError error={audit.error} onRetry={() => void audit.refetch()} />
      ) : (
        <ResponsiveTable<AuditEntry>
          columns={columns}
          rows={audit.data?.items ?? []}
          loading={audit.isFetching}
          rowTestId="audit-row"
          rowAttributes={(entry) => ({ 'data-action': entry.action })}
          cardTitle={(entry) => (
            <span>
              <Typography.Text code>{entry.action}</Typography.Text>{' '}
              <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
                {formatTime(entry.at, lang)}
              </Typography.Text>
            </span>
          )}
          cardSkip={['at', 'action']}
          pagination={{
            current: page,
            pageSize,
            total: audit.data?.total ?? 0,
            showTotal: (n) => t('common.total', { total: String(n) }),
            onChange: (p, s) => {
              setPage(p);
              setPageSize(s);
            },
          }}
          testId="audit-table"
        />
      )}
    </Card>
  );
}
