import type { LocalText } from './i18n.ts';
import { fail, ok, type Result } from './result.ts';

/** Kinds of organisational unit. */
export const unitKinds = [
  'county',
  'street',
  'town',
  'township',
  'department',
  'section',
  'village',
  'task_force',
] as const;
/** A unit kind (县, 街道, 镇, 乡, 部门, 股室/站所, 村/社区, 专班). */
export type UnitKind = (typeof unitKinds)[number];

/** Display names of unit kinds. */
export const unitKindLabels: Readonly<Record<UnitKind, LocalText>> = {
  county: { 'zh-CN': '县', en: 'County' },
  street: { 'zh-CN': '街道', en: 'Street' },
  town: { 'zh-CN': '镇', en: 'Town' },
  township: { 'zh-CN': '乡', en: 'Township' },
  department: { 'zh-CN': '部门', en: 'Department' },
  section: { 'zh-CN': '股室/站所', en: 'Section' },
  village: { 'zh-CN': '村/社区', en: 'Village' },
  task_force: { 'zh-CN': '专班', en: 'Task force' },
};

const grassroots: readonly UnitKind[] = ['street', 'town', 'township'];

/** Which parent kinds each kind may sit under; `null` marks the root. */
export const allowedParentKinds: Readonly<Record<UnitKind, readonly (UnitKind | null)[]>> = {
  county: [null],
  street: ['county'],
  town: ['county'],
  township: ['county'],
  department: ['county'],
  section: [...grassroots, 'department'],
  village: grassroots,
  task_force: ['county', ...grassroots, 'department'],
};

/** True when a unit of `kind` may sit under a parent of `parentKind` (null = root). */
export function canNest(kind: UnitKind, parentKind: UnitKind | null): boolean {
  return allowedParentKinds[kind].includes(parentKind);
}

/** The materialised path of a unit: its parent's path plus its own id. */
export function childPath(parentPath: string | null, unitId: string): string {
  return `${parentPath ?? '/'}${unitId}/`;
}

/** True when `path` is `ancestorPath` or lies below it. */
export function isWithin(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}

/** Check a move of a unit under a new parent: kinds must nest and no cycles. */
export function validateMove(
  unit: { kind: UnitKind; path: string },
  newParent: { kind: UnitKind; path: string },
): Result<true, 'unit-move-cycle' | 'unit-parent-kind-invalid'> {
  if (isWithin(newParent.path, unit.path)) return fail('unit-move-cycle', 'parentId');
  if (!canNest(unit.kind, newParent.kind)) return fail('unit-parent-kind-invalid', 'parentId');
  return ok(true);
}

/** Rewrite the path of a descendant when its ancestor moves from `oldPath` to `newPath`. */
export function rebasePath(path: string, oldPath: string, newPath: string): string {
  return isWithin(path, oldPath) ? newPath + path.slice(oldPath.length) : path;
}
