import { useState } from 'react';
import { Anchor, Button, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi, useAuth } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { Pager } from '../../components/pager';
import { QueryState } from '../../components/query-state';
import { StatusBadge } from '../../components/status-badge';
import { formatDateTime, formatKwh } from '../../util/format';
import { CommandAnswer } from './command-answer';

const LIMIT = 20;

/** A station's sessions, newest first; a running one can be stopped (write keys). */
export function StationSessions({ stationId }: { stationId: string }) {
  const api = useApi();
  const { canWrite } = useAuth();
  const queryClient = useQueryClient();
  const [offset, setOffset] = useState(0);
  const sessions = useQuery({
    queryKey: ['sessions', { stationId }, offset],
    queryFn: async () => unwrap(await api.GET('/api/v1/sessions', { params: { query: { stationId, limit: LIMIT, offset } } })),
  });
  const stop = useMutation({
    mutationFn: async (sessionId: string) =>
      unwrap(await api.POST('/api/v1/sessions/{sessionId}/stop', { params: { path: { sessionId } } })),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['sessions'] }),
  });
  return (
    <QueryState query={sessions}>
      {(page) => (
        <>
          <CommandAnswer mutation={stop} />
          <Table.ScrollContainer minWidth={640}>
            <Table striped data-testid="station-sessions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Started</Table.Th>
                  <Table.Th>Connector</Table.Th>
                  <Table.Th>Token</Table.Th>
                  <Table.Th>Energy</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.items.map((s) => (
                  <Table.Tr key={s.id} data-session={s.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/sessions/${s.id}`}>
                        {formatDateTime(s.startedAt)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{s.evseId ?? s.connectorId ?? '—'}</Table.Td>
                    <Table.Td>{s.idToken ?? '—'}</Table.Td>
                    <Table.Td data-testid="session-energy">{formatKwh(s.energyWh)}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={s.status} />
                    </Table.Td>
                    <Table.Td>
                      {canWrite && s.status === 'Active' && (
                        <Button
                          size="xs"
                          color="red"
                          variant="light"
                          loading={stop.isPending && stop.variables === s.id}
                          onClick={() => stop.mutate(s.id!)}
                        >
                          Stop
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {page.items.length === 0 && <Text c="dimmed">No session yet.</Text>}
          <Pager total={page.total} limit={page.limit} offset={page.offset} onOffset={setOffset} />
        </>
      )}
    </QueryState>
  );
}
