import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import {
  assessmentKinds,
  buildPeriodResults,
  factSources,
  isDecimal,
  periodKinds,
  score,
  validateScheme,
  type Fact,
  type OrgPerson,
  type OrgSnapshot,
  type OrgUnit,
  type Period,
  type PeriodResults,
  type Scheme,
  type ScoreSheet,
} from '@tianheng/core';
import { CliError } from '../errors.ts';
import type { Output } from '../output.ts';

/** What `tianheng score` evaluates: one scheme, one period, its facts and the org they are about. */
export interface ScoreInputs {
  readonly scheme: Scheme;
  readonly period: Period;
  readonly facts: readonly Fact[];
  readonly org: OrgSnapshot;
}

/** A problem in an input file: which file, where in it, and what is wrong. */
function inputError(file: string, where: string, zh: string, en: string): CliError {
  const at = where === '' ? '' : ` ${where}`;
  return new CliError(`${file}${at}：${zh}`, `${file}${at}: ${en}`);
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(resolve(file), 'utf8');
  } catch (error) {
    throw new CliError(`无法读取文件 ${file}`, `Cannot read ${file}: ${String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw inputError(
      file,
      '',
      `不是有效的 JSON（${String(error)}）`,
      `is not valid JSON (${String(error)})`,
    );
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Decimals may be written as JSON numbers in hand-made files; the engine takes strings. */
function decimalOrNull(value: unknown): string | null | undefined {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'number' ? String(value) : value;
  return typeof text === 'string' && isDecimal(text) ? text : undefined;
}

function requireString(
  record: Record<string, unknown>,
  key: string,
  file: string,
  where: string,
): string {
  const value = record[key];
  if (typeof value !== 'string' || value === '')
    throw inputError(
      file,
      `${where}.${key}`,
      '缺少或不是非空字符串',
      'is missing or not a non-empty string',
    );
  return value;
}

function stringList(
  record: Record<string, unknown>,
  key: string,
  file: string,
  where: string,
): string[] {
  const value = record[key];
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw inputError(file, `${where}.${key}`, '应为字符串数组', 'must be an array of strings');
  return value as string[];
}

/** Read a period: an object with id, kind, assessment, startsOn, endsOn and name. */
export function parsePeriod(value: unknown, file: string, where = 'period'): Period {
  if (!isRecord(value)) throw inputError(file, where, '应为对象', 'must be an object');
  const kind = requireString(value, 'kind', file, where);
  if (!(periodKinds as readonly string[]).includes(kind))
    throw inputError(
      file,
      `${where}.kind`,
      `应为 ${periodKinds.join('/')} 之一`,
      `must be one of ${periodKinds.join(', ')}`,
    );
  const assessment = value.assessment ?? 'routine';
  if (
    typeof assessment !== 'string' ||
    !(assessmentKinds as readonly string[]).includes(assessment)
  )
    throw inputError(
      file,
      `${where}.assessment`,
      `应为 ${assessmentKinds.join('/')} 之一`,
      `must be one of ${assessmentKinds.join(', ')}`,
    );
  const startsOn = requireString(value, 'startsOn', file, where);
  const endsOn = requireString(value, 'endsOn', file, where);
  for (const [key, date] of [
    ['startsOn', startsOn],
    ['endsOn', endsOn],
  ] as const)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
      throw inputError(
        file,
        `${where}.${key}`,
        '应为 YYYY-MM-DD 日期',
        'must be a YYYY-MM-DD date',
      );
  if (endsOn < startsOn)
    throw inputError(file, where, '结束日期早于开始日期', 'ends before it starts');
  const id = requireString(value, 'id', file, where);
  return {
    id,
    kind: kind as Period['kind'],
    assessment: assessment as Period['assessment'],
    startsOn,
    endsOn,
    name: typeof value.name === 'string' ? value.name : id,
  };
}

/** Read an org snapshot: `{ units: [{id, parentId, kind, name}], people: [{id, name, unitId, post, rank, lines?, villageIds?}] }`. */
export function parseOrg(value: unknown, file: string, where = 'org'): OrgSnapshot {
  if (!isRecord(value) || !Array.isArray(value.units) || !Array.isArray(value.people))
    throw inputError(
      file,
      where,
      '应为含 units 和 people 两个数组的对象',
      'must be an object with the arrays units and people',
    );
  const units: OrgUnit[] = value.units.map((row: unknown, i) => {
    const at = `${where}.units[${i}]`;
    if (!isRecord(row)) throw inputError(file, at, '应为对象', 'must be an object');
    const parentId = row.parentId ?? null;
    if (parentId !== null && typeof parentId !== 'string')
      throw inputError(file, `${at}.parentId`, '应为字符串或 null', 'must be a string or null');
    return {
      id: requireString(row, 'id', file, at),
      parentId,
      kind: requireString(row, 'kind', file, at),
      name: requireString(row, 'name', file, at),
    };
  });
  const unitIds = new Set(units.map((u) => u.id));
  const people: OrgPerson[] = value.people.map((row: unknown, i) => {
    const at = `${where}.people[${i}]`;
    if (!isRecord(row)) throw inputError(file, at, '应为对象', 'must be an object');
    const unitId = requireString(row, 'unitId', file, at);
    if (!unitIds.has(unitId))
      throw inputError(
        file,
        `${at}.unitId`,
        `单位 ${unitId} 不在 units 中`,
        `unit ${unitId} is not in units`,
      );
    return {
      id: requireString(row, 'id', file, at),
      name: requireString(row, 'name', file, at),
      unitId,
      post: typeof row.post === 'string' ? row.post : '',
      rank: requireString(row, 'rank', file, at),
      lines: stringList(row, 'lines', file, at),
      villageIds: stringList(row, 'villageIds', file, at),
    };
  });
  const seen = new Set<string>();
  for (const [i, person] of people.entries()) {
    if (seen.has(person.id))
      throw inputError(
        file,
        `${where}.people[${i}].id`,
        `人员 ${person.id} 重复`,
        `person ${person.id} appears twice`,
      );
    seen.add(person.id);
  }
  return { units, people };
}

/** Add `seconds` to the start of `date` (UTC) as an ISO timestamp. */
function instantAfter(date: string, seconds: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + seconds * 1000).toISOString();
}

/**
 * Read facts. Hand-made files may leave out what has an obvious default: `id` (f1, f2, … in
 * file order), `periodId` (the period scored), `payload` ({}), `source` (manual), `evidence`
 * ({}), `recordedBy` (null), `supersedes` (null) and `recordedAt` (the period's first day plus
 * one second per line, so a later line is the later fact).
 */
export function parseFacts(value: unknown, period: Period, file: string, where = 'facts'): Fact[] {
  if (!Array.isArray(value)) throw inputError(file, where, '应为数组', 'must be an array');
  const facts = value.map((row: unknown, i): Fact => {
    const at = `${where}[${i}]`;
    if (!isRecord(row)) throw inputError(file, at, '应为对象', 'must be an object');
    const subject = row.subject;
    if (
      !isRecord(subject) ||
      (subject.kind !== 'person' && subject.kind !== 'unit') ||
      typeof subject.id !== 'string'
    )
      throw inputError(
        file,
        `${at}.subject`,
        '应为 {"kind": "person"|"unit", "id": "…"}',
        'must be {"kind": "person"|"unit", "id": "…"}',
      );
    const factValue = decimalOrNull(row.value);
    if (factValue === undefined)
      throw inputError(
        file,
        `${at}.value`,
        '应为十进制数（字符串或数字，最多 4 位小数）或 null',
        'must be a decimal (string or number, at most 4 decimals) or null',
      );
    const source = row.source ?? 'manual';
    if (typeof source !== 'string' || !(factSources as readonly string[]).includes(source))
      throw inputError(
        file,
        `${at}.source`,
        `应为 ${factSources.join('/')} 之一`,
        `must be one of ${factSources.join(', ')}`,
      );
    const payload = row.payload ?? {};
    if (!isRecord(payload))
      throw inputError(file, `${at}.payload`, '应为对象', 'must be an object');
    const evidence = row.evidence ?? {};
    if (!isRecord(evidence))
      throw inputError(file, `${at}.evidence`, '应为对象', 'must be an object');
    const recordedAt = row.recordedAt ?? instantAfter(period.startsOn, i);
    if (typeof recordedAt !== 'string' || Number.isNaN(Date.parse(recordedAt)))
      throw inputError(file, `${at}.recordedAt`, '应为 ISO 时间', 'must be an ISO timestamp');
    const periodId = row.periodId ?? period.id;
    if (periodId !== period.id)
      throw inputError(
        file,
        `${at}.periodId`,
        `属于期间 ${JSON.stringify(periodId)}，而评分期间是 ${period.id}`,
        `belongs to period ${JSON.stringify(periodId)}, the period scored is ${period.id}`,
      );
    return {
      id: typeof row.id === 'string' ? row.id : `f${i + 1}`,
      periodId: period.id,
      subject: { kind: subject.kind, id: subject.id },
      indicator: requireString(row, 'indicator', file, at),
      value: factValue,
      payload,
      source: source as Fact['source'],
      evidence,
      recordedBy: typeof row.recordedBy === 'string' ? row.recordedBy : null,
      recordedAt,
      supersedes: typeof row.supersedes === 'string' ? row.supersedes : null,
    };
  });
  const ids = new Map<string, number>();
  for (const [i, fact] of facts.entries()) {
    if (ids.has(fact.id))
      throw inputError(
        file,
        `${where}[${i}].id`,
        `事实 ${fact.id} 重复`,
        `fact ${fact.id} appears twice`,
      );
    ids.set(fact.id, i);
  }
  for (const [i, fact] of facts.entries())
    if (fact.supersedes !== null && !ids.has(fact.supersedes))
      throw inputError(
        file,
        `${where}[${i}].supersedes`,
        `被更正的事实 ${fact.supersedes} 不在文件中`,
        `the corrected fact ${fact.supersedes} is not in the file`,
      );
  return facts;
}

/**
 * The org when no org file is given: every person a fact is about, each in a unit of their
 * own named after them. Coefficients then fall back to the scheme's default.
 */
export function orgFromFacts(facts: readonly Fact[]): OrgSnapshot {
  const ids = [
    ...new Set(facts.filter((f) => f.subject.kind === 'person').map((f) => f.subject.id)),
  ];
  return {
    units: [{ id: 'org', parentId: null, kind: 'township', name: '—' }],
    people: ids.map((id) => ({
      id,
      name: id,
      unitId: 'org',
      post: '',
      rank: '',
      lines: [],
      villageIds: [],
    })),
  };
}

/** Display width of a cell: Han characters take two columns. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u.test(ch) ? 2 : 1;
  return width;
}

/** Render rows as an aligned plain-text table; columns listed in `right` align right (numbers). */
export function renderTable(
  rows: readonly (readonly string[])[],
  right: ReadonlySet<number>,
): string {
  const widths =
    rows[0]?.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? '')))) ?? [];
  const lines = rows.map((row) =>
    row
      .map((cell, i) => {
        const gap = ' '.repeat((widths[i] ?? 0) - displayWidth(cell));
        return right.has(i) ? gap + cell : cell + gap;
      })
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines.join('\n');
}

/** Read and validate the scheme file; every problem is named with its path. */
export async function loadScheme(file: string): Promise<{ scheme: Scheme; warnings: string[] }> {
  const checked = validateScheme(await readJson(file));
  const describe = (p: { path: string; message: { 'zh-CN': string; en: string } }) =>
    `  ${p.path === '' ? '(scheme)' : p.path}: ${p.message['zh-CN']} / ${p.message.en}`;
  if (!checked.ok)
    throw new CliError(
      `${file}：方案有 ${checked.problems.length} 处错误\n${checked.problems.map(describe).join('\n')}`,
      `${file}: the scheme has ${checked.problems.length} problem(s)`,
    );
  return { scheme: checked.scheme, warnings: checked.warnings.map(describe) };
}

/** `--period`: inline JSON (starts with `{`) or a file holding it. */
async function loadPeriod(option: string): Promise<Period> {
  if (option.trimStart().startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(option) as unknown;
    } catch (error) {
      throw inputError(
        '--period',
        '',
        `不是有效的 JSON（${String(error)}）`,
        `is not valid JSON (${String(error)})`,
      );
    }
    return parsePeriod(value, '--period', 'period');
  }
  return parsePeriod(await readJson(option), option, 'period');
}

/** Options of `tianheng score`. */
export interface ScoreOptions {
  readonly scheme: string;
  readonly facts: string;
  readonly org?: string;
  readonly period?: string;
}

/**
 * Read the four inputs. The facts file is either an array of facts or an object
 * `{ period?, org?, facts }`; `--period` and `--org` win over what it holds. Without any org
 * the people are those the facts are about.
 */
export async function loadScoreInputs(
  options: ScoreOptions,
): Promise<ScoreInputs & { warnings: string[] }> {
  const { scheme, warnings } = await loadScheme(options.scheme);
  const factsFile = await readJson(options.facts);
  const bundle = isRecord(factsFile) ? factsFile : { facts: factsFile };
  let period: Period;
  if (options.period !== undefined) period = await loadPeriod(options.period);
  else if (bundle.period !== undefined) period = parsePeriod(bundle.period, options.facts);
  else
    throw new CliError(
      `缺少评分期间：用 --period 给出，或写在 ${options.facts} 的 period 中`,
      `No period to score: give --period, or put a period into ${options.facts}`,
    );
  const facts = parseFacts(bundle.facts, period, options.facts);
  let org: OrgSnapshot;
  if (options.org !== undefined) org = parseOrg(await readJson(options.org), options.org, 'org');
  else if (bundle.org !== undefined) org = parseOrg(bundle.org, options.facts);
  else org = orgFromFacts(facts);
  return { scheme, period, facts, org, warnings };
}

/** What `score --format json` prints: the score sheet (points with their facts) and the results. */
export interface ScoreReport {
  readonly period: Period;
  readonly sheet: ScoreSheet;
  readonly results: PeriodResults;
}

/** Score offline: core `score()` and `buildPeriodResults()` (no bonus pools, no history). */
export function scoreOffline(inputs: ScoreInputs): ScoreReport {
  const sheet = score(inputs.scheme, inputs.facts, inputs.org, inputs.period);
  const results = buildPeriodResults(inputs.scheme, sheet, inputs.org, {
    pools: new Map(),
    history: [],
  });
  return { period: inputs.period, sheet, results };
}

/** JSON with cents (bigint) as numbers, as the API sends them. */
export function reportJson(report: ScoreReport): string {
  return JSON.stringify(
    report,
    (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value),
    2,
  );
}

const gradeNames: Readonly<Record<string, string>> = {
  excellent: '优秀',
  competent: '称职',
  basic: '基本称职',
  incompetent: '不称职',
  undecided: '待定',
};

/** The readable table: one row per person in tenant-rank order. */
export function reportTable(report: ScoreReport, org: OrgSnapshot): string {
  const people = new Map(org.people.map((p) => [p.id, p]));
  const units = new Map(org.units.map((u) => [u.id, u]));
  const scores = new Map(report.sheet.people.map((p) => [p.personId, p]));
  const rows = report.results.people.map((r) => {
    const s = scores.get(r.personId);
    const person = people.get(r.personId);
    return [
      String(r.ranks.tenant.rank),
      person?.name ?? r.personId,
      units.get(r.unitId)?.name ?? r.unitId,
      s?.common ?? '',
      s?.individual ?? '',
      s?.coefficient ?? '',
      r.index,
      String(r.ranks.unit.rank),
      `${gradeNames[r.grade.grade] ?? r.grade.grade}${r.boundaryTie ? '*' : ''}`,
    ];
  });
  const header = [
    '名次 rank',
    '人员 person',
    '单位 unit',
    '共性 common',
    '个性 individual',
    '系数 coef.',
    '指数 index',
    '单位内 in unit',
    '等次 grade',
  ];
  const lines = [
    `${report.period.name}（${report.period.startsOn} – ${report.period.endsOn}），${rows.length} 人 people`,
    renderTable([header, ...rows], new Set([0, 3, 4, 5, 6, 7])),
  ];
  if (report.results.people.some((r) => r.boundaryTie))
    lines.push(
      '* 名额边界并列，待人工决定 / tied at the excellent-quota boundary: a human decides',
    );
  for (const w of report.sheet.warnings)
    lines.push(`! ${w.personId} ${w.indicator}: ${w.message['zh-CN']} / ${w.message.en}`);
  return lines.join('\n');
}

/** `tianheng score`: evaluate a scheme on facts offline and print JSON or a table. */
export function scoreCommand(out: Output): Command {
  return new Command('score')
    .description(
      '离线评分：用方案和事实文件计算得分、指数和排名 / score offline: points, index and ranks from a scheme and a facts file',
    )
    .requiredOption(
      '--scheme <file>',
      '方案 JSON 文件（与导出格式相同） / scheme JSON file (the export format)',
    )
    .requiredOption(
      '--facts <file>',
      '事实 JSON 文件：事实数组，或 { period?, org?, facts } / facts JSON: an array, or { period?, org?, facts }',
    )
    .option(
      '--org <file>',
      '组织快照 JSON：{ units, people } / org snapshot JSON: { units, people }',
    )
    .option(
      '--period <file|json>',
      '评分期间（文件或内联 JSON） / the period (file or inline JSON)',
    )
    .addOption(
      new Option('--format <format>', '输出格式 / output format')
        .choices(['json', 'table'])
        .default('json'),
    )
    .addHelpText(
      'after',
      '\n示例 Example: tianheng score --scheme docs/examples/h-township-2021.scheme.json --facts docs/examples/facts.json --org docs/examples/org.json --format table',
    )
    .action(async (opts: ScoreOptions & { format: 'json' | 'table' }) => {
      const inputs = await loadScoreInputs(opts);
      for (const warning of inputs.warnings) out.error(`方案提示 scheme warning:${warning}`);
      const report = scoreOffline(inputs);
      out.info(opts.format === 'table' ? reportTable(report, inputs.org) : reportJson(report));
    });
}
