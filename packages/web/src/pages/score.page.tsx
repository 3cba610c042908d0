import { Alert, Button, Descriptions, Empty, Space, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { usePersonScore } from '../api/queries.ts';
import type { PersonScoreView } from '../api/types.ts';
import { GradeTag } from '../components/assessment/grade-tag.tsx';
import { PeriodCard, usePeriodParam } from '../components/assessment/pickers.tsx';
import { ScoreTree } from '../components/assessment/score-tree.tsx';
import { PageLoading, QueryError } from '../components/query-state.tsx';
import { useIsMobile } from '../components/use-mobile.ts';
import { useLabels } from '../i18n/index.ts';
import { useSignedIn } from '../layout/me-context.ts';

function Summary({ score }: { score: PersonScoreView }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const r = score.result;
  return (
    <>
      <Typography.Title level={3} style={{ margin: '0 0 4px' }} data-testid="score-index">
        {score.index}
      </Typography.Title>
      <Typography.Text type="secondary" data-testid="score-formula">
        {t('assess.score.summary', {
          common: score.common,
          individual: score.individual,
          coefficient: score.coefficient,
          index: score.index,
        })}
      </Typography.Text>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 4 }}
        style={{ marginTop: 12 }}
        items={[
          {
            key: 'person',
            label: t('assess.result.person'),
            children: `${score.person.name}（${score.person.unitName} · ${score.person.post} · ${labels.rank(score.person.rank)}）`,
          },
          ...(r
            ? [
                {
                  key: 'unitRank',
                  label: `${t('assess.result.rank')}（${t('assess.scheme.results.withins.unit')}）`,
                  children: `${r.ranks.unit.rank} / ${r.ranks.unit.groupSize}`,
                },
                {
                  key: 'tenantRank',
                  label: `${t('assess.result.rank')}（${t('assess.scheme.results.withins.tenant')}）`,
                  children: `${r.ranks.tenant.rank} / ${r.ranks.tenant.groupSize}`,
                },
                {
                  key: 'grade',
                  label: t('assess.result.grade'),
                  children: <GradeTag row={r} />,
                },
              ]
            : []),
          {
            key: 'scheme',
            label: t('assess.period.scheme'),
            children: `${score.schemeKey} v${score.schemeVersion}`,
          },
        ]}
      />
    </>
  );
}

function ScoreBody({ personId, periodId }: { personId: string | null; periodId: string }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const score = usePersonScore(personId, periodId);
  if (score.isPending) return <PageLoading />;
  if (score.isError) return <QueryError error={score.error} onRetry={() => void score.refetch()} />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="score-body">
      <Summary score={score.data} />
      {score.data.warnings.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={score.data.warnings.map((w) => labels.pick(w.message)).join('；')}
        />
      ) : null}
      <div>
        <Typography.Title level={5}>{t('assess.score.tree')}</Typography.Title>
        <ScoreTree nodes={score.data.nodes} facts={score.data.facts} />
      </div>
    </Space>
  );
}

/**
 * A person's score for a period: the index and how it is built, the breakdown tree, and the
 * facts behind every point. `mine`: the signed-in person's own ("why my score is what it is").
 */
export default function ScorePage({ mine = false }: { mine?: boolean }) {
  const { t } = useTranslation();
  const me = useSignedIn();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { personId = '' } = useParams();
  const subject = mine ? null : personId;
  // Only the periods whose scheme scores this person (a township cadre has no department periods).
  const chosen = usePeriodParam((mine ? me.account.personId : personId) || undefined);

  let body;
  if (mine && !me.account.personId)
    body = <Alert type="info" showIcon title={t('assess.score.noPerson')} />;
  else if (chosen.error) body = <QueryError error={chosen.error} />;
  else if (chosen.period)
    body = <ScoreBody key={chosen.periodId} personId={subject} periodId={chosen.periodId} />;
  else if (chosen.loading) body = <PageLoading />;
  else body = <Empty description={t('assess.period.none')} />;

  return (
    <PeriodCard
      testId={mine ? 'my-score-page' : 'score-page'}
      chosen={chosen}
      title={
        <Space wrap>
          {mine ? null : (
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => void navigate(-1)}
              aria-label={t('common.back')}
            />
          )}
          <span>{mine ? t('assess.score.my') : t('assess.score.title')}</span>
          {mine && !isMobile ? (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              {t('assess.score.why')}
            </Typography.Text>
          ) : null}
        </Space>
      }
    >
      {body}
    </PeriodCard>
  );
}
