import { Card, Empty, Pagination, Progress, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnType } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TaskPriority, TaskStatus } from '@tianheng/core';
import type { TaskSummary } from '../../api/work.ts';
import { useLabels } from '../../i18n/index.ts';
import { ResponsiveTable } from '../responsive-table.tsx';
import { useIsMobile } from '../use-mobile.ts';
import { LightBar } from './lights.tsx';
import { lightColours, type LightColour } from '@tianheng/core';
import { countTotal } from './work-model.ts';

const priorityColour: Record<TaskPriority, string> = {
  high: 'red',
  normal: 'blue',
  low: 'default',
};

const statusColour: Record<TaskStatus, string> = {
  active: 'processing',
  done: 'success',
  cancelled: 'default',
};

/** A task's priority as a tag. */
export function PriorityTag({ priority }: { priority: TaskPriority }) {
  const { t } = useTranslation();
  return <Tag color={priorityColour[priority]}>{t(`work.priorities.${priority}`)}</Tag>;
}

/** A task's status as a tag. */
export function StatusTag({ status }: { status: TaskStatus }) {
  const { t } = useTranslation();
  return <Tag color={statusColour[status]}>{t(`work.statuses.${status}`)}</Tag>;
}

/** Done / total steps as a small bar. */
export function TaskProgress({ progress }: { progress: { done: number; total: number } }) {
  const percent = progress.total === 0 ? 0 : Math.round((progress.done * 100) / progress.total);
  return (
    <Space size={6} style={{ minWidth: 120 }}>
      <Progress percent={percent} size="small" showInfo={false} style={{ width: 70, margin: 0 }} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {progress.done}/{progress.total}
      </Typography.Text>
    </Space>
  );
}

/** A narrow light bar with the red count beside it (a table cell). */
function CompactLights({ counts }: { counts: Record<LightColour, number> }) {
  const { t } = useTranslation();
  return (
    <Tooltip
      title={lightColours.map((c) => `${t(`work.lights.${c}`)} ${counts[c] ?? 0}`).join(' · ')}
    >
      <div style={{ display: 'flex', alignItems: 'center', gap: 6, width: 120 }}>
        <div style={{ flex: 1 }}>
          <LightBar counts={counts} showCounts={false} />
        </div>
        <Typography.Text
          type={counts.red > 0 ? 'danger' : 'secondary'}
          style={{ fontSize: 12, whiteSpace: 'nowrap' }}
        >
          {counts.red > 0 ? `${t('work.lights.red')} ${counts.red}` : countTotal(counts)}
        </Typography.Text>
      </div>
    </Tooltip>
  );
}

/** The task list: a table on wide screens, cards on phones. */
export function TaskTable({
  rows,
  total,
  loading,
  page,
  pageSize,
  onPage,
}: {
  rows: TaskSummary[];
  total: number;
  loading: boolean;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const columns: TableColumnType<TaskSummary>[] = [
    {
      key: 'title',
      title: t('work.task.name'),
      render: (_, row) => (
        <Link to={`/work/tasks/${row.id}`} data-testid="task-link">
          {row.title}
        </Link>
      ),
    },
    {
      key: 'category',
      title: t('work.task.category'),
      render: (_, row) => labels.pick(row.categoryName),
    },
    { key: 'unit', title: t('work.task.responsibleUnit'), dataIndex: 'responsibleUnitName' },
    { key: 'dueOn', title: t('work.task.dueOn'), dataIndex: 'dueOn' },
    {
      key: 'priority',
      title: t('work.task.priority'),
      render: (_, row) => <PriorityTag priority={row.priority} />,
    },
    {
      key: 'status',
      title: t('work.task.status'),
      render: (_, row) => <StatusTag status={row.status} />,
    },
    {
      key: 'progress',
      title: t('work.task.progress'),
      render: (_, row) => <TaskProgress progress={row.progress} />,
    },
    {
      key: 'lights',
      title: t('work.home.steps'),
      render: (_, row) => <CompactLights counts={row.lights} />,
    },
  ];
  if (isMobile)
    return (
      <Spin spinning={loading}>
        {rows.length === 0 && !loading ? (
          <Empty description={t('work.task.noTasks')} />
        ) : (
          <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="task-table">
            {rows.map((row) => (
              <Card key={row.id} size="small" data-testid="task-row" data-task-id={row.id}>
                <Link to={`/work/tasks/${row.id}`} data-testid="task-link">
                  <Typography.Text strong style={{ color: 'inherit' }}>
                    {row.title}
                  </Typography.Text>
                </Link>
                <div style={{ margin: '4px 0', fontSize: 13 }}>
                  <Typography.Text type="secondary">
                    {row.responsibleUnitName} · {t('work.task.dueOn')} {row.dueOn}
                  </Typography.Text>
                </div>
                <Space size={4} wrap>
                  <StatusTag status={row.status} />
                  <PriorityTag priority={row.priority} />
                  <TaskProgress progress={row.progress} />
                </Space>
                <div style={{ marginTop: 6 }}>
                  <LightBar counts={row.lights} />
                </div>
              </Card>
            ))}
          </Space>
        )}
        {total > pageSize ? (
          <Pagination
            simple
            style={{ marginTop: 12, justifyContent: 'center' }}
            current={page}
            pageSize={pageSize}
            total={total}
            onChange={onPage}
          />
        ) : null}
      </Spin>
    );
  return (
    <ResponsiveTable<TaskSummary>
      columns={columns}
      rows={rows}
      loading={loading}
      testId="task-table"
      rowTestId="task-row"
      rowAttributes={(row) => ({ 'data-task-id': row.id })}
      cardTitle={(row) => (
        <Link to={`/work/tasks/${row.id}`} data-testid="task-link">
          {row.title}
        </Link>
      )}
      cardSkip={['title']}
      pagination={{ current: page, pageSize, total, onChange: onPage }}
    />
  );
}
