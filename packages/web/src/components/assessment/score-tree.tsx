import { useState } from 'react';
import { Button, Drawer, Empty, List, Tag, Typography, theme } from 'antd';
import { FileSearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { FactRow, ScoreNode } from '../../api/types.ts';
import { useLabels } from '../../i18n/index.ts';
import { useIsMobile } from '../use-mobile.ts';
import { FactCard } from './fact-card.tsx';

/** Every fact id under a node (a group shows the facts of all its leaves). */
function factIdsUnder(node: ScoreNode): string[] {
  return [...node.factIds, ...node.children.flatMap(factIdsUnder)];
}

function NodeRow({
  node,
  depth,
  onOpen,
}: {
  node: ScoreNode;
  depth: number;
  onOpen: (node: ScoreNode) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { token } = theme.useToken();
  const ids = factIdsUnder(node);
  return (
    <>
      <div
        data-testid="score-node"
        data-node-key={node.key}
        data-depth={depth}
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 8,
          padding: '8px 0',
          paddingInlineStart: depth * 16,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
          background: depth === 0 ? token.colorFillQuaternary : undefined,
        }}
      >
        <div style={{ flex: 1, minWidth: 0 }}>
          <Typography.Text strong={depth === 0}>
            {labels.pick(node.label) || node.key}
          </Typography.Text>
          {node.method ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
              {t(`assess.scheme.methods.${node.method as 'deduction'}`, {
                defaultValue: node.method,
              })}
            </Typography.Text>
          ) : null}
          {node.explain.length > 0 ? (
            <div>
              {node.explain.map((line, i) => (
                <Typography.Text
                  key={i}
                  type="secondary"
                  style={{ fontSize: 12, display: 'block' }}
                  data-testid="score-explain"
                >
                  {labels.pick(line)}
                </Typography.Text>
              ))}
            </div>
          ) : null}
        </div>
        <div style={{ textAlign: 'end', whiteSpace: 'nowrap' }}>
          <Button
            type={ids.length > 0 ? 'link' : 'text'}
            size="small"
            onClick={() => onOpen(node)}
            icon={ids.length > 0 ? <FileSearchOutlined /> : undefined}
            data-testid="score-points"
            data-facts={ids.length}
            aria-label={t('assess.score.openFacts')}
            style={{ paddingInline: 4, fontWeight: depth === 0 ? 600 : undefined }}
          >
            {node.points}
          </Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            / {node.max ?? t('assess.score.uncapped')}
          </Typography.Text>
          {node.capped ? (
            <Tag color="orange" style={{ marginInlineStart: 4 }} data-testid="score-capped">
              {t('assess.score.capped')} {node.raw}
            </Tag>
          ) : null}
        </div>
      </div>
      {node.children.map((child) => (
        <NodeRow key={child.key} node={child} depth={depth + 1} onOpen={onOpen} />
      ))}
    </>
  );
}

/**
 * The breakdown tree (dimension → indicator → sub-indicator) with points and caps; every
 * point opens a drawer with the facts behind it and how they were counted.
 */
export function ScoreTree({ nodes, facts }: { nodes: ScoreNode[]; facts: FactRow[] }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const isMobile = useIsMobile();
  const [open, setOpen] = useState<ScoreNode | null>(null);
  const byId = new Map(facts.map((f) => [f.id, f]));
  const shown = open ? factIdsUnder(open).flatMap((id) => byId.get(id) ?? []) : [];
  return (
    <div data-testid="score-tree">
      {nodes.map((node) => (
        <NodeRow key={node.key} node={node} depth={0} onOpen={setOpen} />
      ))}
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        placement={isMobile ? 'bottom' : 'right'}
        size={isMobile ? '85%' : 520}
        title={
          open ? (
            <span>
              {labels.pick(open.label)} · {open.points}
            </span>
          ) : null
        }
        data-testid="score-facts-drawer"
      >
        {open && open.explain.length > 0 ? (
          <List
            size="small"
            header={<Typography.Text strong>{t('assess.score.explain')}</Typography.Text>}
            dataSource={open.explain}
            renderItem={(line) => <List.Item>{labels.pick(line)}</List.Item>}
            style={{ marginBottom: 12 }}
          />
        ) : null}
        <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
          {t('assess.score.facts')}
        </Typography.Text>
        {shown.length === 0 ? (
          <Empty description={t('assess.score.noFacts')} data-testid="score-no-facts" />
        ) : (
          shown.map((fact) => <FactCard key={fact.id} fact={fact} />)
        )}
      </Drawer>
    </div>
  );
}
