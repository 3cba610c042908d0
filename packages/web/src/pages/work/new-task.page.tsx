import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  addDays,
  instantiateTemplate,
  taskPriorities,
  validateTaskInput,
  type TaskInput,
  type TaskPriority,
  type WorkTemplate,
} from '@tianheng/core';
import { ApiError } from '../../api/client.ts';
import { useUnits } from '../../api/queries.ts';
import { useCategories, useTemplates, useWorkConfig, workApi, workKeys } from '../../api/work.ts';
import { UnitTreeSelect } from '../../components/unit-tree-select.tsx';
import { useIsMobile } from '../../components/use-mobile.ts';
import { PeopleSelect } from '../../components/work/people-select.tsx';
import { StepEditor, type StepDraft } from '../../components/work/step-editor.tsx';
import {
  assigneesFromRoles,
  defaultOffset,
  localToday,
  problemsByStep,
} from '../../components/work/work-model.ts';
import type { AttachmentView } from '../../api/attachments.ts';
import { AttachmentUpload } from '../../components/attachments.tsx';
import { useLabels } from '../../i18n/index.ts';

interface Basics {
  categoryId?: string;
  templateKey?: string;
  title?: string;
  responsibleUnitId?: string;
  leadUnitId?: string;
  cooperatingUnitIds?: string[];
  leaderPersonIds?: string[];
  dates?: [Dayjs | null, Dayjs | null] | null;
  priority?: TaskPriority;
  description?: string;
}

let nextKey = 0;
function key(): string {
  nextKey += 1;
  return `draft-${nextKey}`;
}

/** Drafts of a template's steps starting on `startsOn` (no people yet). */
function draftsOf(template: WorkTemplate, startsOn: string): StepDraft[] {
  // instantiateTemplate sorts by seq (a stable sort): the same order gives each step its roles.
  const ordered = [...template.steps].sort((a, b) => a.seq - b.seq);
  return instantiateTemplate(template, startsOn).map((step, i) => ({
    key: key(),
    seq: step.seq,
    name: step.name,
    unitId: step.unitId ?? null,
    plannedStart: step.plannedStart,
    plannedEnd: step.plannedEnd,
    points: step.points,
    tags: [...step.tags],
    reviewRequired: step.reviewRequired,
    people: {},
    roles: ordered[i]?.roles ?? ['handler'],
  }));
}

/** The task input the form and the step drafts describe now. */
function inputOf(basics: Basics, steps: readonly StepDraft[]): TaskInput {
  return {
    categoryId: basics.categoryId ?? '',
    title: (basics.title ?? '').trim(),
    description: (basics.description ?? '').trim(),
    responsibleUnitId: basics.responsibleUnitId ?? '',
    leadUnitId: basics.leadUnitId ?? null,
    cooperatingUnitIds: basics.cooperatingUnitIds ?? [],
    leaderPersonId: basics.leaderPersonIds?.[0] ?? null,
    startsOn: basics.dates?.[0]?.format('YYYY-MM-DD') ?? '',
    dueOn: basics.dates?.[1]?.format('YYYY-MM-DD') ?? '',
    priority: basics.priority ?? 'normal',
    attachments: [],
    templateKey: basics.templateKey ?? null,
    steps: steps.map((s) => ({
      seq: s.seq,
      name: s.name.trim(),
      unitId: s.unitId,
      plannedStart: s.plannedStart,
      plannedEnd: s.plannedEnd,
      points: s.points,
      tags: s.tags,
      reviewRequired: s.reviewRequired,
      assignees: assigneesFromRoles(s.people),
    })),
  };
}

/** 新建事项: pick a category and template, adjust the drafted steps and people, submit. */
export default function NewTaskPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Basics>();
  const categories = useCategories();
  const templates = useTemplates();
  const units = useUnits();
  const offset = useWorkConfig().data?.lights.utcOffsetMinutes ?? defaultOffset;
  const today = localToday(new Date(), offset);
  const [steps, setSteps] = useState<StepDraft[]>([]);
  const [touched, setTouched] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [files, setFiles] = useState<AttachmentView[]>([]);
  const watched = Form.useWatch([], form) as Basics | undefined;
  const basics = useMemo(() => watched ?? {}, [watched]);
  const categoryId = basics.categoryId;
  const category = categories.data?.items.find((c) => c.id === categoryId);
  const templateOptions = (templates.data?.items ?? []).filter(
    (tpl) => !category || tpl.categoryKind === null || tpl.categoryKind === category.kind,
  );

  const input = useMemo(() => inputOf(basics, steps), [basics, steps]);
  const problems = useMemo(() => validateTaskInput(input), [input]);
  const split = problemsByStep(problems);

  const applyTemplate = (templateKey: string | undefined, startsOn: string) => {
    const template = templates.data?.items.find((tpl) => tpl.key === templateKey);
    if (!template) return;
    const drafts = draftsOf(template, startsOn);
    setSteps(drafts);
    const last = drafts.reduce((max, s) => (s.plannedEnd > max ? s.plannedEnd : max), startsOn);
    const dates = form.getFieldValue('dates') as Basics['dates'];
    if (!dates?.[1] || dates[1].format('YYYY-MM-DD') < last)
      form.setFieldValue('dates', [dayjs(startsOn), dayjs(last)]);
  };

  const create = useMutation({
    mutationFn: workApi.createTask,
    onSuccess: async (detail) => {
      await queryClient.invalidateQueries({ queryKey: workKeys.all });
      void message.success(t('work.task.created'));
      void navigate(`/work/tasks/${detail.task.id}`, { replace: true });
    },
    onError: (error) => {
      setServerError(
        error instanceof ApiError && error.field
          ? `${error.message} (${error.field})`
          : error.message,
      );
    },
  });

  const addStep = () => {
    const lastSeq = steps.reduce((max, s) => Math.max(max, s.seq), 0);
    const start = input.startsOn || today;
    setSteps([
      ...steps,
      {
        key: key(),
        seq: lastSeq + 1,
        name: '',
        unitId: null,
        plannedStart: start,
        plannedEnd: input.dueOn || addDays(start, 6),
        points: '1',
        tags: [],
        reviewRequired: false,
        people: {},
        roles: ['handler'],
      },
    ]);
  };

  const submit = () => {
    setTouched(true);
    setServerError(null);
    if (problems.length > 0) return;
    create.mutate({ ...input, attachments: files.map((f) => f.ref) });
  };

  const shown = touched ? split.task : split.task.filter((p) => !p.path.startsWith('steps'));
  const col = { xs: 24, md: 12, xl: 8 };
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="new-task">
      <Card title={t('work.task.basics')} styles={{ body: isMobile ? { padding: 12 } : {} }}>
        <Form<Basics>
          form={form}
          layout="vertical"
          initialValues={{
            categoryId: params.get('category') ?? undefined,
            priority: 'normal',
          }}
          onValuesChange={(changed: Basics) => {
            if ('templateKey' in changed) {
              const start = (form.getFieldValue('dates') as Basics['dates'])?.[0];
              applyTemplate(changed.templateKey, start?.format('YYYY-MM-DD') ?? today);
            }
          }}
        >
          <Row gutter={16}>
            <Col {...col}>
              <Form.Item name="categoryId" label={t('work.task.category')} required>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={categories.isPending}
                  options={(categories.data?.items ?? [])
                    .filter((c) => !c.archived)
                    .map((c) => ({ value: c.id, label: labels.pick(c.name) }))}
                  data-testid="task-category"
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="templateKey" label={t('work.task.template')}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('work.task.noTemplate')}
                  loading={templates.isPending}
                  options={templateOptions.map((tpl) => ({
                    value: tpl.key,
                    label: labels.pick(tpl.name),
                  }))}
                  data-testid="task-template"
                />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="title" label={t('work.task.name')} required>
                <Input maxLength={200} data-testid="task-title-input" />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="responsibleUnitId" label={t('work.task.responsibleUnit')} required>
                <UnitTreeSelect units={units.data ?? []} data-testid="task-responsible" />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="leadUnitId" label={t('work.task.leadUnit')}>
                <UnitTreeSelect units={units.data ?? []} allowClear data-testid="task-lead" />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="cooperatingUnitIds" label={t('work.task.cooperatingUnits')}>
                <UnitTreeSelect units={units.data ?? []} multiple allowClear />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="leaderPersonIds" label={t('work.task.leader')}>
                <PeopleSelect testId="task-leader" max={1} />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="dates" label={t('work.task.dates')} required>
                <DatePicker.RangePicker style={{ width: '100%' }} data-testid="task-dates" />
              </Form.Item>
            </Col>
            <Col {...col}>
              <Form.Item name="priority" label={t('work.task.priority')}>
                <Select
                  options={taskPriorities.map((p) => ({
                    value: p,
                    label: t(`work.priorities.${p}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="description" label={t('work.task.description')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item label={t('attachments.label')}>
                <AttachmentUpload value={files} onChange={setFiles} testId="task-attachments" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      <Card
        title={t('work.task.steps')}
        extra={
          <Button icon={<PlusOutlined />} onClick={addStep} data-testid="step-add">
            {isMobile ? null : t('work.step.add')}
          </Button>
        }
        styles={{ body: isMobile ? { padding: 12 } : {} }}
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('work.step.parallel')}
        </Typography.Paragraph>
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {steps.map((step, index) => (
            <StepEditor
              key={step.key}
              step={step}
              index={index}
              units={units.data ?? []}
              problems={touched ? (split.steps.get(index) ?? []) : []}
              knownNames={{}}
              onChange={(next) => setSteps(steps.map((s) => (s.key === step.key ? next : s)))}
              onRemove={() => setSteps(steps.filter((s) => s.key !== step.key))}
            />
          ))}
          {steps.length === 0 ? (
            <Typography.Text type="secondary">{t('work.step.noSteps')}</Typography.Text>
          ) : null}
        </Space>
      </Card>
      <Card styles={{ body: isMobile ? { padding: 12 } : {} }}>
        {serverError ? (
          <Alert
            type="error"
            showIcon
            title={serverError}
            style={{ marginBottom: 12 }}
            data-testid="task-server-error"
          />
        ) : null}
        {problems.length === 0 ? (
          <Alert
            type="success"
            showIcon
            title={t('work.validation.ok')}
            style={{ marginBottom: 12 }}
          />
        ) : touched ? (
          <Alert
            type="error"
            showIcon
            title={t('work.validation.count', { count: problems.length })}
            description={
              shown.length > 0 ? (
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {shown.map((p, i) => (
                    <li key={i}>{labels.pick(p.message)}</li>
                  ))}
                </ul>
              ) : undefined
            }
            style={{ marginBottom: 12 }}
            data-testid="task-problems"
          />
        ) : null}
        <Space>
          <Button
            type="primary"
            size={isMobile ? 'large' : 'middle'}
            loading={create.isPending}
            onClick={submit}
            data-testid="task-submit"
          >
            {t('work.task.create')}
          </Button>
          <Button onClick={() => void navigate(-1)}>{t('common.cancel')}</Button>
        </Space>
      </Card>
    </Space>
  );
}
