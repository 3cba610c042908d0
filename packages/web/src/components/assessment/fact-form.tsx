import { useMemo, useState } from 'react';
import { Alert, App, Button, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  factMethodsByRole,
  policy,
  type Grant,
  type Method,
  type Scheme,
  type SchemeNode,
} from '@tianheng/core';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { keys, useUnits } from '../../api/queries.ts';
import type { AssessmentPeriod, FactRow, NewFact, ResultRow } from '../../api/types.ts';
import { useLabels } from '../../i18n/index.ts';
import { UnitTreeSelect } from '../unit-tree-select.tsx';
import { PersonPicker } from './pickers.tsx';
import type { AttachmentView } from '../../api/attachments.ts';
import { AttachmentUpload } from '../attachments.tsx';

/** Methods whose facts come from the work platform, OKR or KPI, never typed in by hand. */
const automatic = new Set(['workflow', 'okr', 'kpi']);

/** An indicator that takes manual facts: its key, method and full name. */
export interface ManualIndicator {
  key: string;
  method: Method;
  node: SchemeNode;
  /** "维度 › 指标 › 子指标" in the current language. */
  path: string;
}

/**
 * The leaves of a scheme a signed-in account may record facts for: not automatic, and the
 * method listed for one of its fact-writing grants in core's `factMethodsByRole`.
 */
export function manualIndicators(
  scheme: Scheme,
  grants: readonly Grant[],
  pick: (label: SchemeNode['label']) => string,
): ManualIndicator[] {
  const allowed = (kind: string) =>
    grants.some((g) => {
      if (policy[g.role]['fact.write'] === undefined) return false;
      const methods = factMethodsByRole[g.role];
      return methods === 'all' || methods.includes(kind);
    });
  const found: ManualIndicator[] = [];
  const walk = (nodes: readonly SchemeNode[], names: string[]) => {
    for (const node of nodes) {
      const here = [...names, pick(node.label) || node.key];
      if (node.method && !automatic.has(node.method.kind) && allowed(node.method.kind))
        found.push({ key: node.key, method: node.method, node, path: here.join(' › ') });
      walk(node.children ?? [], here);
    }
  };
  walk(scheme.dimensions, []);
  return found;
}

interface Values {
  subjectKind: 'person' | 'unit';
  personId?: string;
  unitId?: string;
  indicator?: string;
  value?: string;
  item?: string;
  option?: string;
  tiedWith?: string;
  grade?: string;
  group?: string;
  taskForce?: string;
  part?: 'base' | 'allocation';
  clause?: string;
  note?: string;
}

/** The server's field (`value`, `payload.item`, `evidence.note`) as this form's field. */
function formField(field: string | undefined): keyof Values | null {
  if (!field) return null;
  if (field === 'evidence.note' || field === 'evidence') return 'note';
  if (field.startsWith('payload.')) return field.slice('payload.'.length) as keyof Values;
  if (field === 'subject' || field === 'subject.id') return null;
  return field as keyof Values;
}

const formFields: readonly (keyof Values)[] = [
  'subjectKind',
  'personId',
  'unitId',
  'indicator',
  'value',
  'item',
  'option',
  'tiedWith',
  'grade',
  'group',
  'taskForce',
  'part',
  'clause',
  'note',
];

/** The fact the form describes, shaped for the indicator's method. */
function factOf(
  values: Values,
  method: Method,
  periodId: string,
  supersedes: string | undefined,
): NewFact {
  const subject =
    values.subjectKind === 'unit'
      ? { kind: 'unit' as const, id: values.unitId ?? '' }
      : { kind: 'person' as const, id: values.personId ?? '' };
  const text = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());
  let value: string | null = text(values.value);
  let payload: Record<string, unknown> = {};
  switch (method.kind) {
    case 'deduction':
      payload = { item: values.item };
      value = value ?? '1';
      break;
    case 'clause':
      payload = { clause: values.clause };
      value = value ?? '1';
      break;
    case 'graded-choice':
      payload = { option: values.option };
      value = null;
      break;
    case 'rank-table':
      payload = text(values.tiedWith) ? { tiedWith: Number(values.tiedWith) } : {};
      break;
    case 'external-lookup':
      payload = values.grade ? { grade: values.grade } : {};
      break;
    case 'rating-average':
      payload = { group: values.group };
      break;
    case 'task-force':
      payload = { taskForce: text(values.taskForce), part: values.part };
      break;
    case 'discretionary':
    case 'threshold':
    case 'workflow':
    case 'okr':
    case 'kpi':
      break;
  }
  const note = text(values.note);
  return {
    periodId,
    subject,
    indicator: values.indicator ?? '',
    value,
    payload,
    evidence: note === null ? {} : { note },
    ...(supersedes ? { supersedes } : {}),
  };
}

/**
 * Record one manual fact: subject, indicator, then the fields the indicator's method reads
 * (deduction item and count, graded option, rater group and rating, task force and part,
 * clause, discretionary points with their reason, rank, metric), and an evidence note. A
 * correction records a new fact that supersedes `correcting`. Every rule (own score, the
 * reason a discretionary adjustment needs, what a method accepts) is the server's: refusals
 * are shown at the field they name.
 */
export function FactForm({
  period,
  indicators,
  correcting,
  onRecorded,
  onCancelCorrection,
}: {
  period: AssessmentPeriod;
  indicators: ManualIndicator[];
  correcting?: FactRow;
  onRecorded: (fact: FactRow, result: ResultRow | null) => void;
  onCancelCorrection?: () => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const units = useUnits();
  const [formError, setFormError] = useState<string | null>(null);
  const [files, setFiles] = useState<AttachmentView[]>([]);
  const subjectKind = Form.useWatch('subjectKind', form) ?? 'person';
  const indicatorKey = Form.useWatch('indicator', form);
  const indicator = useMemo(
    () => indicators.find((i) => i.key === indicatorKey),
    [indicators, indicatorKey],
  );
  const method = indicator?.method;
  const initial: Values = correcting
    ? {
        subjectKind: correcting.subject.kind,
        personId: correcting.subject.kind === 'person' ? correcting.subject.id : undefined,
        unitId: correcting.subject.kind === 'unit' ? correcting.subject.id : undefined,
        indicator: correcting.indicator,
        value: correcting.value ?? undefined,
        ...(Object.fromEntries(
          Object.entries(correcting.payload).map(([k, v]) => [k, String(v)]),
        ) as Partial<Values>),
      }
    : { subjectKind: 'person' };

  const record = useMutation({
    mutationFn: api.recordFact,
    onSuccess: async ({ fact, result }) => {
      void message.success(t('assess.fact.recorded'));
      await queryClient.invalidateQueries({ queryKey: keys.facts });
      await queryClient.invalidateQueries({ queryKey: keys.results(period.id) });
      await queryClient.invalidateQueries({ queryKey: keys.score });
      form.setFieldsValue({ value: undefined, note: undefined });
      setFiles([]);
      onRecorded(fact, result);
    },
    onError: (error) => {
      const field = error instanceof ApiError ? formField(error.field) : null;
      if (field && formFields.includes(field)) {
        form.setFields([{ name: field, errors: [error.message] }]);
        setFormError(null);
      } else setFormError(error.message);
    },
  });

  const itemOptions = (
    list: readonly { key: string; label: SchemeNode['label']; points: string }[],
  ) =>
    list.map((i) => ({ value: i.key, label: `${labels.pick(i.label) || i.key}（${i.points}）` }));

  let specific = null;
  if (method)
    switch (method.kind) {
      case 'deduction':
        specific = (
          <>
            <Form.Item name="item" label={t('assess.fact.item')} required>
              <Select options={itemOptions(method.items)} data-testid="fact-item" />
            </Form.Item>
            <Form.Item name="value" label={t('assess.fact.count')}>
              <Input inputMode="numeric" placeholder="1" data-testid="fact-value" />
            </Form.Item>
          </>
        );
        break;
      case 'clause':
        specific = (
          <>
            <Form.Item name="clause" label={t('assess.fact.clause')} required>
              <Select options={itemOptions(method.clauses)} data-testid="fact-clause" />
            </Form.Item>
            <Form.Item name="value" label={t('assess.fact.count')}>
              <Input inputMode="numeric" placeholder="1" data-testid="fact-value" />
            </Form.Item>
          </>
        );
        break;
      case 'graded-choice':
        specific = (
          <Form.Item name="option" label={t('assess.fact.option')} required>
            <Select options={itemOptions(method.options)} data-testid="fact-option" />
          </Form.Item>
        );
        break;
      case 'rank-table':
        specific = (
          <Space wrap>
            <Form.Item name="value" label={t('assess.fact.rank')} required>
              <Input inputMode="numeric" data-testid="fact-value" />
            </Form.Item>
            <Form.Item name="tiedWith" label={t('assess.fact.tiedWith')}>
              <Input inputMode="numeric" placeholder="1" data-testid="fact-tied-with" />
            </Form.Item>
          </Space>
        );
        break;
      case 'external-lookup':
        specific = (
          <Space wrap>
            {method.ranks && method.ranks.length > 0 ? (
              <Form.Item name="value" label={t('assess.fact.rank')}>
                <Input inputMode="numeric" data-testid="fact-value" />
              </Form.Item>
            ) : null}
            {method.grades && method.grades.length > 0 ? (
              <Form.Item name="grade" label={t('assess.fact.grade')}>
                <Select
                  allowClear
                  style={{ minWidth: 160 }}
                  options={itemOptions(method.grades)}
                  data-testid="fact-grade"
                />
              </Form.Item>
            ) : null}
          </Space>
        );
        break;
      case 'rating-average':
        specific = (
          <Space wrap>
            <Form.Item name="group" label={t('assess.fact.group')} required>
              <Select
                style={{ minWidth: 160 }}
                options={method.groups.map((g) => ({
                  value: g.key,
                  label: `${labels.pick(g.label) || g.key}（${g.weight}）`,
                }))}
                data-testid="fact-group"
              />
            </Form.Item>
            <Form.Item
              name="value"
              label={`${t('assess.fact.rating')}（0–${method.scaleMax}）`}
              required
            >
              <Input inputMode="decimal" data-testid="fact-value" />
            </Form.Item>
          </Space>
        );
        break;
      case 'task-force':
        specific = (
          <>
            <Form.Item name="taskForce" label={t('assess.fact.taskForce')} required>
              <Input data-testid="fact-task-force" />
            </Form.Item>
            <Space wrap>
              <Form.Item name="part" label={t('assess.fact.part')} required initialValue="base">
                <Radio.Group
                  options={(['base', 'allocation'] as const).map((p) => ({
                    value: p,
                    label: t(`assess.fact.parts.${p}`),
                  }))}
                  data-testid="fact-part"
                />
              </Form.Item>
              <Form.Item name="value" label={t('assess.fact.points')} required>
                <Input inputMode="decimal" data-testid="fact-value" />
              </Form.Item>
            </Space>
          </>
        );
        break;
      case 'discretionary':
        specific = (
          <Form.Item
            name="value"
            label={`${t('assess.fact.points')}${
              method.min !== undefined || method.max !== undefined
                ? `（${method.min ?? '−∞'} ~ ${method.max ?? '+∞'}）`
                : ''
            }`}
            required
          >
            <Input inputMode="decimal" placeholder="-1.5" data-testid="fact-value" />
          </Form.Item>
        );
        break;
      case 'threshold':
        specific = (
          <Form.Item name="value" label={`${t('assess.fact.metric')}（${method.metric}）`} required>
            <Input inputMode="decimal" data-testid="fact-value" />
          </Form.Item>
        );
        break;
      case 'workflow':
      case 'okr':
      case 'kpi':
        specific = <Alert type="warning" showIcon title={t('assess.fact.notAutomatic')} />;
        break;
    }

  const isDiscretionary = method?.kind === 'discretionary';
  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initial}
      data-testid="fact-form"
      onValuesChange={() => setFormError(null)}
      onFinish={(values) => {
        if (!method) return;
        setFormError(null);
        const fact = factOf(values, method, period.id, correcting?.id);
        record.mutate(
          files.length === 0
            ? fact
            : { ...fact, evidence: { ...fact.evidence, attachments: files.map((f) => f.ref) } },
        );
      }}
      style={{ maxWidth: 640 }}
    >
      {correcting ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('assess.fact.correcting')}
          description={t('assess.fact.correctHint')}
          data-testid="fact-correcting"
        />
      ) : null}
      {formError ? (
        <Alert
          type="error"
          showIcon
          title={formError}
          style={{ marginBottom: 12 }}
          data-testid="fact-error"
        />
      ) : null}
      <Form.Item name="subjectKind" label={t('assess.fact.subjectKind')}>
        <Radio.Group
          disabled={correcting !== undefined}
          options={(['person', 'unit'] as const).map((k) => ({
            value: k,
            label: t(`assess.fact.subjectKinds.${k}`),
          }))}
          data-testid="fact-subject-kind"
        />
      </Form.Item>
      {subjectKind === 'unit' ? (
        <Form.Item
          name="unitId"
          label={t('assess.fact.unit')}
          rules={[
            { required: true, message: t('common.select', { field: t('assess.fact.unit') }) },
          ]}
        >
          <UnitTreeSelect
            units={units.data ?? []}
            disabled={correcting !== undefined}
            data-testid="fact-unit"
          />
        </Form.Item>
      ) : (
        <Form.Item
          name="personId"
          label={t('assess.fact.person')}
          rules={[
            { required: true, message: t('common.select', { field: t('assess.fact.person') }) },
          ]}
        >
          <PersonPicker testId="fact-person" valueLabel={correcting?.subject.name} />
        </Form.Item>
      )}
      <Form.Item
        name="indicator"
        label={t('assess.fact.indicator')}
        rules={[
          { required: true, message: t('common.select', { field: t('assess.fact.indicator') }) },
        ]}
      >
        <Select
          showSearch={{ optionFilterProp: 'title' }}
          disabled={correcting !== undefined}
          placeholder={t('assess.fact.pickIndicator')}
          options={indicators.map((i) => ({
            value: i.key,
            title: i.path,
            label: (
              <span data-testid="fact-indicator-option" data-indicator={i.key}>
                {i.path}{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`assess.scheme.methods.${i.method.kind}`)}
                </Typography.Text>
              </span>
            ),
          }))}
          data-testid="fact-indicator"
        />
      </Form.Item>
      {specific}
      <Form.Item
        name="note"
        label={isDiscretionary ? t('assess.fact.reason') : t('assess.fact.evidence')}
        required={isDiscretionary}
        extra={isDiscretionary ? t('assess.fact.reasonRequired') : undefined}
      >
        <Input.TextArea rows={2} maxLength={1000} data-testid="fact-note" />
      </Form.Item>
      <Form.Item label={t('attachments.label')}>
        <AttachmentUpload value={files} onChange={setFiles} testId="fact-attachments" />
      </Form.Item>
      <Space>
        <Button
          type="primary"
          htmlType="submit"
          loading={record.isPending}
          disabled={!method || automatic.has(method.kind)}
          data-testid="fact-submit"
        >
          {correcting ? t('assess.fact.correct') : t('assess.fact.record')}
        </Button>
        {correcting && onCancelCorrection ? (
          <Button onClick={onCancelCorrection}>{t('common.cancel')}</Button>
        ) : null}
      </Space>
    </Form>
  );
}
