import { useState } from 'react';
import { App, Button, Card, DatePicker, Drawer, List, Table, Typography } from 'antd';
import type { TableColumnType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { stepRoles } from '@tianheng/core';
import { useUnits } from '../../api/queries.ts';
import {
  usePersonWorkload,
  useWorkConfig,
  useWorkload,
  workApi,
  type PersonWorkload,
  type WorkloadPerson,
} from '../../api/work.ts';
import { formatTime } from '../../components/format.ts';
import { QueryError } from '../../components/query-state.tsx';
import { ResponsiveTable } from '../../components/responsive-table.tsx';
import { UnitTreeSelect } from '../../components/unit-tree-select.tsx';
import { useIsMobile } from '../../components/use-mobile.ts';
import { defaultOffset, localToday } from '../../components/work/work-model.ts';
import { useLabels } from '../../i18n/index.ts';

type PersonRow = WorkloadPerson & { id: string };
type ItemRow = PersonWorkload['items'][number] & { id: string };

function PersonItems({
  person,
  from,
  to,
  onClose,
}: {
  person: PersonRow;
  from: string;
  to: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const detail = usePersonWorkload(person.personId, from, to);
  const rows: ItemRow[] = (detail.data?.items ?? []).map((item) => ({
    ...item,
    id: `${item.stepId}:${item.role}`,
  }));
  const columns: TableColumnType<ItemRow>[] = [
    {
      key: 'task',
      title: t('work.workload.task'),
      render: (_, row) => <Link to={`/work/tasks/${row.taskId}`}>{row.taskTitle}</Link>,
    },
    { key: 'stepName', title: t('work.workload.step'), dataIndex: 'stepName' },
    {
      key: 'role',
      title: t('work.workload.role'),
      render: (_, row) => t(`work.roles.${row.role}`),
    },
    {
      key: 'finishedAt',
      title: t('work.workload.finishedAt'),
      render: (_, row) => formatTime(row.finishedAt, labels.lang),
    },
    { key: 'points', title: t('work.workload.points'), dataIndex: 'points', align: 'right' },
  ];
  return (
    <Drawer
      open
      onClose={onClose}
      size={isMobile ? '100%' : 720}
      title={t('work.workload.items', { name: person.name })}
      data-testid="workload-items"
    >
      {detail.isError ? (
        <QueryError error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <>
          <Typography.Paragraph>
            {from} ~ {to} · {t('work.workload.points')}{' '}
            <Typography.Text strong>{detail.data?.points ?? person.points}</Typography.Text>
          </Typography.Paragraph>
          <ResponsiveTable<ItemRow>
            columns={columns}
            rows={rows}
            loading={detail.isPending}
            testId="workload-item-table"
            rowTestId="workload-item"
            cardTitle={(row) => row.stepName}
            cardSkip={['stepName']}
            pagination={{
              current: 1,
              pageSize: 1000,
              total: 0,
              hideOnSinglePage: true,
              onChange: () => undefined,
            }}
          />
        </>
      )}
    </Drawer>
  );
}

/** 工作量: points per person over a date range, by role; drill into a person's steps; export. */
export default function WorkloadPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const units = useUnits();
  const offset = useWorkConfig().data?.lights.utcOffsetMinutes ?? defaultOffset;
  const today = localToday(new Date(), offset);
  const from = params.get('from') ?? `${today.slice(0, 7)}-01`;
  const to = params.get('to') ?? today;
  const unitId = params.get('unit') ?? undefined;
  const [person, setPerson] = useState<PersonRow | null>(null);
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const report = useWorkload({ from, to, unitId });
  const exportFile = useMutation({
    mutationFn: () => workApi.exportWorkload({ from, to, unitId }),
    onError: (error) => void message.error(error.message),
  });
  const set = (values: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(values))
      if (value) next.set(key, value);
      else next.delete(key);
    setParams(next, { replace: true });
    setPage((p) => ({ ...p, current: 1 }));
  };
  const rows: PersonRow[] = (report.data?.people ?? []).map((p) => ({ ...p, id: p.personId }));
  const columns: TableColumnType<PersonRow>[] = [
    {
      key: 'name',
      title: t('work.workload.person'),
      render: (_, row) => (
        <Typography.Link onClick={() => setPerson(row)} data-testid="workload-person">
          {row.name}
        </Typography.Link>
      ),
    },
    { key: 'unitName', title: t('work.workload.unit'), dataIndex: 'unitName' },
    {
      key: 'points',
      title: t('work.workload.points'),
      dataIndex: 'points',
      align: 'right',
      render: (value: string) => <Typography.Text strong>{value}</Typography.Text>,
    },
    ...stepRoles.map((role): TableColumnType<PersonRow> => ({
      key: role,
      title: t(`work.roles.${role}`),
      align: 'right',
      render: (_, row) => {
        const value = row.byRole[role];
        return value && Number(value) !== 0 ? value : '—';
      },
    })),
  ];
  return (
    <Card
      title={t('work.workload.title')}
      data-testid="workload"
      styles={{ body: isMobile ? { padding: 12 } : {} }}
    >
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: isMobile ? '1fr auto' : '280px 220px auto',
          justifyContent: 'start',
          gap: 8,
          marginBottom: 12,
        }}
      >
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(from), dayjs(to)]}
          onChange={(range) => {
            if (range?.[0] && range[1])
              set({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });
          }}
          style={isMobile ? { gridColumn: 'span 2' } : undefined}
          data-testid="workload-range"
        />
        <UnitTreeSelect
          units={units.data ?? []}
          allowClear
          value={unitId}
          placeholder={t('work.workload.unit')}
          onChange={(value) => set({ unit: value })}
        />
        <Button
          icon={<DownloadOutlined />}
          loading={exportFile.isPending}
          onClick={() => exportFile.mutate()}
          data-testid="workload-export"
        >
          {t('work.workload.export')}
        </Button>
      </div>
      {report.isError ? (
        <QueryError error={report.error} onRetry={() => void report.refetch()} />
      ) : isMobile ? (
        <List<PersonRow>
          loading={report.isFetching}
          dataSource={rows}
          locale={{ emptyText: t('work.workload.noPeople') }}
          pagination={
            rows.length > page.pageSize
              ? {
                  ...page,
                  simple: true,
                  align: 'center',
                  onChange: (current, pageSize) => setPage({ current, pageSize }),
                }
              : false
          }
          data-testid="workload-table"
          renderItem={(row) => (
            <List.Item data-testid="workload-row" style={{ paddingInline: 0 }}>
              <div style={{ flex: 1, minWidth: 0 }}>
                <Typography.Link onClick={() => setPerson(row)} data-testid="workload-person">
                  {row.name}
                </Typography.Link>{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {row.unitName}
                </Typography.Text>
                <div style={{ fontSize: 12 }}>
                  <Typography.Text type="secondary">
                    {stepRoles
                      .filter((role) => Number(row.byRole[role]) !== 0)
                      .map((role) => `${t(`work.roles.${role}`)} ${row.byRole[role]}`)
                      .join(' · ')}
                  </Typography.Text>
                </div>
              </div>
              <Typography.Text strong>{row.points}</Typography.Text>
            </List.Item>
          )}
        />
      ) : (
        <Table<PersonRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={report.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('work.workload.noPeople') }}
          pagination={{
            ...page,
            showSizeChanger: true,
            onChange: (current, pageSize) => setPage({ current, pageSize }),
          }}
          onRow={(row) => ({ onDoubleClick: () => setPerson(row) })}
          data-testid="workload-table"
        />
      )}
      {person ? (
        <PersonItems person={person} from={from} to={to} onClose={() => setPerson(null)} />
      ) : null}
    </Card>
  );
}
