import type {
  Label,
  Method,
  MethodKind,
  Scheme,
  SchemeDimension,
  SchemeNode,
} from '@tianheng/core';

/**
 * Editing helpers for a scheme held as plain data. A node is addressed by its index path
 * from the top: `[2]` is the third dimension, `[2, 0]` its first child, and so on. Every
 * helper returns a new scheme; nothing is edited in place. No scoring or validation rule
 * lives here: those are core's (`validateScheme`).
 */
export type NodePath = readonly number[];

/** The tree key of a path (`"2.0"`), and back. */
export const pathKey = (path: NodePath): string => path.join('.');
export const keyPath = (key: string): number[] =>
  key === '' ? [] : key.split('.').map((part) => Number(part));

/** The node at a path, or undefined. */
export function nodeAt(scheme: Scheme, path: NodePath): SchemeNode | undefined {
  let list: readonly SchemeNode[] = scheme.dimensions;
  let node: SchemeNode | undefined;
  for (const index of path) {
    node = list[index];
    if (!node) return undefined;
    list = node.children ?? [];
  }
  return node;
}

function updateList(
  list: readonly SchemeNode[],
  path: NodePath,
  change: (siblings: SchemeNode[], index: number) => SchemeNode[],
): SchemeNode[] {
  const [head, ...rest] = path;
  if (head === undefined) return [...list];
  if (rest.length === 0) return change([...list], head);
  return list.map((node, index) =>
    index === head ? { ...node, children: updateList(node.children ?? [], rest, change) } : node,
  );
}

function withList(
  scheme: Scheme,
  path: NodePath,
  change: (siblings: SchemeNode[], index: number) => SchemeNode[],
): Scheme {
  return {
    ...scheme,
    dimensions: updateList(scheme.dimensions, path, change) as SchemeDimension[],
  };
}

/** Replace the node at a path with `update(node)`. */
export function updateNode(
  scheme: Scheme,
  path: NodePath,
  update: (node: SchemeNode) => SchemeNode,
): Scheme {
  return withList(scheme, path, (siblings, index) => {
    const node = siblings[index];
    if (node) siblings[index] = update(node);
    return siblings;
  });
}

/** Remove the node at a path. */
export function removeNode(scheme: Scheme, path: NodePath): Scheme {
  return withList(scheme, path, (siblings, index) => siblings.filter((_, i) => i !== index));
}

/** Move the node at a path one place up (-1) or down (+1) among its siblings. */
export function moveNode(scheme: Scheme, path: NodePath, delta: -1 | 1): Scheme {
  return withList(scheme, path, (siblings, index) => {
    const target = index + delta;
    const node = siblings[index];
    const other = siblings[target];
    if (!node || !other) return siblings;
    siblings[index] = other;
    siblings[target] = node;
    return siblings;
  });
}

/** A key not used anywhere in the scheme, from a stem (`node-3`). */
export function freshKey(scheme: Scheme, stem: string): string {
  const used = new Set<string>();
  const walk = (nodes: readonly SchemeNode[]) => {
    for (const node of nodes) {
      used.add(node.key);
      walk(node.children ?? []);
    }
  };
  walk(scheme.dimensions);
  for (let n = 1; ; n++) if (!used.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

/** Add a new dimension at the end. */
export function addDimension(scheme: Scheme, label: Label): Scheme {
  const dimension: SchemeDimension = {
    key: freshKey(scheme, 'dim'),
    label,
    max: null,
    part: 'individual',
    children: [],
  };
  return { ...scheme, dimensions: [...scheme.dimensions, dimension] };
}

/**
 * Add a leaf under the node at `path`. A leaf that receives a child becomes a group: its
 * method moves to nobody (a group's points are the sum of its children's).
 */
export function addChild(scheme: Scheme, path: NodePath, label: Label): Scheme {
  const child: SchemeNode = {
    key: freshKey(scheme, 'ind'),
    label,
    max: null,
    method: defaultMethod('discretionary'),
  };
  return updateNode(scheme, path, (node) => {
    return { ...omit(node, 'method', 'factScope'), children: [...(node.children ?? []), child] };
  });
}

/** A fresh method of a kind, with the fields the kind requires. */
export function defaultMethod(kind: MethodKind): Method {
  switch (kind) {
    case 'deduction':
      return { kind, items: [] };
    case 'graded-choice':
      return { kind, options: [], missing: { kind: 'zero' } };
    case 'rank-table':
      return {
        kind,
        rows: [],
        ties: 'best',
        outOfTable: { kind: 'zero' },
        missing: { kind: 'zero' },
      };
    case 'external-lookup':
      return { kind, link: 'villages', ranks: [], combine: 'mean', missing: { kind: 'zero' } };
    case 'rating-average':
      return { kind, scaleMax: '100', groups: [], missingGroup: 'renormalise' };
    case 'task-force':
      return { kind };
    case 'clause':
      return { kind, clauses: [] };
    case 'discretionary':
      return { kind };
    case 'threshold':
      return { kind, metric: '', aggregate: 'mean', rows: [], missing: { kind: 'zero' } };
    case 'workflow':
    case 'okr':
    case 'kpi':
      return { kind };
  }
}

/** Every leaf (a node with a method) with its path, depth-first. */
export function leaves(scheme: Scheme): { path: number[]; node: SchemeNode }[] {
  const found: { path: number[]; node: SchemeNode }[] = [];
  const walk = (nodes: readonly SchemeNode[], prefix: number[]) =>
    nodes.forEach((node, index) => {
      const path = [...prefix, index];
      if (node.method) found.push({ path, node });
      walk(node.children ?? [], path);
    });
  walk(scheme.dimensions, []);
  return found;
}

/** Find the path of the node with a key (keys are unique in a valid scheme). */
export function pathOfKey(scheme: Scheme, key: string): number[] | undefined {
  let found: number[] | undefined;
  const walk = (nodes: readonly SchemeNode[], prefix: number[]) =>
    nodes.forEach((node, index) => {
      const path = [...prefix, index];
      if (found === undefined && node.key === key) found = path;
      walk(node.children ?? [], path);
    });
  walk(scheme.dimensions, []);
  return found;
}

/** Set one value inside a nested plain object by a path of keys (for the form's onChange). */
export function setIn<T>(value: T, path: readonly (string | number)[], next: unknown): T {
  const [head, ...rest] = path;
  if (head === undefined) return next as T;
  if (Array.isArray(value)) {
    const copy = [...(value as unknown[])];
    copy[head as number] = setIn(copy[head as number], rest, next);
    return copy as T;
  }
  const record = (value ?? {}) as Record<string, unknown>;
  const updated = { ...record, [head]: setIn(record[head], rest, next) };
  if (next === undefined && rest.length === 0) delete updated[head];
  return updated as T;
}

/** A copy of an object without some keys (optional fields are left out, not set to undefined). */
export function omit<T extends object, K extends keyof T>(value: T, ...drop: K[]): Omit<T, K> {
  const copy = { ...value };
  for (const key of drop) delete copy[key];
  return copy;
}
