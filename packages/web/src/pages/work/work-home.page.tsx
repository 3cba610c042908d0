import { Button, Card, Col, Empty, Input, Row, Select, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { lightColours, taskStatuses, type LightColour, type TaskStatus } from '@tianheng/core';
import { useUnits } from '../../api/queries.ts';
import { useCategories, useTasks, type CategoryView } from '../../api/work.ts';
import { QueryError } from '../../components/query-state.tsx';
import { UnitTreeSelect } from '../../components/unit-tree-select.tsx';
import { useIsMobile } from '../../components/use-mobile.ts';
import { LightBar, LightDot } from '../../components/work/lights.tsx';
import { TaskTable } from '../../components/work/task-table.tsx';
import { countTotal } from '../../components/work/work-model.ts';
import { useLabels } from '../../i18n/index.ts';
import { can, useSignedIn } from '../../layout/me-context.ts';

function CategoryCard({
  category,
  selected,
  onSelect,
}: {
  category: CategoryView;
  selected: boolean;
  onSelect: () => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isMobile = useIsMobile();
  return (
    <Card
      hoverable
      size="small"
      onClick={onSelect}
      data-testid="category-card"
      data-category-key={category.key}
      style={selected ? { borderColor: '#1d5fbf', boxShadow: '0 0 0 1px #1d5fbf' } : undefined}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 4 }}>
        <Typography.Text strong ellipsis style={{ minWidth: 0 }}>
          {labels.pick(category.name)}
        </Typography.Text>
        {isMobile ? null : (
          <Tag style={{ marginInlineEnd: 0 }}>{t(`work.kinds.${category.kind}`)}</Tag>
        )}
      </div>
      <div style={{ margin: '6px 0' }}>
        <Typography.Text style={{ fontSize: 22, fontWeight: 600 }} data-testid="category-count">
          {category.tasks}
        </Typography.Text>{' '}
        <Typography.Text type="secondary">{t('work.home.taskUnit')}</Typography.Text>
      </div>
      <LightBar counts={category.lights} showCounts={!isMobile} testId="category-lights" />
      {isMobile ? (
        <div style={{ marginTop: 4, fontSize: 12 }}>
          <LightDot colour="red" compact size={8} />{' '}
          <Typography.Text type={category.lights.red > 0 ? 'danger' : 'secondary'}>
            {t('work.lights.red')} {category.lights.red}
          </Typography.Text>
        </div>
      ) : null}
    </Card>
  );
}

const pageSize = 20;

/** 工作台: categories with task counts and light distribution, drilling into their tasks. */
export default function WorkHomePage() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const isMobile = useIsMobile();
  const labels = useLabels();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const categories = useCategories();
  const units = useUnits();
  const categoryId = params.get('category') ?? undefined;
  const unitId = params.get('unit') ?? undefined;
  const light = (params.get('light') as LightColour | null) ?? undefined;
  const status = (params.get('status') as TaskStatus | null) ?? undefined;
  const q = params.get('q') ?? undefined;
  const page = Number(params.get('page') ?? '1') || 1;
  const tasks = useTasks({
    categoryId,
    unitId,
    light,
    status,
    q,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: key !== 'category' });
  };

  const items = (categories.data?.items ?? []).filter((c) => !c.archived);
  const selected = items.find((c) => c.id === categoryId);
  const totals = items.reduce<Partial<Record<LightColour, number>>>((sum, c) => {
    for (const colour of lightColours) sum[colour] = (sum[colour] ?? 0) + (c.lights[colour] ?? 0);
    return sum;
  }, {});

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('work.home.title')}
        data-testid="work-home"
        extra={
          can(me, 'work.write') ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() =>
                void navigate(
                  categoryId ? `/work/tasks/new?category=${categoryId}` : '/work/tasks/new',
                )
              }
              data-testid="new-task"
            >
              {isMobile ? null : t('work.home.newTask')}
            </Button>
          ) : null
        }
        styles={{ body: isMobile ? { padding: 12 } : {} }}
      >
        {categories.isError ? (
          <QueryError error={categories.error} onRetry={() => void categories.refetch()} />
        ) : categories.isPending ? (
          <Card loading size="small" />
        ) : items.length === 0 ? (
          <Empty description={t('work.home.noCategories')} />
        ) : (
          <>
            <Space wrap size={12} style={{ marginBottom: 12 }}>
              <Typography.Text type="secondary">{t('work.home.lightLegend')}</Typography.Text>
              {lightColours.map((colour) => (
                <span key={colour}>
                  <LightDot colour={colour} /> {totals[colour] ?? 0}
                </span>
              ))}
              <Typography.Text type="secondary">
                {t('work.home.stepTotal', { total: String(countTotal(totals)) })}
              </Typography.Text>
            </Space>
            <Row gutter={[12, 12]}>
              {items.map((category) => (
                <Col key={category.id} xs={12} sm={12} xl={8}>
                  <CategoryCard
                    category={category}
                    selected={category.id === categoryId}
                    onSelect={() =>
                      setParam('category', category.id === categoryId ? undefined : category.id)
                    }
                  />
                </Col>
              ))}
            </Row>
          </>
        )}
      </Card>
      <Card
        title={`${t('work.task.list')} · ${
          selected ? labels.pick(selected.name) : t('work.home.allCategories')
        }`}
        styles={{ body: isMobile ? { padding: 12 } : {} }}
        data-testid="task-list"
      >
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: isMobile ? '1fr 1fr' : '220px 200px 120px 120px',
            gap: 8,
            marginBottom: 12,
          }}
        >
          <Input.Search
            allowClear
            defaultValue={q}
            placeholder={t('work.task.search')}
            onSearch={(value) => setParam('q', value.trim() || undefined)}
            style={{ gridColumn: isMobile ? 'span 2' : undefined }}
            data-testid="task-search"
          />
          <UnitTreeSelect
            units={units.data ?? []}
            allowClear
            value={unitId}
            placeholder={t('work.task.unit')}
            onChange={(value) => setParam('unit', value)}
            style={{ gridColumn: isMobile ? 'span 2' : undefined }}
            data-testid="task-unit"
          />
          <Select
            allowClear
            value={light}
            placeholder={t('work.task.light')}
            onChange={(value?: string) => setParam('light', value)}
            options={lightColours.map((colour) => ({
              value: colour,
              label: <LightDot colour={colour} />,
            }))}
            data-testid="task-light"
          />
          <Select
            allowClear
            value={status}
            placeholder={t('work.task.status')}
            onChange={(value?: string) => setParam('status', value)}
            options={taskStatuses.map((s) => ({ value: s, label: t(`work.statuses.${s}`) }))}
            data-testid="task-status"
          />
        </div>
        {tasks.isError ? (
          <QueryError error={tasks.error} onRetry={() => void tasks.refetch()} />
        ) : (
          <TaskTable
            rows={tasks.data?.items ?? []}
            total={tasks.data?.total ?? 0}
            loading={tasks.isFetching}
            page={page}
            pageSize={pageSize}
            onPage={(next) => setParam('page', String(next))}
          />
        )}
      </Card>
    </Space>
  );
}
