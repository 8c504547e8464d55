import { Alert, Group, NativeSelect, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { QueryState } from '../../components/query-state';
import { useSiteStations } from '../stations/station-sites';
import { ReportBody } from './report-body';
import type { PeriodRange } from './report-period';
import { MAX_STATION_IDS_LENGTH } from './report-requests';

/** A station by id, searched by prefix on the API as one types. */
export function StationPicker({ value, onChange }: { value: string | null; onChange: (stationId: string | null) => void }) {
  const api = useApi();
  const [search, setSearch] = useState(value ?? '');
  const [prefix] = useDebouncedValue(search.trim(), 200);
  const options = useQuery({
    queryKey: ['reports', 'station-options', prefix],
    staleTime: 30_000,
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/stations', {
          params: { query: { limit: 50, ...(prefix && prefix.length <= 48 ? { search: prefix } : {}) } },
        }),
      ).items.flatMap((s) => (s.id ? [s.id] : [])),
  });
  const data = [...new Set([...(value ? [value] : []), ...(options.data ?? [])])];
  return (
    <Select
      label="Station"
      placeholder="Station id…"
      searchable
      clearable
      nothingFoundMessage={options.isFetching ? 'Searching…' : 'No station starts so'}
      data={data}
      value={value}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={onChange}
      w={240}
    />
  );
}

/** The site picker and the report of the chosen site's stations (from its tree's station nodes). */
export function SiteReport({
  siteId,
  onSite,
  range,
  timeZone,
  reportLink,
}: {
  siteId: string | null;
  onSite: (siteId: string | null) => void;
  range: PeriodRange;
  timeZone: string;
  reportLink: (stationId: string) => string;
}) {
  const sites = useSiteStations();
  return (
    <QueryState query={sites}>
      {(list) => {
        const site = list.find((s) => s.siteId === siteId);
        const stationIds = site?.stationIds ?? [];
        return (
          <Stack>
            <Group align="end">
              <NativeSelect
                label="Site"
                data={[
                  { value: '', label: list.length ? 'Choose a site…' : 'No site' },
                  ...list.map((s) => ({ value: s.siteId, label: s.name ? `${s.name} (${s.siteId})` : s.siteId })),
                ]}
                value={siteId ?? ''}
                onChange={(e) => onSite(e.currentTarget.value || null)}
                w={280}
              />
              {site && (
                <Text size="sm" c="dimmed" pb={6} data-testid="report-site-stations">
                  {stationIds.length} station{stationIds.length === 1 ? '' : 's'}: {stationIds.join(', ') || '—'}
                </Text>
              )}
            </Group>
            {!siteId ? (
              <Text c="dimmed">Choose a site to report on its stations.</Text>
            ) : !site ? (
              <Alert color="yellow">There is no site {siteId}.</Alert>
            ) : stationIds.length === 0 ? (
              <Alert color="gray">Site {siteId} has no station in its tree yet: there is nothing to report.</Alert>
            ) : stationIds.join(',').length > MAX_STATION_IDS_LENGTH ? (
              <Alert color="yellow">Site {siteId} has more stations than one report request can name.</Alert>
            ) : (
              <ReportBody target={{ kind: 'site', siteId, stationIds }} range={range} timeZone={timeZone} reportLink={reportLink} />
            )}
          </Stack>
        );
      }}
    </QueryState>
  );
}
