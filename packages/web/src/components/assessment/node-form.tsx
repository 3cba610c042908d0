import { Alert, Button, Checkbox, Input, Popconfirm, Radio, Select, Space } from 'antd';
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  methodKinds,
  unitKinds,
  type FactScope,
  type MethodKind,
  type SchemeDimension,
  type SchemeNode,
} from '@tianheng/core';
import type { SchemeProblem } from '../../api/types.ts';
import { useLabels } from '../../i18n/index.ts';
import { Field, MethodForm } from './method-form.tsx';
import { LabelInputs } from './rows-editor.tsx';
import { defaultMethod, omit } from './scheme-model.ts';

interface Props {
  node: SchemeNode;
  /** Top-level nodes are dimensions and carry a part (common / individual). */
  isDimension: boolean;
  /** Layer names declared by the scheme (for role-layered indicators). */
  layers: readonly string[];
  problems: readonly SchemeProblem[];
  onChange: (next: SchemeNode) => void;
  onAddChild: () => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

/** The form of one node of the indicator tree: name, cap, who it applies to, and its method. */
export function NodeForm({
  node,
  isDimension,
  layers,
  problems,
  onChange,
  onAddChild,
  onMove,
  onRemove,
}: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isGroup = node.children !== undefined && node.method === undefined;
  const part = isDimension ? (node as SchemeDimension).part : undefined;
  const setAppliesTo = (key: 'layers' | 'unitKinds', values: string[]) => {
    const appliesTo = { ...node.appliesTo, [key]: values.length > 0 ? values : undefined };
    const clean = Object.fromEntries(
      Object.entries(appliesTo).filter(([, v]) => v !== undefined),
    ) as SchemeNode['appliesTo'];
    onChange(
      clean && Object.keys(clean).length > 0
        ? { ...node, appliesTo: clean }
        : omit(node, 'appliesTo'),
    );
  };

  return (
    <div data-testid="node-form">
      {problems.length > 0 ? (
        <Alert
          type={problems.some((p) => p.severity === 'error') ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {problems.map((p, i) => (
                <li key={i} data-testid="node-problem">
                  {labels.pick(p.message)}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Space wrap style={{ marginBottom: 12 }}>
        <Button icon={<PlusOutlined />} onClick={onAddChild} data-testid="node-add-child">
          {t('assess.scheme.tree.addChild')}
        </Button>
        <Button
          icon={<ArrowUpOutlined />}
          onClick={() => onMove(-1)}
          aria-label={t('assess.scheme.tree.up')}
          data-testid="node-up"
        />
        <Button
          icon={<ArrowDownOutlined />}
          onClick={() => onMove(1)}
          aria-label={t('assess.scheme.tree.down')}
          data-testid="node-down"
        />
        <Popconfirm
          title={t('assess.scheme.tree.removeConfirm', { name: labels.pick(node.label) })}
          onConfirm={onRemove}
          okButtonProps={{ danger: true, ...({ 'data-testid': 'node-remove-ok' } as object) }}
        >
          <Button danger icon={<DeleteOutlined />} data-testid="node-remove">
            {t('assess.scheme.tree.remove')}
          </Button>
        </Popconfirm>
      </Space>
      <Field label={t('assess.scheme.node.key')}>
        <Input
          style={{ maxWidth: 260 }}
          value={node.key}
          onChange={(e) => onChange({ ...node, key: e.target.value })}
          data-testid="node-key"
        />
      </Field>
      <Field label={`${t('assess.scheme.node.labelZh')} / ${t('assess.scheme.node.labelEn')}`}>
        <LabelInputs
          value={node.label}
          onChange={(label) => onChange({ ...node, label })}
          testId="node-label"
          zhLabel={t('assess.scheme.node.labelZh')}
          enLabel={t('assess.scheme.node.labelEn')}
        />
      </Field>
      <Field label={t('assess.scheme.node.max')}>
        <Space wrap>
          <Input
            inputMode="decimal"
            style={{ width: 140 }}
            disabled={node.max === null}
            value={node.max ?? ''}
            onChange={(e) => onChange({ ...node, max: e.target.value })}
            data-testid="node-max"
          />
          <Checkbox
            checked={node.max === null}
            onChange={(e) => onChange({ ...node, max: e.target.checked ? null : '' })}
            data-testid="node-uncapped"
          >
            {t('assess.scheme.node.uncapped')}
          </Checkbox>
        </Space>
      </Field>
      {isDimension ? (
        <Field label={t('assess.scheme.node.part')}>
          <Radio.Group
            value={part}
            onChange={(e) =>
              onChange({ ...node, part: e.target.value as SchemeDimension['part'] } as SchemeNode)
            }
            options={(['common', 'individual'] as const).map((v) => ({
              value: v,
              label: t(`assess.scheme.node.parts.${v}`),
            }))}
            data-testid="node-part"
          />
        </Field>
      ) : null}
      <Space wrap size={16}>
        <Field label={t('assess.scheme.node.layers')}>
          <Select
            mode="tags"
            style={{ minWidth: 220 }}
            value={[...(node.appliesTo?.layers ?? [])]}
            options={layers.map((l) => ({ value: l, label: l }))}
            onChange={(values: string[]) => setAppliesTo('layers', values)}
            placeholder={t('common.all')}
            data-testid="node-layers"
          />
        </Field>
        <Field label={t('assess.scheme.node.unitKinds')}>
          <Select
            mode="multiple"
            style={{ minWidth: 220 }}
            value={[...(node.appliesTo?.unitKinds ?? [])]}
            options={unitKinds.map((k) => ({ value: k, label: labels.unitKind(k) }))}
            onChange={(values: string[]) => setAppliesTo('unitKinds', values)}
            placeholder={t('common.all')}
            data-testid="node-unit-kinds"
          />
        </Field>
      </Space>
      {isGroup ? (
        <Alert type="info" showIcon title={t('assess.scheme.node.group')} />
      ) : (
        <>
          <Space wrap size={16}>
            <Field label={t('assess.scheme.node.method')}>
              <Select
                style={{ width: 220 }}
                value={node.method?.kind}
                onChange={(kind: MethodKind) => onChange({ ...node, method: defaultMethod(kind) })}
                options={methodKinds.map((k) => ({
                  value: k,
                  label: t(`assess.scheme.methods.${k}`),
                }))}
                data-testid="node-method"
              />
            </Field>
            <Field label={t('assess.scheme.node.factScope')}>
              <Select
                style={{ width: 220 }}
                value={node.factScope ?? 'person'}
                onChange={(factScope: FactScope) => onChange({ ...node, factScope })}
                options={(['person', 'unit', 'person-or-unit', 'assessment-unit'] as const).map(
                  (v) => ({
                    value: v,
                    label: t(`assess.scheme.node.factScopes.${v}`),
                  }),
                )}
                data-testid="node-fact-scope"
              />
            </Field>
          </Space>
          {node.method ? (
            <div data-testid="method-form">
              <MethodForm
                method={node.method}
                onChange={(method) => onChange({ ...node, method })}
              />
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
