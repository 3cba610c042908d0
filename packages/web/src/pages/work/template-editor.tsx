import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Drawer,
  Empty,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnType } from 'antd';
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  CopyOutlined,
  DeleteOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  categoryKinds,
  instantiateTemplate,
  stepRoles,
  validateTemplate,
  type CategoryKind,
  type StepRole,
  type TemplateStep,
  type WorkProblem,
  type WorkTemplate,
} from '@tianheng/core';
import { useTemplates, useWorkConfig, workApi, workKeys } from '../../api/work.ts';
import { defaultOffset, localToday } from '../../components/work/work-model.ts';
import { QueryError } from '../../components/query-state.tsx';
import { useIsMobile } from '../../components/use-mobile.ts';
import { useLabels } from '../../i18n/index.ts';

/** What the editor holds: a template without its id (new, copied or being edited). */
interface Draft {
  key: string;
  nameZh: string;
  nameEn: string;
  categoryKind: CategoryKind | null;
  steps: TemplateStep[];
}

const newStep = (seq: number, startOffsetDays: number): TemplateStep => ({
  seq,
  name: '',
  startOffsetDays,
  durationDays: 1,
  points: '1',
  tags: [],
  reviewRequired: false,
  roles: ['handler', 'section-head'],
});

const draftOf = (template: WorkTemplate | null, copy: boolean): Draft =>
  template === null
    ? { key: '', nameZh: '', nameEn: '', categoryKind: null, steps: [newStep(1, 0)] }
    : {
        key: copy ? `${template.key}-copy` : template.key,
        nameZh: template.name['zh-CN'],
        nameEn: template.name.en,
        categoryKind: template.categoryKind,
        steps: template.steps.map((s) => ({ ...s, tags: [...s.tags], roles: [...s.roles] })),
      };

/** A field's small caption above its input. */
const caption = (text: string) => (
  <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
    {text}
  </Typography.Text>
);

/** Problems whose path is exactly `path` (e.g. `steps[2].points`). */
const at = (problems: readonly WorkProblem[], path: string) =>
  problems.filter((p) => p.path === path);

function StepEditor({
  step,
  index,
  count,
  problems,
  onChange,
  onMove,
  onRemove,
}: {
  step: TemplateStep;
  index: number;
  count: number;
  problems: readonly WorkProblem[];
  onChange: (step: TemplateStep) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const path = `steps[${index}]`;
  const status = (field: string) => (at(problems, `${path}.${field}`).length > 0 ? 'error' : '');
  const mine = problems.filter((p) => p.path.startsWith(`${path}.`));
  return (
    <Card
      size="small"
      data-testid={`template-step-${index}`}
      title={t('work.templates.stepTitle', { n: String(index + 1) })}
      extra={
        <Space size={0}>
          <Button
            type="text"
            size="small"
            icon={<ArrowUpOutlined />}
            disabled={index === 0}
            onClick={() => onMove(-1)}
            aria-label={t('work.templates.moveUp')}
          />
          <Button
            type="text"
            size="small"
            icon={<ArrowDownOutlined />}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
            aria-label={t('work.templates.moveDown')}
          />
          <Button
            type="text"
            size="small"
            danger
            icon={<DeleteOutlined />}
            disabled={count === 1}
            onClick={onRemove}
            aria-label={t('work.templates.removeStep')}
            data-testid={`template-step-remove-${index}`}
          />
        </Space>
      }
    >
      <Row gutter={[8, 8]}>
        <Col xs={24} md={10}>
          {caption(t('work.templates.stepName'))}
          <Input
            value={step.name}
            maxLength={200}
            status={status('name')}
            onChange={(e) => onChange({ ...step, name: e.target.value })}
            data-testid={`template-step-name-${index}`}
          />
        </Col>
        <Col xs={8} md={3}>
          {caption(t('work.templates.seq'))}
          <InputNumber
            value={step.seq}
            min={1}
            max={100}
            precision={0}
            status={status('seq')}
            style={{ width: '100%' }}
            onChange={(v) => onChange({ ...step, seq: v ?? 0 })}
            data-testid={`template-step-seq-${index}`}
          />
        </Col>
        <Col xs={8} md={3}>
          {caption(t('work.templates.offset'))}
          <InputNumber
            value={step.startOffsetDays}
            min={0}
            max={3650}
            precision={0}
            status={status('startOffsetDays')}
            style={{ width: '100%' }}
            onChange={(v) => onChange({ ...step, startOffsetDays: v ?? -1 })}
            data-testid={`template-step-offset-${index}`}
          />
        </Col>
        <Col xs={8} md={3}>
          {caption(t('work.templates.duration'))}
          <InputNumber
            value={step.durationDays}
            min={1}
            max={3650}
            precision={0}
            status={status('durationDays')}
            style={{ width: '100%' }}
            onChange={(v) => onChange({ ...step, durationDays: v ?? 0 })}
            data-testid={`template-step-duration-${index}`}
          />
        </Col>
        <Col xs={12} md={5}>
          {caption(t('work.templates.points'))}
          <Input
            value={step.points}
            inputMode="decimal"
            status={status('points')}
            onChange={(e) => onChange({ ...step, points: e.target.value.trim() })}
            data-testid={`template-step-points-${index}`}
          />
        </Col>
        <Col xs={12} md={6}>
          {caption(t('work.templates.review'))}
          <Switch
            checked={step.reviewRequired}
            onChange={(reviewRequired) =>
              onChange({
                ...step,
                reviewRequired,
                roles:
                  reviewRequired && !step.roles.includes('reviewer')
                    ? [...step.roles, 'reviewer']
                    : step.roles,
              })
            }
            data-testid={`template-step-review-${index}`}
          />
        </Col>
        <Col xs={24} md={10}>
          {caption(t('work.templates.roles'))}
          <Select<StepRole[]>
            mode="multiple"
            value={[...step.roles]}
            status={status('roles')}
            style={{ width: '100%' }}
            options={stepRoles.map((r) => ({ value: r, label: t(`work.roles.${r}`) }))}
            onChange={(roles) => onChange({ ...step, roles })}
            data-testid={`template-step-roles-${index}`}
          />
        </Col>
        <Col xs={24} md={8}>
          {caption(t('work.templates.tags'))}
          <Select<string[]>
            mode="tags"
            value={[...step.tags]}
            style={{ width: '100%' }}
            tokenSeparators={[',', '，']}
            onChange={(tags) => onChange({ ...step, tags })}
            data-testid={`template-step-tags-${index}`}
          />
        </Col>
      </Row>
      {mine.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          title={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {mine.map((p, i) => (
                <li key={i}>{labels.pick(p.message)}</li>
              ))}
            </ul>
          }
          data-testid={`template-step-problems-${index}`}
        />
      ) : null}
    </Card>
  );
}

function TemplateDrawer({
  editing,
  initial,
  onClose,
}: {
  /** The template being edited (its key is fixed), or null for a new one. */
  editing: WorkTemplate | null;
  initial: Draft;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [draft, setDraftState] = useState<Draft>(initial);
  // A new template shows its problems once its author starts writing, not on an empty form.
  const [touched, setTouched] = useState(false);
  const setDraft = (next: Draft) => {
    setTouched(true);
    setDraftState(next);
  };
  const offset = useWorkConfig().data?.lights.utcOffsetMinutes ?? defaultOffset;
  const [startsOn, setStartsOn] = useState(() => localToday(new Date(), offset));
  const [serverError, setServerError] = useState<string | null>(null);
  const template = {
    key: draft.key.trim(),
    name: { 'zh-CN': draft.nameZh.trim(), en: draft.nameEn.trim() },
    categoryKind: draft.categoryKind,
    steps: draft.steps,
  };
  const problems = validateTemplate(template);
  const shown = touched ? problems : [];
  const preview = useMemo(
    () =>
      problems.length === 0 && /^\d{4}-\d{2}-\d{2}$/.test(startsOn)
        ? instantiateTemplate({ steps: draft.steps }, startsOn)
        : [],
    [problems.length, draft.steps, startsOn],
  );
  const save = useMutation({
    mutationFn: () =>
      editing
        ? workApi.saveTemplate(editing.id, {
            name: template.name,
            categoryKind: template.categoryKind,
            steps: template.steps,
          })
        : workApi.createTemplate(template),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: workKeys.templates });
      void message.success(t('work.templates.saved'));
      onClose();
    },
    onError: (error) => setServerError(error.message),
  });
  const setStep = (index: number, step: TemplateStep) =>
    setDraft({ ...draft, steps: draft.steps.map((s, i) => (i === index ? step : s)) });
  const move = (index: number, by: -1 | 1) => {
    const steps = [...draft.steps];
    const [moved] = steps.splice(index, 1);
    steps.splice(index + by, 0, moved!);
    setDraft({ ...draft, steps });
  };
  const addStep = () => {
    const last = draft.steps.at(-1);
    const seq = (last?.seq ?? 0) + 1;
    const offset = last ? last.startOffsetDays + last.durationDays : 0;
    setDraft({ ...draft, steps: [...draft.steps, newStep(seq, offset)] });
  };
  const top = (path: string) => at(shown, path);
  const general = shown.filter((p) => !p.path.startsWith('steps['));
  return (
    <Drawer
      open
      title={editing ? t('work.templates.edit') : t('work.templates.add')}
      width={isMobile ? '100%' : 860}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Button
          type="primary"
          disabled={problems.length > 0}
          loading={save.isPending}
          onClick={() => {
            setServerError(null);
            save.mutate();
          }}
          data-testid="template-save"
        >
          {t('common.save')}
        </Button>
      }
      data-testid="template-drawer"
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {serverError ? (
          <Alert type="error" showIcon title={serverError} data-testid="template-server-error" />
        ) : null}
        <Row gutter={[8, 8]}>
          <Col xs={24} md={8}>
            {caption(t('work.settings.key'))}
            <Input
              value={draft.key}
              disabled={editing !== null}
              maxLength={64}
              status={top('key').length > 0 ? 'error' : ''}
              onChange={(e) => setDraft({ ...draft, key: e.target.value })}
              data-testid="template-key"
            />
          </Col>
          <Col xs={24} md={8}>
            {caption(t('work.settings.nameZh'))}
            <Input
              value={draft.nameZh}
              maxLength={200}
              status={top('name').length > 0 && draft.nameZh.trim() === '' ? 'error' : ''}
              onChange={(e) => setDraft({ ...draft, nameZh: e.target.value })}
              data-testid="template-name-zh"
            />
          </Col>
          <Col xs={24} md={8}>
            {caption(t('work.settings.nameEn'))}
            <Input
              value={draft.nameEn}
              maxLength={200}
              status={top('name').length > 0 && draft.nameEn.trim() === '' ? 'error' : ''}
              onChange={(e) => setDraft({ ...draft, nameEn: e.target.value })}
              data-testid="template-name-en"
            />
          </Col>
          <Col xs={24} md={8}>
            {caption(t('work.templates.kind'))}
            <Select<CategoryKind | 'any'>
              value={draft.categoryKind ?? 'any'}
              style={{ width: '100%' }}
              options={[
                { value: 'any', label: t('work.templates.anyKind') },
                ...categoryKinds.map((k) => ({ value: k, label: t(`work.kinds.${k}`) })),
              ]}
              onChange={(v) => setDraft({ ...draft, categoryKind: v === 'any' ? null : v })}
              data-testid="template-kind"
            />
          </Col>
        </Row>
        <Typography.Text type="secondary">{t('work.templates.seqHint')}</Typography.Text>
        {general.length > 0 ? (
          <Alert
            type="error"
            showIcon
            title={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {general.map((p, i) => (
                  <li key={i}>{labels.pick(p.message)}</li>
                ))}
              </ul>
            }
            data-testid="template-problems"
          />
        ) : null}
        {draft.steps.map((step, index) => (
          <StepEditor
            key={index}
            step={step}
            index={index}
            count={draft.steps.length}
            problems={shown}
            onChange={(s) => setStep(index, s)}
            onMove={(by) => move(index, by)}
            onRemove={() =>
              setDraft({ ...draft, steps: draft.steps.filter((_, i) => i !== index) })
            }
          />
        ))}
        <Button
          icon={<PlusOutlined />}
          onClick={addStep}
          disabled={draft.steps.length >= 100}
          data-testid="template-add-step"
        >
          {t('work.templates.addStep')}
        </Button>
        <Card size="small" title={t('work.templates.preview')} data-testid="template-preview">
          <Space wrap style={{ marginBottom: 8 }}>
            <Typography.Text>{t('work.templates.previewStart')}</Typography.Text>
            <Input
              type="date"
              value={startsOn}
              onChange={(e) => setStartsOn(e.target.value)}
              style={{ width: 170 }}
              data-testid="template-preview-start"
            />
          </Space>
          {preview.length === 0 ? (
            <Empty description={t('work.templates.previewBlocked')} />
          ) : (
            <Table
              size="small"
              rowKey={(_, i) => String(i)}
              pagination={false}
              scroll={{ x: true }}
              dataSource={preview}
              columns={[
                { key: 'seq', title: t('work.templates.seq'), dataIndex: 'seq', width: 60 },
                { key: 'name', title: t('work.templates.stepName'), dataIndex: 'name' },
                {
                  key: 'dates',
                  title: t('work.templates.plannedDates'),
                  render: (_, s) => `${s.plannedStart} → ${s.plannedEnd}`,
                },
                { key: 'points', title: t('work.templates.points'), dataIndex: 'points' },
              ]}
            />
          )}
        </Card>
      </Space>
    </Drawer>
  );
}

/** 流程模板: every workflow template, with an editor checked live by core's `validateTemplate`. */
export function WorkTemplates() {
  const { t } = useTranslation();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const templates = useTemplates();
  const [open, setOpen] = useState<{ editing: WorkTemplate | null; initial: Draft } | null>(null);
  const columns: TableColumnType<WorkTemplate>[] = [
    { key: 'name', title: t('work.templates.name'), render: (_, row) => labels.pick(row.name) },
    { key: 'key', title: t('work.settings.key'), dataIndex: 'key', responsive: ['md'] },
    {
      key: 'kind',
      title: t('work.templates.kind'),
      render: (_, row) =>
        row.categoryKind ? (
          <Tag>{t(`work.kinds.${row.categoryKind}`)}</Tag>
        ) : (
          t('work.templates.anyKind')
        ),
      responsive: ['sm'],
    },
    {
      key: 'steps',
      title: t('work.templates.steps'),
      render: (_, row) => row.steps.length,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, row) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            onClick={() => setOpen({ editing: row, initial: draftOf(row, false) })}
            data-testid={`template-edit-${row.key}`}
          >
            {t('common.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            icon={<CopyOutlined />}
            onClick={() => setOpen({ editing: null, initial: draftOf(row, true) })}
            aria-label={t('work.templates.copy')}
          >
            {isMobile ? null : t('work.templates.copy')}
          </Button>
        </Space>
      ),
    },
  ];
  return (
    <Card
      title={t('work.templates.title')}
      extra={
        <Button
          icon={<PlusOutlined />}
          onClick={() => setOpen({ editing: null, initial: draftOf(null, false) })}
          data-testid="template-add"
        >
          {isMobile ? null : t('work.templates.add')}
        </Button>
      }
      styles={{ body: isMobile ? { padding: 12 } : {} }}
      data-testid="settings-templates"
    >
      {templates.isError ? (
        <QueryError error={templates.error} onRetry={() => void templates.refetch()} />
      ) : (
        <Table<WorkTemplate>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={templates.data?.items ?? []}
          loading={templates.isPending}
          pagination={false}
        />
      )}
      {open ? (
        <TemplateDrawer
          editing={open.editing}
          initial={open.initial}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </Card>
  );
}
