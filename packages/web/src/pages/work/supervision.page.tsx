import { Alert, App, Button, Card, List, Select, Space, Typography } from 'antd';
import type { TableColumnType } from 'antd';
import { DownloadOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { cardColours } from '@tianheng/core';
import {
  useSupervision,
  useSupervisionWindows,
  useWorkConfig,
  workApi,
  workKeys,
  type SupervisionReport,
} from '../../api/work.ts';
import { formatTime } from '../../components/format.ts';
import { QueryError } from '../../components/query-state.tsx';
import { ResponsiveTable } from '../../components/responsive-table.tsx';
import { useIsMobile } from '../../components/use-mobile.ts';
import { CardTag, LightCounts } from '../../components/work/lights.tsx';
import {
  defaultOffset,
  lastEndedWindow,
  localToday,
  recentWindows,
} from '../../components/work/work-model.ts';
import { useLabels } from '../../i18n/index.ts';
import { can, useSignedIn } from '../../layout/me-context.ts';

type UnitRow = SupervisionReport['units'][number] & { id: string };

const noPage = {
  current: 1,
  pageSize: 1000,
  total: 0,
  hideOnSinglePage: true,
  onChange: () => undefined,
};

/** 半月督查: a half-month window's lights, cards, points and rank per unit; run and export. */
export default function SupervisionPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useSignedIn();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const offset = useWorkConfig().data?.lights.utcOffsetMinutes ?? defaultOffset;
  const today = localToday(new Date(), offset);
  const window = params.get('window') ?? lastEndedWindow(today);
  const windows = useSupervisionWindows();
  const report = useSupervision(window);
  const ran = new Set((windows.data?.items ?? []).map((w) => w.window));
  const options = recentWindows(today, 24);
  const chosen = options.find((o) => o.key === window);
  const run = useMutation({
    mutationFn: () => workApi.runSupervision(window),
    onSuccess: async (result) => {
      queryClient.setQueryData(workKeys.supervision(window), result);
      await queryClient.invalidateQueries({ queryKey: workKeys.windows });
      void message.success(t('work.supervision.ran', { count: result.run?.factsWritten ?? 0 }));
    },
    onError: (error) => void message.error(error.message),
  });
  const exportFile = useMutation({
    mutationFn: () => workApi.exportSupervision(window),
    onError: (error) => void message.error(error.message),
  });
  const label = (key: string) => {
    const option = options.find((o) => o.key === key);
    if (!option) return key;
    return t('work.supervision.windowLabel', {
      month: option.month,
      half:
        option.half === 'H1' ? t('work.supervision.firstHalf') : t('work.supervision.secondHalf'),
    });
  };
  const rows: UnitRow[] = [...(report.data?.units ?? [])]
    .sort((a, b) => a.rank - b.rank || a.unitName.localeCompare(b.unitName, 'zh-CN'))
    .map((u) => ({ ...u, id: u.unitId }));
  const columns: TableColumnType<UnitRow>[] = [
    { key: 'rank', title: t('work.supervision.rank'), dataIndex: 'rank', width: 70 },
    { key: 'unitName', title: t('work.supervision.unit'), dataIndex: 'unitName' },
    {
      key: 'lights',
      title: t('work.supervision.lights'),
      render: (_, row) => <LightCounts counts={row.lights} />,
    },
    {
      key: 'cards',
      title: t('work.supervision.cards'),
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
    {
      key: 'points',
      title: t('work.supervision.points'),
      dataIndex: 'points',
      align: 'right',
      render: (value: string) => <Typography.Text strong>{value}</Typography.Text>,
    },
  ];
  const info = report.data?.run;
  return (
    <Card
      title={t('work.supervision.title')}
      data-testid="supervision"
      styles={{ body: isMobile ? { padding: 12 } : {} }}
    >
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: isMobile ? '1fr 1fr' : '240px auto auto',
          justifyContent: 'start',
          gap: 8,
          marginBottom: 12,
        }}
      >
        <Select
          value={window}
          onChange={(key: string) => setParams({ window: key }, { replace: true })}
          style={isMobile ? { gridColumn: 'span 2' } : undefined}
          options={options.map((o) => ({
            value: o.key,
            label: `${label(o.key)}${ran.has(o.key) ? ' ✓' : ''}`,
          }))}
          data-testid="supervision-window"
        />
        {can(me, 'supervision.run') ? (
          <Button
            type="primary"
            icon={<PlayCircleOutlined />}
            loading={run.isPending}
            onClick={() => run.mutate()}
            data-testid="supervision-run"
          >
            {t('work.supervision.run')}
          </Button>
        ) : null}
        <Button
          icon={<DownloadOutlined />}
          loading={exportFile.isPending}
          onClick={() => exportFile.mutate()}
          data-testid="supervision-export"
        >
          {t('work.supervision.export')}
        </Button>
      </div>
      {chosen ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {chosen.startsOn} ~ {chosen.endsOn}
        </Typography.Paragraph>
      ) : null}
      {report.data ? (
        info ? (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('work.supervision.runInfo', {
              at: formatTime(info.runAt, labels.lang),
              by: info.runByName ?? t('work.supervision.system'),
              count: info.factsWritten,
            })}
            data-testid="supervision-run-info"
          />
        ) : (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('work.supervision.notRun')}
          />
        )
      ) : null}
      {report.isError ? (
        <QueryError error={report.error} onRetry={() => void report.refetch()} />
      ) : isMobile ? (
        <List<UnitRow>
          loading={report.isFetching}
          dataSource={rows}
          locale={{ emptyText: t('work.supervision.noUnits') }}
          data-testid="supervision-table"
          renderItem={(row) => (
            <List.Item
              data-testid="supervision-row"
              data-unit-id={row.unitId}
              style={{ paddingInline: 0, display: 'block' }}
            >
              <div style={{ display: 'flex', gap: 8 }}>
                <Typography.Text type="secondary">#{row.rank}</Typography.Text>
                <Typography.Text style={{ flex: 1, minWidth: 0 }} ellipsis>
                  {row.unitName}
                </Typography.Text>
                <Typography.Text strong>{row.points}</Typography.Text>
              </div>
              <Space size={4} wrap>
                <LightCounts counts={row.lights} />
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
        <ResponsiveTable<UnitRow>
          columns={columns}
          rows={rows}
          loading={report.isFetching}
          testId="supervision-table"
          rowTestId="supervision-row"
          rowAttributes={(row) => ({ 'data-unit-id': row.unitId })}
          cardTitle={(row) => (
            <Space>
              <Typography.Text type="secondary">#{row.rank}</Typography.Text>
              {row.unitName}
            </Space>
          )}
          cardSkip={['rank', 'unitName']}
          pagination={noPage}
        />
      )}
    </Card>
  );
}
