import type { Visibility } from './access.ts';
import type { Rank } from './people.ts';

/** What the people list (人员列表) filters and sorts a person on. */
export interface PeopleListEntry {
  readonly personId: string;
  readonly staffNo: string;
  readonly name: string;
  /** The unit of the current assignment and its materialised path (`/id/id/`). */
  readonly unitId: string;
  readonly unitPath: string;
  readonly rank: Rank;
  readonly lines: readonly { readonly id: string }[];
}

/** Filters of the people list, as the API takes them. */
export interface PeopleListFilter {
  /** Part of a name or staff number, case-insensitive; blank means no filter. */
  readonly q?: string;
  readonly unitId?: string;
  /** With `unitId`: include the units below it (default true). */
  readonly subtree?: boolean;
  readonly rank?: Rank;
  readonly lineId?: string;
}

/**
 * Order of the people list: staff number, then person id, both by code point (the SQL
 * sorts with `COLLATE "C"`, so the database's locale does not matter).
 */
export function comparePeople(
  a: Pick<PeopleListEntry, 'staffNo' | 'personId'>,
  b: Pick<PeopleListEntry, 'staffNo' | 'personId'>,
): number {
  return compareCodePoints(a.staffNo, b.staffNo) || compareCodePoints(a.personId, b.personId);
}

/** Compare strings by Unicode code point (UTF-16 `<` differs for characters above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : 1;
}

/** The matcher without any test (no filter, whole tenant visible): lets callers skip filtering. */
const everyone = (): boolean => true;

/**
 * Whether a person passes the list's filters and the caller's visibility: the same rules
 * the SQL of the people list applies (`q` as ILIKE on name or staff number, `unitId` with
 * or without its subtree, `rank`, `lineId`; visibility by path prefix, unit or person).
 * `unitPaths` maps the tenant's unit ids to paths; an unknown `unitId` matches nobody.
 */
export function peopleListMatcher(
  unitPaths: ReadonlyMap<string, string>,
  visibility: Visibility,
  filter: PeopleListFilter,
): (person: PeopleListEntry) => boolean {
  if (visibility.kind === 'none') return () => false;
  const tests: ((p: PeopleListEntry) => boolean)[] = [];
  const q = filter.q?.trim() ?? '';
  if (q !== '') {
    const needle = q.toLowerCase();
    tests.push(
      (p) => p.name.toLowerCase().includes(needle) || p.staffNo.toLowerCase().includes(needle),
    );
  }
  const { unitId } = filter;
  if (unitId !== undefined) {
    if (filter.subtree === false) tests.push((p) => p.unitId === unitId);
    else {
      const rootPath = unitPaths.get(unitId);
      if (rootPath === undefined) return () => false;
      tests.push((p) => p.unitPath.startsWith(rootPath));
    }
  }
  const { rank, lineId } = filter;
  if (rank !== undefined) tests.push((p) => p.rank === rank);
  if (lineId !== undefined) tests.push((p) => p.lines.some((l) => l.id === lineId));
  if (visibility.kind === 'some') {
    const units = new Set(visibility.unitIds);
    const people = new Set(visibility.personIds);
    const prefixes = visibility.pathPrefixes;
    tests.push(
      (p) =>
        prefixes.some((prefix) => p.unitPath.startsWith(prefix)) ||
        units.has(p.unitId) ||
        people.has(p.personId),
    );
  }
  if (tests.length === 0) return everyone;
  if (tests.length === 1) return tests[0] as (p: PeopleListEntry) => boolean;
  return (p) => tests.every((t) => t(p));
}

/**
 * The people list from a tenant's whole directory, already in {@link comparePeople} order:
 * the matching people (see {@link peopleListMatcher}), a page of them and their total.
 */
export function filterPeople<T extends PeopleListEntry>(
  directory: readonly T[],
  unitPaths: ReadonlyMap<string, string>,
  visibility: Visibility,
  filter: PeopleListFilter,
  page: { readonly page: number; readonly pageSize: number } | null,
): { items: T[]; total: number } {
  const matches = peopleListMatcher(unitPaths, visibility, filter);
  const all: readonly T[] = matches === everyone ? directory : directory.filter(matches);
  if (page === null) return { items: all.slice(), total: all.length };
  const start = (page.page - 1) * page.pageSize;
  return { items: all.slice(start, start + page.pageSize), total: all.length };
}
