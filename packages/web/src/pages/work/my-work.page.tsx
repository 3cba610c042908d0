import { useState } from 'react';
import { Badge, Button, Card, Empty, Result, Space, Tabs, Tag, Typography } from 'antd';
import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMyWork, type MyStep, type MyWork } from '../../api/work.ts';
import { PageLoading, QueryError } from '../../components/query-state.tsx';
import { useIsMobile } from '../../components/use-mobile.ts';
import { LightDot } from '../../components/work/lights.tsx';
import { completable } from '../../components/work/work-model.ts';
import { StepActionSheet, type StepAction } from '../../components/work/step-action.tsx';
import { useSignedIn } from '../../layout/me-context.ts';

type Bucket = keyof MyWork;
const buckets: readonly Bucket[] = ['todo', 'dueSoon', 'overdue', 'review'];

function StepCard({
  step,
  bucket,
  onAction,
}: {
  step: MyStep;
  bucket: Bucket;
  onAction: (action: StepAction, step: MyStep) => void;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const reviewing = bucket === 'review' && step.state === 'submitted';
  return (
    <Card
      size="small"
      data-testid="my-step"
      data-step-id={step.stepId}
      data-light={step.light}
      style={{ borderInlineStart: `4px solid ${lightBorder[step.light]}` }}
    >
      <div style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Space size={6} wrap>
            <LightDot colour={step.light} />
            <Typography.Text strong>{step.name}</Typography.Text>
          </Space>
          <div>
            <Link to={`/work/tasks/${step.taskId}`} data-testid="my-step-task">
              {step.taskTitle}
            </Link>
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {step.plannedStart} ~ {step.plannedEnd} · {t('work.step.points')} {step.points}
          </Typography.Text>
          <div style={{ marginTop: 4 }}>
            {step.roles.map((role) => (
              <Tag key={role} style={{ marginBottom: 2 }}>
                {t(`work.roles.${role}`)}
              </Tag>
            ))}
            {step.state === 'returned' ? (
              <Tag color="warning">{t('work.states.returned')}</Tag>
            ) : null}
          </div>
        </div>
        <Space orientation="vertical" size={6}>
          {reviewing ? (
            <>
              <Button
                type="primary"
                size={isMobile ? 'large' : 'middle'}
                icon={<CheckOutlined />}
                onClick={() => onAction('approve', step)}
                data-testid="my-step-approve"
              >
                {t('work.step.approve')}
              </Button>
              <Button
                danger
                size={isMobile ? 'large' : 'middle'}
                icon={<RollbackOutlined />}
                onClick={() => onAction('return', step)}
                data-testid="my-step-return"
              >
                {t('work.step.return')}
              </Button>
            </>
          ) : completable(step) ? (
            <Button
              type="primary"
              size={isMobile ? 'large' : 'middle'}
              icon={<CheckOutlined />}
              onClick={() => onAction('complete', step)}
              data-testid="my-step-complete"
              style={isMobile ? { minWidth: 88 } : undefined}
            >
              {t('work.step.complete')}
            </Button>
          ) : null}
        </Space>
      </div>
    </Card>
  );
}

const lightBorder: Record<MyStep['light'], string> = {
  white: '#d9d9d9',
  blue: '#1677ff',
  green: '#52c41a',
  yellow: '#faad14',
  red: '#f5222d',
};

/** 我的工作: steps to do, due soon, overdue and to review, each finished in one tap. */
export default function MyWorkPage() {
  const { t } = useTranslation();
  const me = useSignedIn();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const my = useMyWork(me.account.personId !== null);
  const [acting, setActing] = useState<{ action: StepAction; step: MyStep } | null>(null);
  const asked = params.get('tab');
  const tab: Bucket = buckets.includes(asked as Bucket) ? (asked as Bucket) : 'todo';
  if (!me.account.personId) return <Result status="info" title={t('work.my.noPerson')} />;
  if (my.isPending) return <PageLoading />;
  if (my.isError) return <QueryError error={my.error} onRetry={() => void my.refetch()} />;
  return (
    <Card
      title={t('work.my.title')}
      data-testid="my-work"
      styles={{ body: isMobile ? { padding: '0 12px 12px' } : { paddingTop: 0 } }}
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        items={buckets.map((bucket) => ({
          key: bucket,
          label: (
            <span data-testid={`my-tab-${bucket}`}>
              {t(`work.my.${bucket}`)}{' '}
              <Badge
                count={my.data[bucket].length}
                showZero
                size="small"
                color={
                  bucket === 'overdue' ? '#f5222d' : bucket === 'dueSoon' ? '#faad14' : '#1d5fbf'
                }
              />
            </span>
          ),
          children:
            my.data[bucket].length === 0 ? (
              <Empty description={t('work.my.empty')} />
            ) : (
              <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                {my.data[bucket].map((step) => (
                  <StepCard
                    key={`${bucket}-${step.stepId}`}
                    step={step}
                    bucket={bucket}
                    onAction={(action, s) => setActing({ action, step: s })}
                  />
                ))}
              </Space>
            ),
        }))}
      />
      {acting ? (
        <StepActionSheet
          action={acting.action}
          stepId={acting.step.stepId}
          stepName={acting.step.name}
          onClose={() => setActing(null)}
        />
      ) : null}
    </Card>
  );
}
