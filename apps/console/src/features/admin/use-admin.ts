import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { qk } from '../../api/query-keys';
import type { components } from '../../api/schema';

export function useUsers(page: number) {
  return useQuery({
    queryKey: qk.users({ page }),
    queryFn: () => call(api.GET('/api/admin/users', { params: { query: { page, pageSize: 20 } } })),
  });
}

export function useUserMutations() {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: ['admin', 'users'] });
  return {
    create: useMutation({
      mutationFn: (body: components['schemas']['CreateUserDto']) => call(api.POST('/api/admin/users', { body })),
      onSuccess: refresh,
    }),
    deactivate: useMutation({
      mutationFn: (id: string) => call(api.POST('/api/admin/users/{id}/deactivate', { params: { path: { id } } })),
      onSuccess: refresh,
    }),
  };
}

export function usePolicies() {
  return useQuery({ queryKey: qk.policies, queryFn: () => call(api.GET('/api/policies')) });
}

export function usePolicy(id: string | null) {
  return useQuery({
    queryKey: [...qk.policies, id],
    queryFn: () => call(api.GET('/api/policies/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

export function useCreatePolicy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: components['schemas']['CreatePolicyDto']) => call(api.POST('/api/policies', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.policies }),
  });
}

export function useHolidayYears() {
  return useQuery({ queryKey: qk.holidayYears, queryFn: () => call(api.GET('/api/admin/holiday-years')) });
}

export function useLoadHolidayYear() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: components['schemas']['LoadHolidayYearDto']) => call(api.POST('/api/admin/holiday-years', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: qk.holidayYears }),
  });
}

export function useCareHomes() {
  return useQuery({ queryKey: qk.careHomes, queryFn: () => call(api.GET('/api/care-homes')) });
}

export function useBeds(homeId: string) {
  return useQuery({
    queryKey: qk.beds(homeId),
    queryFn: () => call(api.GET('/api/care-homes/{id}/beds', { params: { path: { id: homeId } } })),
  });
}

export function useCareHomeMutations() {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: qk.careHomes });
  return {
    create: useMutation({
      mutationFn: (body: components['schemas']['CreateCareHomeDto']) => call(api.POST('/api/care-homes', { body })),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ id, body }: { id: string; body: components['schemas']['UpdateCareHomeDto'] }) =>
        call(api.PATCH('/api/care-homes/{id}', { params: { path: { id } }, body })),
      onSuccess: refresh,
    }),
    addBed: useMutation({
      mutationFn: ({ homeId, body }: { homeId: string; body: components['schemas']['AddBedDto'] }) =>
        call(api.POST('/api/care-homes/{id}/beds', { params: { path: { id: homeId } }, body })),
      onSuccess: refresh,
    }),
    setInService: useMutation({
      mutationFn: ({ homeId, bedId, inService }: { homeId: string; bedId: string; inService: boolean }) =>
        call(
          inService
            ? api.POST('/api/care-homes/{id}/beds/{bedId}/in-service', { params: { path: { id: homeId, bedId } }, body: {} })
            : api.POST('/api/care-homes/{id}/beds/{bedId}/out-of-service', { params: { path: { id: homeId, bedId } }, body: {} }),
        ),
      onSuccess: refresh,
    }),
    deleteBed: useMutation({
      mutationFn: ({ homeId, bedId }: { homeId: string; bedId: string }) =>
        call(api.DELETE('/api/care-homes/{id}/beds/{bedId}', { params: { path: { id: homeId, bedId } } })),
      onSuccess: refresh,
    }),
  };
}
