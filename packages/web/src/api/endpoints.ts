import type { Gender, Rank, Scheme, UnitKind } from '@tianheng/core';
import { download, request, withQuery } from './client.ts';
import type {
  AccountSummary,
  AssessmentPeriod,
  FactRow,
  NewFact,
  PeriodResults,
  PersonScoreView,
  ResultRow,
  ResultsFilter,
  SchemeProblem,
  SchemeSummary,
  SchemeTemplate,
  SchemeVersion,
  SchemeVersionInfo,
  SignalRow,
  AuditEntry,
  AuditFilter,
  GrantInput,
  Lookups,
  Me,
  Meta,
  Page,
  PeopleFilter,
  Person,
  PersonSummary,
  Unit,
} from './types.ts';

/** Body of POST /api/people. */
export interface NewPerson {
  staffNo: string;
  name: string;
  gender: Gender;
  birthDate?: string;
  phone?: string;
  unitId: string;
  post: string;
  rank: Rank;
  lineIds?: string[];
  villageIds?: string[];
  validFrom: string;
}

/** Body of PATCH /api/people/:id. */
export interface PersonPatch {
  name?: string;
  gender?: Gender;
  birthDate?: string | null;
  phone?: string | null;
  lineIds?: string[];
  villageIds?: string[];
}

/** Body of POST /api/people/:id/move. */
export interface PersonMove {
  unitId: string;
  post: string;
  rank: Rank;
  validFrom: string;
  reason?: string;
}

/** Body of POST /api/periods. */
export interface NewPeriod {
  name: string;
  kind: AssessmentPeriod['kind'];
  assessment: AssessmentPeriod['assessment'];
  startsOn: string;
  endsOn: string;
  schemeKey: string;
  schemeVersion?: number;
}

/** Filters of GET /api/facts. */
export interface FactsFilter {
  periodId: string;
  personId?: string;
  unitId?: string;
  indicator?: string;
  includeSuperseded?: boolean;
  page?: number;
  pageSize?: number;
}

/** Counts written by a successful import. */
export interface ImportResult {
  units: number;
  people: number;
}

const id = encodeURIComponent;

function peopleQuery(filter: PeopleFilter): Record<string, string | number | boolean | undefined> {
  return { ...filter };
}

/** Every call the web app makes, one function per route of docs/api.md. */
export const api = {
  meta: () => request<Meta>('GET', '/api/meta'),
  login: (body: { tenant: string; username: string; password: string }) =>
    request<Me>('POST', '/api/auth/login', body),
  logout: () => request<{ ok: true }>('POST', '/api/auth/logout'),
  me: () => request<Me>('GET', '/api/auth/me'),
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    request<{ ok: true }>('POST', '/api/auth/password', body),
  lookups: () => request<Lookups>('GET', '/api/lookups'),

  units: () => request<Unit[]>('GET', '/api/units'),
  createUnit: (body: { parentId: string | null; kind: UnitKind; name: string; code?: string }) =>
    request<Unit>('POST', '/api/units', body),
  updateUnit: (unitId: string, body: { name?: string; code?: string; sortOrder?: number }) =>
    request<Unit>('PATCH', `/api/units/${id(unitId)}`, body),
  moveUnit: (unitId: string, parentId: string) =>
    request<Unit>('POST', `/api/units/${id(unitId)}/move`, { parentId }),

  people: (filter: PeopleFilter) =>
    request<Page<PersonSummary>>('GET', withQuery('/api/people', peopleQuery(filter))),
  person: (personId: string) => request<Person>('GET', `/api/people/${id(personId)}`),
  createPerson: (body: NewPerson) => request<Person>('POST', '/api/people', body),
  updatePerson: (personId: string, body: PersonPatch) =>
    request<Person>('PATCH', `/api/people/${id(personId)}`, body),
  movePerson: (personId: string, body: PersonMove) =>
    request<Person>('POST', `/api/people/${id(personId)}/move`, body),
  exportPeople: (filter: PeopleFilter) =>
    download(
      // Export takes the filters only: it writes every matching person, not one page.
      withQuery(
        '/api/people/export',
        peopleQuery({ ...filter, page: undefined, pageSize: undefined }),
      ),
      'people.xlsx',
    ),
  downloadTemplate: () => download('/api/import/template', 'import-template.xlsx'),
  importFile: (file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<ImportResult>('POST', '/api/import', form);
  },

  accounts: (query: { q?: string; page?: number; pageSize?: number }) =>
    request<Page<AccountSummary>>('GET', withQuery('/api/accounts', query)),
  createAccount: (body: {
    username: string;
    personId?: string;
    initialPassword: string;
    grants: GrantInput[];
  }) => request<AccountSummary>('POST', '/api/accounts', body),
  updateAccount: (accountId: string, body: { disabled?: boolean; personId?: string | null }) =>
    request<AccountSummary>('PATCH', `/api/accounts/${id(accountId)}`, body),
  setGrants: (accountId: string, grants: GrantInput[]) =>
    request<AccountSummary>('PUT', `/api/accounts/${id(accountId)}/grants`, { grants }),
  resetPassword: (accountId: string, newPassword: string) =>
    request<{ ok: true }>('POST', `/api/accounts/${id(accountId)}/reset-password`, {
      newPassword,
    }),
  unlock: (accountId: string) =>
    request<{ ok: true }>('POST', `/api/accounts/${id(accountId)}/unlock`),

  audit: (filter: AuditFilter) =>
    request<Page<AuditEntry>>('GET', withQuery('/api/audit', { ...filter })),

  schemes: () => request<{ items: SchemeSummary[] }>('GET', '/api/schemes'),
  schemeTemplates: () => request<{ items: SchemeTemplate[] }>('GET', '/api/schemes/templates'),
  validateScheme: (scheme: unknown) =>
    request<{ ok: boolean; problems: SchemeProblem[] }>('POST', '/api/schemes/validate', {
      scheme,
    }),
  saveScheme: (scheme: Scheme, note?: string) =>
    request<SchemeVersion>('POST', '/api/schemes', { scheme, note }),
  schemeFromTemplate: (body: { template: string; key: string; name?: Scheme['name'] }) =>
    request<SchemeVersion>('POST', '/api/schemes/from-template', body),
  scheme: (key: string) => request<SchemeVersion>('GET', `/api/schemes/${id(key)}`),
  schemeVersions: (key: string) =>
    request<{ items: SchemeVersionInfo[] }>('GET', `/api/schemes/${id(key)}/versions`),
  schemeVersion: (key: string, version: number) =>
    request<SchemeVersion>('GET', `/api/schemes/${id(key)}/versions/${version}`),
  exportScheme: (key: string, version: number) =>
    download(`/api/schemes/${id(key)}/versions/${version}/export`, `${key}-v${version}.json`),

  periods: (query: {
    status?: string;
    schemeKey?: string;
    personId?: string;
    page?: number;
    pageSize?: number;
  }) => request<Page<AssessmentPeriod>>('GET', withQuery('/api/periods', query)),
  period: (periodId: string) => request<AssessmentPeriod>('GET', `/api/periods/${id(periodId)}`),
  createPeriod: (body: NewPeriod) => request<AssessmentPeriod>('POST', '/api/periods', body),
  closePeriod: (periodId: string) =>
    request<AssessmentPeriod>('POST', `/api/periods/${id(periodId)}/close`, {}),
  reopenPeriod: (periodId: string, reason: string) =>
    request<AssessmentPeriod>('POST', `/api/periods/${id(periodId)}/reopen`, { reason }),
  recompute: (periodId: string) =>
    request<{ people: number; computedAt: string }>(
      'POST',
      `/api/periods/${id(periodId)}/recompute`,
      {},
    ),

  facts: (filter: FactsFilter) =>
    request<Page<FactRow>>('GET', withQuery('/api/facts', { ...filter })),
  fact: (factId: string) => request<FactRow>('GET', `/api/facts/${id(factId)}`),
  recordFact: (body: NewFact) =>
    request<{ fact: FactRow; result: ResultRow | null }>('POST', '/api/facts', body),
  factTemplate: (periodId: string) =>
    download(withQuery('/api/facts/template', { periodId }), 'facts-template.xlsx'),
  importFacts: (periodId: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<{ facts: number }>('POST', withQuery('/api/facts/import', { periodId }), form);
  },

  results: (periodId: string, filter: ResultsFilter) =>
    request<PeriodResults>('GET', withQuery(`/api/periods/${id(periodId)}/results`, { ...filter })),
  exportResults: (periodId: string, filter: ResultsFilter) =>
    download(
      withQuery(`/api/periods/${id(periodId)}/results/export`, {
        ...filter,
        page: undefined,
        pageSize: undefined,
      }),
      'results.xlsx',
    ),
  pools: (periodId: string) =>
    request<{ items: { unitId: string; unitName: string; amountCents: number }[] }>(
      'GET',
      `/api/periods/${id(periodId)}/pools`,
    ),
  setPool: (periodId: string, unitId: string, amountCents: number) =>
    request<{ unitId: string; unitName: string; amountCents: number }>(
      'PUT',
      `/api/periods/${id(periodId)}/pools/${id(unitId)}`,
      { amountCents },
    ),
  signals: (periodId: string, status?: SignalRow['status']) =>
    request<{ items: SignalRow[] }>(
      'GET',
      withQuery(`/api/periods/${id(periodId)}/signals`, { status }),
    ),
  decideSignal: (signalId: string, decision: 'confirmed' | 'dismissed', note: string) =>
    request<SignalRow>('POST', `/api/signals/${id(signalId)}/decision`, { decision, note }),

  personScore: (personId: string, periodId: string) =>
    request<PersonScoreView>('GET', withQuery(`/api/people/${id(personId)}/score`, { periodId })),
  myScore: (periodId: string) =>
    request<PersonScoreView>('GET', withQuery('/api/me/score', { periodId })),
};
