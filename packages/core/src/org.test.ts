import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  allowedParentKinds,
  canNest,
  childPath,
  isWithin,
  rebasePath,
  unitKindLabels,
  unitKinds,
  validateMove,
  type UnitKind,
} from './org.ts';

describe(canNest, () => {
  it.each([
    ['county', null, true],
    ['county', 'county', false],
    ['town', 'county', true],
    ['street', 'county', true],
    ['township', 'county', true],
    ['town', 'town', false],
    ['town', null, false],
    ['department', 'county', true],
    ['department', 'department', false],
    ['section', 'town', true],
    ['section', 'street', true],
    ['section', 'township', true],
    ['section', 'department', true],
    ['section', 'county', false],
    ['section', 'section', false],
    ['village', 'town', true],
    ['village', 'township', true],
    ['village', 'department', false],
    ['village', 'county', false],
    ['task_force', 'county', true],
    ['task_force', 'town', true],
    ['task_force', 'department', true],
    ['task_force', 'section', false],
    ['task_force', 'task_force', false],
  ] as const)('%s under %s → %s', (kind, parent, expected) => {
    expect(canNest(kind, parent)).toBe(expected);
  });

  it('lets only a county be a root', () => {
    expect(unitKinds.filter((k) => canNest(k, null))).toEqual(['county']);
  });

  it('has a label in both languages and a parent rule for every kind', () => {
    for (const kind of unitKinds) {
      expect(unitKindLabels[kind]['zh-CN']).not.toBe('');
      expect(unitKindLabels[kind].en).not.toBe('');
      expect(allowedParentKinds[kind].length).toBeGreaterThan(0);
    }
  });
});

describe(childPath, () => {
  it.each([
    [null, 'a', '/a/'],
    ['/a/', 'b', '/a/b/'],
    ['/a/b/', 'c', '/a/b/c/'],
  ])('%s + %s → %s', (parent, id, expected) => {
    expect(childPath(parent, id)).toBe(expected);
  });
});

describe(isWithin, () => {
  it.each([
    ['/a/', '/a/', true],
    ['/a/b/', '/a/', true],
    ['/a/', '/a/b/', false],
    ['/ab/', '/a/', false],
    ['/x/a/', '/a/', false],
  ])('%s within %s → %s', (path, ancestor, expected) => {
    expect(isWithin(path, ancestor)).toBe(expected);
  });
});

describe(validateMove, () => {
  const county = { kind: 'county' as const, path: '/c/' };
  const town = { kind: 'town' as const, path: '/c/t/' };
  const town2 = { kind: 'town' as const, path: '/c/t2/' };
  const section = { kind: 'section' as const, path: '/c/t/s/' };
  const village = { kind: 'village' as const, path: '/c/t/v/' };
  const dept = { kind: 'department' as const, path: '/c/d/' };

  it.each([
    ['section to another town', section, town2, { ok: true, value: true }],
    ['section to a department', section, dept, { ok: true, value: true }],
    ['village to another town', village, town2, { ok: true, value: true }],
    [
      'a unit under itself',
      town,
      town,
      { ok: false, reason: 'unit-move-cycle', field: 'parentId' },
    ],
    [
      'a unit under its own child',
      town,
      section,
      { ok: false, reason: 'unit-move-cycle', field: 'parentId' },
    ],
    [
      'the root under a descendant',
      county,
      dept,
      { ok: false, reason: 'unit-move-cycle', field: 'parentId' },
    ],
    [
      'a village under a department',
      village,
      dept,
      { ok: false, reason: 'unit-parent-kind-invalid', field: 'parentId' },
    ],
    [
      'a section under the county',
      section,
      county,
      { ok: false, reason: 'unit-parent-kind-invalid', field: 'parentId' },
    ],
  ] as const)('%s', (_label, unit, parent, expected) => {
    expect(validateMove(unit, parent)).toEqual(expected);
  });

  it('does not mistake a sibling with a longer id for a descendant', () => {
    const t = { kind: 'town' as const, path: '/c/t/' };
    const lookalike = { kind: 'town' as const, path: '/c/t2/' };
    const s = { kind: 'section' as const, path: '/c/t/s/' };
    expect(validateMove(s, lookalike).ok).toBe(true);
    expect(validateMove(t, { kind: 'county', path: '/c/' }).ok).toBe(true);
  });

  it('reports a cycle before a kind mismatch', () => {
    expect(validateMove(town, section)).toMatchObject({ reason: 'unit-move-cycle' });
  });
});

describe(rebasePath, () => {
  it.each([
    ['the moved unit itself', '/c/t/s/', '/c/t/s/', '/c/d/s/', '/c/d/s/'],
    ['a descendant', '/c/t/s/x/', '/c/t/s/', '/c/d/s/', '/c/d/s/x/'],
    ['an unrelated unit', '/c/d/y/', '/c/t/s/', '/c/d/s/', '/c/d/y/'],
    ['a sibling sharing a prefix', '/c/t/s2/', '/c/t/s/', '/c/d/s/', '/c/t/s2/'],
  ])('%s', (_label, path, oldPath, newPath, expected) => {
    expect(rebasePath(path, oldPath, newPath)).toBe(expected);
  });

  // Paths built from a random tree of segment ids.
  const segment = fc.stringMatching(/^[a-z0-9]{1,4}$/);
  const pathOf = (segments: readonly string[]) =>
    segments.reduce<string | null>((p, id) => childPath(p, id), null) ?? '/';

  it('keeps every descendant of the moved unit within its new place (property)', () => {
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.array(segment, { maxLength: 3 }),
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        (unitSegs, belowSegs, newParentSegs) => {
          const oldPath = pathOf(unitSegs);
          const unitId = unitSegs[unitSegs.length - 1]!;
          const newPath = childPath(pathOf(newParentSegs), unitId);
          const descendant = pathOf([...unitSegs, ...belowSegs]);
          const rebased = rebasePath(descendant, oldPath, newPath);
          expect(isWithin(rebased, newPath)).toBe(true);
          expect(isWithin(rebased, pathOf(newParentSegs))).toBe(true);
          // The part below the moved unit is unchanged.
          expect(rebased.slice(newPath.length)).toBe(descendant.slice(oldPath.length));
          expect(rebasePath(rebased, newPath, oldPath)).toBe(descendant);
        },
      ),
    );
  });

  it('leaves every path outside the moved subtree alone (property)', () => {
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        (unitSegs, otherSegs, newParentSegs) => {
          const oldPath = pathOf(unitSegs);
          const other = pathOf(otherSegs);
          fc.pre(!isWithin(other, oldPath));
          const newPath = childPath(pathOf(newParentSegs), unitSegs[unitSegs.length - 1]!);
          expect(rebasePath(other, oldPath, newPath)).toBe(other);
        },
      ),
    );
  });

  it('never produces a path in which a unit is its own ancestor after a valid move (property)', () => {
    const kinds: readonly UnitKind[] = unitKinds;
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...kinds),
        fc.constantFrom(...kinds),
        (unitSegs, parentSegs, kind, parentKind) => {
          const unit = { kind, path: pathOf(unitSegs) };
          const parent = { kind: parentKind, path: pathOf(parentSegs) };
          const result = validateMove(unit, parent);
          if (result.ok) {
            expect(isWithin(parent.path, unit.path)).toBe(false);
            expect(canNest(kind, parentKind)).toBe(true);
          }
        },
      ),
    );
  });
});
