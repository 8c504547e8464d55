import { Anchor, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { PageTitle } from '../../components/page-title';
import { Pager } from '../../components/pager';
import { QueryState } from '../../components/query-state';
import { StatusBadge } from '../../components/status-badge';
import { formatDateTime } from '../../util/format';
import { useSiteStations } from './station-sites';
import { usePagedFilters } from '../../hooks/use-paged-filters';

const LIMIT = 25;
const CONNECTOR_STATUSES = [
  'Available',
  'Preparing',
  'Charging',
  'Occupied',
  'SuspendedEV',
  'SuspendedEVSE',
  'Finishing',
  'Reserved',
  'Unavailable',
  'Faulted',
];

export interface StationFilters {
  search: string;
  online: string | null;
  protocol: string | null;
  connectorStatus: string | null;
  vendor: string;
  siteId: string | null;
}

/** Every station, searchable by id and filtered by connection, protocol, connector status, vendor and site. */
export function StationsPage() {
  const api = useApi();
  const { filters, set, offset, setOffset } = usePagedFilters<StationFilters>({
    search: '',
    online: null,
    protocol: null,
    connectorStatus: null,
    vendor: '',
    siteId: null,
  });
  const sites = useSiteStations();
  const siteIds = filters.siteId ? (sites.data?.find((s) => s.siteId === filters.siteId)?.stationIds ?? []) : undefined;
  const stations = useQuery({
    queryKey: ['stations', filters, siteIds, offset],
    placeholderData: keepPreviousData,
    queryFn: async () => {
      if (siteIds && siteIds.length === 0) return { items: [], total: 0, limit: LIMIT, offset: 0 };
      return unwrap(
        await api.GET('/api/v1/stations', {
          params: {
            query: {
              limit: LIMIT,
              offset,
              ...(filters.search ? { search: filters.search } : {}),
              ...(filters.online ? { online: filters.online === 'online' } : {}),
              ...(filters.protocol ? { protocol: filters.protocol as 'ocpp1.6' } : {}),
              ...(filters.connectorStatus ? { connectorStatus: filters.connectorStatus } : {}),
              ...(filters.vendor ? { vendor: filters.vendor } : {}),
              ...(siteIds ? { ids: siteIds.slice(0, 200).join(',') } : {}),
            },
          },
        }),
      );
    },
  });
  return (
    <>
      <PageTitle>Stations</PageTitle>
      <Group mb="md" align="end" wrap="wrap">
        <TextInput
          label="Station id"
          placeholder="starts with…"
          value={filters.search}
          onChange={(e) => set({ search: e.currentTarget.value })}
        />
        <Select
          label="Connection"
          clearable
          data={['online', 'offline']}
          value={filters.online}
          onChange={(online) => set({ online })}
          w={130}
        />
        <Select
          label="Protocol"
          clearable
          data={['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1']}
          value={filters.protocol}
          onChange={(protocol) => set({ protocol })}
          w={130}
        />
        <Select
          label="A connector"
          clearable
          data={CONNECTOR_STATUSES}
          value={filters.connectorStatus}
          onChange={(connectorStatus) => set({ connectorStatus })}
          w={160}
        />
        <TextInput label="Vendor" value={filters.vendor} onChange={(e) => set({ vendor: e.currentTarget.value })} w={150} />
        <Select
          label="Site"
          clearable
          data={(sites.data ?? []).map((s) => ({ value: s.siteId, label: s.name || s.siteId }))}
          value={filters.siteId}
          onChange={(siteId) => set({ siteId })}
          w={160}
        />
      </Group>
      <QueryState query={stations}>
        {(page) => (
          <>
            <Table.ScrollContainer minWidth={720}>
              <Table striped highlightOnHover data-testid="stations-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Station</Table.Th>
                    <Table.Th>Connection</Table.Th>
                    <Table.Th>Protocol</Table.Th>
                    <Table.Th>Vendor / model</Table.Th>
                    <Table.Th>Connectors</Table.Th>
                    <Table.Th>Last seen</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((station) => (
                    <Table.Tr key={station.id} data-station={station.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/stations/${encodeURIComponent(station.id!)}`}>
                          {station.id}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={station.online ? 'online' : 'offline'} />
                      </Table.Td>
                      <Table.Td>{station.protocol ?? '—'}</Table.Td>
                      <Table.Td>{[station.vendor, station.model].filter(Boolean).join(' / ') || '—'}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {(station.connectors ?? []).map((c) => (
                            <span key={`${c.evseId}/${c.connectorId}`} title={`EVSE ${c.evseId}, connector ${c.connectorId}`}>
                              <StatusBadge status={c.status} />
                            </span>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>{formatDateTime(station.lastSeenAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {page.items.length === 0 && <Text c="dimmed">No station matches.</Text>}
            <Pager total={page.total} limit={page.limit} offset={page.offset} onOffset={setOffset} />
          </>
        )}
      </QueryState>
    </>
  );
}
