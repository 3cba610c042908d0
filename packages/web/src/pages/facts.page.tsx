import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Modal,
  Row,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined, EditOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import { keys, useFacts, useSchemeVersion } from '../api/queries.ts';
import type { AssessmentPeriod, FactRow, ResultRow } from '../api/types.ts';
import { FactCard, usePayloadText } from '../components/assessment/fact-card.tsx';
import { acceptXlsx, FilePickButton } from '../components/assessment/file-pick-button.tsx';
import { FactForm, manualIndicators } from '../components/assessment/fact-form.tsx';
import { PeriodCard, usePeriodParam } from '../components/assessment/pickers.tsx';
import { formatTime } from '../components/format.ts';
import { ImportProblemsModal, xlsxRefusal } from '../components/import-problems.tsx';
import { PageLoading, QueryError } from '../components/query-state.tsx';
import { ResponsiveTable } from '../components/responsive-table.tsx';
import { useIsMobile } from '../components/use-mobile.ts';
import { useLabels } from '../i18n/index.ts';
import { useSignedIn } from '../layout/me-context.ts';

/** Bulk upload from the period's Excel template; a refused file lists every bad row. */
function FactImport({ period }: { period: AssessmentPeriod }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [refused, setRefused] = useState<ApiError | null>(null);
  const upload = useMutation({
    mutationFn: (file: File) => api.importFacts(period.id, file),
    onSuccess: async (result) => {
      void modal.success({ title: t('assess.fact.bulkOk', { count: result.facts }) });
      await queryClient.invalidateQueries({ queryKey: keys.facts });
      await queryClient.invalidateQueries({ queryKey: keys.results(period.id) });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'import-invalid') setRefused(error);
      else void message.error(error.message);
    },
  });
  const onFile = (file: File) => {
    const refusal = xlsxRefusal(file);
    if (refusal) void message.error(t(refusal));
    else upload.mutate(file);
  };
  return (
    <Space wrap>
      <Button
        icon={<DownloadOutlined />}
        onClick={() =>
          void api
            .factTemplate(period.id)
            .catch((error: unknown) =>
              message.error(error instanceof Error ? error.message : String(error)),
            )
        }
        data-testid="fact-template"
      >
        {t('assess.fact.bulkTemplate')}
      </Button>
      <FilePickButton
        accept={acceptXlsx}
        icon={<UploadOutlined />}
        label={t('assess.fact.bulk')}
        loading={upload.isPending}
        disabled={period.status === 'closed'}
        onFile={onFile}
        testId="fact-import"
      />
      <ImportProblemsModal
        refused={refused}
        title={t('assess.fact.bulkErrors')}
        onClose={() => setRefused(null)}
        testId="fact-import"
      />
    </Space>
  );
}

/** The last result the server sent back after a fact: index and ranks at once. */
function LastResult({ result }: { result: ResultRow }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="success"
      showIcon
      style={{ marginTop: 12 }}
      data-testid="fact-result"
      title={`${result.name} · ${t('assess.result.index')} ${result.index}`}
      description={
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={[
            { key: 'total', label: t('assess.result.total'), children: result.total },
            {
              key: 'unit',
              label: `${t('assess.result.rank')}（${t('assess.scheme.results.withins.unit')}）`,
              children: `${result.ranks.unit.rank} / ${result.ranks.unit.groupSize}`,
            },
            {
              key: 'tenant',
              label: `${t('assess.result.rank')}（${t('assess.scheme.results.withins.tenant')}）`,
              children: `${result.ranks.tenant.rank} / ${result.ranks.tenant.groupSize}`,
            },
          ]}
        />
      }
    />
  );
}

function FactsOfPeriod({ period }: { period: AssessmentPeriod }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useSignedIn();
  const isMobile = useIsMobile();
  const scheme = useSchemeVersion(period.schemeKey, period.schemeVersion);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [withSuperseded, setWithSuperseded] = useState(false);
  const [correcting, setCorrecting] = useState<FactRow | null>(null);
  const [opened, setOpened] = useState<FactRow | null>(null);
  const [lastResult, setLastResult] = useState<ResultRow | null>(null);
  const payloadText = usePayloadText();
  const facts = useFacts({
    periodId: period.id,
    includeSuperseded: withSuperseded,
    page,
    pageSize,
  });
  if (scheme.isPending) return <PageLoading />;
  if (scheme.isError)
    return <QueryError error={scheme.error} onRetry={() => void scheme.refetch()} />;
  const indicators = manualIndicators(scheme.data.scheme, me.grants, labels.pick);
  const closed = period.status === 'closed';

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={10}>
        <Card
          size="small"
          title={correcting ? t('assess.fact.correcting') : t('assess.fact.record')}
          extra={<FactImport period={period} />}
          styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
        >
          {closed ? (
            <Alert type="warning" showIcon title={t('assess.result.frozen')} />
          ) : indicators.length === 0 ? (
            <Empty description={t('assess.fact.noManual')} />
          ) : (
            <FactForm
              key={correcting?.id ?? 'new'}
              period={period}
              indicators={indicators}
              correcting={correcting ?? undefined}
              onCancelCorrection={() => setCorrecting(null)}
              onRecorded={(_fact, result) => {
                setCorrecting(null);
                setLastResult(result);
              }}
            />
          )}
          {lastResult ? <LastResult result={lastResult} /> : null}
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        <Card
          size="small"
          title={t('assess.fact.list')}
          extra={
            <Space>
              <Typography.Text type="secondary">{t('assess.fact.supersededBy')}</Typography.Text>
              <Switch
                size="small"
                checked={withSuperseded}
                onChange={setWithSuperseded}
                data-testid="fact-include-superseded"
              />
            </Space>
          }
        >
          {facts.isError ? (
            <QueryError error={facts.error} onRetry={() => void facts.refetch()} />
          ) : (
            <ResponsiveTable<FactRow>
              rows={facts.data?.items ?? []}
              loading={facts.isFetching}
              testId="fact-list"
              rowTestId="fact-row"
              rowAttributes={(row) => ({ 'data-fact-id': row.id })}
              cardTitle={(row) => (
                <Space wrap size={4}>
                  {row.subject.name}
                  <Typography.Text type="secondary">
                    {row.indicatorLabel ? labels.pick(row.indicatorLabel) : row.indicator}
                  </Typography.Text>
                </Space>
              )}
              cardSkip={['subject', 'indicator']}
              pagination={{
                current: page,
                pageSize,
                total: facts.data?.total ?? 0,
                onChange: (p, s) => {
                  setPage(p);
                  setPageSize(s);
                },
              }}
              columns={[
                {
                  key: 'subject',
                  title: t('assess.fact.subjectKind'),
                  render: (_: unknown, f: FactRow) => f.subject.name,
                },
                {
                  key: 'indicator',
                  title: t('assess.fact.indicator'),
                  render: (_: unknown, f: FactRow) =>
                    f.indicatorLabel ? labels.pick(f.indicatorLabel) : f.indicator,
                },
                {
                  key: 'value',
                  title: t('assess.fact.value'),
                  render: (_: unknown, f: FactRow) => (
                    <Space size={4} wrap>
                      {f.value ?? '—'}
                      {Object.keys(f.payload).length > 0 ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {payloadText(f.payload)}
                        </Typography.Text>
                      ) : null}
                      {f.supersededBy ? (
                        <Tag color="orange">{t('assess.fact.supersededBy')}</Tag>
                      ) : null}
                      {f.supersedes ? <Tag color="blue">{t('assess.fact.supersedes')}</Tag> : null}
                    </Space>
                  ),
                },
                {
                  key: 'note',
                  title: t('assess.fact.evidence'),
                  render: (_: unknown, f: FactRow) => f.evidence.note ?? '—',
                },
                {
                  key: 'who',
                  title: t('assess.fact.recordedBy'),
                  render: (_: unknown, f: FactRow) =>
                    `${f.recordedBy?.name ?? '—'} · ${formatTime(f.recordedAt, labels.lang)}`,
                },
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, f: FactRow) => (
                    <Space size={4}>
                      <Button size="small" onClick={() => setOpened(f)} data-testid="fact-open">
                        {t('common.details')}
                      </Button>
                      {!closed && !f.supersededBy ? (
                        <Button
                          size="small"
                          icon={<EditOutlined />}
                          onClick={() => {
                            setCorrecting(f);
                            if (isMobile) window.scrollTo({ top: 0, behavior: 'smooth' });
                          }}
                          data-testid="fact-correct"
                        >
                          {t('assess.fact.correct')}
                        </Button>
                      ) : null}
                    </Space>
                  ),
                },
              ]}
            />
          )}
        </Card>
      </Col>
      <Modal
        open={opened !== null}
        title={t('assess.fact.history')}
        onCancel={() => setOpened(null)}
        footer={null}
        destroyOnHidden
      >
        {opened ? <FactCard fact={opened} /> : null}
      </Modal>
    </Row>
  );
}

/** 事实录入: pick a period, record manual facts (single or bulk), correct by superseding. */
export default function FactsPage() {
  const { t } = useTranslation();
  const chosen = usePeriodParam();
  return (
    <PeriodCard title={t('assess.fact.title')} testId="facts-page" chosen={chosen}>
      {chosen.error ? (
        <QueryError error={chosen.error} />
      ) : chosen.period ? (
        <FactsOfPeriod key={chosen.period.id} period={chosen.period} />
      ) : chosen.loading ? (
        <PageLoading />
      ) : (
        <Empty description={t('assess.period.none')} />
      )}
    </PeriodCard>
  );
}
