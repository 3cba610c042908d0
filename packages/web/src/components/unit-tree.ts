import type { Unit } from '../api/types.ts';

/** A unit with its children, for trees. */
export interface UnitNode {
  unit: Unit;
  children: UnitNode[];
}

/**
 * Nest the flat list from GET /api/units. A unit whose parent is not visible becomes a
 * root, so nothing the server sent is lost.
 */
export function buildUnitTree(units: readonly Unit[]): UnitNode[] {
  const nodes = new Map(units.map((unit) => [unit.id, { unit, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const order = (list: UnitNode[]) => {
    list.sort(
      (a, b) => a.unit.sortOrder - b.unit.sortOrder || a.unit.name.localeCompare(b.unit.name, 'zh'),
    );
    for (const node of list) order(node.children);
  };
  order(roots);
  return roots;
}

/** A node for antd TreeSelect. */
export interface UnitOption {
  value: string;
  title: string;
  disabled?: boolean;
  children: UnitOption[];
}

/** TreeSelect data for the units, optionally disabling some. */
export function unitOptions(
  units: readonly Unit[],
  isDisabled?: (unit: Unit) => boolean,
): UnitOption[] {
  const convert = (node: UnitNode): UnitOption => ({
    value: node.unit.id,
    title: node.unit.name,
    disabled: isDisabled?.(node.unit) ?? false,
    children: node.children.map(convert),
  });
  return buildUnitTree(units).map(convert);
}

/** Names from the root down to the unit (`测试县 / 东城镇`), from the materialised path. */
export function unitTrail(unit: Unit, byId: ReadonlyMap<string, Unit>): string {
  return unit.path
    .split('/')
    .filter((id) => id !== '')
    .map((id) => byId.get(id)?.name ?? '…')
    .join(' / ');
}
