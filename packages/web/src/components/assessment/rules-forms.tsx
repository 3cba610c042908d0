import { Button, Card, Input, InputNumber, Radio, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  assessmentKinds,
  ranks,
  type Composition,
  type Decimal,
  type ResultRules,
  type Scheme,
  type SignalRule,
} from '@tianheng/core';
import { useLabels } from '../../i18n/index.ts';
import { Field } from './method-form.tsx';
import { LabelInputs, RowsEditor } from './rows-editor.tsx';

/** A record keyed by rank code, edited as rows. */
function ByRankEditor({
  value,
  onChange,
  testId,
  valueLabel,
}: {
  value: Readonly<Record<string, string>>;
  onChange: (next: Record<string, string>) => void;
  testId: string;
  valueLabel: string;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const rows = Object.entries(value).map(([rank, v]) => ({ rank, value: v }));
  return (
    <RowsEditor<{ rank: string; value: string }>
      rows={rows}
      fields={[
        {
          key: 'rank',
          label: t('assess.scheme.coefficients.rank'),
          kind: 'select',
          width: 180,
          options: ranks.map((r) => ({ value: r, label: labels.rank(r) })),
        },
        { key: 'value', label: valueLabel, kind: 'decimal' },
      ]}
      blank={() => ({ rank: ranks.find((r) => !(r in value)) ?? '', value: '' })}
      onChange={(next) =>
        onChange(Object.fromEntries(next.map((row) => [row.rank ?? '', row.value ?? ''])))
      }
      testId={testId}
    />
  );
}

function DecimalField({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: Decimal | undefined;
  onChange: (next: Decimal | undefined) => void;
  testId: string;
}) {
  return (
    <Field label={label}>
      <Input
        aria-label={label}
        inputMode="decimal"
        style={{ width: 140 }}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        data-testid={testId}
      />
    </Field>
  );
}

/** Name, audience, common cap and how the year is composed. */
export function GeneralForm({
  scheme,
  onChange,
  keyEditable,
}: {
  scheme: Scheme;
  onChange: (next: Scheme) => void;
  keyEditable: boolean;
}) {
  const { t } = useTranslation();
  const composition = scheme.composition;
  const setComposition = (next: Composition) => onChange({ ...scheme, composition: next });
  return (
    <div data-testid="scheme-general">
      <Field label={t('assess.scheme.key')}>
        <Input
          style={{ maxWidth: 260 }}
          value={scheme.key}
          disabled={!keyEditable}
          onChange={(e) => onChange({ ...scheme, key: e.target.value })}
          data-testid="scheme-key"
        />
      </Field>
      <Field label={`${t('assess.scheme.nameZh')} / ${t('assess.scheme.nameEn')}`}>
        <LabelInputs
          value={scheme.name}
          onChange={(name) => onChange({ ...scheme, name })}
          testId="scheme-name"
          zhLabel={t('assess.scheme.nameZh')}
          enLabel={t('assess.scheme.nameEn')}
        />
      </Field>
      <Field label={t('assess.scheme.audience')}>
        <Radio.Group
          value={scheme.audience}
          onChange={(e) => onChange({ ...scheme, audience: e.target.value as Scheme['audience'] })}
          options={(['township', 'department', 'other'] as const).map((v) => ({
            value: v,
            label: t(`assess.scheme.audiences.${v}`),
          }))}
        />
      </Field>
      <DecimalField
        label={t('assess.scheme.commonCap')}
        value={scheme.commonCap}
        onChange={(commonCap) => onChange({ ...scheme, commonCap: commonCap ?? '' })}
        testId="scheme-common-cap"
      />
      <Field label={t('assess.scheme.composition')}>
        <Radio.Group
          value={composition.kind}
          onChange={(e) =>
            setComposition(
              e.target.value === 'facts'
                ? { kind: 'facts' }
                : {
                    kind: 'weighted',
                    parts: [
                      { assessment: 'routine', weight: '0.5' },
                      { assessment: 'periodic', weight: '0.5' },
                    ],
                  },
            )
          }
          options={(['facts', 'weighted'] as const).map((v) => ({
            value: v,
            label: t(`assess.scheme.compositions.${v}`),
          }))}
          data-testid="scheme-composition"
        />
      </Field>
      {composition.kind === 'weighted' ? (
        <RowsEditor<{ assessment: string; weight: string }>
          rows={composition.parts}
          fields={[
            {
              key: 'assessment',
              label: t('assess.scheme.assessmentKind'),
              kind: 'select',
              width: 160,
              options: assessmentKinds.map((k) => ({
                value: k,
                label: t(`assess.period.assessments.${k}`),
              })),
            },
            { key: 'weight', label: t('assess.scheme.weight'), kind: 'decimal' },
          ]}
          blank={() => ({ assessment: 'routine', weight: '' })}
          onChange={(parts) =>
            setComposition({
              kind: 'weighted',
              parts: parts.map((p) => ({
                assessment: (p.assessment ?? 'routine') as (typeof assessmentKinds)[number],
                weight: p.weight ?? '',
              })),
            })
          }
          testId="scheme-composition-parts"
        />
      ) : null}
    </div>
  );
}

/** Position coefficients (岗位系数) and role layers by rank. */
export function CoefficientsForm({
  scheme,
  onChange,
}: {
  scheme: Scheme;
  onChange: (next: Scheme) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const pc = scheme.positionCoefficients;
  const layers = scheme.layers;
  return (
    <div data-testid="scheme-coefficients">
      <Field label={t('assess.scheme.coefficients.byRank')}>
        <ByRankEditor
          value={pc.byRank}
          onChange={(byRank) => onChange({ ...scheme, positionCoefficients: { ...pc, byRank } })}
          testId="coefficients-by-rank"
          valueLabel={t('assess.scheme.coefficients.value')}
        />
      </Field>
      <DecimalField
        label={t('assess.scheme.coefficients.default')}
        value={pc.default}
        onChange={(value) =>
          onChange({ ...scheme, positionCoefficients: { ...pc, default: value ?? '' } })
        }
        testId="coefficients-default"
      />
      <Field label={t('assess.scheme.coefficients.layers')}>
        <RowsEditor<{ rank: string; layer: string }>
          rows={Object.entries(layers?.byRank ?? {}).map(([rank, layer]) => ({ rank, layer }))}
          fields={[
            {
              key: 'rank',
              label: t('assess.scheme.coefficients.rank'),
              kind: 'select',
              width: 180,
              options: ranks.map((r) => ({ value: r, label: labels.rank(r) })),
            },
            { key: 'layer', label: t('assess.scheme.coefficients.layer'), kind: 'text' },
          ]}
          blank={() => ({ rank: '', layer: '' })}
          onChange={(rows) =>
            onChange({
              ...scheme,
              layers: {
                default: layers?.default ?? '',
                byRank: Object.fromEntries(rows.map((r) => [r.rank ?? '', r.layer ?? ''])),
              },
            })
          }
          testId="layers-by-rank"
        />
      </Field>
      <Field label={t('assess.scheme.coefficients.layerDefault')}>
        <Input
          style={{ width: 180 }}
          value={layers?.default ?? ''}
          onChange={(e) =>
            onChange({
              ...scheme,
              layers: { byRank: layers?.byRank ?? {}, default: e.target.value },
            })
          }
          data-testid="layers-default"
        />
      </Field>
    </div>
  );
}

const withins = ['unit', 'line', 'tenant'] as const;

function SignalCard({
  rule,
  onChange,
  onRemove,
}: {
  rule: SignalRule;
  onChange: (next: SignalRule) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const r = (key: 'share' | 'within' | 'consecutive' | 'promotionPoints' | 'seniorityMonths') =>
    t(`assess.scheme.results.${key}`);
  const then = rule.then;
  const setThen = (patch: Partial<SignalRule['then']>) => {
    const next = Object.fromEntries(
      Object.entries({ ...then, ...patch }).filter(([, v]) => v !== undefined && v !== ''),
    ) as SignalRule['then'];
    onChange({ ...rule, then: next });
  };
  return (
    <Card
      size="small"
      data-testid="signal-rule"
      title={
        <Space wrap>
          <Input
            style={{ width: 140 }}
            aria-label={t('assess.scheme.results.signalKey')}
            value={rule.key}
            onChange={(e) => onChange({ ...rule, key: e.target.value })}
            data-testid="signal-key"
          />
          <Select
            style={{ width: 120 }}
            value={rule.kind}
            onChange={(kind: SignalRule['kind']) => onChange({ ...rule, kind })}
            options={(['promotion', 'accountability'] as const).map((v) => ({
              value: v,
              label: t(`assess.scheme.results.signalKinds.${v}`),
            }))}
          />
        </Space>
      }
      extra={
        <Button
          type="text"
          danger
          icon={<DeleteOutlined />}
          onClick={onRemove}
          aria-label={t('common.remove')}
          data-testid="signal-remove"
        />
      }
    >
      <LabelInputs
        value={rule.label}
        onChange={(label) => onChange({ ...rule, label })}
        testId="signal-label"
        zhLabel={t('assess.scheme.node.labelZh')}
        enLabel={t('assess.scheme.node.labelEn')}
      />
      <Space wrap size={16} style={{ marginTop: 12 }}>
        <Field label={t('assess.scheme.results.when')}>
          <Select
            style={{ width: 160 }}
            value={rule.when.kind}
            onChange={(kind: SignalRule['when']['kind']) =>
              onChange({
                ...rule,
                when:
                  kind === 'top-share'
                    ? { kind, share: '0.2', within: rule.when.within }
                    : { kind, within: rule.when.within, consecutive: 1 },
              })
            }
            options={(['top-share', 'last-place'] as const).map((v) => ({
              value: v,
              label: t(`assess.scheme.results.whens.${v}`),
            }))}
          />
        </Field>
        <Field label={r('within')}>
          <Select
            style={{ width: 120 }}
            value={rule.when.within}
            onChange={(within: (typeof withins)[number]) =>
              onChange({ ...rule, when: { ...rule.when, within } })
            }
            options={withins.map((v) => ({
              value: v,
              label: t(`assess.scheme.results.withins.${v}`),
            }))}
          />
        </Field>
        {rule.when.kind === 'top-share' ? (
          <DecimalField
            label={r('share')}
            value={rule.when.share}
            onChange={(share) =>
              rule.when.kind === 'top-share' &&
              onChange({ ...rule, when: { ...rule.when, share: share ?? '' } })
            }
            testId="signal-share"
          />
        ) : (
          <Field label={r('consecutive')}>
            <InputNumber
              min={1}
              precision={0}
              value={rule.when.consecutive}
              onChange={(n) =>
                rule.when.kind === 'last-place' &&
                onChange({ ...rule, when: { ...rule.when, consecutive: n ?? 1 } })
              }
            />
          </Field>
        )}
      </Space>
      <Space wrap size={16}>
        <DecimalField
          label={r('promotionPoints')}
          value={then.promotionPoints}
          onChange={(promotionPoints) => setThen({ promotionPoints })}
          testId="signal-points"
        />
        <Field label={r('seniorityMonths')}>
          <InputNumber
            min={0}
            precision={0}
            value={then.seniorityMonths ?? null}
            onChange={(n) => setThen({ seniorityMonths: n ?? undefined })}
          />
        </Field>
        <Field label={t('assess.scheme.results.action')}>
          <Select
            allowClear
            style={{ width: 200 }}
            value={then.action}
            onChange={(action: SignalRule['then']['action']) => setThen({ action })}
            options={(['interview-leader', 'withhold-annual-bonus', 'note'] as const).map((v) => ({
              value: v,
              label: t(`assess.scheme.results.actions.${v}`),
            }))}
          />
        </Field>
      </Space>
    </Card>
  );
}

/** Ranking tie rule, grade quota and thresholds, bonus coefficients and basis, signal rules. */
export function ResultRulesForm({
  rules,
  onChange,
}: {
  rules: ResultRules;
  onChange: (next: ResultRules) => void;
}) {
  const { t } = useTranslation();
  const g = rules.grades;
  const setGrade = (key: keyof typeof g, value: Decimal | undefined) => {
    const next = { ...g, [key]: value } as Record<string, Decimal | undefined>;
    if (value === undefined) delete next[key];
    onChange({ ...rules, grades: next as unknown as ResultRules['grades'] });
  };
  return (
    <div data-testid="scheme-results">
      <Field label={t('assess.scheme.results.tieRule')}>
        <Radio.Group
          value={rules.tieRule}
          onChange={(e) =>
            onChange({ ...rules, tieRule: e.target.value as ResultRules['tieRule'] })
          }
          options={(['competition', 'dense'] as const).map((v) => ({
            value: v,
            label: t(`assess.scheme.results.tieRules.${v}`),
          }))}
        />
      </Field>
      <Card size="small" title={t('assess.scheme.results.grades')} style={{ marginBottom: 16 }}>
        <Space wrap size={16}>
          <DecimalField
            label={t('assess.scheme.results.excellentQuota')}
            value={g.excellentQuota}
            onChange={(v) => setGrade('excellentQuota', v ?? '')}
            testId="grades-quota"
          />
          <DecimalField
            label={t('assess.scheme.results.excellentMinIndex')}
            value={g.excellentMinIndex}
            onChange={(v) => setGrade('excellentMinIndex', v)}
            testId="grades-min-index"
          />
          <DecimalField
            label={t('assess.scheme.results.basicBelow')}
            value={g.basicBelow}
            onChange={(v) => setGrade('basicBelow', v)}
            testId="grades-basic-below"
          />
          <DecimalField
            label={t('assess.scheme.results.incompetentBelow')}
            value={g.incompetentBelow}
            onChange={(v) => setGrade('incompetentBelow', v)}
            testId="grades-incompetent-below"
          />
        </Space>
      </Card>
      <Card size="small" title={t('assess.scheme.results.bonus')} style={{ marginBottom: 16 }}>
        <Space wrap size={16}>
          <Field label={t('assess.scheme.results.basis')}>
            <Radio.Group
              value={rules.bonus.basis}
              onChange={(e) =>
                onChange({
                  ...rules,
                  bonus: { ...rules.bonus, basis: e.target.value as 'index' | 'total' },
                })
              }
              options={(['index', 'total'] as const).map((v) => ({
                value: v,
                label: t(`assess.scheme.results.bases.${v}`),
              }))}
            />
          </Field>
          <Field label={t('assess.scheme.results.rounding')}>
            {t(`assess.scheme.results.roundings.${rules.bonus.rounding}`)}
          </Field>
        </Space>
        <Field label={t('assess.scheme.results.bonusCoefficients')}>
          <ByRankEditor
            value={rules.bonus.coefficients.byRank}
            onChange={(byRank) =>
              onChange({
                ...rules,
                bonus: {
                  ...rules.bonus,
                  coefficients: { ...rules.bonus.coefficients, byRank },
                },
              })
            }
            testId="bonus-by-rank"
            valueLabel={t('assess.scheme.coefficients.value')}
          />
        </Field>
        <DecimalField
          label={t('assess.scheme.coefficients.default')}
          value={rules.bonus.coefficients.default}
          onChange={(value) =>
            onChange({
              ...rules,
              bonus: {
                ...rules.bonus,
                coefficients: { ...rules.bonus.coefficients, default: value ?? '' },
              },
            })
          }
          testId="bonus-default"
        />
      </Card>
      <Card size="small" title={t('assess.scheme.results.signals')}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          {rules.signals.map((rule, index) => (
            <SignalCard
              key={index}
              rule={rule}
              onChange={(next) =>
                onChange({
                  ...rules,
                  signals: rules.signals.map((s, i) => (i === index ? next : s)),
                })
              }
              onRemove={() =>
                onChange({ ...rules, signals: rules.signals.filter((_, i) => i !== index) })
              }
            />
          ))}
          <Button
            icon={<PlusOutlined />}
            onClick={() =>
              onChange({
                ...rules,
                signals: [
                  ...rules.signals,
                  {
                    key: `signal-${rules.signals.length + 1}`,
                    label: { 'zh-CN': '', en: '' },
                    kind: 'promotion',
                    when: { kind: 'top-share', share: '0.2', within: 'unit' },
                    then: {},
                  },
                ],
              })
            }
            data-testid="signal-add"
          >
            {t('assess.scheme.results.addSignal')}
          </Button>
        </Space>
      </Card>
    </div>
  );
}
