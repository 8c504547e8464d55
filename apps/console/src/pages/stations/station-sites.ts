import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';

/** The load-management sites and the stations of each (station nodes), for the site filter. */
export function useSiteStations() {
  const api = useApi();
  return useQuery({
    queryKey: ['energy-sites', 'stations'],
    staleTime: 60_000,
    queryFn: async () => {
      const sites = unwrap(await api.GET('/api/v1/energy/sites', { params: { query: { limit: 200 } } })).items;
      return Promise.all(
        sites.map(async (site) => {
          const nodes = unwrap(await api.GET('/api/v1/energy/sites/{siteId}/nodes', { params: { path: { siteId: site.siteId } } }));
          return {
            siteId: site.siteId,
            name: site.name,
            stationIds: [...new Set(nodes.map((n) => n.stationId).filter((id): id is string => !!id))],
          };
        }),
      );
    },
  });
}
