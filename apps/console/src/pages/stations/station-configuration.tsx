import { useState } from 'react';
import { Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../util/format';

/** 1.6: the configuration keys the station reported (GetConfiguration); 2.x: its device model (reports, GetVariables). */
export function StationConfiguration({ stationId, protocol }: { stationId: string; protocol: string | null | undefined }) {
  return protocol === 'ocpp1.6' ? <ConfigurationKeys stationId={stationId} /> : <DeviceModel stationId={stationId} />;
}

function ConfigurationKeys({ stationId }: { stationId: string }) {
  const api = useApi();
  const [key, setKey] = useState('');
  const keys = useQuery({
    queryKey: ['station', stationId, 'configuration', key],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/stations/{id}/configuration', {
          params: { path: { id: stationId }, query: { limit: 500, ...(key ? { key } : {}) } },
        }),
      ),
  });
  return (
    <>
      <TextInput label="Key" mb="sm" w={260} value={key} onChange={(e) => setKey(e.currentTarget.value)} />
      <QueryState query={keys}>
        {(page) =>
          page.items.length === 0 ? (
            <Text c="dimmed">Nothing reported yet: send GetConfiguration from the Commands tab.</Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table striped data-testid="configuration-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Key</Table.Th>
                    <Table.Th>Value</Table.Th>
                    <Table.Th>Read-only</Table.Th>
                    <Table.Th>Reported</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((item) => (
                    <Table.Tr key={item.key}>
                      <Table.Td>{item.key}</Table.Td>
                      <Table.Td>{item.value ?? '—'}</Table.Td>
                      <Table.Td>{item.readonly ? 'yes' : 'no'}</Table.Td>
                      <Table.Td>{formatDateTime(item.updatedAt)}</Table.Td>
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

function DeviceModel({ stationId }: { stationId: string }) {
  const api = useApi();
  const [component, setComponent] = useState('');
  const variables = useQuery({
    queryKey: ['station', stationId, 'device-model', component],
    queryFn: async () =>
      unwrap(
        await api.GET('/api/v1/stations/{id}/device-model', {
          params: { path: { id: stationId }, query: { limit: 500, ...(component ? { component } : {}) } },
        }),
      ),
  });
  return (
    <>
      <TextInput label="Component" mb="sm" w={260} value={component} onChange={(e) => setComponent(e.currentTarget.value)} />
      <QueryState query={variables}>
        {(page) =>
          page.items.length === 0 ? (
            <Text c="dimmed">Nothing reported yet: send GetBaseReport from the Commands tab.</Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped data-testid="device-model-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Component</Table.Th>
                    <Table.Th>Variable</Table.Th>
                    <Table.Th>Value</Table.Th>
                    <Table.Th>Reported</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((v, index) => (
                    <Table.Tr key={index}>
                      <Table.Td>
                        {v.componentName}
                        {v.componentInstance ? `[${v.componentInstance}]` : ''}
                        {v.evseId ? ` EVSE ${v.evseId}` : ''}
                      </Table.Td>
                      <Table.Td>
                        {v.variableName}
                        {v.variableInstance ? `[${v.variableInstance}]` : ''}
                      </Table.Td>
                      <Table.Td>
                        {(v.attributes ?? [])
                          .map((a) => {
                            const attribute = a as { type?: string; value?: string };
                            return `${attribute.type ?? 'Actual'}: ${attribute.value ?? '—'}`;
                          })
                          .join(', ')}
                      </Table.Td>
                      <Table.Td>{formatDateTime(v.updatedAt)}</Table.Td>
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
