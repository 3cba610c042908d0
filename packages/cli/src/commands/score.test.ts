import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hTownship2021Scheme, type PeriodResults, type ScoreSheet } from '@tianheng/core';
import { runCli } from '../program.ts';
import { repoRoot } from '../testing.ts';

const examples = join(repoRoot, 'docs/examples');
const scheme = join(examples, 'h-township-2021.scheme.json');
const facts = join(examples, 'facts.json');
const org = join(examples, 'org.json');

/** The example files, scored as the docs show. */
const exampleArgs = ['score', '--scheme', scheme, '--facts', facts, '--org', org];

async function cli(args: readonly string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(args, process.env, {
    info: (text) => stdout.push(text),
    error: (text) => stderr.push(text),
  });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

interface Report {
  sheet: ScoreSheet;
  results: PeriodResults;
}

describe('tianheng score', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tianheng-score-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('ships the H-township template as the example scheme, unchanged', async () => {
    expect(JSON.parse(await readFile(scheme, 'utf8'))).toEqual(hTownship2021Scheme);
  });

  // Worked by hand from Table 1 of seed 004 (see docs/examples/README.md).
  it.each([
    ['p3', '98.00', '8.00', '1.4', '148.40', 1, 'excellent'],
    ['p1', '97.50', '8.00', '1', '105.50', 2, 'competent'],
    ['p5', '95.00', '7.00', '1', '102.00', 3, 'competent'],
    ['p2', '84.00', '2.00', '1', '86.00', 4, 'competent'],
    ['p4', '61.00', '-2.00', '1.2', '70.80', 5, 'competent'],
  ])(
    'scores %s of the example: common %s, individual %s, × %s = %s, rank %i, %s',
    async (personId, common, individual, coefficient, index, rank, grade) => {
      const { code, stdout, stderr } = await cli(exampleArgs);
      expect(code, stderr).toBe(0);
      const report = JSON.parse(stdout) as Report;
      const person = report.sheet.people.find((p) => p.personId === personId);
      expect(person).toMatchObject({ common, individual, index });
      expect(Number(person?.coefficient)).toBe(Number(coefficient));
      const result = report.results.people.find((p) => p.personId === personId);
      expect(result?.ranks.tenant.rank).toBe(rank);
      expect(result?.grade.grade).toBe(grade);
    },
  );

  it('counts a correction instead of the fact it supersedes, and names the facts behind points', async () => {
    const { stdout } = await cli(exampleArgs);
    const report = JSON.parse(stdout) as Report;
    const p2 = report.sheet.people.find((p) => p.personId === 'p2');
    const conduct = p2?.nodes.find((n) => n.key === 'conduct');
    const workStyle = conduct?.children.find((n) => n.key === 'work-style');
    expect(workStyle?.points).toBe('7.00');
    expect(workStyle?.factIds).toEqual(['p2-7']);
  });

  it('prints a table with person, unit, common, individual, coefficient, index and rank', async () => {
    const { code, stdout } = await cli([...exampleArgs, '--format', 'table']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[1]).toMatch(
      /人员 person.*单位 unit.*共性 common.*个性 individual.*系数.*指数 index/,
    );
    expect(lines[3]).toMatch(
      /^\s*1\s+王海燕\s+H乡党政办\s+98\.00\s+8\.00\s+1\.4\s+148\.40\s+1\s+优秀$/,
    );
    expect(lines[7]).toMatch(/^\s*5\s+赵明\s+.*70\.80/);
  });

  it('scores without an org file: the people are those the facts are about', async () => {
    const { code, stdout } = await cli(['score', '--scheme', scheme, '--facts', facts]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.sheet.people.map((p) => p.personId)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    // No villages are linked without an org: p1 loses the 20 village points, coefficients are 1.
    expect(report.sheet.people.find((p) => p.personId === 'p1')?.index).toBe('85.50');
    expect(report.sheet.people.find((p) => p.personId === 'p3')?.index).toBe('87.00');
  });

  it('takes --period as inline JSON over the one in the facts file', async () => {
    const bare = join(dir, 'bare-facts.json');
    const bundle = JSON.parse(await readFile(facts, 'utf8')) as { facts: unknown[] };
    await writeFile(bare, JSON.stringify(bundle.facts));
    const period = JSON.stringify({
      id: '2026-Q1',
      kind: 'quarter',
      assessment: 'periodic',
      startsOn: '2026-01-01',
      endsOn: '2026-03-31',
    });
    const { code, stdout, stderr } = await cli([
      'score',
      '--scheme',
      scheme,
      '--facts',
      bare,
      '--org',
      org,
      '--period',
      period,
    ]);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.sheet.people.find((p) => p.personId === 'p3')?.index).toBe('148.40');
  });

  /** Write a variant of an example file and return its path. */
  async function variant(
    name: string,
    from: string,
    change: (value: Record<string, unknown>) => unknown,
  ) {
    const file = join(dir, name);
    const value = JSON.parse(await readFile(from, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify(change(value)));
    return file;
  }

  it.each([
    [
      'an unreadable scheme file',
      () => Promise.resolve(['--scheme', join(dir, 'missing.json'), '--facts', facts]),
      ['missing.json'],
    ],
    [
      'a scheme file that is not JSON',
      async () => {
        const file = join(dir, 'broken.json');
        await writeFile(file, '{ "key": ');
        return ['--scheme', file, '--facts', facts];
      },
      ['broken.json', 'not valid JSON'],
    ],
    [
      'a scheme with overlapping rank rows',
      async () => [
        '--scheme',
        await variant('overlap.json', scheme, (s) => {
          const copy = structuredClone(s) as {
            dimensions: { children: { method?: { rows?: { from: number }[] } }[] }[];
          };
          const rows = copy.dimensions[1]?.children[1]?.method?.rows;
          if (rows?.[1]) rows[1].from = 2;
          return copy;
        }),
        '--facts',
        facts,
      ],
      ['overlap.json', 'dimensions[1].children[1].method.rows'],
    ],
    [
      'a fact whose value is not a decimal',
      async () => [
        '--scheme',
        scheme,
        '--facts',
        await variant('bad-value.json', facts, (f) => {
          const copy = structuredClone(f) as { facts: { value: unknown }[] };
          if (copy.facts[3]) copy.facts[3].value = 'three';
          return copy;
        }),
      ],
      ['bad-value.json', 'facts[3].value'],
    ],
    [
      'a correction of a fact that is not in the file',
      async () => [
        '--scheme',
        scheme,
        '--facts',
        await variant('orphan.json', facts, (f) => {
          const copy = structuredClone(f) as { facts: { supersedes?: string }[] };
          if (copy.facts[2]) copy.facts[2].supersedes = 'nope';
          return copy;
        }),
      ],
      ['orphan.json', 'facts[2].supersedes', 'nope'],
    ],
    [
      'a person in an unknown unit',
      async () => [
        '--scheme',
        scheme,
        '--facts',
        facts,
        '--org',
        await variant('org-bad.json', org, (o) => {
          const copy = structuredClone(o) as { people: { unitId: string }[] };
          if (copy.people[1]) copy.people[1].unitId = 'XS-NOPE';
          return copy;
        }),
      ],
      ['org-bad.json', 'org.people[1].unitId', 'XS-NOPE'],
    ],
    [
      'no period anywhere',
      async () => {
        const file = join(dir, 'no-period.json');
        await writeFile(file, '[]');
        return ['--scheme', scheme, '--facts', file];
      },
      ['--period'],
    ],
    [
      'a period that ends before it starts',
      () =>
        Promise.resolve([
          '--scheme',
          scheme,
          '--facts',
          facts,
          '--period',
          '{"id":"x","kind":"month","startsOn":"2026-02-01","endsOn":"2026-01-31"}',
        ]),
      ['--period', 'ends before it starts'],
    ],
  ])('refuses %s, naming the file and the problem', async (_what, args, words) => {
    const { code, stderr, stdout } = await cli(['score', ...(await args())]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    for (const word of words) expect(stderr).toContain(word);
  });
});
