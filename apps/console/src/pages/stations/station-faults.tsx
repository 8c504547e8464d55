import { useState } from 'react';
import { Button, Select, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi, useAuth } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { QueryState } from '../../components/query-state';
import { StatusBadge } from '../../components/status-badge';
import { formatDateTime } from '../../util/format';

/** A station's faults (open first by default), and resolving one by hand (write keys). */
export function StationFaults({ stationId }: { stationId: string }) {
  const api = useApi();
  const { canWrite } = useAuth();
  const queryClient = useQueryClient();
  const [state, setState] = useState<string | null>(null);
  const faults = useQuery({
    queryKey: ['station', stationId, 'faults', state],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/stations/{id}/faults', {
          params: { path: { id: stationId }, query: { limit: 100, ...(state ? { state: state as 'open' } : {}) } },
        }),
      ),
  });
  const resolve = useMutation({
    mutationFn: async (id: string) => unwrap(await api.POST('/api/v1/faults/{id}/resolve', { params: { path: { id } } })),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['station', stationId, 'faults'] }),
  });
  return (
    <>
      <Select label="State" clearable data={['open', 'resolved']} value={state} onChange={setState} w={160} mb="sm" />
      <QueryState query={faults}>
        {(page) =>
          page.items.length === 0 ? (
            <Text c="dimmed">No fault.</Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped data-testid="faults-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Code</Table.Th>
                    <Table.Th>Where</Table.Th>
                    <Table.Th>Source</Table.Th>
                    <Table.Th>State</Table.Th>
                    <Table.Th>First / last seen</Table.Th>
                    <Table.Th>Times</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((f) => (
                    <Table.Tr key={f.id}>
                      <Table.Td>{f.code}</Table.Td>
                      <Table.Td>
                        {f.evseId}/{f.connectorId}
                      </Table.Td>
                      <Table.Td>{f.source}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={f.state} />
                      </Table.Td>
                      <Table.Td>
                        {formatDateTime(f.firstSeenAt)} / {formatDateTime(f.lastSeenAt)}
                      </Table.Td>
                      <Table.Td>{f.occurrences}</Table.Td>
                      <Table.Td>
                        {canWrite && f.state === 'open' && (
                          <Button
                            size="xs"
                            variant="light"
                            onClick={() => resolve.mutate(f.id)}
                            loading={resolve.isPending && resolve.variables === f.id}
                          >
                            Resolve
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </>
  );
}
