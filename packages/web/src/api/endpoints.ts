import type { Gender, Rank, UnitKind } from '@tianheng/core';
import { download, request, withQuery } from './client.ts';
import type {
  AccountSummary,
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
};
