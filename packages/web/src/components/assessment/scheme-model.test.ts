import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hTownship2021Scheme, validateScheme, type Scheme, type SchemeNode } from '@tianheng/core';
import { centsTextToYuan, formatCents, yuanToCents } from './money.ts';
import { problemLocation, problemsByNode } from './problems.ts';
import {
  addChild,
  addDimension,
  defaultMethod,
  freshKey,
  keyPath,
  moveNode,
  nodeAt,
  pathKey,
  pathOfKey,
  removeNode,
  updateNode,
} from './scheme-model.ts';

const scheme: Scheme = hTownship2021Scheme;
const label = { 'zh-CN': '新', en: 'New' };

function keys(nodes: readonly SchemeNode[]): string[] {
  return nodes.flatMap((n) => [n.key, ...keys(n.children ?? [])]);
}

describe('nodeAt / pathOfKey', () => {
  it('finds every node by the path of its key', () => {
    for (const key of keys(scheme.dimensions)) {
      const path = pathOfKey(scheme, key);
      expect(path).toBeDefined();
      expect(nodeAt(scheme, path ?? [])?.key).toBe(key);
    }
  });
  it.each([[[99]], [[0, 99]], [[0, 0, 0, 0, 0]]])('is undefined past the tree at %j', (path) => {
    expect(nodeAt(scheme, path)).toBeUndefined();
  });
  it.each([
    [[0], '0'],
    [[2, 0, 1], '2.0.1'],
    [[], ''],
  ])('pathKey(%j) = %j and back', (path, key) => {
    expect(pathKey(path)).toBe(key);
    expect(keyPath(key)).toEqual(path);
  });
});

describe('tree edits', () => {
  it('moves a node among its siblings and back, leaving the rest alone', () => {
    const first = scheme.dimensions[0]?.children ?? [];
    expect(first.length).toBeGreaterThan(1);
    const moved = moveNode(scheme, [0, 0], 1);
    expect(nodeAt(moved, [0, 1])?.key).toBe(first[0]?.key);
    expect(nodeAt(moved, [0, 0])?.key).toBe(first[1]?.key);
    expect(moveNode(moved, [0, 1], -1)).toEqual(scheme);
  });
  it.each([
    [[0, 0], -1],
    [[0], -1],
  ] as const)('does nothing when %j cannot move %i', (path, delta) => {
    expect(moveNode(scheme, path, delta)).toEqual(scheme);
  });
  it('removes a node with its subtree', () => {
    const removed = removeNode(scheme, [0]);
    expect(removed.dimensions).toHaveLength(scheme.dimensions.length - 1);
    expect(keys(removed.dimensions)).not.toContain(scheme.dimensions[0]?.key);
  });
  it('adds a child with a fresh key; a leaf that gets a child becomes a group', () => {
    const leaf = pathOfKey(scheme, 'discretionary') ?? [];
    const next = addChild(scheme, leaf, label);
    const group = nodeAt(next, leaf);
    expect(group?.method).toBeUndefined();
    expect(group?.children).toHaveLength(1);
    expect(keys(scheme.dimensions)).not.toContain(group?.children?.[0]?.key);
  });
  it('adds a dimension at the end', () => {
    const next = addDimension(scheme, label);
    expect(next.dimensions).toHaveLength(scheme.dimensions.length + 1);
    expect(next.dimensions.at(-1)?.label).toEqual(label);
  });
  it('never edits the scheme it was given', () => {
    const copy = structuredClone(scheme);
    updateNode(scheme, [0, 0], (n) => ({ ...n, max: '1' }));
    removeNode(scheme, [1]);
    moveNode(scheme, [0, 0], 1);
    expect(scheme).toEqual(copy);
  });
  it('freshKey avoids every key in use', () => {
    fc.assert(
      fc.property(fc.constantFrom('ind', 'dim', 'x'), (stem) => {
        expect(keys(scheme.dimensions)).not.toContain(freshKey(scheme, stem));
      }),
    );
  });
  it('a new method of every kind validates in a leaf (core decides, not the web)', () => {
    const kinds = [
      'deduction',
      'graded-choice',
      'rank-table',
      'rating-average',
      'task-force',
      'clause',
      'discretionary',
      'workflow',
    ] as const;
    for (const kind of kinds) {
      const path = pathOfKey(scheme, 'discretionary') ?? [];
      const next = updateNode(scheme, path, (n) => ({ ...n, method: defaultMethod(kind) }));
      const result = validateScheme(next);
      const here = result.ok ? [] : result.problems.filter((p) => p.path.includes('children'));
      // Empty tables may be reported, but never as an unknown method.
      expect(here.map((p) => p.code)).not.toContain('method-unknown');
    }
  });
});

describe('problemLocation', () => {
  it.each([
    ['dimensions[0].children[2].method.rows[1]', [0, 2], 'tree'],
    ['dimensions.1.children.0.max', [1, 0], 'tree'],
    ['dimensions[3]', [3], 'tree'],
    ['positionCoefficients.byRank.fuke', null, 'coefficients'],
    ['layers.default', null, 'coefficients'],
    ['results.grades.excellentQuota', null, 'results'],
    ['name', null, 'general'],
    ['', null, 'general'],
  ])('%j → node %j on tab %s', (path, node, tab) => {
    expect(
      problemLocation({ code: 'x', path, message: label, severity: 'error' } as never),
    ).toEqual({ node, tab });
  });
  it('groups the problems of a broken rank table under its node', () => {
    const path = pathOfKey(scheme, 'module-rank') ?? [];
    const broken = updateNode(scheme, path, (n) =>
      n.method?.kind === 'rank-table'
        ? {
            ...n,
            method: {
              ...n.method,
              rows: n.method.rows.map((r, i) => (i === 1 ? { ...r, from: 3 } : r)),
            },
          }
        : n,
    );
    const result = validateScheme(broken);
    expect(result.ok).toBe(false);
    const byNode = problemsByNode(result.ok ? [] : result.problems);
    expect(byNode.get(pathKey(path))?.length).toBeGreaterThan(0);
  });
});

describe('money', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [123456, '1,234.56'],
    [-100, '-1.00'],
    [100000000, '1,000,000.00'],
    [null, '—'],
  ])('formatCents(%j) = %s', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });
  it.each([
    ['1234.5', 123450],
    ['1,000', 100000],
    [' 0.01 ', 1],
    ['-1', null],
    ['1.001', null],
    ['abc', null],
    ['', null],
  ])('yuanToCents(%j) = %j', (text, cents) => {
    expect(yuanToCents(text)).toBe(cents);
  });
  it.each([
    ['3401.01', '34.0101'],
    ['100', '1.00'],
    ['5', '0.05'],
    ['0.5', '0.005'],
    ['123456.7891', '1234.567891'],
  ])('centsTextToYuan(%j) = %s', (cents, yuan) => {
    expect(centsTextToYuan(cents)).toBe(yuan);
  });
  it('round-trips any amount exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (cents) => {
        expect(yuanToCents(formatCents(cents))).toBe(cents);
      }),
    );
  });
});
