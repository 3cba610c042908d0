import { useEffect, useState } from 'react';
import type { Scheme } from '@tianheng/core';
import { api } from '../../api/endpoints.ts';
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
  const parts = problem.path.split('.');
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
 * Live validation of a draft: core's `validateScheme`, run by the server's
 * `POST /api/schemes/validate` a moment after the last edit. `null` while the first answer
 * is on its way.
 */
export function useSchemeProblems(scheme: Scheme, delayMs = 250): SchemeProblem[] | null {
  const [problems, setProblems] = useState<SchemeProblem[] | null>(null);
  const serialized = JSON.stringify(scheme);
  useEffect(() => {
    let current = true;
    const timer = window.setTimeout(() => {
      api.validateScheme(JSON.parse(serialized)).then(
        (answer) => {
          if (current) setProblems(answer.problems);
        },
        (error: unknown) => {
          if (current)
            setProblems([
              {
                code: 'validation-unavailable',
                path: '',
                message: {
                  'zh-CN': error instanceof Error ? error.message : String(error),
                  en: error instanceof Error ? error.message : String(error),
                },
              },
            ]);
        },
      );
    }, delayMs);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [serialized, delayMs]);
  return problems;
}
