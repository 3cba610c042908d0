import { useState } from 'react';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, BarChartOutlined, EditOutlined, SwapOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { usePerson } from '../api/queries.ts';
import type { Assignment, Person } from '../api/types.ts';
import { EditPersonDialog, MovePersonDialog } from '../components/person-forms.tsx';
import { PageLoading, QueryError } from '../components/query-state.tsx';
import { useIsMobile } from '../components/use-mobile.ts';
import { useLabels } from '../i18n/index.ts';
import { can, readsOnlySelf, useSignedIn } from '../layout/me-context.ts';

function newestFirst(history: Assignment[]): Assignment[] {
  return [...history].sort((a, b) => b.validFrom.localeCompare(a.validFrom));
}

/** One person: attributes, current assignment, lines, villages, and assignment history. */
export default function PersonPage() {
  const { personId = '' } = useParams();
  const person = usePerson(personId);
  if (person.isPending) return <PageLoading />;
  if (person.isError)
    return <QueryError error={person.error} onRetry={() => void person.refetch()} />;
  return <PersonView person={person.data} />;
}

function PersonView({ person }: { person: Person }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useSignedIn();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const [dialog, setDialog] = useState<'edit' | 'move' | null>(null);
  const writable = can(me, 'person.write');
  const history = newestFirst(person.history);
  const dash = '—';
  const refs = (list: { id: string; name: string }[]) =>
    list.length === 0 ? (
      dash
    ) : (
      <Space size={[0, 4]} wrap>
        {list.map((r) => (
          <Tag key={r.id}>{r.name}</Tag>
        ))}
      </Space>
    );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="person-page">
      <Card
        title={
          <Space wrap>
            {readsOnlySelf(me) ? null : (
              <Button
                type="text"
                icon={<ArrowLeftOutlined />}
                onClick={() => void navigate(-1)}
                aria-label={t('common.back')}
              />
            )}
            <span data-testid="person-name">{person.name}</span>
            <Typography.Text type="secondary">{person.staffNo}</Typography.Text>
            {can(me, 'score.read') ? (
              <Button
                type="link"
                size="small"
                icon={<BarChartOutlined />}
                onClick={() =>
                  void navigate(readsOnlySelf(me) ? '/my-score' : `/people/${person.id}/score`)
                }
                data-testid="person-score"
              >
                {t('assess.score.title')}
              </Button>
            ) : null}
          </Space>
        }
        extra={
          writable && !isMobile ? (
            <Space>
              <Button
                icon={<EditOutlined />}
                onClick={() => setDialog('edit')}
                data-testid="person-edit"
              >
                {t('person.edit')}
              </Button>
              <Button
                type="primary"
                icon={<SwapOutlined />}
                onClick={() => setDialog('move')}
                data-testid="person-move"
              >
                {t('person.move')}
              </Button>
            </Space>
          ) : null
        }
      >
        {writable && isMobile ? (
          <Space style={{ marginBottom: 12 }}>
            <Button
              icon={<EditOutlined />}
              onClick={() => setDialog('edit')}
              data-testid="person-edit"
            >
              {t('person.edit')}
            </Button>
            <Button
              type="primary"
              icon={<SwapOutlined />}
              onClick={() => setDialog('move')}
              data-testid="person-move"
            >
              {t('person.move')}
            </Button>
          </Space>
        ) : null}
        <Row gutter={[24, 16]}>
          <Col xs={24} lg={12}>
            <Descriptions
              title={t('person.basic')}
              column={1}
              size="small"
              items={[
                { key: 'staffNo', label: t('person.staffNo'), children: person.staffNo },
                { key: 'name', label: t('person.name'), children: person.name },
                {
                  key: 'gender',
                  label: t('person.gender'),
                  children: labels.gender(person.gender),
                },
                { key: 'birth', label: t('person.birthDate'), children: person.birthDate ?? dash },
                { key: 'phone', label: t('person.phone'), children: person.phone ?? dash },
              ]}
            />
          </Col>
          <Col xs={24} lg={12}>
            <Descriptions
              title={t('person.assignment')}
              column={1}
              size="small"
              items={[
                { key: 'unit', label: t('person.unit'), children: person.unitName },
                { key: 'post', label: t('person.post'), children: person.post },
                { key: 'rank', label: t('person.rank'), children: labels.rank(person.rank) },
                { key: 'lines', label: t('person.lines'), children: refs(person.lines) },
                { key: 'villages', label: t('person.villages'), children: refs(person.villages) },
              ]}
            />
          </Col>
        </Row>
      </Card>
      <Card title={t('person.history')} data-testid="person-history">
        {history.length === 0 ? (
          <Empty />
        ) : isMobile ? (
          <Timeline
            items={history.map((a) => ({
              key: a.id,
              color: a.validTo === null ? 'green' : 'gray',
              content: (
                <div>
                  <Typography.Text type="secondary">
                    {a.validFrom} ~ {a.validTo ?? t('person.current')}
                  </Typography.Text>
                  <div>
                    <Typography.Text strong>{a.unitName}</Typography.Text> · {a.post}
                  </div>
                  <Typography.Text type="secondary">
                    {labels.rank(a.rank)}
                    {a.reason ? ` · ${a.reason}` : ''}
                  </Typography.Text>
                </div>
              ),
            }))}
          />
        ) : (
          <Table<Assignment>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={history}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('person.validFrom'), dataIndex: 'validFrom', width: 120 },
              {
                title: t('person.validTo'),
                dataIndex: 'validTo',
                width: 120,
                render: (to: string | null) => to ?? <Tag color="green">{t('person.current')}</Tag>,
              },
              { title: t('person.unit'), dataIndex: 'unitName' },
              { title: t('person.post'), dataIndex: 'post' },
              {
                title: t('person.rank'),
                dataIndex: 'rank',
                render: (r: Assignment['rank']) => labels.rank(r),
              },
              {
                title: t('person.reason'),
                dataIndex: 'reason',
                render: (r: string | null) => r ?? dash,
              },
            ]}
          />
        )}
      </Card>
      {dialog === 'edit' ? (
        <EditPersonDialog person={person} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === 'move' ? (
        <MovePersonDialog person={person} onClose={() => setDialog(null)} />
      ) : null}
    </Space>
  );
}
