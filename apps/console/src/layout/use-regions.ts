import { useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client';
import { qk } from '../api/query-keys';

/** The officer's region subtree (names for codes, choices for filters and intake). */
export function useRegions() {
  return useQuery({ queryKey: qk.regions, queryFn: () => call(api.GET('/api/regions')), staleTime: 10 * 60_000 });
}

export function useRegionName(code: string | undefined): string | undefined {
  const { data } = useRegions();
  return data?.find((r) => r.code === code)?.name;
}
