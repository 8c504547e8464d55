import { Alert, Anchor, Badge, Button, Group, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useApi, useAuth } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { PageTitle } from '../../components/page-title';
import { Pager } from '../../components/pager';
import { QueryState } from '../../components/query-state';
import { downloadText } from '../../util/csv';
import { formatDateTime, formatKwh, formatMoney } from '../../util/format';
import { cdrFiltersFromSearch, cdrQuery, type CdrFilters } from './cdr-filters';
import { fetchCdrsCsv } from './cdrs-csv';
import { usePagedFilters } from '../../hooks/use-paged-filters';

const LIMIT = 25;

/** Charge detail records, newest session end first: filtered, paged, linked, and exported as the server's CSV. */
export function CdrsPage() {
  const api = useApi();
  const { fetch, apiKey } = useAuth();
  const [search] = useSearchParams();
  const { filters, set, offset, setOffset } = usePagedFilters<CdrFilters>(() => cdrFiltersFromSearch(search));
  const [settled] = useDebouncedValue(filters, 300);
  const query = cdrQuery(settled);
  const cdrs = useQuery({
    queryKey: ['cdrs', 'list', query, offset],
    placeholderData: keepPreviousData,
    queryFn: async () => unwrap(await api.GET('/api/v1/cdrs', { params: { query: { ...query, limit: LIMIT, offset } } })),
  });
  const exportCsv = useMutation({
    mutationFn: async () => {
      const text = await fetchCdrsCsv(fetch, apiKey, cdrQuery(filters));
      downloadText(`cdrs-${new Date().toISOString().slice(0, 10)}.csv`, text);
    },
  });
  return (
    <>
      <PageTitle
        actions={
          <Button variant="light" loading={exportCsv.isPending} onClick={() => exportCsv.mutate()}>
            Export CSV
          </Button>
        }
      >
        Charge detail records
      </PageTitle>
      <Stack gap="xs" mb="md">
        <Group align="end" wrap="wrap">
          <TextInput label="Station id" value={filters.stationId} onChange={(e) => set({ stationId: e.currentTarget.value })} w={160} />
          <TextInput label="Customer id" value={filters.customerId} onChange={(e) => set({ customerId: e.currentTarget.value })} w={200} />
          <TextInput type="date" label="Ended from" value={filters.endedFrom} onChange={(e) => set({ endedFrom: e.currentTarget.value })} />
          <TextInput
            type="date"
            label="Ended until (incl.)"
            value={filters.endedTo}
            onChange={(e) => set({ endedTo: e.currentTarget.value })}
          />
        </Group>
        <SegmentedControl
          aria-label="Anomalies"
          w="fit-content"
          data={[
            { value: 'all', label: 'All' },
            { value: 'anomalous', label: 'With anomalies' },
            { value: 'clean', label: 'Without anomalies' },
          ]}
          value={filters.anomalous}
          onChange={(anomalous) => set({ anomalous })}
        />
      </Stack>
      {exportCsv.isError && (
        <Alert color="red" title="Export failed" mb="sm" role="alert">
          {exportCsv.error.message}
        </Alert>
      )}
      <QueryState query={cdrs}>
        {(page) => (
          <>
            <Table.ScrollContainer minWidth={900}>
              <Table striped highlightOnHover data-testid="cdrs-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Ended</Table.Th>
                    <Table.Th>Station</Table.Th>
                    <Table.Th>Session</Table.Th>
                    <Table.Th>Token / customer</Table.Th>
                    <Table.Th>Energy</Table.Th>
                    <Table.Th>Excl. tax</Table.Th>
                    <Table.Th>Incl. tax</Table.Th>
                    <Table.Th>Anomalies</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((c) => (
                    <Table.Tr key={c.cdrId} data-cdr={c.cdrId} data-session={c.sessionId}>
                      <Table.Td>
                        <Anchor component={Link} to={`/cdrs/${encodeURIComponent(c.cdrId ?? '')}`}>
                          {formatDateTime(c.endedAt)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        {c.stationId ? (
                          <Anchor component={Link} to={`/stations/${encodeURIComponent(c.stationId)}`}>
                            {c.stationId}
                          </Anchor>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td>
                        {c.sessionId ? (
                          <Anchor component={Link} to={`/sessions/${encodeURIComponent(c.sessionId)}`} ff="monospace" size="xs">
                            {c.sessionId.slice(0, 8)}
                          </Anchor>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{c.idTokenKey ?? '—'}</Text>
                        {c.customerId && (
                          <Anchor component={Link} to={`/customers/${encodeURIComponent(c.customerId)}`} size="xs">
                            {c.customerId}
                          </Anchor>
                        )}
                      </Table.Td>
                      <Table.Td>{formatKwh(c.energyWh)}</Table.Td>
                      <Table.Td>{formatMoney(c.totalExclTax?.amount, c.totalExclTax?.currency ?? c.currency)}</Table.Td>
                      <Table.Td>{formatMoney(c.totalInclTax?.amount, c.totalInclTax?.currency ?? c.currency)}</Table.Td>
                      <Table.Td>
                        {c.anomalous ? (
                          <Badge color="orange" variant="light">
                            {(c.anomalies ?? []).join(', ') || 'yes'}
                          </Badge>
                        ) : (
                          ''
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {page.items.length === 0 && <Text c="dimmed">No CDR matches.</Text>}
            <Pager total={page.total} limit={page.limit} offset={page.offset} onOffset={setOffset} />
          </>
        )}
      </QueryState>
    </>
  );
}
