import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Empty,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
  type TableColumnType,
} from 'antd';
import { ExportOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints.ts';
import { keys, useLookups, useResults, useSignals, useUnits } from '../api/queries.ts';
import type {
  AssessmentPeriod,
  GradeCode,
  ResultRow,
  ResultsFilter,
  SignalRow,
  UnitSummary,
} from '../api/types.ts';
import { GradeTag } from '../components/assessment/grade-tag.tsx';
import { centsTextToYuan, formatCents, yuanToCents } from '../components/assessment/money.ts';
import { PeriodCard, usePeriodParam } from '../components/assessment/pickers.tsx';
import { formatTime } from '../components/format.ts';
import { PageLoading, QueryError } from '../components/query-state.tsx';
import { ResponsiveTable } from '../components/responsive-table.tsx';
import { UnitTreeSelect } from '../components/unit-tree-select.tsx';
import { useLabels } from '../i18n/index.ts';
import { can, useSignedIn } from '../layout/me-context.ts';

type Within = 'unit' | 'line' | 'tenant';

/** Paging of a list held in full on the client (unit summaries, signals). */
function useLocalPages(total: number, initialSize = 10) {
  const [current, setCurrent] = useState(1);
  const [pageSize, setPageSize] = useState(initialSize);
  const last = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(current, last);
  return {
    slice: <T,>(rows: T[]) => rows.slice((page - 1) * pageSize, page * pageSize),
    pagination: {
      current: page,
      pageSize,
      total,
      pageSizeOptions: [10, 20, 50, 100],
      onChange: (p: number, s: number) => {
        setCurrent(p);
        setPageSize(s);
      },
    },
  };
}
type Row = ResultRow & { id: string };
/** Rows tied across the excellent quota stand out in every table (cards too). */
const boundaryStyle =
  '[data-boundary-tie="true"] > td, .ant-card[data-boundary-tie="true"] { background: #fff0f6; }';
type ResultTab = 'rankings' | 'grades' | 'bonus' | 'signals';

function rankOf(row: ResultRow, within: Within, lineId: string | undefined) {
  if (within === 'unit') return row.ranks.unit;
  if (within === 'tenant') return row.ranks.tenant;
  return row.ranks.lines.find((l) => l.lineId === lineId) ?? null;
}

function Difference({ cents }: { cents: number }) {
  const { t } = useTranslation();
  if (cents === 0) return <Tag color="green">{t('assess.result.exact')}</Tag>;
  return (
    <Tag color={cents > 0 ? 'red' : 'blue'} data-testid="bonus-difference">
      {cents > 0
        ? t('assess.result.overspend', { amount: formatCents(cents) })
        : t('assess.result.underspend', { amount: formatCents(-cents) })}
    </Tag>
  );
}

function PoolDialog({
  period,
  unit,
  onClose,
}: {
  period: AssessmentPeriod;
  unit: UnitSummary;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ amount: string }>();
  const save = useMutation({
    mutationFn: (cents: number) => api.setPool(period.id, unit.unitId, cents),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.results(period.id) });
      onClose();
    },
    onError: (error) => form.setFields([{ name: 'amount', errors: [error.message] }]),
  });
  return (
    <Modal
      open
      title={`${t('assess.result.pool')} · ${unit.unitName}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: save.isPending, ...({ 'data-testid': 'pool-submit' } as object) }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ amount: unit.bonus ? formatCents(unit.bonus.poolCents) : '' }}
        onFinish={(v) => {
          const cents = yuanToCents(v.amount);
          if (cents === null)
            form.setFields([
              {
                name: 'amount',
                errors: [t('common.required', { field: t('assess.result.pool') })],
              },
            ]);
          else save.mutate(cents);
        }}
      >
        <Form.Item name="amount" label={`${t('assess.result.pool')}（¥）`}>
          <Input inputMode="decimal" data-testid="pool-amount" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SignalDecision({
  signal,
  decision,
  onClose,
}: {
  signal: SignalRow;
  decision: 'confirmed' | 'dismissed';
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ note: string }>();
  const decide = useMutation({
    mutationFn: (note: string) => api.decideSignal(signal.id, decision, note),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.signals(signal.periodId) });
      onClose();
    },
    onError: (error) => form.setFields([{ name: 'note', errors: [error.message] }]),
  });
  return (
    <Modal
      open
      title={`${decision === 'confirmed' ? t('assess.result.confirm') : t('assess.result.dismiss')} · ${signal.personName}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{
        loading: decide.isPending,
        ...({ 'data-testid': 'signal-submit' } as object),
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => decide.mutate(v.note.trim())}>
        <Form.Item
          name="note"
          label={t('assess.result.decisionNote')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('common.required', { field: t('assess.result.decisionNote') }),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="signal-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Signals({ period }: { period: AssessmentPeriod }) {
  const { t } = useTranslation();
  const signals = useSignals(period.id);
  const [status, setStatus] = useState<SignalRow['status'] | 'all'>('pending');
  const [deciding, setDeciding] = useState<{
    signal: SignalRow;
    decision: 'confirmed' | 'dismissed';
  } | null>(null);
  if (signals.isError)
    return <QueryError error={signals.error} onRetry={() => void signals.refetch()} />;
  const all = signals.data?.items ?? [];
  const rows = status === 'all' ? all : all.filter((s) => s.status === status);
  return (
    <>
      <Segmented<SignalRow['status'] | 'all'>
        style={{ marginBottom: 12 }}
        value={status}
        onChange={setStatus}
        options={(['pending', 'confirmed', 'dismissed', 'all'] as const).map((v) => ({
          value: v,
          label: `${v === 'all' ? t('common.all') : t(`assess.result.signalStatuses.${v}`)} ${
            v === 'all' ? all.length : all.filter((s) => s.status === v).length
          }`,
        }))}
        data-testid="signal-status"
      />
      <SignalTable rows={rows} loading={signals.isPending} onDecide={setDeciding} />
      {deciding ? (
        <SignalDecision
          signal={deciding.signal}
          decision={deciding.decision}
          onClose={() => setDeciding(null)}
        />
      ) : null}
    </>
  );
}

function SignalTable({
  rows: all,
  loading,
  onDecide,
}: {
  rows: SignalRow[];
  loading: boolean;
  onDecide: (next: { signal: SignalRow; decision: 'confirmed' | 'dismissed' }) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useSignedIn();
  const pages = useLocalPages(all.length, 20);
  const setDeciding = onDecide;
  return (
    <>
      <ResponsiveTable<SignalRow>
        rows={pages.slice(all)}
        loading={loading}
        testId="signal-list"
        rowTestId="signal-row"
        rowAttributes={(s) => ({ 'data-signal-status': s.status })}
        cardTitle={(s) => (
          <Space wrap size={4}>
            {s.personName}
            <Tag color={s.kind === 'promotion' ? 'green' : 'red'}>
              {t(`assess.scheme.results.signalKinds.${s.kind}`)}
            </Tag>
          </Space>
        )}
        cardSkip={['person', 'kind']}
        pagination={pages.pagination}
        columns={[
          { key: 'person', title: t('assess.result.person'), dataIndex: 'personName' },
          {
            key: 'kind',
            title: t('assess.result.signalKind'),
            render: (_: unknown, s: SignalRow) => (
              <Tag color={s.kind === 'promotion' ? 'green' : 'red'}>
                {t(`assess.scheme.results.signalKinds.${s.kind}`)}
              </Tag>
            ),
          },
          {
            key: 'why',
            title: t('assess.result.signalWhy'),
            render: (_: unknown, s: SignalRow) => labels.pick(s.reason.text),
          },
          {
            key: 'proposes',
            title: t('assess.scheme.results.action'),
            render: (_: unknown, s: SignalRow) => (
              <Space wrap size={4}>
                {s.proposes.promotionPoints ? (
                  <Tag>
                    {t('assess.scheme.results.promotionPoints')} +{s.proposes.promotionPoints}
                  </Tag>
                ) : null}
                {s.proposes.seniorityMonths ? (
                  <Tag>
                    {t('assess.scheme.results.seniorityMonths')} {s.proposes.seniorityMonths}
                  </Tag>
                ) : null}
                {s.proposes.action ? (
                  <Tag>{t(`assess.scheme.results.actions.${s.proposes.action}`)}</Tag>
                ) : null}
              </Space>
            ),
          },
          {
            key: 'status',
            title: t('assess.result.signalStatus'),
            render: (_: unknown, s: SignalRow) => (
              <Space orientation="vertical" size={0}>
                <Tag
                  color={
                    s.status === 'pending'
                      ? 'processing'
                      : s.status === 'confirmed'
                        ? 'green'
                        : 'default'
                  }
                >
                  {t(`assess.result.signalStatuses.${s.status}`)}
                </Tag>
                {s.note ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {s.note} {s.decidedAt ? `· ${formatTime(s.decidedAt, labels.lang)}` : ''}
                  </Typography.Text>
                ) : null}
              </Space>
            ),
          },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_: unknown, s: SignalRow) =>
              s.status === 'pending' && can(me, 'result.write') ? (
                <Space size={4}>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => setDeciding({ signal: s, decision: 'confirmed' })}
                    data-testid="signal-confirm"
                  >
                    {t('assess.result.confirm')}
                  </Button>
                  <Button
                    size="small"
                    onClick={() => setDeciding({ signal: s, decision: 'dismissed' })}
                    data-testid="signal-dismiss"
                  >
                    {t('assess.result.dismiss')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
    </>
  );
}

function PeriodResultsView({ period }: { period: AssessmentPeriod }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useSignedIn();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const lookups = useLookups();
  const units = useUnits(can(me, 'unit.read'));
  const [tab, setTab] = useState<ResultTab>('rankings');
  const [within, setWithin] = useState<Within>('tenant');
  const [lineId, setLineId] = useState<string | undefined>(undefined);
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const [grade, setGrade] = useState<GradeCode | undefined>(undefined);
  const [q, setQ] = useState<string | undefined>(undefined);
  const [qText, setQText] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [exporting, setExporting] = useState(false);
  const [pool, setPool] = useState<UnitSummary | null>(null);
  const lines = lookups.data?.lines ?? [];
  const effectiveLine = within === 'line' ? (lineId ?? lines[0]?.id) : undefined;
  const filter: ResultsFilter = {
    unitId,
    lineId: effectiveLine,
    grade: tab === 'grades' ? grade : undefined,
    q,
    sort: within === 'unit' ? 'unit' : 'tenant',
    page,
    pageSize,
  };
  const results = useResults(period.id, filter);
  const recompute = useMutation({
    mutationFn: () => api.recompute(period.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.results(period.id) });
      void message.success(t('assess.result.computed'));
    },
    onError: (error) => void message.error(error.message),
  });

  const exportResults = () => {
    setExporting(true);
    api
      .exportResults(period.id, filter)
      .catch((error: unknown) =>
        message.error(error instanceof Error ? error.message : String(error)),
      )
      .finally(() => setExporting(false));
  };

  const openPerson = (row: ResultRow) =>
    void navigate(`/people/${row.personId}/score?periodId=${period.id}`);

  const nameColumn: TableColumnType<Row> = {
    key: 'name',
    title: t('assess.result.person'),
    render: (_: unknown, r: ResultRow) => (
      <Typography.Link onClick={() => openPerson(r)} data-testid="result-person">
        {r.name}
      </Typography.Link>
    ),
  };
  const unitColumn: TableColumnType<Row> = {
    key: 'unit',
    title: t('assess.result.unit'),
    render: (_: unknown, r: ResultRow) => r.assessmentUnitName,
  };

  const rankingColumns: TableColumnType<Row>[] = [
    {
      key: 'rank',
      title: t('assess.result.rank'),
      render: (_: unknown, r: ResultRow) => {
        const place = rankOf(r, within, effectiveLine);
        if (!place) return '—';
        return (
          <Space size={4}>
            <Typography.Text strong data-testid="result-rank">
              {place.rank}
            </Typography.Text>
            <Typography.Text type="secondary">/ {place.groupSize}</Typography.Text>
            {place.tied > 1 ? <Tag>{t('assess.result.tied', { count: place.tied })}</Tag> : null}
          </Space>
        );
      },
    },
    nameColumn,
    unitColumn,
    { key: 'common', title: t('assess.result.common'), dataIndex: 'common', align: 'right' },
    {
      key: 'individual',
      title: t('assess.result.individual'),
      dataIndex: 'individual',
      align: 'right',
    },
    { key: 'total', title: t('assess.result.total'), dataIndex: 'total', align: 'right' },
    {
      key: 'coefficient',
      title: t('assess.result.coefficient'),
      dataIndex: 'coefficient',
      align: 'right',
    },
    {
      key: 'index',
      title: t('assess.result.index'),
      dataIndex: 'index',
      align: 'right',
      render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
    },
    {
      key: 'grade',
      title: t('assess.result.grade'),
      render: (_: unknown, r: ResultRow) => <GradeTag row={r} />,
    },
  ];

  const gradeColumns: TableColumnType<Row>[] = [
    nameColumn,
    unitColumn,
    {
      key: 'unitRank',
      title: `${t('assess.result.rank')}（${t('assess.scheme.results.withins.unit')}）`,
      render: (_: unknown, r: ResultRow) => `${r.ranks.unit.rank} / ${r.ranks.unit.groupSize}`,
    },
    { key: 'index', title: t('assess.result.index'), dataIndex: 'index', align: 'right' },
    {
      key: 'grade',
      title: t('assess.result.grade'),
      render: (_: unknown, r: ResultRow) => <GradeTag row={r} />,
    },
    {
      key: 'reason',
      title: t('assess.result.signalWhy'),
      render: (_: unknown, r: ResultRow) => labels.pick(r.gradeReason),
    },
  ];

  const bonusColumns: TableColumnType<Row>[] = [
    nameColumn,
    unitColumn,
    { key: 'index', title: t('assess.result.index'), dataIndex: 'index', align: 'right' },
    {
      key: 'amount',
      title: `${t('assess.result.amount')}（¥）`,
      align: 'right',
      render: (_: unknown, r: ResultRow) => (
        <Typography.Text strong data-testid="bonus-amount">
          {formatCents(r.bonusCents)}
        </Typography.Text>
      ),
    },
    {
      key: 'literal',
      title: `${t('assess.result.literal')}（¥）`,
      align: 'right',
      render: (_: unknown, r: ResultRow) => formatCents(r.literalCents),
    },
    {
      key: 'diff',
      title: t('assess.result.difference'),
      align: 'right',
      render: (_: unknown, r: ResultRow) =>
        r.bonusCents === null || r.literalCents === null
          ? '—'
          : formatCents(r.literalCents - r.bonusCents),
    },
  ];

  const rows = (results.data?.items ?? []).map((r) => ({ ...r, id: r.personId }));
  const table = (columns: TableColumnType<Row>[], testId: string) => (
    <ResponsiveTable<Row>
      rows={rows}
      loading={results.isFetching}
      testId={testId}
      rowTestId="result-row"
      rowAttributes={(r) => ({
        'data-person-id': r.personId,
        'data-assessment-unit': r.assessmentUnitName,
        'data-boundary-tie': String(r.boundaryTie),
      })}
      cardTitle={(r) => (
        <Space wrap size={4}>
          <Typography.Link onClick={() => openPerson(r)}>{r.name}</Typography.Link>
          <Typography.Text type="secondary">{r.assessmentUnitName}</Typography.Text>
        </Space>
      )}
      cardSkip={['name', 'unit']}
      pagination={{
        current: page,
        pageSize,
        total: results.data?.total ?? 0,
        pageSizeOptions: [20, 50, 100, 200],
        onChange: (p, s) => {
          setPage(p);
          setPageSize(s);
        },
      }}
      columns={columns}
    />
  );

  const search = (
    <Input.Search
      allowClear
      style={{ width: 200 }}
      placeholder={t('person.searchPlaceholder')}
      value={qText}
      onChange={(e) => {
        setQText(e.target.value);
        if (e.target.value === '') setQ(undefined);
      }}
      onSearch={(value) => {
        setQ(value.trim() || undefined);
        setPage(1);
      }}
      data-testid="result-search"
    />
  );
  const unitFilter = (
    <UnitTreeSelect
      allowClear
      style={{ minWidth: 200 }}
      placeholder={t('assess.result.unit')}
      units={units.data ?? []}
      value={unitId}
      onChange={(value: string | undefined) => {
        setUnitId(value);
        setPage(1);
      }}
      data-testid="result-unit-filter"
    />
  );

  const summaries = results.data?.units ?? [];
  const unitPages = useLocalPages(summaries.length);
  const rankings = (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<Within>
          value={within}
          onChange={(v) => {
            setWithin(v);
            setPage(1);
          }}
          options={(['unit', 'line', 'tenant'] as const).map((w) => ({
            value: w,
            label: (
              <span data-testid={`within-${w}`}>{t(`assess.scheme.results.withins.${w}`)}</span>
            ),
          }))}
          data-testid="result-within"
        />
        {within === 'line' ? (
          <Select
            style={{ minWidth: 160 }}
            value={effectiveLine}
            onChange={(v: string) => {
              setLineId(v);
              setPage(1);
            }}
            options={lines.map((l) => ({ value: l.id, label: l.name }))}
            data-testid="result-line"
          />
        ) : null}
        {unitFilter}
        {search}
      </Space>
      {table(rankingColumns, 'ranking-table')}
    </>
  );

  const grades = (
    <>
      <ResponsiveTable<UnitSummary & { id: string }>
        rows={unitPages.slice(summaries).map((u) => ({ ...u, id: u.unitId }))}
        loading={results.isFetching}
        testId="grade-units"
        rowTestId="grade-unit"
        rowAttributes={(u) => ({ 'data-unit-id': u.unitId, 'data-unit-name': u.unitName })}
        cardTitle={(u) => u.unitName}
        cardSkip={['unit']}
        pagination={unitPages.pagination}
        columns={[
          { key: 'unit', title: t('assess.result.unit'), dataIndex: 'unitName' },
          {
            key: 'headcount',
            title: t('assess.result.headcount'),
            dataIndex: 'headcount',
            align: 'right',
          },
          {
            key: 'quota',
            title: t('assess.scheme.results.excellentQuota'),
            dataIndex: 'quota',
            align: 'right',
          },
          ...(['excellent', 'competent', 'basic', 'incompetent'] as const).map((g) => ({
            key: g,
            title: t(`assess.result.gradeNames.${g}`),
            dataIndex: g,
            align: 'right' as const,
          })),
          {
            key: 'undecided',
            title: t('assess.result.boundaryTie'),
            render: (_: unknown, u: UnitSummary) =>
              u.undecided > 0 ? (
                <Tag color="magenta" icon={<WarningOutlined />} data-testid="unit-undecided">
                  {t('assess.result.tiedForPlaces', {
                    count: u.undecided,
                    places: String(u.placesLeft),
                  })}
                </Tag>
              ) : (
                '—'
              ),
          },
        ]}
      />
      <Space wrap style={{ margin: '16px 0 12px' }}>
        <Select<GradeCode>
          allowClear
          style={{ minWidth: 180 }}
          placeholder={t('assess.result.grade')}
          value={grade}
          onChange={(g) => {
            setGrade(g);
            setPage(1);
          }}
          options={(['excellent', 'competent', 'basic', 'incompetent', 'undecided'] as const).map(
            (g) => ({
              value: g,
              label:
                g === 'undecided'
                  ? t('assess.result.boundaryTie')
                  : t(`assess.result.gradeNames.${g}`),
            }),
          )}
          data-testid="grade-filter"
        />
        {unitFilter}
        {search}
      </Space>
      {table(gradeColumns, 'grade-table')}
    </>
  );

  const bonus = (
    <>
      <Alert
        type="info"
        showIcon
        title={t('assess.result.literalHint')}
        style={{ marginBottom: 12 }}
        data-testid="bonus-literal-hint"
      />
      <ResponsiveTable<UnitSummary & { id: string }>
        rows={unitPages.slice(summaries).map((u) => ({ ...u, id: u.unitId }))}
        loading={results.isFetching}
        testId="bonus-units"
        rowTestId="bonus-unit"
        rowAttributes={(u) => ({ 'data-unit-id': u.unitId, 'data-unit-name': u.unitName })}
        cardTitle={(u) => u.unitName}
        cardSkip={['unit']}
        pagination={unitPages.pagination}
        columns={[
          { key: 'unit', title: t('assess.result.unit'), dataIndex: 'unitName' },
          {
            key: 'pool',
            title: `${t('assess.result.pool')}（¥）`,
            align: 'right',
            render: (_: unknown, u: UnitSummary) => (
              <Space size={4}>
                <span data-testid="bonus-pool">{formatCents(u.bonus?.poolCents)}</span>
                {can(me, 'result.write') && period.status === 'open' ? (
                  <Button
                    size="small"
                    type="link"
                    onClick={() => setPool(u)}
                    data-testid="bonus-pool-edit"
                  >
                    {t('common.edit')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
          {
            key: 'allocated',
            title: `${t('assess.result.amount')}（${t('assess.result.sum')}）`,
            align: 'right',
            render: (_: unknown, u: UnitSummary) => formatCents(u.bonus?.allocatedCents),
          },
          {
            key: 'literal',
            title: `${t('assess.result.literal')}（${t('assess.result.sum')}）`,
            align: 'right',
            render: (_: unknown, u: UnitSummary) => formatCents(u.bonus?.literalTotalCents),
          },
          {
            key: 'pointValue',
            title: t('assess.result.pointValue'),
            align: 'right',
            render: (_: unknown, u: UnitSummary) =>
              u.bonus?.pointValueCents ? `¥${centsTextToYuan(u.bonus.pointValueCents)}` : '—',
          },
          {
            key: 'difference',
            title: t('assess.result.difference'),
            render: (_: unknown, u: UnitSummary) =>
              u.bonus ? <Difference cents={u.bonus.literalDifferenceCents} /> : '—',
          },
        ]}
      />
      <div style={{ height: 16 }} />
      <Space wrap style={{ marginBottom: 12 }}>
        {unitFilter}
        {search}
      </Space>
      {table(bonusColumns, 'bonus-table')}
      {pool ? <PoolDialog period={period} unit={pool} onClose={() => setPool(null)} /> : null}
    </>
  );

  const toolbar = (
    <Space wrap>
      {results.data?.computedAt ? (
        <Typography.Text type="secondary">
          {formatTime(results.data.computedAt, labels.lang)}
        </Typography.Text>
      ) : null}
      {can(me, 'result.write') && period.status === 'open' ? (
        <Button
          icon={<ReloadOutlined />}
          loading={recompute.isPending}
          onClick={() => recompute.mutate()}
          data-testid="result-recompute"
        >
          {t('assess.result.compute')}
        </Button>
      ) : null}
      <Button
        icon={<ExportOutlined />}
        loading={exporting}
        onClick={exportResults}
        data-testid="result-export"
      >
        {t('assess.result.export')}
      </Button>
    </Space>
  );

  if (results.isError)
    return <QueryError error={results.error} onRetry={() => void results.refetch()} />;
  return (
    <>
      {period.status === 'closed' ? (
        <Alert
          type="info"
          showIcon
          title={t('assess.result.frozen')}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <style>{boundaryStyle}</style>
      <div style={{ marginBottom: 8 }}>{toolbar}</div>
      {results.isPending ? (
        <PageLoading />
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(key) => {
            setTab(key as ResultTab);
            setPage(1);
          }}
          items={(
            [
              ['rankings', rankings],
              ['grades', grades],
              ['bonus', bonus],
              ['signals', <Signals key="signals" period={period} />],
            ] as const
          ).map(([key, children]) => ({
            key,
            label: <span data-testid={`result-tab-${key}`}>{t(`assess.result.${key}`)}</span>,
            children,
          }))}
        />
      )}
    </>
  );
}

/** 考核结果: rankings (unit, line, county), grades with boundary ties, bonus, signals, export. */
export default function ResultsPage() {
  const { t } = useTranslation();
  const chosen = usePeriodParam();
  return (
    <PeriodCard title={t('assess.result.title')} testId="results-page" chosen={chosen}>
      {chosen.error ? (
        <QueryError error={chosen.error} />
      ) : chosen.period ? (
        <PeriodResultsView key={chosen.period.id} period={chosen.period} />
      ) : chosen.loading ? (
        <PageLoading />
      ) : (
        <Empty description={t('assess.period.none')} />
      )}
    </PeriodCard>
  );
}
