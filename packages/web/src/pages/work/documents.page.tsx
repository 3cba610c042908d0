import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnType } from 'antd';
import { CheckOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { documentKinds, type DocumentKind } from '@tianheng/core';
import { useUnits } from '../../api/queries.ts';
import {
  useDocument,
  useDocuments,
  workApi,
  type DocumentDetail,
  type DocumentRow,
} from '../../api/work.ts';
import { formatTime } from '../../components/format.ts';
import { QueryError } from '../../components/query-state.tsx';
import { ResponsiveTable } from '../../components/responsive-table.tsx';
import { useServerErrors } from '../../components/server-errors.ts';
import { UnitTreeSelect } from '../../components/unit-tree-select.tsx';
import { useIsMobile } from '../../components/use-mobile.ts';
import { PeopleSelect } from '../../components/work/people-select.tsx';
import type { AttachmentView } from '../../api/attachments.ts';
import { AttachmentList, AttachmentUpload } from '../../components/attachments.tsx';
import { useLabels } from '../../i18n/index.ts';
import { can, useSignedIn } from '../../layout/me-context.ts';

type Box = 'received' | 'sent';

/** Whether a received document is unread past its read-by time. */
function overdue(row: DocumentRow, now: string): boolean {
  if (row.readAt) return false;
  if (typeof row.overdue === 'boolean') return row.overdue;
  return row.readBy !== null && row.readBy < now;
}

const noPage = {
  current: 1,
  pageSize: 1000,
  total: 0,
  hideOnSinglePage: true,
  onChange: () => undefined,
};

interface PublishForm {
  kind: DocumentKind;
  title: string;
  body: string;
  readBy?: Dayjs;
  unitIds?: string[];
  personIds?: string[];
}

function PublishDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const units = useUnits();
  const [form] = Form.useForm<PublishForm>();
  const [files, setFiles] = useState<AttachmentView[]>([]);
  const errors = useServerErrors(form, ['kind', 'title', 'body', 'readBy', 'unitIds', 'personIds']);
  const publish = useMutation({
    mutationFn: workApi.publishDocument,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['documents'] });
      void message.success(t('work.documents.published'));
      onClose();
    },
    onError: errors.show,
  });
  return (
    <Modal
      open
      title={t('work.documents.publish')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('work.documents.publish')}
      okButtonProps={{
        loading: publish.isPending,
        ...({ 'data-testid': 'document-submit' } as object),
      }}
      destroyOnHidden
    >
      {errors.formError ? (
        <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 12 }} />
      ) : null}
      <Form<PublishForm>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'instruction' }}
        onFinish={(values) => {
          const unitIds = values.unitIds ?? [];
          const personIds = values.personIds ?? [];
          if (unitIds.length + personIds.length === 0) {
            form.setFields([{ name: 'unitIds', errors: [t('work.documents.recipientsRequired')] }]);
            return;
          }
          errors.clear();
          publish.mutate({
            kind: values.kind,
            title: values.title.trim(),
            body: values.body.trim(),
            readBy: values.readBy ? values.readBy.toDate().toISOString() : null,
            unitIds,
            personIds,
            attachments: files.map((f) => f.ref),
          });
        }}
      >
        <Form.Item name="kind" label={t('work.documents.kind')} rules={[{ required: true }]}>
          <Select
            options={documentKinds.map((k) => ({
              value: k,
              label: t(`work.documents.kinds.${k}`),
            }))}
            data-testid="document-kind"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('work.documents.docTitle')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common.required', { field: t('work.documents.docTitle') }),
            },
          ]}
        >
          <Input maxLength={200} data-testid="document-title" />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('work.documents.body')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common.required', { field: t('work.documents.body') }),
            },
          ]}
        >
          <Input.TextArea rows={5} data-testid="document-body" />
        </Form.Item>
        <Form.Item label={t('attachments.label')}>
          <AttachmentUpload value={files} onChange={setFiles} testId="document-attachments" />
        </Form.Item>
        <Form.Item name="readBy" label={t('work.documents.readBy')}>
          <DatePicker showTime style={{ width: '100%' }} data-testid="document-read-by" />
        </Form.Item>
        <Form.Item name="unitIds" label={t('work.documents.units')}>
          <UnitTreeSelect
            units={units.data ?? []}
            multiple
            allowClear
            style={{ width: '100%' }}
            data-testid="document-units"
          />
        </Form.Item>
        <Form.Item name="personIds" label={t('work.documents.people')}>
          <PeopleSelect testId="document-people" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type ReceiptRow = NonNullable<DocumentDetail['receipts']>[number] & { id: string };

function DocumentDrawer({ documentId, onClose }: { documentId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const detail = useDocument(documentId);
  const receipts: ReceiptRow[] = (detail.data?.receipts ?? []).map((r) => ({
    ...r,
    id: r.personId,
  }));
  const columns: TableColumnType<ReceiptRow>[] = [
    { key: 'name', title: t('work.documents.name'), dataIndex: 'name' },
    { key: 'unitName', title: t('work.documents.unit'), dataIndex: 'unitName' },
    {
      key: 'readAt',
      title: t('work.documents.readAt'),
      render: (_, row) =>
        row.readAt ? (
          formatTime(row.readAt, labels.lang)
        ) : row.overdue ? (
          <Tag color="error">{t('work.documents.overdue')}</Tag>
        ) : (
          <Tag>{t('work.documents.unread')}</Tag>
        ),
    },
  ];
  const doc = detail.data?.document;
  return (
    <Drawer
      open
      onClose={onClose}
      size={isMobile ? '100%' : 640}
      title={doc?.title ?? ''}
      loading={detail.isPending}
      data-testid="document-drawer"
    >
      {detail.isError ? (
        <QueryError error={detail.error} onRetry={() => void detail.refetch()} />
      ) : doc ? (
        <>
          <Space wrap size={6} style={{ marginBottom: 8 }}>
            <Tag>{t(`work.documents.kinds.${doc.kind}`)}</Tag>
            <Typography.Text type="secondary">
              {t('work.documents.publishedAt')} {formatTime(doc.publishedAt, labels.lang)}
            </Typography.Text>
            <Typography.Text type="secondary">
              {t('work.documents.readBy')}{' '}
              {doc.readBy ? formatTime(doc.readBy, labels.lang) : t('work.documents.noDeadline')}
            </Typography.Text>
          </Space>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="document-text">
            {doc.body}
          </Typography.Paragraph>
          <AttachmentList refs={doc.attachments} testId="document-attachment-list" />
          {detail.data?.receipts ? (
            <>
              <Typography.Title level={5}>{t('work.documents.receipts')}</Typography.Title>
              <ResponsiveTable<ReceiptRow>
                columns={columns}
                rows={receipts}
                loading={false}
                testId="document-receipts"
                rowTestId="document-receipt"
                cardTitle={(row) => row.name}
                cardSkip={['name']}
                pagination={noPage}
              />
            </>
          ) : null}
        </>
      ) : null}
    </Drawer>
  );
}

function BoxList({ box, onOpen }: { box: Box; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const list = useDocuments(box);
  const now = new Date().toISOString();
  const read = useMutation({
    mutationFn: workApi.readDocument,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['documents'] });
      void message.success(t('work.documents.readOk'));
    },
    onError: (error) => void message.error(error.message),
  });
  const title: TableColumnType<DocumentRow> = {
    key: 'title',
    title: t('work.documents.docTitle'),
    render: (_, row) => (
      <Typography.Link onClick={() => onOpen(row.id)} data-testid="document-open">
        {row.title}
      </Typography.Link>
    ),
  };
  const common: TableColumnType<DocumentRow>[] = [
    {
      key: 'kind',
      title: t('work.documents.kind'),
      render: (_, row) => <Tag>{t(`work.documents.kinds.${row.kind}`)}</Tag>,
    },
    {
      key: 'publishedAt',
      title: t('work.documents.publishedAt'),
      render: (_, row) => formatTime(row.publishedAt, labels.lang),
    },
    {
      key: 'readBy',
      title: t('work.documents.readBy'),
      render: (_, row) =>
        row.readBy ? formatTime(row.readBy, labels.lang) : t('work.documents.noDeadline'),
    },
  ];
  const columns: TableColumnType<DocumentRow>[] =
    box === 'received'
      ? [
          title,
          ...common,
          {
            key: 'receipt',
            title: t('work.documents.readAt'),
            render: (_, row) =>
              row.readAt ? (
                formatTime(row.readAt, labels.lang)
              ) : (
                <Space size={4} wrap>
                  {overdue(row, now) ? (
                    <Tag color="error" data-testid="document-overdue">
                      {t('work.documents.overdue')}
                    </Tag>
                  ) : (
                    <Tag>{t('work.documents.unread')}</Tag>
                  )}
                  <Button
                    size="small"
                    type="primary"
                    icon={<CheckOutlined />}
                    loading={read.isPending && read.variables === row.id}
                    onClick={() => read.mutate(row.id)}
                    data-testid="document-read"
                  >
                    {t('work.documents.markRead')}
                  </Button>
                </Space>
              ),
          },
        ]
      : [
          title,
          ...common,
          {
            key: 'receipts',
            title: t('work.documents.receipts'),
            render: (_, row) => (
              <Space size={4} wrap>
                {t('work.documents.readCount', {
                  read: String(row.read ?? 0),
                  recipients: String(row.recipients ?? 0),
                })}
                {typeof row.overdue === 'number' && row.overdue > 0 ? (
                  <Tag color="error">
                    {t('work.documents.overdueCount', { count: row.overdue })}
                  </Tag>
                ) : null}
              </Space>
            ),
          },
        ];
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  const rows = list.data?.items ?? [];
  return isMobile ? (
    <ResponsiveTable<DocumentRow>
      columns={columns}
      rows={rows}
      loading={list.isPending}
      testId={`documents-${box}`}
      rowTestId="document-row"
      cardTitle={(row) => (
        <Typography.Link onClick={() => onOpen(row.id)} data-testid="document-open">
          {row.title}
        </Typography.Link>
      )}
      cardSkip={['title']}
      pagination={noPage}
    />
  ) : (
    <Table<DocumentRow>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={rows}
      loading={list.isPending}
      locale={{ emptyText: t('work.documents.empty') }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      onRow={(row) => ({ 'data-testid': 'document-row', 'data-document-id': row.id }) as object}
      data-testid={`documents-${box}`}
    />
  );
}

/** 文件批示: documents received (read receipts, overdue) and sent (publish, receipts). */
export default function DocumentsPage() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const [publishing, setPublishing] = useState(false);
  const writes = can(me, 'document.write');
  const box: Box = params.get('box') === 'sent' && writes ? 'sent' : 'received';
  const openId = params.get('open');
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return (
    <Card
      title={t('work.documents.title')}
      data-testid="documents"
      extra={
        writes ? (
          <Button
            type="primary"
            icon={<SendOutlined />}
            onClick={() => setPublishing(true)}
            data-testid="document-publish"
          >
            {isMobile ? null : t('work.documents.publish')}
          </Button>
        ) : null
      }
      styles={{ body: isMobile ? { padding: '0 12px 12px' } : { paddingTop: 0 } }}
    >
      <Tabs
        activeKey={box}
        onChange={(key) => setParam('box', key)}
        items={[
          {
            key: 'received',
            label: t('work.documents.received'),
            children: <BoxList box="received" onOpen={(id) => setParam('open', id)} />,
          },
          ...(writes
            ? [
                {
                  key: 'sent',
                  label: t('work.documents.sent'),
                  children: <BoxList box="sent" onOpen={(id) => setParam('open', id)} />,
                },
              ]
            : []),
        ]}
      />
      {publishing ? <PublishDialog onClose={() => setPublishing(false)} /> : null}
      {openId ? (
        <DocumentDrawer documentId={openId} onClose={() => setParam('open', null)} />
      ) : null}
    </Card>
  );
}
