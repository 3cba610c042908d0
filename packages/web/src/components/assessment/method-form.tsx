import type { ReactNode } from 'react';
import { Alert, Input, Radio, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Item, Label, Method, RankRow, ThresholdRow } from '@tianheng/core';
import type { assessZhCN } from '../../i18n/assess.zh-CN.ts';
import { RowsEditor, type RowField } from './rows-editor.tsx';
import { omit } from './scheme-model.ts';

type MethodTexts = typeof assessZhCN.scheme.method;
/** Keys of the method form's plain texts (not the nested option tables). */
type MethodText = {
  [K in keyof MethodTexts]: MethodTexts[K] extends string ? K : never;
}[keyof MethodTexts];
type Choice = { key: string; label: Label; points: string };
type Flat<T> = { [K in keyof T]: T[K] extends Label ? string : T[K] };

/** Items (`{key,label,points}`) flattened so the rows editor can show the two label languages. */
interface FlatItem {
  key: string;
  zh: string;
  en: string;
  points: string;
}
const flatten = (items: readonly Choice[]): FlatItem[] =>
  items.map((item) => ({
    key: item.key,
    zh: item.label['zh-CN'],
    en: item.label.en,
    points: item.points,
  }));
const unflatten = (rows: readonly Partial<FlatItem>[]): Item[] =>
  rows.map((row) => ({
    key: row.key ?? '',
    label: { 'zh-CN': row.zh ?? '', en: row.en ?? '' },
    points: row.points ?? '',
  }));

/** A labelled field in a method form. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div style={{ marginBottom: 12 }}>
      <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>
        {label}
      </Typography.Text>
      {children}
    </div>
  );
}

function DecimalInput({
  value,
  onChange,
  testId,
  label,
  placeholder,
}: {
  value: string | undefined;
  onChange: (next: string | undefined) => void;
  testId: string;
  label: string;
  placeholder?: string;
}) {
  return (
    <Input
      aria-label={label}
      inputMode="decimal"
      style={{ width: 140 }}
      placeholder={placeholder}
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      data-testid={testId}
    />
  );
}

/** The editor of one scoring method: a form that adapts to the method's kind. */
export function MethodForm({
  method,
  onChange,
}: {
  method: Method;
  onChange: (next: Method) => void;
}) {
  const { t } = useTranslation();
  const m = (key: MethodText) => t(`assess.scheme.method.${key}`);
  const itemFields: RowField<FlatItem>[] = [
    { key: 'key', label: m('itemKey'), kind: 'text', width: 110 },
    { key: 'zh', label: m('labelZh'), kind: 'text' },
    { key: 'en', label: m('labelEn'), kind: 'text' },
    { key: 'points', label: m('points'), kind: 'decimal' },
  ];
  const rankFields: RowField<RankRow>[] = [
    { key: 'from', label: m('from'), kind: 'integer', width: 80 },
    { key: 'to', label: m('to'), kind: 'integer', width: 80 },
    { key: 'points', label: m('points'), kind: 'decimal' },
  ];
  const blankRank = (): RankRow => ({ from: 1, to: 1, points: '' });
  const missingPoints = (
    missing: { kind: 'zero' } | { kind: 'points'; points: string },
    set: (next: { kind: 'zero' } | { kind: 'points'; points: string }) => void,
  ) => (
    <Field label={m('missing')}>
      <Space wrap>
        <Radio.Group
          value={missing.kind}
          onChange={(e) =>
            set(
              e.target.value === 'zero'
                ? { kind: 'zero' }
                : { kind: 'points', points: missing.kind === 'points' ? missing.points : '0' },
            )
          }
          options={[
            { value: 'zero', label: m('missingZero') },
            { value: 'points', label: m('missingPoints') },
          ]}
          data-testid="method-missing"
        />
        {missing.kind === 'points' ? (
          <DecimalInput
            label={m('points')}
            value={missing.points}
            onChange={(points) => set({ kind: 'points', points: points ?? '' })}
            testId="method-missing-points"
          />
        ) : null}
      </Space>
    </Field>
  );

  switch (method.kind) {
    case 'deduction':
      return (
        <>
          <Field label={m('start')}>
            <DecimalInput
              label={m('start')}
              value={method.start}
              onChange={(start) => {
                onChange(start === undefined ? omit(method, 'start') : { ...method, start });
              }}
              testId="method-start"
            />
          </Field>
          <RowsEditor<FlatItem>
            title={m('items')}
            rows={flatten(method.items)}
            fields={itemFields}
            blank={() => ({ key: '', zh: '', en: '', points: '' })}
            onChange={(rows) => onChange({ ...method, items: unflatten(rows) })}
            testId="method-items"
          />
        </>
      );
    case 'clause':
      return (
        <RowsEditor<FlatItem>
          title={m('clauses')}
          rows={flatten(method.clauses)}
          fields={itemFields}
          blank={() => ({ key: '', zh: '', en: '', points: '' })}
          onChange={(rows) => onChange({ ...method, clauses: unflatten(rows) })}
          testId="method-clauses"
        />
      );
    case 'graded-choice':
      return (
        <>
          <RowsEditor<FlatItem>
            title={m('options')}
            rows={flatten(method.options)}
            fields={itemFields}
            blank={() => ({ key: '', zh: '', en: '', points: '' })}
            onChange={(rows) => onChange({ ...method, options: unflatten(rows) })}
            testId="method-options"
          />
          <Field label={m('missing')}>
            <Space wrap>
              <Radio.Group
                value={method.missing.kind}
                onChange={(e) =>
                  onChange({
                    ...method,
                    missing:
                      e.target.value === 'zero'
                        ? { kind: 'zero' }
                        : { kind: 'option', option: method.options[0]?.key ?? '' },
                  })
                }
                options={[
                  { value: 'zero', label: m('missingZero') },
                  { value: 'option', label: m('missingOption') },
                ]}
              />
              {method.missing.kind === 'option' ? (
                <Select
                  style={{ minWidth: 140 }}
                  value={method.missing.option}
                  onChange={(option: string) =>
                    onChange({ ...method, missing: { kind: 'option', option } })
                  }
                  options={method.options.map((o) => ({
                    value: o.key,
                    label: o.label['zh-CN'] || o.key,
                  }))}
                />
              ) : null}
            </Space>
          </Field>
        </>
      );
    case 'rank-table':
      return (
        <>
          <RowsEditor<RankRow>
            title={m('rows')}
            rows={method.rows}
            fields={rankFields}
            blank={blankRank}
            onChange={(rows) => onChange({ ...method, rows })}
            testId="method-rows"
          />
          <Field label={m('ties')}>
            <Radio.Group
              value={method.ties}
              onChange={(e) => onChange({ ...method, ties: e.target.value as 'best' | 'average' })}
              options={[
                { value: 'best', label: m('tiesBest') },
                { value: 'average', label: m('tiesAverage') },
              ]}
              data-testid="method-ties"
            />
          </Field>
          <Field label={m('outOfTable')}>
            <Space wrap>
              <Radio.Group
                value={method.outOfTable.kind}
                onChange={(e) => {
                  const kind = e.target.value as 'zero' | 'last-row' | 'points';
                  onChange({
                    ...method,
                    outOfTable: kind === 'points' ? { kind, points: '0' } : { kind },
                  });
                }}
                options={[
                  { value: 'zero', label: m('outZero') },
                  { value: 'last-row', label: m('outLastRow') },
                  { value: 'points', label: m('outPoints') },
                ]}
                data-testid="method-out-of-table"
              />
              {method.outOfTable.kind === 'points' ? (
                <DecimalInput
                  label={m('points')}
                  value={method.outOfTable.points}
                  onChange={(points) =>
                    onChange({ ...method, outOfTable: { kind: 'points', points: points ?? '' } })
                  }
                  testId="method-out-points"
                />
              ) : null}
            </Space>
          </Field>
          {missingPoints(method.missing, (missing) => onChange({ ...method, missing }))}
        </>
      );
    case 'external-lookup':
      return (
        <>
          <Field label={m('link')}>
            <Radio.Group
              value={method.link}
              onChange={(e) => onChange({ ...method, link: e.target.value as 'villages' | 'unit' })}
              options={(['villages', 'unit'] as const).map((v) => ({
                value: v,
                label: t(`assess.scheme.method.links.${v}`),
              }))}
            />
          </Field>
          <RowsEditor<RankRow>
            title={m('ranks')}
            rows={method.ranks ?? []}
            fields={rankFields}
            blank={blankRank}
            onChange={(ranks) => onChange({ ...method, ranks })}
            testId="method-ranks"
          />
          <div style={{ height: 12 }} />
          <RowsEditor<FlatItem>
            title={m('grades')}
            rows={flatten(method.grades ?? [])}
            fields={itemFields}
            blank={() => ({ key: '', zh: '', en: '', points: '' })}
            onChange={(rows) => onChange({ ...method, grades: unflatten(rows) })}
            testId="method-grades"
          />
          <div style={{ height: 12 }} />
          <Field label={m('combine')}>
            <Radio.Group
              value={method.combine}
              onChange={(e) =>
                onChange({ ...method, combine: e.target.value as 'mean' | 'best' | 'worst' })
              }
              options={(['mean', 'best', 'worst'] as const).map((v) => ({
                value: v,
                label: t(`assess.scheme.method.combines.${v}`),
              }))}
            />
          </Field>
          {missingPoints(method.missing, (missing) => onChange({ ...method, missing }))}
        </>
      );
    case 'rating-average': {
      type Group = Flat<{ key: string; zh: string; en: string; weight: string }>;
      return (
        <>
          <Field label={m('scaleMax')}>
            <DecimalInput
              label={m('scaleMax')}
              value={method.scaleMax}
              onChange={(scaleMax) => onChange({ ...method, scaleMax: scaleMax ?? '' })}
              testId="method-scale-max"
            />
          </Field>
          <RowsEditor<Group>
            title={m('groups')}
            rows={method.groups.map((g) => ({
              key: g.key,
              zh: g.label['zh-CN'],
              en: g.label.en,
              weight: g.weight,
            }))}
            fields={[
              { key: 'key', label: m('itemKey'), kind: 'text', width: 110 },
              { key: 'zh', label: m('labelZh'), kind: 'text' },
              { key: 'en', label: m('labelEn'), kind: 'text' },
              { key: 'weight', label: m('weight'), kind: 'decimal' },
            ]}
            blank={() => ({ key: '', zh: '', en: '', weight: '' })}
            onChange={(rows) =>
              onChange({
                ...method,
                groups: rows.map((row) => ({
                  key: row.key ?? '',
                  label: { 'zh-CN': row.zh ?? '', en: row.en ?? '' },
                  weight: row.weight ?? '',
                })),
              })
            }
            testId="method-groups"
          />
          <div style={{ height: 12 }} />
          <Field label={m('missingGroup')}>
            <Radio.Group
              value={method.missingGroup}
              onChange={(e) =>
                onChange({
                  ...method,
                  missingGroup: e.target.value as 'renormalise' | 'zero' | 'flag',
                })
              }
              options={(['renormalise', 'zero', 'flag'] as const).map((v) => ({
                value: v,
                label: t(`assess.scheme.method.missingGroups.${v}`),
              }))}
              data-testid="method-missing-group"
            />
          </Field>
        </>
      );
    }
    case 'task-force':
      return <Alert type="info" showIcon title={m('taskForceHint')} />;
    case 'discretionary':
      return (
        <>
          <Alert type="info" showIcon title={m('discretionaryHint')} style={{ marginBottom: 12 }} />
          <Space wrap>
            <Field label={m('min')}>
              <DecimalInput
                label={m('min')}
                value={method.min}
                onChange={(min) => {
                  onChange(min === undefined ? omit(method, 'min') : { ...method, min });
                }}
                testId="method-min"
              />
            </Field>
            <Field label={m('max')}>
              <DecimalInput
                label={m('max')}
                value={method.max}
                onChange={(max) => {
                  onChange(max === undefined ? omit(method, 'max') : { ...method, max });
                }}
                testId="method-max"
              />
            </Field>
          </Space>
        </>
      );
    case 'threshold':
      return (
        <>
          <Space wrap>
            <Field label={m('metric')}>
              <Input
                aria-label={m('metric')}
                style={{ width: 200 }}
                value={method.metric}
                onChange={(e) => onChange({ ...method, metric: e.target.value })}
                data-testid="method-metric"
              />
            </Field>
            <Field label={m('aggregate')}>
              <Select
                style={{ width: 140 }}
                value={method.aggregate}
                onChange={(aggregate: typeof method.aggregate) =>
                  onChange({ ...method, aggregate })
                }
                options={(['mean', 'sum', 'latest', 'min', 'max'] as const).map((v) => ({
                  value: v,
                  label: t(`assess.scheme.method.aggregates.${v}`),
                }))}
              />
            </Field>
          </Space>
          <RowsEditor<ThresholdRow>
            title={m('rows')}
            rows={method.rows}
            fields={[
              { key: 'min', label: m('thresholdMin'), kind: 'decimal', optional: true },
              { key: 'below', label: m('thresholdBelow'), kind: 'decimal', optional: true },
              { key: 'points', label: m('points'), kind: 'decimal' },
            ]}
            blank={() => ({ points: '' })}
            onChange={(rows) => onChange({ ...method, rows })}
            testId="method-thresholds"
          />
          <div style={{ height: 12 }} />
          {missingPoints(method.missing, (missing) => onChange({ ...method, missing }))}
        </>
      );
    case 'workflow':
    case 'okr':
    case 'kpi':
      return (
        <>
          <Alert type="info" showIcon title={m('extensionHint')} style={{ marginBottom: 12 }} />
          <Field label={m('factor')}>
            <DecimalInput
              label={m('factor')}
              value={method.factor}
              placeholder="1"
              onChange={(factor) => {
                onChange(factor === undefined ? omit(method, 'factor') : { ...method, factor });
              }}
              testId="method-factor"
            />
          </Field>
        </>
      );
  }
}
