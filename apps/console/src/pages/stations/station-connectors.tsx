import { Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { OperatorApiSchemas } from '@voltlane/operator-api-client';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { QueryState } from '../../components/query-state';
import { StatusBadge } from '../../components/status-badge';
import { formatDateTime } from '../../util/format';

/** A station's connectors now, and the status reports that got them there (newest first). */
export function StationConnectors({ station }: { station: OperatorApiSchemas['GetStationResponse'] }) {
  const api = useApi();
  const id = station.id!;
  const history = useQuery({
    queryKey: ['station', id, 'status-history'],
    queryFn: async () => unwrap(await api.GET('/api/v1/stations/{id}/status-history', { params: { path: { id }, query: { limit: 50 } } })),
  });
  const connectors = (station.evses ?? []).flatMap((evse) => evse.connectors ?? []);
  return (
    <Stack>
      <Table.ScrollContainer minWidth={560}>
        <Table data-testid="connectors-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>EVSE</Table.Th>
              <Table.Th>Connector</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Error</Table.Th>
              <Table.Th>Since</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {connectors.map((c) => (
              <Table.Tr key={`${c.evseId}/${c.connectorId}`} data-connector={`${c.evseId}/${c.connectorId}`}>
                <Table.Td>{c.evseId}</Table.Td>
                <Table.Td>{c.connectorId}</Table.Td>
                <Table.Td>
                  <StatusBadge status={c.status} />
                </Table.Td>
                <Table.Td>{c.errorCode && c.errorCode !== 'NoError' ? c.errorCode : '—'}</Table.Td>
                <Table.Td>{formatDateTime(c.statusAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {connectors.length === 0 && <Text c="dimmed">No connector has reported a status yet.</Text>}
      <Title order={4}>Status history</Title>
      <QueryState query={history}>
        {(page) => (
          <Table.ScrollContainer minWidth={560}>
            <Table striped>
              <Table.Tbody>
                {page.items.map((h, index) => (
                  <Table.Tr key={index}>
                    <Table.Td>{formatDateTime(h.statusAt)}</Table.Td>
                    <Table.Td>
                      {h.evseId}/{h.connectorId}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <StatusBadge status={h.status} />
                        {h.errorCode && h.errorCode !== 'NoError' && <Text size="xs">{h.errorCode}</Text>}
                      </Group>
                    </Table.Td>
                    <Table.Td>{h.source}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </Stack>
  );
}
