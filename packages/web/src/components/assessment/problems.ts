import { useMemo } from 'react';
import { validateScheme, type Scheme } from '@tianheng/core';
import type { SchemeProblem } from '../../api/types.ts';
import { pathKey } from './scheme-model.ts';

/**
 * Where a problem sits: the index path of the tree node its `path` names
 * (`dimensions.0.children.2.method.rows` → `[0, 2]`), or null for problems outside the tree
 * (coefficients, result rules, the name), and the tab that shows it.
 */
export function problemLocation(problem: SchemeProblem): {
  node: number[] | null;
  tab: 'tree' | 'coefficients' | 'results' | 'general';
} {
  // Core writes `dimensions[0].children[2].method`; accept the dotted form too.
  const parts = problem.path.replace(/\[(\d+)\]/g, '.$1').split('.');
  if (parts[0] === 'dimensions') {
    const node: number[] = [];
    let i = 0;
    while (i + 1 < parts.length && (parts[i] === 'dimensions' || parts[i] === 'children')) {
      const index = Number(parts[i + 1]);
      if (!Number.isInteger(index)) break;
      node.push(index);
      i += 2;
    }
    return { node: node.length > 0 ? node : null, tab: 'tree' };
  }
  if (parts[0] === 'positionCoefficients' || parts[0] === 'layers' || parts[0] === 'commonCap')
    return { node: null, tab: 'coefficients' };
  if (parts[0] === 'results') return { node: null, tab: 'results' };
  return { node: null, tab: 'general' };
}

/** Problems grouped by the tree key of their node (`"0.2"`). */
export function problemsByNode(problems: readonly SchemeProblem[]): Map<string, SchemeProblem[]> {
  const map = new Map<string, SchemeProblem[]>();
  for (const problem of problems) {
    const { node } = problemLocation(problem);
    if (!node) continue;
    const key = pathKey(node);
    map.set(key, [...(map.get(key) ?? []), problem]);
  }
  return map;
}

/**
 * Live validation of a draft with core's `validateScheme` (the same function the server runs
 * before it stores a version): errors block saving, warnings are shown beside a valid scheme.
 */
export function useSchemeProblems(scheme: Scheme): {
  errors: readonly SchemeProblem[];
  warnings: readonly SchemeProblem[];
} {
  return useMemo(() => {
    const result = validateScheme(scheme);
    return { errors: result.ok ? [] : result.problems, warnings: result.warnings };
  }, [scheme]);
}
