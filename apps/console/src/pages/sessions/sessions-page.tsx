import { Alert, Anchor, Badge, Button, Checkbox, Group, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { PageTitle } from '../../components/page-title';
import { Pager } from '../../components/pager';
import { QueryState } from '../../components/query-state';
import { StatusBadge } from '../../components/status-badge';
import { downloadText } from '../../util/csv';
import { formatDateTime, formatDuration, formatKwh } from '../../util/format';
import { sessionFiltersFromSearch, sessionQuery, type SessionFilters } from './session-filters';
import { EXPORT_MAX } from '../../util/collect-pages';
import { readAllSessions, sessionsCsv } from './sessions-csv';
import { usePagedFilters } from '../../hooks/use-paged-filters';

const LIMIT = 25;

/** Charging sessions of every station, newest first: filtered, paged, linked, and exported as CSV. */
export function SessionsPage() {
  const api = useApi();
  const [search] = useSearchParams();
  const { filters, set, offset, setOffset } = usePagedFilters<SessionFilters>(() => sessionFiltersFromSearch(search));
  // Typing in a text filter asks the API once the typing pauses.
  const [settled] = useDebouncedValue(filters, 300);
  const query = sessionQuery(settled);
  const sessions = useQuery({
    queryKey: ['sessions', 'list', query, offset],
    placeholderData: keepPreviousData,
    queryFn: async () => unwrap(await api.GET('/api/v1/sessions', { params: { query: { ...query, limit: LIMIT, offset } } })),
  });
  const exportCsv = useMutation({
    mutationFn: async () => {
      const result = await readAllSessions(api, sessionQuery(filters));
      downloadText(`sessions-${new Date().toISOString().slice(0, 10)}.csv`, sessionsCsv(result.rows));
      return result;
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
        Sessions
      </PageTitle>
      <Stack gap="xs" mb="md">
        <Group align="end" wrap="wrap">
          <TextInput label="Station id" value={filters.stationId} onChange={(e) => set({ stationId: e.currentTarget.value })} w={160} />
          <TextInput
            label="Id token key"
            placeholder="e.g. ISO14443:AABBCCDD"
            value={filters.idTokenKey}
            onChange={(e) => set({ idTokenKey: e.currentTarget.value })}
            w={200}
          />
          <TextInput type="date" label="Started from" value={filters.from} onChange={(e) => set({ from: e.currentTarget.value })} />
          <TextInput type="date" label="Started until (incl.)" value={filters.to} onChange={(e) => set({ to: e.currentTarget.value })} />
        </Group>
        <Group align="center" wrap="wrap">
          <SegmentedControl
            aria-label="Status"
            data={[
              { value: 'all', label: 'All' },
              { value: 'Active', label: 'Active' },
              { value: 'Ended', label: 'Ended' },
            ]}
            value={filters.status ?? 'all'}
            onChange={(value) => set({ status: value === 'all' ? null : value })}
          />
          <Checkbox
            label="Only sessions with anomalies"
            checked={filters.anomalies}
            onChange={(e) => set({ anomalies: e.currentTarget.checked })}
          />
        </Group>
      </Stack>
      {exportCsv.isError && (
        <Alert color="red" title="Export failed" mb="sm" role="alert">
          {exportCsv.error.message}
        </Alert>
      )}
      {exportCsv.isSuccess && (
        <Alert
          color={exportCsv.data.capped ? 'yellow' : 'green'}
          mb="sm"
          data-testid="export-notice"
          withCloseButton
          onClose={() => exportCsv.reset()}
        >
          {exportCsv.data.capped
            ? `Exported the newest ${exportCsv.data.rows.length} of ${exportCsv.data.total} sessions: the export stops at ${EXPORT_MAX.toLocaleString('en')} rows. Narrow the filter (e.g. by dates) to export the rest.`
            : `Exported ${exportCsv.data.rows.length} sessions.`}
        </Alert>
      )}
      <QueryState query={sessions}>
        {(page) => (
          <>
            <Table.ScrollContainer minWidth={900}>
              <Table striped highlightOnHover data-testid="sessions-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Started</Table.Th>
                    <Table.Th>Station</Table.Th>
                    <Table.Th>EVSE / connector</Table.Th>
                    <Table.Th>Token</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Energy</Table.Th>
                    <Table.Th>Duration</Table.Th>
                    <Table.Th>Anomalies</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((s) => (
                    <Table.Tr key={s.id} data-session={s.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/sessions/${encodeURIComponent(s.id ?? '')}`}>
                          {formatDateTime(s.startedAt)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        {s.stationId ? (
                          <Anchor component={Link} to={`/stations/${encodeURIComponent(s.stationId)}`}>
                            {s.stationId}
                          </Anchor>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td>{[s.evseId, s.connectorId].filter((n) => n !== null && n !== undefined).join(' / ') || '—'}</Table.Td>
                      <Table.Td>
                        <Text size="sm" title={s.idTokenKey ?? undefined}>
                          {s.idToken ?? '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={s.status} />
                      </Table.Td>
                      <Table.Td>{formatKwh(s.energyWh)}</Table.Td>
                      <Table.Td>{s.startedAt ? formatDuration(s.startedAt, s.endedAt) : '—'}</Table.Td>
                      <Table.Td>
                        {(s.anomalies ?? []).length > 0 ? (
                          <Badge color="orange" variant="light" title={(s.anomalies ?? []).map((a) => a.detail ?? a.code).join('\n')}>
                            {(s.anomalies ?? []).map((a) => a.code).join(', ')}
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
            {page.items.length === 0 && <Text c="dimmed">No session matches.</Text>}
            <Pager total={page.total} limit={page.limit} offset={page.offset} onOffset={setOffset} />
          </>
        )}
      </QueryState>
    </>
  );
}
