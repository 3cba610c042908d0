import type { Gender, PersonImportRow, Rank, Role, Scope, UnitImportRow } from '@tianheng/core';
import { mulberry32, type Prng } from './prng.ts';
import {
  communityStems,
  givenNameChars,
  streetNames,
  surnames,
  townNames,
  townshipNames,
  villageStems,
} from './names.ts';

/** A person while the county is being drawn up (villages and moves are added later). */
interface PersonDraft {
  staffNo: string;
  name: string;
  gender: Gender;
  birthDate: string | null;
  phone: string | null;
  unitCode: string;
  post: string;
  rank: Rank;
  lines: string[];
  villageCodes: string[];
  validFrom: string;
}

/**
 * An earlier post of a person: they held it until `movedOn`, when they moved to the post
 * the person row shows (a transfer or a promotion). Gives the demo assignment history.
 */
export interface DemoPastPost {
  staffNo: string;
  unitCode: string;
  post: string;
  rank: Rank;
  validFrom: string;
  /** The day the current post began (the person row's `validFrom`). */
  movedOn: string;
  reason: string;
}

/** A demo login: one per role, linked to a person of the county. */
export interface DemoAccount {
  username: string;
  role: Role;
  scope: Scope;
  /** Anchor of the grant (null for tenant scope). */
  unitCode: string | null;
  staffNo: string;
  /** What the account shows off, for the printed login table. */
  description: { 'zh-CN': string; en: string };
}

/** The whole demo county: tenant, org tree, people, history and logins. */
export interface DemoCounty {
  tenant: { code: string; name: string };
  /** Business lines (条线). */
  lines: string[];
  /** Units, parents before children. */
  units: UnitImportRow[];
  /** People as they are today. */
  people: PersonImportRow[];
  /** Earlier posts of a few people (see {@link peopleBeforeMoves}). */
  pastPosts: DemoPastPost[];
  accounts: DemoAccount[];
  /** The one password of every demo account (meets the default password policy). */
  password: string;
}

/** Tenant code of the demo county. */
export const DEMO_TENANT_CODE = 'demo';
/** Password of every demo account. */
export const DEMO_PASSWORD = 'Tianheng@2026';
/** Seed that fixes the demo county; change it and every screenshot changes. */
export const DEMO_SEED = 20260302;

const COUNTY_NAME = '溪山县';
const PREFIX = 'XS';

/** 条线 of the demo county. */
const LINES = ['党建', '经济', '农业', '民政', '综治', '财政', '城建', '环保', '应急'] as const;
type Line = (typeof LINES)[number];

interface SectionPlan {
  readonly name: string;
  readonly lines: readonly Line[];
  readonly headPost: string;
  readonly deputyPost: string;
  /** Rank of ordinary staff: 农业服务中心 and 财政所 staff are often 事业编. */
  readonly staffRank?: Rank;
}

const grassrootsSections: readonly SectionPlan[] = [
  { name: '党政办', lines: ['党建'], headPost: '党政办主任', deputyPost: '党政办副主任' },
  {
    name: '经济发展办',
    lines: ['经济'],
    headPost: '经济发展办主任',
    deputyPost: '经济发展办副主任',
  },
  {
    name: '社会事务办',
    lines: ['民政'],
    headPost: '社会事务办主任',
    deputyPost: '社会事务办副主任',
  },
  { name: '综治办', lines: ['综治', '应急'], headPost: '综治办主任', deputyPost: '综治办副主任' },
  {
    name: '财政所',
    lines: ['财政'],
    headPost: '财政所所长',
    deputyPost: '财政所副所长',
    staffRank: 'shiye',
  },
];
const farmSection: SectionPlan = {
  name: '农业服务中心',
  lines: ['农业', '环保'],
  headPost: '农业服务中心主任',
  deputyPost: '农业服务中心副主任',
  staffRank: 'shiye',
};
const cityManagementSection: SectionPlan = {
  name: '城市管理办',
  lines: ['城建', '环保'],
  headPost: '城市管理办主任',
  deputyPost: '城市管理办副主任',
};

interface DepartmentPlan {
  readonly name: string;
  readonly short: string;
  readonly headPost: string;
  readonly deputyPost: string;
  readonly lines: readonly Line[];
  readonly sections: readonly string[];
}

const departments: readonly DepartmentPlan[] = [
  {
    name: '县委办公室',
    short: '县委办',
    headPost: '主任',
    deputyPost: '副主任',
    lines: ['党建'],
    sections: ['综合股', '督查室', '信息股'],
  },
  {
    name: '县委组织部',
    short: '组织部',
    headPost: '部长',
    deputyPost: '副部长',
    lines: ['党建'],
    sections: ['办公室', '干部股', '组织股', '考核办'],
  },
  {
    name: '县委宣传部',
    short: '宣传部',
    headPost: '部长',
    deputyPost: '副部长',
    lines: ['党建'],
    sections: ['办公室', '宣传股'],
  },
  {
    name: '县委政法委员会',
    short: '政法委',
    headPost: '常务副书记',
    deputyPost: '副书记',
    lines: ['综治'],
    sections: ['办公室', '综治股'],
  },
  {
    name: '县发展和改革局',
    short: '发改局',
    headPost: '局长',
    deputyPost: '副局长',
    lines: ['经济'],
    sections: ['办公室', '规划股', '项目股'],
  },
  {
    name: '县财政局',
    short: '财政局',
    headPost: '局长',
    deputyPost: '副局长',
    lines: ['财政'],
    sections: ['办公室', '预算股', '国库股'],
  },
  {
    name: '县农业农村局',
    short: '农业农村局',
    headPost: '局长',
    deputyPost: '副局长',
    lines: ['农业'],
    sections: ['办公室', '种植业股', '农村经营管理股'],
  },
  {
    name: '县民政局',
    short: '民政局',
    headPost: '局长',
    deputyPost: '副局长',
    lines: ['民政'],
    sections: ['办公室', '社会救助股', '养老服务股'],
  },
  {
    name: '县住房和城乡建设局',
    short: '住建局',
    headPost: '局长',
    deputyPost: '副局长',
    lines: ['城建'],
    sections: ['办公室', '村镇建设股', '质量安全股'],
  },
  {
    name: '县应急管理局',
    short: '应急局',
    headPost: '局长',
    deputyPost: '副局长',
    lines: ['应急'],
    sections: ['办公室', '安全生产股', '防灾减灾股'],
  },
  {
    name: '县生态环境分局',
    short: '环境分局',
    headPost: '局长',
    deputyPost: '副局长',
    lines: ['环保'],
    sections: ['办公室', '环境监察股'],
  },
  {
    name: '县人民政府办公室',
    short: '政府办',
    headPost: '主任',
    deputyPost: '副主任',
    lines: ['经济'],
    sections: ['综合股', '政务服务股'],
  },
];

const taskForces: readonly { name: string; lines: readonly Line[] }[] = [
  { name: '乡村振兴专班', lines: ['农业', '经济'] },
  { name: '招商引资专班', lines: ['经济'] },
];

/** Lines a deputy head of a town (副镇长) looks after, dealt out in turn. */
const deputyLineRotation: readonly (readonly Line[])[] = [
  ['农业', '环保'],
  ['城建', '应急'],
  ['民政', '综治'],
  ['经济', '财政'],
];

type GrassrootsKind = 'street' | 'town' | 'township';

const leaderPosts: Readonly<
  Record<GrassrootsKind, { secretary: string; chief: string; deputy: string }>
> = {
  street: { secretary: '党工委书记', chief: '办事处主任', deputy: '办事处副主任' },
  town: { secretary: '党委书记', chief: '镇长', deputy: '副镇长' },
  township: { secretary: '党委书记', chief: '乡长', deputy: '副乡长' },
};

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Shuffle a copy (Fisher–Yates) with the seeded source. */
function shuffled<T>(rng: Prng, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * Generate the demo county 溪山县: 2 streets, 7 towns, 11 townships with sections and
 * villages, 12 county departments, 2 task forces (专班), 9 business lines (条线), a few
 * hundred people and one login per role. Pure and deterministic: the same seed gives
 * the same county.
 */
export function generateDemoCounty(seed: number = DEMO_SEED): DemoCounty {
  const rng = mulberry32(seed);
  const units: UnitImportRow[] = [];
  const people: PersonDraft[] = [];
  const usedNames = new Set<string>();
  const villagePool = shuffled(rng, villageStems);
  const communityPool = shuffled(rng, communityStems);

  const addUnit = (row: UnitImportRow): UnitImportRow => {
    units.push(row);
    return row;
  };

  const personName = (gender: Gender): string => {
    for (;;) {
      // Squaring skews the pick towards the common surnames at the front of the list.
      const surname = surnames[Math.floor(rng.next() ** 2 * surnames.length)] as string;
      const chars = givenNameChars[gender];
      const given = rng.chance(0.3) ? rng.pick(chars) : rng.pick(chars) + rng.pick(chars);
      const name = surname + given;
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
  };

  const addPerson = (
    unitCode: string,
    post: string,
    rank: Rank,
    lines: readonly string[],
    age: readonly [number, number],
  ): PersonDraft => {
    const n = people.length + 1;
    const gender: Gender = rng.chance(0.62) ? 'male' : 'female';
    const birthYear = 2026 - rng.int(age[0], age[1]);
    const row: PersonDraft = {
      staffNo: `${PREFIX}${pad(n, 4)}`,
      name: personName(gender),
      gender,
      birthDate: `${birthYear}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`,
      phone: `1380000${pad(n, 4)}`,
      unitCode,
      post,
      rank,
      lines: [...lines],
      villageCodes: [],
      // Nobody takes up a post before 22.
      validFrom: `${rng.int(Math.min(2025, Math.max(2018, birthYear + 22)), 2025)}-${pad(rng.int(1, 12))}-01`,
    };
    people.push(row);
    return row;
  };

  const county = addUnit({ code: PREFIX, name: COUNTY_NAME, kind: 'county', parentCode: null });

  // Grassroots: 2 streets, 7 towns, 11 townships, each with leaders, sections and villages.
  const grassroots: { kind: GrassrootsKind; names: readonly string[]; letter: string }[] = [
    { kind: 'street', names: streetNames, letter: 'J' },
    { kind: 'town', names: townNames, letter: 'Z' },
    { kind: 'township', names: townshipNames, letter: 'X' },
  ];
  for (const { kind, names, letter } of grassroots) {
    names.forEach((name, i) => {
      const unit = addUnit({
        code: `${PREFIX}-${letter}${pad(i + 1)}`,
        name,
        kind,
        parentCode: county.code,
      });
      const posts = leaderPosts[kind];
      addPerson(unit.code, posts.secretary, 'zhengke', ['党建'], [40, 55]);
      addPerson(unit.code, posts.chief, 'zhengke', ['经济'], [36, 52]);
      const deputies = Array.from({ length: rng.int(2, 3) }, (_, d) =>
        addPerson(
          unit.code,
          posts.deputy,
          'fuke',
          deputyLineRotation[(i + d) % deputyLineRotation.length] ?? [],
          [32, 52],
        ),
      );
      deputies.push(addPerson(unit.code, '纪委书记', 'fuke', ['党建'], [35, 52]));

      const plans = [
        ...grassrootsSections,
        kind === 'street' ? cityManagementSection : farmSection,
      ];
      const sectionStaff: PersonDraft[] = [];
      plans.forEach((plan, s) => {
        const section = addUnit({
          code: `${unit.code}-${pad(s + 1)}`,
          name: `${name}${plan.name}`,
          kind: 'section',
          parentCode: unit.code,
        });
        addPerson(section.code, plan.headPost, 'middle_head', plan.lines, [30, 50]);
        if (rng.chance(0.3))
          addPerson(section.code, plan.deputyPost, 'middle_deputy', plan.lines, [28, 48]);
        // The first town's 党政办 always has staff: the demo cadre login sits there.
        const staffCount = kind === 'town' && i === 0 && s === 0 ? 2 : rng.int(0, 1);
        for (let k = 0; k < staffCount; k++) {
          const rank = plan.staffRank ?? (rng.chance(0.5) ? 'ordinary' : 'general');
          sectionStaff.push(addPerson(section.code, '科员', rank, plan.lines, [23, 45]));
        }
      });

      // Villages, each looked after (包村) by one leader and, where there is one, a cadre.
      const villageCount = kind === 'street' ? rng.int(3, 4) : rng.int(3, 5);
      for (let v = 0; v < villageCount; v++) {
        const isCommunity = kind === 'street' || (kind === 'town' && v === 0);
        const stem = (isCommunity ? communityPool : villagePool).shift();
        if (stem === undefined) throw new Error('demo name pool exhausted');
        const village = addUnit({
          code: `${unit.code}-V${pad(v + 1)}`,
          name: `${stem}${isCommunity ? '社区' : '村'}`,
          kind: 'village',
          parentCode: unit.code,
        });
        deputies[v % deputies.length]?.villageCodes.push(village.code);
        if (sectionStaff.length > 0)
          sectionStaff[v % sectionStaff.length]?.villageCodes.push(village.code);
      }
    });
  }

  // County departments with their sections (股室).
  departments.forEach((plan, i) => {
    const dept = addUnit({
      code: `${PREFIX}-B${pad(i + 1)}`,
      name: plan.name,
      kind: 'department',
      parentCode: county.code,
    });
    addPerson(dept.code, plan.headPost, 'zhengke', plan.lines, [42, 56]);
    for (let d = rng.int(1, 2); d > 0; d--)
      addPerson(dept.code, plan.deputyPost, 'fuke', plan.lines, [35, 54]);
    plan.sections.forEach((sectionName, s) => {
      const section = addUnit({
        code: `${dept.code}-${pad(s + 1)}`,
        name: `${plan.short}${sectionName}`,
        kind: 'section',
        parentCode: dept.code,
      });
      const isOffice = /室|办$/.test(sectionName);
      addPerson(section.code, isOffice ? '主任' : '股长', 'zhenggu', plan.lines, [30, 52]);
      if (rng.chance(0.3))
        addPerson(section.code, isOffice ? '副主任' : '副股长', 'fugu', plan.lines, [28, 48]);
      // Sections that demo logins live in (信息股, 督查室, 考核办) always have staff.
      const staffCount = s === plan.sections.length - 1 && i < 2 ? 2 : rng.int(0, 1);
      for (let k = 0; k < staffCount; k++)
        addPerson(
          section.code,
          '科员',
          rng.chance(0.6) ? 'ordinary' : 'general',
          plan.lines,
          [23, 45],
        );
    });
  });

  // Task forces (专班) under the county.
  taskForces.forEach((plan, i) => {
    const force = addUnit({
      code: `${PREFIX}-ZB${pad(i + 1)}`,
      name: plan.name,
      kind: 'task_force',
      parentCode: county.code,
    });
    addPerson(force.code, '专班负责人', 'middle_head', plan.lines, [35, 50]);
    for (let k = rng.int(2, 3); k > 0; k--)
      addPerson(
        force.code,
        '专班成员',
        rng.chance(0.5) ? 'ordinary' : 'shiye',
        plan.lines,
        [25, 45],
      );
  });

  const accounts = planAccounts(units, people);
  const pastPosts = planPastPosts(rng, units, people, accounts);
  return {
    tenant: { code: DEMO_TENANT_CODE, name: COUNTY_NAME },
    lines: [...LINES],
    units,
    people,
    pastPosts,
    accounts,
    password: DEMO_PASSWORD,
  };
}

function findPerson(
  people: readonly PersonDraft[],
  unitCode: string,
  post: (post: string) => boolean,
): PersonDraft {
  const found = people.find((p) => p.unitCode === unitCode && post(p.post));
  if (!found) throw new Error(`demo county has no matching person in ${unitCode}`);
  return found;
}

function findUnit(units: readonly UnitImportRow[], name: string): UnitImportRow {
  const found = units.find((u) => u.name === name);
  if (!found) throw new Error(`demo county has no unit ${name}`);
  return found;
}

/** One login per role; the leader, head and cadre all work in the first town. */
function planAccounts(
  units: readonly UnitImportRow[],
  people: readonly PersonDraft[],
): DemoAccount[] {
  const town = findUnit(units, townNames[0]);
  const office = findUnit(units, `${townNames[0]}党政办`);
  const info = findUnit(units, '县委办信息股');
  const review = findUnit(units, '组织部考核办');
  const inspect = findUnit(units, '县委办督查室');
  const isStaff = (post: string): boolean => post === '科员';
  return [
    {
      username: 'admin',
      role: 'system_admin',
      scope: 'tenant',
      unitCode: null,
      staffNo: findPerson(people, info.code, isStaff).staffNo,
      description: { 'zh-CN': '系统管理员（全县）', en: 'System administrator (whole county)' },
    },
    {
      username: 'kaohe',
      role: 'assessment_office',
      scope: 'tenant',
      unitCode: null,
      staffNo: findPerson(people, review.code, (p) => p === '主任').staffNo,
      description: { 'zh-CN': '考核办（全县）', en: 'Assessment office (whole county)' },
    },
    {
      username: 'ducha',
      role: 'supervision_office',
      scope: 'tenant',
      unitCode: null,
      staffNo: findPerson(people, inspect.code, (p) => p === '主任').staffNo,
      description: { 'zh-CN': '督查室（全县）', en: 'Supervision office (whole county)' },
    },
    {
      username: 'lingdao',
      role: 'leader',
      scope: 'subtree',
      unitCode: town.code,
      staffNo: findPerson(people, town.code, (p) => p === '党委书记').staffNo,
      description: {
        'zh-CN': `领导：${town.name}党委书记（本镇及下属）`,
        en: `Leader: party secretary of ${town.name} (town and below)`,
      },
    },
    {
      username: 'danwei',
      role: 'unit_head',
      scope: 'own_unit',
      unitCode: office.code,
      staffNo: findPerson(people, office.code, (p) => p === '党政办主任').staffNo,
      description: {
        'zh-CN': `单位负责人：${office.name}主任`,
        en: `Unit head: director of ${office.name}`,
      },
    },
    {
      username: 'ganbu',
      role: 'cadre',
      scope: 'own_unit',
      unitCode: office.code,
      staffNo: findPerson(people, office.code, isStaff).staffNo,
      description: { 'zh-CN': `干部：${office.name}科员`, en: `Cadre: clerk of ${office.name}` },
    },
  ];
}

/**
 * Give six people a past: before 2024 they worked in a county department section, then
 * were transferred or promoted to today's post.
 */
function planPastPosts(
  rng: Prng,
  units: readonly UnitImportRow[],
  people: PersonDraft[],
  accounts: readonly DemoAccount[],
): DemoPastPost[] {
  const linked = new Set(accounts.map((a) => a.staffNo));
  const deptSections = units.filter(
    (u) => u.kind === 'section' && u.parentCode !== null && /-B\d+$/.test(u.parentCode),
  );
  const candidates = people.filter(
    // People who look after villages stay put: a move does not carry 包村 links along.
    (p) =>
      !linked.has(p.staffNo) &&
      p.villageCodes.length === 0 &&
      (p.post === '科员' || p.rank === 'fuke'),
  );
  const past: DemoPastPost[] = [];
  for (const person of shuffled(rng, candidates).slice(0, 6)) {
    const promoted = person.rank === 'fuke';
    const from = rng.pick(deptSections.filter((u) => u.code !== person.unitCode));
    const birthYear = Number(person.birthDate?.slice(0, 4) ?? 1980);
    const movedOn = `2024-${pad(rng.int(1, 9))}-01`;
    past.push({
      staffNo: person.staffNo,
      unitCode: from.code,
      post: promoted ? '股长' : '科员',
      rank: promoted ? 'zhenggu' : 'general',
      validFrom: `${rng.int(Math.min(2023, Math.max(2016, birthYear + 22)), 2023)}-${pad(rng.int(1, 12))}-01`,
      movedOn,
      reason: promoted ? '提拔任用' : '工作调动',
    });
    person.validFrom = movedOn;
  }
  return past;
}

/**
 * The people rows as they were before the past moves: import these, then move each
 * person of `pastPosts` to today's post on `movedOn` to rebuild the history.
 */
export function peopleBeforeMoves(county: DemoCounty): PersonImportRow[] {
  const past = new Map(county.pastPosts.map((p) => [p.staffNo, p]));
  return county.people.map((person) => {
    const before = past.get(person.staffNo);
    return before
      ? {
          ...person,
          unitCode: before.unitCode,
          post: before.post,
          rank: before.rank,
          validFrom: before.validFrom,
        }
      : person;
  });
}
