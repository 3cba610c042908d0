import { Button, Card, Col, Empty, Row, Skeleton, Statistic, Typography } from 'antd';
import { ApartmentOutlined, TeamOutlined } from '@ant-design/icons';
import { lazy, Suspense } from 'react';
import { useQueries } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ranks, unitKinds } from '@tianheng/core';
import { api } from '../api/endpoints.ts';
import { keys, usePeople, useUnits } from '../api/queries.ts';
import type { ChartOption } from '../components/chart.tsx';
import { GrantTags } from '../components/grant-tags.tsx';
import { useLabels } from '../i18n/index.ts';
import { can, readsOnlySelf, useSignedIn } from '../layout/me-context.ts';

// ECharts is the largest dependency: load it after the numbers are on screen.
const Chart = lazy(() => import('../components/chart.tsx').then((m) => ({ default: m.Chart })));

/** 首页: what this account can see, in numbers and two small charts, and its grants. */
export default function DashboardPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useSignedIn();
  const navigate = useNavigate();
  const readsUnits = can(me, 'unit.read');
  const readsPeople = can(me, 'person.read');
  const selfOnly = readsOnlySelf(me);
  const units = useUnits(readsUnits);
  const people = usePeople({ page: 1, pageSize: 1 }, readsPeople);
  // One count per rank (pageSize 1 returns just the total): exact, and filtered by the server.
  const rankCounts = useQueries({
    queries: ranks.map((rank) => ({
      queryKey: keys.peopleList({ rank, page: 1, pageSize: 1 }),
      queryFn: () => api.people({ rank, page: 1, pageSize: 1 }),
      enabled: readsPeople && !selfOnly,
      staleTime: 30_000,
    })),
  });
  const rankLoading = rankCounts.some((q) => q.isPending);

  const unitName = (unitId: string) => units.data?.find((u) => u.id === unitId)?.name;

  const rankOption: ChartOption = (() => {
    const rows = ranks
      .map((rank, index) => ({ rank, count: rankCounts[index]?.data?.total ?? 0 }))
      .filter((row) => row.count > 0);
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((row) => labels.rank(row.rank)),
      },
      series: [{ type: 'bar', data: rows.map((row) => row.count), barMaxWidth: 18 }],
    };
  })();

  const kindOption: ChartOption = (() => {
    const counts = unitKinds
      .map((kind) => ({
        name: labels.unitKind(kind),
        value: (units.data ?? []).filter((u) => u.kind === kind).length,
      }))
      .filter((row) => row.value > 0);
    return {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          type: 'pie',
          radius: ['40%', '68%'],
          center: ['50%', '44%'],
          data: counts,
          label: { formatter: '{b}: {c}' },
        },
      ],
    };
  })();

  return (
    <div data-testid="dashboard">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('dashboard.welcome', { name: me.account.personName ?? me.account.username })}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {readsUnits ? (
          <Col xs={12} md={8}>
            <Card hoverable onClick={() => void navigate('/units')} data-testid="stat-units">
              <Statistic
                title={t('dashboard.units')}
                value={units.data?.length ?? 0}
                loading={units.isPending}
                prefix={<ApartmentOutlined />}
                suffix={t('dashboard.unitsUnit')}
              />
            </Card>
          </Col>
        ) : null}
        {readsPeople ? (
          <Col xs={12} md={8}>
            <Card
              hoverable
              onClick={() =>
                void navigate(
                  selfOnly && me.account.personId ? `/people/${me.account.personId}` : '/people',
                )
              }
              data-testid="stat-people"
            >
              <Statistic
                title={t('dashboard.people')}
                value={people.data?.total ?? 0}
                loading={people.isPending}
                prefix={<TeamOutlined />}
                suffix={t('dashboard.peopleUnit')}
              />
            </Card>
          </Col>
        ) : null}
        <Col xs={24} md={8}>
          <Card title={t('dashboard.grants')} size="small" data-testid="my-grants">
            <GrantTags grants={me.grants} unitName={unitName} />
            {selfOnly && me.account.personId ? (
              <div style={{ marginTop: 12 }}>
                <Button
                  type="link"
                  style={{ padding: 0 }}
                  onClick={() => void navigate(`/people/${me.account.personId}`)}
                >
                  {t('dashboard.myRecord')}
                </Button>
              </div>
            ) : null}
          </Card>
        </Col>
        {readsPeople && !selfOnly ? (
          <Col xs={24} lg={12}>
            <Card title={t('dashboard.byRank')} size="small">
              {rankLoading ? (
                <Skeleton active />
              ) : rankCounts.every((q) => !q.data?.total) ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
              ) : (
                <Suspense fallback={<Skeleton active />}>
                  <Chart option={rankOption} testId="chart-rank" />
                </Suspense>
              )}
            </Card>
          </Col>
        ) : null}
        {readsUnits ? (
          <Col xs={24} lg={12}>
            <Card title={t('dashboard.byKind')} size="small">
              {units.isPending ? (
                <Skeleton active />
              ) : (units.data?.length ?? 0) === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
              ) : (
                <Suspense fallback={<Skeleton active />}>
                  <Chart option={kindOption} testId="chart-kind" />
                </Suspense>
              )}
            </Card>
          </Col>
        ) : null}
      </Row>
    </div>
  );
}
