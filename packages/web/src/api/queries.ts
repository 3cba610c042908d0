import { useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { api } from './endpoints.ts';
import { ApiError } from './client.ts';
import type { AuditFilter, Me, PeopleFilter, ResultsFilter } from './types.ts';
import type { FactsFilter } from './endpoints.ts';

/** Query keys in one place, so mutations invalidate exactly what they change. */
export const keys = {
  meta: ['meta'] as const,
  me: ['me'] as const,
  lookups: ['lookups'] as const,
  units: ['units'] as const,
  people: ['people'] as const,
  peopleList: (filter: PeopleFilter) => ['people', 'list', filter] as const,
  person: (personId: string) => ['people', 'one', personId] as const,
  accounts: ['accounts'] as const,
  accountList: (query: { q?: string; page: number; pageSize: number }) =>
    ['accounts', 'list', query] as const,
  audit: (filter: AuditFilter) => ['audit', filter] as const,
  schemes: ['schemes'] as const,
  schemeTemplates: ['schemes', 'templates'] as const,
  scheme: (key: string) => ['schemes', 'one', key] as const,
  schemeVersions: (key: string) => ['schemes', 'versions', key] as const,
  schemeVersion: (key: string, version: number) => ['schemes', 'one', key, version] as const,
  periods: ['periods'] as const,
  period: (periodId: string) => ['periods', 'one', periodId] as const,
  facts: ['facts'] as const,
  fact: (factId: string) => ['facts', 'one', factId] as const,
  factList: (filter: FactsFilter) => ['facts', filter] as const,
  results: (periodId: string) => ['results', periodId] as const,
  resultList: (periodId: string, filter: ResultsFilter) => ['results', periodId, filter] as const,
  signals: (periodId: string) => ['results', periodId, 'signals'] as const,
  score: ['score'] as const,
  personScore: (personId: string, periodId: string) => ['score', personId, periodId] as const,
  myScore: (periodId: string) => ['score', 'me', periodId] as const,
};

/** Retry only what may pass on a second try: network trouble and 5xx, never a 4xx answer. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

/** Public metadata (default tenant for the login form). */
export const useMeta = () =>
  useQuery({ queryKey: keys.meta, queryFn: api.meta, staleTime: Infinity });

/** The signed-in account. */
export const useMe = (options?: Partial<UseQueryOptions<Me>>) =>
  useQuery({ queryKey: keys.me, queryFn: api.me, staleTime: 60_000, ...options });

/** Lookup lists (business lines). */
export const useLookups = () =>
  useQuery({ queryKey: keys.lookups, queryFn: api.lookups, staleTime: 5 * 60_000 });

/** The visible org tree, flat. */
export const useUnits = (enabled = true) =>
  useQuery({ queryKey: keys.units, queryFn: api.units, staleTime: 30_000, enabled });

/** A page of people. */
export const usePeople = (filter: PeopleFilter, enabled = true) =>
  useQuery({
    queryKey: keys.peopleList(filter),
    queryFn: () => api.people(filter),
    enabled,
    placeholderData: (previous) => previous,
  });

/** One person with history. */
export const usePerson = (personId: string) =>
  useQuery({ queryKey: keys.person(personId), queryFn: () => api.person(personId) });

/** Every scheme's latest version. */
export const useSchemes = (enabled = true) =>
  useQuery({ queryKey: keys.schemes, queryFn: api.schemes, enabled });

/** Built-in templates. */
export const useSchemeTemplates = (enabled = true) =>
  useQuery({
    queryKey: keys.schemeTemplates,
    queryFn: api.schemeTemplates,
    staleTime: Infinity,
    enabled,
  });

/** Version history of a scheme (newest first). */
export const useSchemeVersions = (key: string) =>
  useQuery({ queryKey: keys.schemeVersions(key), queryFn: () => api.schemeVersions(key) });

/** One version of a scheme (latest when `version` is undefined); versions never change. */
export const useSchemeVersion = (key: string, version: number | undefined, enabled = true) =>
  useQuery({
    queryKey: version === undefined ? keys.scheme(key) : keys.schemeVersion(key, version),
    queryFn: () => (version === undefined ? api.scheme(key) : api.schemeVersion(key, version)),
    staleTime: version === undefined ? 0 : Infinity,
    enabled,
  });

/**
 * Periods, newest first (the first 200: enough to pick from); with `personId`, only those whose
 * scheme scores that person.
 */
export const usePeriods = (enabled = true, personId?: string) =>
  useQuery({
    queryKey: personId === undefined ? keys.periods : [...keys.periods, 'for', personId],
    queryFn: () =>
      api.periods(personId === undefined ? { pageSize: 200 } : { pageSize: 200, personId }),
    enabled,
  });

/** Facts of a period matching a filter. */
export const useFacts = (filter: FactsFilter, enabled = true) =>
  useQuery({
    queryKey: keys.factList(filter),
    queryFn: () => api.facts(filter),
    enabled,
    placeholderData: (previous) => previous,
  });

/** Results of a period. */
export const useResults = (periodId: string, filter: ResultsFilter, enabled = true) =>
  useQuery({
    queryKey: keys.resultList(periodId, filter),
    queryFn: () => api.results(periodId, filter),
    enabled: enabled && periodId !== '',
    placeholderData: (previous) => previous,
  });

/** Signals of a period. */
export const useSignals = (periodId: string, enabled = true) =>
  useQuery({
    queryKey: keys.signals(periodId),
    queryFn: () => api.signals(periodId),
    enabled: enabled && periodId !== '',
  });

/** A person's score breakdown, or the signed-in person's own (`personId` = null). */
export const usePersonScore = (personId: string | null, periodId: string) =>
  useQuery({
    queryKey: personId === null ? keys.myScore(periodId) : keys.personScore(personId, periodId),
    queryFn: () =>
      personId === null ? api.myScore(periodId) : api.personScore(personId, periodId),
    enabled: periodId !== '',
  });

/** One fact (its content never changes; only `supersededBy` may appear later). */
export const useFact = (factId: string | null) =>
  useQuery({
    queryKey: keys.fact(factId ?? ''),
    queryFn: () => api.fact(factId ?? ''),
    enabled: factId !== null,
    staleTime: 30_000,
  });
