import { useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  List,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import {
  CheckOutlined,
  CloseCircleOutlined,
  EditOutlined,
  ExclamationCircleOutlined,
  RollbackOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  cardColours,
  taskStatuses,
  type CardColour,
  type LightColour,
  type TaskStatus,
} from '@tianheng/core';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useUnits } from '../../api/queries.ts';
import {
  useTask,
  useWorkConfig,
  workApi,
  workKeys,
  type EventView,
  type StepView,
  type TaskDetail,
} from '../../api/work.ts';
import { formatTime } from '../../components/format.ts';
import { PageLoading, QueryError } from '../../components/query-state.tsx';
import { useIsMobile } from '../../components/use-mobile.ts';
import { CardTag, LightBar, LightDot } from '../../components/work/lights.tsx';
import { StepActionSheet, type StepAction } from '../../components/work/step-action.tsx';
import { StepEditDialog } from '../../components/work/step-edit-dialog.tsx';
import { PriorityTag, StatusTag, TaskProgress } from '../../components/work/task-table.tsx';
import {
  dayOf,
  defaultOffset,
  groupBySeq,
  isLightColour,
  lightHex,
  peopleByRole,
} from '../../components/work/work-model.ts';
import { AttachmentList } from '../../components/attachments.tsx';
import { useLabels } from '../../i18n/index.ts';
import { can, useSignedIn } from '../../layout/me-context.ts';

const stateColour: Record<StepView['state'], string> = {
  waiting: 'default',
  active: 'processing',
  submitted: 'purple',
  returned: 'warning',
  done: 'success',
  cancelled: 'default',
};

function TaskHeader({ detail }: { detail: TaskDetail }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const units = useUnits();
  const me = useSignedIn();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { task } = detail;
  const setStatus = useMutation({
    mutationFn: (status: TaskStatus) => workApi.updateTask(task.id, { status }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: workKeys.all });
      void message.success(t('common.saved'));
    },
    onError: (error) => void message.error(error.message),
  });
  const statusSelect = can(me, 'work.write') ? (
    <Select<TaskStatus>
      size="small"
      value={task.status}
      loading={setStatus.isPending}
      onChange={(status) => setStatus.mutate(status)}
      options={taskStatuses.map((s) => ({ value: s, label: t(`work.statuses.${s}`) }))}
      style={{ width: 100 }}
      aria-label={t('work.task.status')}
      data-testid="task-status-select"
    />
  ) : null;
  const unitName = (id: string) => units.data?.find((u) => u.id === id)?.name ?? id;
  return (
    <Card
      data-testid="task-header"
      title={
        <Space wrap size={6}>
          <Typography.Text strong style={{ fontSize: 16 }} data-testid="task-title">
            {task.title}
          </Typography.Text>
          <StatusTag status={task.status} />
          <PriorityTag priority={task.priority} />
          {isMobile ? statusSelect : null}
        </Space>
      }
      extra={
        <Space size={8}>
          {isMobile ? null : <Tag>{labels.pick(task.categoryName)}</Tag>}
          {isMobile ? null : statusSelect}
        </Space>
      }
      styles={{ body: isMobile ? { padding: 12 } : {} }}
    >
      <Descriptions
        size="small"
        column={isMobile ? 1 : 3}
        items={[
          {
            key: 'unit',
            label: t('work.task.responsibleUnit'),
            children: task.responsibleUnitName,
          },
          {
            key: 'lead',
            label: t('work.task.leadUnit'),
            children: task.leadUnitName ?? t('common.none'),
          },
          {
            key: 'coop',
            label: t('work.task.cooperatingUnits'),
            children:
              task.cooperatingUnitIds.length === 0
                ? t('common.none')
                : task.cooperatingUnitIds.map(unitName).join('、'),
          },
          {
            key: 'leader',
            label: t('work.task.leader'),
            children: task.leaderName ?? t('common.none'),
          },
          {
            key: 'dates',
            label: t('work.task.dates'),
            children: `${task.startsOn} ~ ${task.dueOn}`,
          },
          {
            key: 'progress',
            label: t('work.task.progress'),
            children: <TaskProgress progress={task.progress} />,
          },
          ...(isMobile
            ? [
                {
                  key: 'category',
                  label: t('work.task.category'),
                  children: labels.pick(task.categoryName),
                },
              ]
            : []),
          {
            key: 'lights',
            label: t('work.home.steps'),
            children: (
              <div style={{ width: '100%', maxWidth: 260 }}>
                <LightBar counts={task.lights} />
              </div>
            ),
          },
        ]}
      />
      {task.description ? (
        <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0, whiteSpace: 'pre-wrap' }}>
          {task.description}
        </Typography.Paragraph>
      ) : null}
      {task.attachments.length > 0 ? (
        <Space size={4} wrap style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t('attachments.label')}</Typography.Text>
          <AttachmentList refs={task.attachments} testId="task-attachments" />
        </Space>
      ) : null}
    </Card>
  );
}

/** Whether the signed-in account may flag or clear a problem on the step. */
function mayFlag(step: StepView, personId: string | null, writes: boolean): boolean {
  if (step.state === 'done' || step.state === 'cancelled' || step.state === 'waiting') return false;
  if (writes || step.canComplete) return true;
  return step.assignees.some(
    (a) =>
      a.personId === personId &&
      (a.role === 'handler' || a.role === 'section-head' || a.role === 'unit-head'),
  );
}

function StepBody({
  step,
  onAction,
}: {
  step: StepView;
  onAction: (action: StepAction, step: StepView) => void;
}) {
  const { t } = useTranslation();
  const me = useSignedIn();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const unflag = useMutation({
    mutationFn: () => workApi.unflagStep(step.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: workKeys.all });
      void message.success(t('work.step.unflaggedOk'));
    },
    onError: (error) => void message.error(error.message),
  });
  const [editing, setEditing] = useState(false);
  const offset = useWorkConfig().data?.lights.utcOffsetMinutes ?? defaultOffset;
  const flaggable = mayFlag(step, me.account.personId, can(me, 'work.write'));
  const actions: ReactNode[] = [];
  if (step.canComplete)
    actions.push(
      <Button
        key="complete"
        type="primary"
        size="small"
        icon={<CheckOutlined />}
        onClick={() => onAction('complete', step)}
        data-testid="step-complete"
      >
        {t('work.step.complete')}
      </Button>,
    );
  if (step.canReview) {
    actions.push(
      <Button
        key="approve"
        type="primary"
        size="small"
        icon={<CheckOutlined />}
        onClick={() => onAction('approve', step)}
        data-testid="step-approve"
      >
        {t('work.step.approve')}
      </Button>,
      <Button
        key="return"
        danger
        size="small"
        icon={<RollbackOutlined />}
        onClick={() => onAction('return', step)}
        data-testid="step-return"
      >
        {t('work.step.return')}
      </Button>,
    );
  }
  if (flaggable && !step.flagged)
    actions.push(
      <Button
        key="flag"
        size="small"
        icon={<ExclamationCircleOutlined />}
        onClick={() => onAction('flag', step)}
        data-testid="step-flag"
      >
        {t('work.step.flag')}
      </Button>,
    );
  if (can(me, 'work.write') && step.state !== 'done' && step.state !== 'cancelled')
    actions.push(
      <Button
        key="edit"
        size="small"
        icon={<EditOutlined />}
        onClick={() => setEditing(true)}
        data-testid="step-edit"
      >
        {t('common.edit')}
      </Button>,
    );
  if (flaggable && step.flagged)
    actions.push(
      <Button
        key="unflag"
        size="small"
        icon={<CloseCircleOutlined />}
        loading={unflag.isPending}
        onClick={() => unflag.mutate()}
        data-testid="step-unflag"
      >
        {t('work.step.unflag')}
      </Button>,
    );
  const people = peopleByRole(step.assignees);
  return (
    <div data-testid="step" data-step-id={step.id} data-light={step.light} data-state={step.state}>
      <Space wrap size={6} style={{ marginBottom: 4 }}>
        <Tag style={{ marginInlineEnd: 0 }}>#{step.seq}</Tag>
        <Typography.Text strong>{step.name}</Typography.Text>
        <LightDot colour={step.light} />
        <Tag color={stateColour[step.state]} data-testid="step-state">
          {t(`work.states.${step.state}`)}
        </Tag>
        {step.flagged ? <Tag color="warning">{t('work.step.flagged')}</Tag> : null}
        {step.reviewRequired ? <Tag>{t('work.step.reviewRequired')}</Tag> : null}
      </Space>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('work.step.planned')} {step.plannedStart} ~ {step.plannedEnd}
          {step.actualStart
            ? ` · ${t('work.step.actual')} ${dayOf(step.actualStart, offset)} ~ ${
                step.actualEnd ? dayOf(step.actualEnd, offset) : ''
              }`
            : ''}
        </Typography.Text>
      </div>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {step.unitName} · {t('work.step.points')} {step.points}
          {step.tags.length > 0 ? ` · ${step.tags.join('、')}` : ''}
        </Typography.Text>
      </div>
      {people.length > 0 ? (
        <div style={{ marginTop: 4, display: 'flex', flexWrap: 'wrap', gap: '2px 12px' }}>
          {people.map((group) => (
            <span key={group.role} style={{ fontSize: 13 }} data-testid={`role-${group.role}`}>
              <Typography.Text type="secondary">
                {t(`work.roles.${group.role}`)}
                {t('work.colon')}
              </Typography.Text>
              {group.names.join('、')}
            </span>
          ))}
        </div>
      ) : null}
      {step.light === 'red' && step.carriers.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 6, padding: '4px 8px' }}
          title={t('work.step.carriers', { names: step.carriers.join('、') })}
          data-testid="step-carriers"
        />
      ) : null}
      {actions.length > 0 ? (
        <Space wrap size={6} style={{ marginTop: 8 }}>
          {actions}
        </Space>
      ) : null}
      {editing ? <StepEditDialog step={step} onClose={() => setEditing(false)} /> : null}
    </div>
  );
}

function StepTimeline({ steps }: { steps: StepView[] }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [acting, setActing] = useState<{ action: StepAction; step: StepView } | null>(null);
  const groups = groupBySeq(steps);
  return (
    <Card
      title={t('work.task.steps')}
      data-testid="task-steps"
      styles={{ body: isMobile ? { padding: 12 } : {} }}
    >
      {steps.length === 0 ? (
        <Empty description={t('work.step.noSteps')} />
      ) : (
        <Timeline
          items={groups.flatMap((group) =>
            group.steps.map((step, index) => ({
              // One seq, one number: parallel branches share it.
              key: step.id,
              color: lightHex[step.light],
              icon: (
                <span
                  style={{
                    display: 'inline-block',
                    width: 14,
                    height: 14,
                    borderRadius: '50%',
                    background: lightHex[step.light],
                    border: step.light === 'white' ? '2px solid #bfbfbf' : 'none',
                  }}
                />
              ),
              content: (
                <>
                  {index === 0 && group.steps.length > 1 ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('work.step.parallel')}
                    </Typography.Text>
                  ) : null}
                  <StepBody step={step} onAction={(action, s) => setActing({ action, step: s })} />
                </>
              ),
            })),
          )}
        />
      )}
      {acting ? (
        <StepActionSheet
          action={acting.action}
          stepId={acting.step.id}
          stepName={acting.step.name}
          onClose={() => setActing(null)}
        />
      ) : null}
    </Card>
  );
}

/** What an event's body adds to its line: a light change, a card, a note and evidence files. */
function eventDetail(event: EventView): {
  change: { from: LightColour; to: LightColour } | null;
  card: { colour: CardColour; month: string; planned: number; done: number } | null;
  note: string | null;
  attachments: string[];
} {
  const { from, to, note, colour, month, planned, done, attachments } = event.body;
  const card =
    event.kind === 'card-issued' &&
    typeof colour === 'string' &&
    (cardColours as readonly string[]).includes(colour) &&
    typeof month === 'string'
      ? {
          colour: colour as CardColour,
          month,
          planned: typeof planned === 'number' ? planned : 0,
          done: typeof done === 'number' ? done : 0,
        }
      : null;
  const change =
    event.kind === 'light-changed' &&
    typeof from === 'string' &&
    typeof to === 'string' &&
    isLightColour(from) &&
    isLightColour(to)
      ? { from, to }
      : null;
  return {
    change,
    card,
    note: typeof note === 'string' && note.trim() !== '' ? note : null,
    attachments: Array.isArray(attachments)
      ? attachments.filter((a): a is string => typeof a === 'string')
      : [],
  };
}

function History({ detail }: { detail: TaskDetail }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const stepName = new Map(detail.steps.map((s) => [s.id, s.name]));
  const events = [...detail.events].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return (
    <Card
      title={t('work.task.history')}
      data-testid="task-history"
      styles={{ body: isMobile ? { padding: 12 } : {} }}
    >
      <List
        size="small"
        dataSource={events}
        locale={{ emptyText: t('common.empty') }}
        renderItem={(event) => {
          const { change, card, note, attachments } = eventDetail(event);
          return (
            <List.Item data-testid="history-item" data-kind={event.kind}>
              <div style={{ width: '100%' }}>
                <Space wrap size={6}>
                  <Typography.Text strong>{t(`work.events.${event.kind}`)}</Typography.Text>
                  {event.stepId ? <Tag>{stepName.get(event.stepId) ?? ''}</Tag> : null}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {event.actorName ?? t('work.events.scheduler')} ·{' '}
                    {formatTime(event.at, labels.lang)}
                  </Typography.Text>
                </Space>
                {change ? (
                  <div style={{ fontSize: 13 }}>
                    <LightDot colour={change.from} /> → <LightDot colour={change.to} />
                  </div>
                ) : null}
                {card ? (
                  <div style={{ fontSize: 13 }}>
                    <CardTag colour={card.colour} /> {card.month} ·{' '}
                    {t('work.cardsPage.counts', {
                      done: String(card.done),
                      planned: String(card.planned),
                    })}
                  </div>
                ) : null}
                {note ? (
                  <div>
                    <Typography.Text style={{ fontSize: 13 }}>{note}</Typography.Text>
                  </div>
                ) : null}
                {attachments.length > 0 ? (
                  <AttachmentList refs={attachments} testId="history-attachments" />
                ) : null}
              </div>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}

/** 事项: header, the steps as a timeline with lights, people and actions, and the history. */
export default function TaskPage() {
  const { t } = useTranslation();
  const { taskId = '' } = useParams();
  const task = useTask(taskId);
  if (task.isPending) return <PageLoading />;
  if (task.isError)
    return (
      <>
        <Link to="/work">← {t('work.task.list')}</Link>
        <QueryError error={task.error} onRetry={() => void task.refetch()} />
      </>
    );
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="task-page">
      <Link to={`/work?category=${task.data.task.categoryId}`}>← {t('work.task.list')}</Link>
      <TaskHeader detail={task.data} />
      <StepTimeline steps={task.data.steps} />
      <History detail={task.data} />
    </Space>
  );
}
