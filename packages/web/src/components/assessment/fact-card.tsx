import { Card, Descriptions, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFact } from '../../api/queries.ts';
import type { FactRow } from '../../api/types.ts';
import { useLabels } from '../../i18n/index.ts';
import { formatTime } from '../format.ts';
import { AttachmentList } from '../attachments.tsx';

const payloadKeys = [
  'item',
  'option',
  'group',
  'taskForce',
  'part',
  'clause',
  'grade',
  'tiedWith',
] as const;
type PayloadKey = (typeof payloadKeys)[number];
const isPayloadKey = (key: string): key is PayloadKey =>
  (payloadKeys as readonly string[]).includes(key);

/** The payload's details (`扣分项: late · 部分: 二次分配`) as one line in the reader's language. */
export function usePayloadText(): (payload: Record<string, unknown>) => string {
  const { t } = useTranslation();
  return (payload) => {
    const entries = Object.entries(payload);
    if (entries.length === 0) return '—';
    return entries
      .map(([key, raw]) => {
        const value =
          typeof raw === 'string' || typeof raw === 'number' ? String(raw) : JSON.stringify(raw);
        const name = isPayloadKey(key) ? t(`assess.fact.${key}`) : key;
        const shown =
          key === 'part' && (value === 'base' || value === 'allocation')
            ? t(`assess.fact.parts.${value}`)
            : value;
        return `${name}: ${shown}`;
      })
      .join(' · ');
  };
}

/**
 * One fact with everything that explains it: value and details, source, evidence, who
 * recorded it and when, and the chain of earlier facts it corrects (each opened in turn).
 */
export function FactCard({ fact, depth = 0 }: { fact: FactRow; depth?: number }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const payloadText = usePayloadText();
  return (
    <Card
      size="small"
      data-testid="fact-card"
      data-fact-id={fact.id}
      style={{ marginBottom: 8, opacity: fact.supersededBy ? 0.75 : 1 }}
      title={
        <Space wrap size={4}>
          <Typography.Text strong>
            {fact.indicatorLabel ? labels.pick(fact.indicatorLabel) : fact.indicator}
          </Typography.Text>
          <Tag>{t(`assess.fact.sources.${fact.source}`)}</Tag>
          {fact.supersededBy ? (
            <Tag color="orange" data-testid="fact-superseded">
              {t('assess.fact.supersededBy')}
            </Tag>
          ) : null}
        </Space>
      }
    >
      <Descriptions
        column={1}
        size="small"
        items={[
          {
            key: 'subject',
            label: t('assess.fact.subjectKind'),
            children: `${t(`assess.fact.subjectKinds.${fact.subject.kind}`)} · ${fact.subject.name}`,
          },
          {
            key: 'value',
            label: t('assess.fact.value'),
            children: <span data-testid="fact-value-text">{fact.value ?? '—'}</span>,
          },
          { key: 'payload', label: t('assess.fact.payload'), children: payloadText(fact.payload) },
          {
            key: 'evidence',
            label: t('assess.fact.evidence'),
            children: (
              <span data-testid="fact-evidence">
                {fact.evidence.note ?? '—'}
                <AttachmentList
                  refs={fact.evidence.attachments ?? []}
                  testId="fact-evidence-attachments"
                />
              </span>
            ),
          },
          {
            key: 'who',
            label: t('assess.fact.recordedBy'),
            children: fact.recordedBy?.name ?? t(`assess.fact.sources.${fact.source}`),
          },
          {
            key: 'when',
            label: t('assess.fact.recordedAt'),
            children: formatTime(fact.recordedAt, labels.lang),
          },
        ]}
      />
      {fact.supersedes ? (
        <div
          style={{ marginTop: 8, paddingInlineStart: 8, borderInlineStart: '3px solid #faad14' }}
        >
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('assess.fact.supersedes')}
          </Typography.Text>
          {depth < 20 ? <EarlierFact factId={fact.supersedes} depth={depth + 1} /> : null}
        </div>
      ) : null}
    </Card>
  );
}

/** An earlier fact of a correction chain, loaded by id. */
function EarlierFact({ factId, depth }: { factId: string; depth: number }) {
  const fact = useFact(factId);
  if (fact.isPending) return <Spin size="small" />;
  if (fact.isError) return <Typography.Text type="danger">{fact.error.message}</Typography.Text>;
  return <FactCard fact={fact.data} depth={depth} />;
}
