import { App, Button, Card, DatePicker, List, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnType } from 'antd';
import { FlagOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { cardColours } from '@tianheng/core';
import { useUnits } from '../../api/queries.ts';
import {
  useMonthCards,
  useWorkConfig,
  workApi,
  workKeys,
  type MonthCards,
} from '../../api/work.ts';
import { QueryError } from '../../components/query-state.tsx';
import { ResponsiveTable } from '../../components/responsive-table.tsx';
import { UnitTreeSelect } from '../../components/unit-tree-select.tsx';
import { useIsMobile } from '../../components/use-mobile.ts';
import { CardTag } from '../../components/work/lights.tsx';
import {
  defaultOffset,
  localToday,
  shiftMonth,
  unitMonths,
  type UnitMonth,
} from '../../components/work/work-model.ts';
import { can, useSignedIn } from '../../layout/me-context.ts';

type PlanRow = MonthCards['plan'][number] & { id: string };
type CardRow = MonthCards['cards'][number] & { id: string };

const noPage = {
  current: 1,
  pageSize: 1000,
  total: 0,
  hideOnSinglePage: true,
  onChange: () => undefined,
};

/** 单位亮牌: a month's plan items per unit and the green/yellow/red cards issued at its end. */
export default function UnitCardsPage() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const units = useUnits();
  const offset = useWorkConfig().data?.lights.utcOffsetMinutes ?? defaultOffset;
  const thisMonth = localToday(new Date(), offset).slice(0, 7);
  const month = params.get('month') ?? thisMonth;
  const unitId = params.get('unit') ?? undefined;
  const data = useMonthCards(month, unitId);
  const issue = useMutation({
    mutationFn: () => workApi.issueCards(month),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: workKeys.cards(month) });
      await queryClient.invalidateQueries({ queryKey: workKeys.all });
      void message.success(t('work.cardsPage.issued', { count: result.issued }));
    },
    onError: (error) => void message.error(error.message),
  });
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const plan: PlanRow[] = (data.data?.plan ?? []).map((p) => ({ ...p, id: p.stepId }));
  const cards: CardRow[] = (data.data?.cards ?? []).map((c) => ({
    ...c,
    id: `${c.taskId}:${c.unitId}:${c.as}`,
  }));
  const summary = unitMonths(plan, cards);

  const summaryColumns: TableColumnType<UnitMonth>[] = [
    { key: 'unitName', title: t('work.cardsPage.unit'), dataIndex: 'unitName' },
    {
      key: 'counts',
      title: t('work.cardsPage.plan'),
      render: (_, row) =>
        t('work.cardsPage.counts', { done: String(row.done), planned: String(row.planned) }),
    },
    {
      key: 'cards',
      title: t('work.cardsPage.cards'),
      render: (_, row) => (
        <Space size={0} wrap>
          {cardColours
            .filter((c) => row.cards[c] > 0)
            .map((c) => (
              <CardTag key={c} colour={c} count={row.cards[c]} />
            ))}
          {cardColours.every((c) => row.cards[c] === 0) ? '—' : null}
        </Space>
      ),
    },
  ];
  const planColumns: TableColumnType<PlanRow>[] = [
    {
      key: 'task',
      title: t('work.cardsPage.task'),
      render: (_, row) => <Link to={`/work/tasks/${row.taskId}`}>{row.taskTitle}</Link>,
    },
    { key: 'stepName', title: t('work.cardsPage.step'), dataIndex: 'stepName' },
    { key: 'unitName', title: t('work.cardsPage.unit'), dataIndex: 'unitName' },
    { key: 'plannedEnd', title: t('work.cardsPage.plannedEnd'), dataIndex: 'plannedEnd' },
    {
      key: 'done',
      title: t('work.cardsPage.done'),
      render: (_, row) =>
        row.done ? (
          <Tag color="success">{t('work.cardsPage.done')}</Tag>
        ) : (
          <Tag>{t('work.cardsPage.notDone')}</Tag>
        ),
    },
  ];
  const cardColumns: TableColumnType<CardRow>[] = [
    { key: 'unitName', title: t('work.cardsPage.unit'), dataIndex: 'unitName' },
    {
      key: 'colour',
      title: t('work.cardsPage.cards'),
      render: (_, row) => <CardTag colour={row.colour} />,
    },
    {
      key: 'task',
      title: t('work.cardsPage.task'),
      render: (_, row) => <Link to={`/work/tasks/${row.taskId}`}>{row.taskTitle}</Link>,
    },
    {
      key: 'as',
      title: t('work.cardsPage.as'),
      render: (_, row) =>
        row.as === 'lead' ? t('work.cardsPage.asLead') : t('work.cardsPage.asResponsible'),
    },
    {
      key: 'counts',
      title: t('work.cardsPage.plan'),
      render: (_, row) =>
        t('work.cardsPage.counts', { done: String(row.done), planned: String(row.planned) }),
    },
  ];
  const bodyStyle = { body: isMobile ? { padding: 12 } : {} };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="unit-cards">
      <Card
        title={t('work.cardsPage.title')}
        styles={bodyStyle}
        extra={
          // The server refuses a month that has not ended (its clock decides, not the browser's).
          can(me, 'supervision.run') ? (
            <Button
              icon={<FlagOutlined />}
              loading={issue.isPending}
              onClick={() => issue.mutate()}
              data-testid="cards-issue"
            >
              {isMobile ? null : t('work.cardsPage.issue')}
            </Button>
          ) : null
        }
      >
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: isMobile ? '1fr 1fr' : '160px 240px',
            gap: 8,
            marginBottom: 12,
          }}
        >
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            disabledDate={(d) => d.format('YYYY-MM') > shiftMonth(thisMonth, 1)}
            onChange={(d) => set('month', d ? d.format('YYYY-MM') : undefined)}
            data-testid="cards-month"
          />
          <UnitTreeSelect
            units={units.data ?? []}
            allowClear
            value={unitId}
            placeholder={t('work.cardsPage.unit')}
            onChange={(value) => set('unit', value)}
          />
        </div>
        {data.isError ? (
          <QueryError error={data.error} onRetry={() => void data.refetch()} />
        ) : (
          <>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('work.cardsPage.byUnit')}
            </Typography.Title>
            {isMobile ? (
              <List
                size="small"
                loading={data.isFetching}
                dataSource={summary}
                locale={{ emptyText: t('work.cardsPage.noPlan') }}
                data-testid="cards-summary"
                renderItem={(row) => (
                  <List.Item data-testid="cards-unit" style={{ paddingInline: 0 }}>
                    <div style={{ flex: 1, minWidth: 0 }}>
                      <div>{row.unitName}</div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('work.cardsPage.counts', {
                          done: String(row.done),
                          planned: String(row.planned),
                        })}
                      </Typography.Text>
                    </div>
                    <Space size={0} wrap style={{ justifyContent: 'flex-end' }}>
                      {cardColours
                        .filter((c) => row.cards[c] > 0)
                        .map((c) => (
                          <CardTag key={c} colour={c} count={row.cards[c]} />
                        ))}
                    </Space>
                  </List.Item>
                )}
              />
            ) : (
              <Table<UnitMonth>
                rowKey="id"
                size="small"
                columns={summaryColumns}
                dataSource={summary}
                loading={data.isFetching}
                pagination={{ pageSize: 50, hideOnSinglePage: true }}
                data-testid="cards-summary"
              />
            )}
          </>
        )}
      </Card>
      <Card title={t('work.cardsPage.cards')} styles={bodyStyle}>
        {cards.length === 0 && !data.isFetching ? (
          <Typography.Text type="secondary">{t('work.cardsPage.noCards')}</Typography.Text>
        ) : isMobile ? (
          <ResponsiveTable<CardRow>
            columns={cardColumns}
            rows={cards}
            loading={data.isFetching}
            testId="cards-list"
            rowTestId="card-row"
            cardTitle={(row) => (
              <Space size={4}>
                <CardTag colour={row.colour} />
                {row.unitName}
              </Space>
            )}
            cardSkip={['unitName', 'colour']}
            pagination={{ ...noPage, total: 0 }}
          />
        ) : (
          <Table<CardRow>
            rowKey="id"
            size="small"
            columns={cardColumns}
            dataSource={cards}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            data-testid="cards-list"
          />
        )}
      </Card>
      <Card title={t('work.cardsPage.plan')} styles={bodyStyle}>
        {plan.length === 0 && !data.isFetching ? (
          <Typography.Text type="secondary">{t('work.cardsPage.noPlan')}</Typography.Text>
        ) : isMobile ? (
          <ResponsiveTable<PlanRow>
            columns={planColumns}
            rows={plan}
            loading={data.isFetching}
            testId="cards-plan"
            rowTestId="plan-row"
            cardTitle={(row) => row.stepName}
            cardSkip={['stepName']}
            pagination={{ ...noPage, total: 0 }}
          />
        ) : (
          <Table<PlanRow>
            rowKey="id"
            size="small"
            columns={planColumns}
            dataSource={plan}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            data-testid="cards-plan"
          />
        )}
      </Card>
    </Space>
  );
}
