import { useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { api } from './endpoints.ts';
import { ApiError } from './client.ts';
import type { AuditFilter, Me, PeopleFilter } from './types.ts';

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
