import { useMemo, useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Col, Empty, Row, Space, Tabs, Tree, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Scheme, SchemeNode } from '@tianheng/core';
import type { SchemeProblem } from '../../api/types.ts';
import { useLabels } from '../../i18n/index.ts';
import { NodeForm } from './node-form.tsx';
import { problemLocation, problemsByNode } from './problems.ts';
import { CoefficientsForm, GeneralForm, ResultRulesForm } from './rules-forms.tsx';
import {
  addChild,
  addDimension,
  keyPath,
  moveNode,
  nodeAt,
  pathKey,
  removeNode,
  updateNode,
  type NodePath,
} from './scheme-model.ts';

type Tab = 'tree' | 'coefficients' | 'results' | 'general';

interface TreeItem {
  key: string;
  title: ReactNode;
  children?: TreeItem[];
}

interface Props {
  scheme: Scheme;
  onChange: (next: Scheme) => void;
  /** Errors from core's `validateScheme` (they block saving). */
  problems: readonly SchemeProblem[];
  /** Warnings shown beside a valid scheme. */
  warnings: readonly SchemeProblem[];
  keyEditable: boolean;
}

/**
 * The scheme editor: the indicator tree with a form per node and method, position
 * coefficients, result rules, and every validation problem listed at the node it names.
 */
export function SchemeEditor({ scheme, onChange, problems, warnings, keyEditable }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [tab, setTab] = useState<Tab>('tree');
  const [selected, setSelected] = useState<string>(scheme.dimensions.length > 0 ? '0' : '');
  const byNode = useMemo(() => problemsByNode(problems), [problems]);
  const warningsByNode = useMemo(() => problemsByNode(warnings), [warnings]);
  const selectedPath: NodePath = keyPath(selected);
  const node = selected === '' ? undefined : nodeAt(scheme, selectedPath);

  const items = useMemo(() => {
    const build = (nodes: readonly SchemeNode[], prefix: number[]): TreeItem[] =>
      nodes.map((n, index) => {
        const path = [...prefix, index];
        const key = pathKey(path);
        const own = byNode.get(key)?.length ?? 0;
        return {
          key,
          title: (
            <span
              data-testid="scheme-node"
              data-node-key={n.key}
              data-node-path={key}
              data-problems={own}
              style={{ whiteSpace: 'normal' }}
            >
              <Typography.Text type={own > 0 ? 'danger' : undefined}>
                {labels.pick(n.label) || n.key}
              </Typography.Text>{' '}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {n.max === null ? '∞' : n.max}
                {n.method ? ` · ${t(`assess.scheme.methods.${n.method.kind}`)}` : ''}
              </Typography.Text>
              {own > 0 ? <Badge count={own} size="small" style={{ marginInlineStart: 6 }} /> : null}
            </span>
          ),
          children: n.children ? build(n.children, path) : undefined,
        };
      });
    return build(scheme.dimensions, []);
  }, [scheme.dimensions, byNode, labels, t]);

  const allKeys = useMemo(() => {
    const keys: string[] = [];
    const walk = (list: TreeItem[]) =>
      list.forEach((item) => {
        keys.push(item.key);
        walk(item.children ?? []);
      });
    walk(items);
    return keys;
  }, [items]);

  const where = (problem: SchemeProblem): string => {
    const { node: path, tab: at } = problemLocation(problem);
    if (!path) return t(`assess.scheme.tabs.${at}`);
    const names: string[] = [];
    for (let i = 1; i <= path.length; i++) {
      const n = nodeAt(scheme, path.slice(0, i));
      if (n) names.push(labels.pick(n.label) || n.key);
    }
    return names.join(' › ');
  };

  const goTo = (problem: SchemeProblem) => {
    const { node: path, tab: at } = problemLocation(problem);
    setTab(at);
    if (path) setSelected(pathKey(path));
  };

  const tabCount = (at: Tab) => problems.filter((p) => problemLocation(p).tab === at).length;
  const tabLabel = (at: Tab) => {
    const n = tabCount(at);
    return (
      <span data-testid={`scheme-tab-${at}`}>
        {t(`assess.scheme.tabs.${at}`)}
        {n > 0 ? <Badge count={n} size="small" style={{ marginInlineStart: 6 }} /> : null}
      </span>
    );
  };

  const listOf = (list: readonly SchemeProblem[], testId: string) => (
    <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 180, overflow: 'auto' }}>
      {list.map((p, i) => (
        <li key={i} data-testid={testId} data-path={p.path} data-code={p.code}>
          <Typography.Link onClick={() => goTo(p)}>{where(p)}</Typography.Link>
          {'：'}
          {labels.pick(p.message)}
        </li>
      ))}
    </ul>
  );
  const problemList = (
    <>
      {problems.length === 0 ? (
        <Alert
          type="success"
          showIcon
          title={t('assess.scheme.valid')}
          data-testid="scheme-valid"
          style={{ marginBottom: 12 }}
        />
      ) : (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="scheme-problems"
          title={t('assess.scheme.problemCount', { count: problems.length })}
          description={listOf(problems, 'scheme-problem')}
        />
      )}
      {warnings.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="scheme-warnings"
          title={t('assess.scheme.warnings', { count: warnings.length })}
          description={listOf(warnings, 'scheme-warning')}
        />
      ) : null}
    </>
  );

  const tree = (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={10} lg={9}>
        <Space style={{ marginBottom: 8 }} wrap>
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => {
              const next = addDimension(scheme, {
                'zh-CN': t('assess.scheme.tree.newDimension'),
                en: 'New dimension',
              });
              onChange(next);
              setSelected(String(next.dimensions.length - 1));
            }}
            data-testid="scheme-add-dimension"
          >
            {t('assess.scheme.tree.addDimension')}
          </Button>
        </Space>
        <div
          style={{ maxHeight: 560, overflow: 'auto', border: '1px solid #f0f0f0', borderRadius: 6 }}
        >
          <Tree<TreeItem>
            blockNode
            showLine
            treeData={items}
            expandedKeys={allKeys}
            selectedKeys={selected ? [selected] : []}
            onSelect={(keys) => {
              const key = keys[0];
              if (key !== undefined) setSelected(String(key));
            }}
            data-testid="scheme-tree"
          />
        </div>
      </Col>
      <Col xs={24} md={14} lg={15}>
        {node ? (
          <NodeForm
            key={selected}
            node={node}
            isDimension={selectedPath.length === 1}
            layers={[
              ...new Set([
                ...Object.values(scheme.layers?.byRank ?? {}),
                ...(scheme.layers ? [scheme.layers.default] : []),
              ]),
            ].filter((l) => l !== '')}
            problems={[...(byNode.get(selected) ?? []), ...(warningsByNode.get(selected) ?? [])]}
            onChange={(next) => onChange(updateNode(scheme, selectedPath, () => next))}
            onAddChild={() => {
              const next = addChild(scheme, selectedPath, {
                'zh-CN': t('assess.scheme.tree.newIndicator'),
                en: 'New indicator',
              });
              onChange(next);
              const count = nodeAt(next, selectedPath)?.children?.length ?? 1;
              setSelected(pathKey([...selectedPath, count - 1]));
            }}
            onMove={(delta) => {
              const index = selectedPath[selectedPath.length - 1] ?? 0;
              const target = [...selectedPath.slice(0, -1), index + delta];
              if (!nodeAt(scheme, target)) return;
              onChange(moveNode(scheme, selectedPath, delta));
              setSelected(pathKey(target));
            }}
            onRemove={() => {
              onChange(removeNode(scheme, selectedPath));
              setSelected(selectedPath.length > 1 ? pathKey(selectedPath.slice(0, -1)) : '');
            }}
          />
        ) : (
          <Empty description={t('assess.scheme.tree.selectHint')} />
        )}
      </Col>
    </Row>
  );

  return (
    <div data-testid="scheme-editor">
      {problemList}
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as Tab)}
        items={[
          { key: 'tree', label: tabLabel('tree'), children: tree },
          {
            key: 'coefficients',
            label: tabLabel('coefficients'),
            children: <CoefficientsForm scheme={scheme} onChange={onChange} />,
          },
          {
            key: 'results',
            label: tabLabel('results'),
            children: (
              <ResultRulesForm
                rules={scheme.results}
                onChange={(results) => onChange({ ...scheme, results })}
              />
            ),
          },
          {
            key: 'general',
            label: tabLabel('general'),
            children: <GeneralForm scheme={scheme} onChange={onChange} keyEditable={keyEditable} />,
          },
        ]}
      />
    </div>
  );
}
