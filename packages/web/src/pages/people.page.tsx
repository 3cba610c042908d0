import { useState, type HTMLAttributes } from 'react';
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Input,
  Pagination,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { DownloadOutlined, ExportOutlined, PlusOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ranks, type Rank } from '@tianheng/core';
import { api } from '../api/endpoints.ts';
import { useLookups, usePeople, useUnits } from '../api/queries.ts';
import type { PeopleFilter, PersonSummary } from '../api/types.ts';
import { ImportButton } from '../components/import-button.tsx';
import { CreatePersonDialog } from '../components/person-forms.tsx';
import { QueryError } from '../components/query-state.tsx';
import { UnitTreeSelect } from '../components/unit-tree-select.tsx';
import { useIsMobile } from '../components/use-mobile.ts';
import { useLabels } from '../i18n/index.ts';
import { can, useSignedIn } from '../layout/me-context.ts';

const pageSizes = [20, 50, 100];

function filterOf(params: URLSearchParams): PeopleFilter {
  const rank = params.get('rank');
  const page = Number(params.get('page') ?? '1');
  const pageSize = Number(params.get('pageSize') ?? '20');
  return {
    q: params.get('q') ?? undefined,
    unitId: params.get('unitId') ?? undefined,
    rank: rank && (ranks as readonly string[]).includes(rank) ? (rank as Rank) : undefined,
    lineId: params.get('lineId') ?? undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: pageSizes.includes(pageSize) ? pageSize : 20,
  };
}

/** 人员: search and filter the people the account can see, page by page, on the server. */
export default function PeoplePage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const me = useSignedIn();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const filter = filterOf(params);
  const [q, setQ] = useState(filter.q ?? '');
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const people = usePeople(filter);
  const units = useUnits(can(me, 'unit.read'));
  const lookups = useLookups();

  const update = (patch: Partial<Record<keyof PeopleFilter, string | number | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, String(value));
    }
    // A new filter starts again on the first page.
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };

  const exportList = () => {
    setExporting(true);
    api
      .exportPeople(filter)
      .catch((error: unknown) =>
        message.error(error instanceof Error ? error.message : String(error)),
      )
      .finally(() => setExporting(false));
  };

  const columns: TableColumnsType<PersonSummary> = [
    { title: t('person.staffNo'), dataIndex: 'staffNo', width: 110 },
    {
      title: t('person.name'),
      dataIndex: 'name',
      width: 120,
      render: (name: string, row) => (
        <Typography.Link
          onClick={(e) => {
            e.stopPropagation();
            void navigate(`/people/${row.id}`);
          }}
        >
          {name}
        </Typography.Link>
      ),
    },
    {
      title: t('person.gender'),
      dataIndex: 'gender',
      width: 70,
      render: (g: PersonSummary['gender']) => labels.gender(g),
    },
    { title: t('person.unit'), dataIndex: 'unitName', width: 180 },
    { title: t('person.post'), dataIndex: 'post', width: 140 },
    {
      title: t('person.rank'),
      dataIndex: 'rank',
      width: 120,
      render: (r: Rank) => labels.rank(r),
    },
    {
      title: t('person.lines'),
      dataIndex: 'lines',
      render: (lines: PersonSummary['lines']) =>
        lines.length === 0 ? (
          '—'
        ) : (
          <Space size={[0, 4]} wrap>
            {lines.map((l) => (
              <Tag key={l.id}>{l.name}</Tag>
            ))}
          </Space>
        ),
    },
  ];

  const toolbar = (
    <Space wrap>
      {can(me, 'person.write') ? (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="person-add"
        >
          {t('person.add')}
        </Button>
      ) : null}
      {can(me, 'person.import') ? (
        <>
          <ImportButton />
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              void api
                .downloadTemplate()
                .catch((error: unknown) =>
                  message.error(error instanceof Error ? error.message : String(error)),
                )
            }
            data-testid="import-template"
          >
            {t('person.template')}
          </Button>
        </>
      ) : null}
      {can(me, 'person.export') ? (
        <Button
          icon={<ExportOutlined />}
          loading={exporting}
          onClick={exportList}
          data-testid="person-export"
        >
          {t('person.export')}
        </Button>
      ) : null}
    </Space>
  );

  const filters = (
    <Row gutter={[8, 8]} style={{ marginBottom: 16 }}>
      <Col xs={24} sm={12} lg={6}>
        <Input.Search
          allowClear
          placeholder={t('person.searchPlaceholder')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            if (e.target.value === '') update({ q: undefined });
          }}
          onSearch={(value) => update({ q: value.trim() || undefined })}
          data-testid="person-search"
        />
      </Col>
      <Col xs={24} sm={12} lg={6}>
        <UnitTreeSelect
          allowClear
          style={{ width: '100%' }}
          placeholder={t('person.unitFilter')}
          units={units.data ?? []}
          value={filter.unitId}
          onChange={(value: string | undefined) => update({ unitId: value })}
          data-testid="person-filter-unit"
        />
      </Col>
      <Col xs={12} sm={12} lg={6}>
        <Select
          allowClear
          style={{ width: '100%' }}
          placeholder={t('person.rankFilter')}
          value={filter.rank}
          onChange={(value: Rank | undefined) => update({ rank: value })}
          options={ranks.map((r) => ({ value: r, label: labels.rank(r) }))}
          data-testid="person-filter-rank"
        />
      </Col>
      <Col xs={12} sm={12} lg={6}>
        <Select
          allowClear
          style={{ width: '100%' }}
          placeholder={t('person.lineFilter')}
          value={filter.lineId}
          onChange={(value: string | undefined) => update({ lineId: value })}
          options={(lookups.data?.lines ?? []).map((l) => ({ value: l.id, label: l.name }))}
          showSearch={{ optionFilterProp: 'label' }}
          data-testid="person-filter-line"
        />
      </Col>
    </Row>
  );

  const total = people.data?.total ?? 0;
  const items = people.data?.items ?? [];
  const onPage = (page: number, pageSize: number) =>
    update({
      page: page === 1 ? undefined : page,
      pageSize: pageSize === 20 ? undefined : pageSize,
    });

  let body;
  if (people.isError)
    body = <QueryError error={people.error} onRetry={() => void people.refetch()} />;
  else if (isMobile)
    body = (
      <Spin spinning={people.isFetching}>
        {items.length === 0 && !people.isPending ? (
          <Empty />
        ) : (
          <Space
            orientation="vertical"
            style={{ width: '100%' }}
            size={8}
            data-testid="person-list"
          >
            {items.map((p) => (
              <Card
                key={p.id}
                size="small"
                hoverable
                onClick={() => void navigate(`/people/${p.id}`)}
                data-testid="person-row"
                data-person-id={p.id}
              >
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap size={6}>
                    <Typography.Text strong>{p.name}</Typography.Text>
                    <Typography.Text type="secondary">{p.staffNo}</Typography.Text>
                    <Tag>{labels.rank(p.rank)}</Tag>
                  </Space>
                  <Typography.Text type="secondary">
                    {p.unitName} · {p.post}
                  </Typography.Text>
                  {p.lines.length > 0 ? (
                    <Space size={[0, 4]} wrap>
                      {p.lines.map((l) => (
                        <Tag key={l.id}>{l.name}</Tag>
                      ))}
                    </Space>
                  ) : null}
                </Space>
              </Card>
            ))}
          </Space>
        )}
        {total > 0 ? (
          <Pagination
            simple
            style={{ marginTop: 12, textAlign: 'center' }}
            current={filter.page}
            pageSize={filter.pageSize}
            total={total}
            onChange={onPage}
          />
        ) : null}
      </Spin>
    );
  else
    body = (
      <Table<PersonSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={people.isFetching}
        scroll={{ x: 'max-content' }}
        onRow={(row) =>
          ({
            'data-testid': 'person-row',
            'data-person-id': row.id,
            style: { cursor: 'pointer' },
            onClick: () => void navigate(`/people/${row.id}`),
          }) as HTMLAttributes<HTMLElement>
        }
        pagination={{
          current: filter.page,
          pageSize: filter.pageSize,
          total,
          showSizeChanger: true,
          pageSizeOptions: pageSizes,
          showTotal: (n) => t('common.total', { total: String(n) }),
          onChange: onPage,
        }}
        data-testid="person-table"
      />
    );

  return (
    <Card
      title={t('person.title')}
      extra={isMobile ? null : toolbar}
      styles={{ body: isMobile ? { padding: 12 } : {} }}
    >
      {isMobile ? <div style={{ marginBottom: 12 }}>{toolbar}</div> : null}
      {filters}
      {body}
      {creating ? (
        <CreatePersonDialog
          defaultUnitId={filter.unitId}
          onClose={() => setCreating(false)}
          onCreated={(person) => {
            setCreating(false);
            void navigate(`/people/${person.id}`);
          }}
        />
      ) : null}
    </Card>
  );
}
