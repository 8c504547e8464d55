import { Card, Group, ScrollArea, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { formatDateTime, formatKwh, formatTime } from '../../util/format';
import { energyPoints, readEnergySamples, SAMPLE_CAP } from './energy-readings';

const kwh = (wh: number): number => Math.round(wh) / 1000;

/**
 * A session's energy over time: its energy register readings (meter samples) as a line of kWh
 * delivered, the first and last readings (GET …/energy), and the readings as a table.
 */
export function SessionEnergy({ sessionId, active }: { sessionId: string; active: boolean }) {
  const api = useApi();
  const refetchInterval = active ? 5_000 : false;
  const samples = useQuery({
    queryKey: ['session', sessionId, 'meter-samples'],
    queryFn: async () => readEnergySamples(api, sessionId),
    refetchInterval,
  });
  const register = useQuery({
    queryKey: ['session', sessionId, 'energy'],
    queryFn: async () => unwrap(await api.GET('/api/v1/sessions/{sessionId}/energy', { params: { path: { sessionId } } })),
    refetchInterval,
  });
  const points = energyPoints(samples.data?.samples ?? []);
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={4}>Energy over time</Title>
        {register.data && (
          <Text size="sm" c="dimmed" data-testid="energy-register">
            Register {formatKwh(register.data.startWh, 3)} → {formatKwh(register.data.endWh, 3)}:{' '}
            {register.data.energyWh === null || register.data.energyWh === undefined
              ? 'the register went backwards (meter reset or replaced?)'
              : formatKwh(register.data.energyWh, 3)}
          </Text>
        )}
      </Group>
      {samples.isPending ? (
        <Text size="sm" c="dimmed">
          Reading meter samples…
        </Text>
      ) : samples.isError ? (
        <Text size="sm" c="red" role="alert">
          Meter samples could not be read: {samples.error.message}
        </Text>
      ) : points.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="no-energy-readings">
          No energy register reading yet.
        </Text>
      ) : (
        <>
          <div style={{ width: '100%', height: 260 }}>
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis
                  dataKey="at"
                  type="number"
                  scale="time"
                  domain={['dataMin', 'dataMax']}
                  tickFormatter={(at: number) => formatTime(new Date(at).toISOString()).slice(0, 5)}
                />
                <YAxis unit=" kWh" width={80} />
                <Tooltip
                  labelFormatter={(at) => formatDateTime(new Date(Number(at)).toISOString())}
                  formatter={(value) => [`${Number(value).toFixed(3)} kWh`, 'Delivered']}
                />
                <Line type="monotone" dataKey={(p: (typeof points)[number]) => kwh(p.deliveredWh)} dot={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <Text size="xs" c="dimmed" mt="xs">
            {points.length} readings
            {samples.data?.capped ? ` (the first ${SAMPLE_CAP} samples of ${samples.data.total})` : ''}
          </Text>
          <ScrollArea.Autosize mah={220} mt="xs">
            <Table striped data-testid="energy-readings">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>At</Table.Th>
                  <Table.Th>Register</Table.Th>
                  <Table.Th>Delivered</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {points.map((p) => (
                  <Table.Tr key={p.at}>
                    <Table.Td>{formatDateTime(p.timestamp)}</Table.Td>
                    <Table.Td>{formatKwh(p.registerWh, 3)}</Table.Td>
                    <Table.Td>{formatKwh(p.deliveredWh, 3)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        </>
      )}
    </Card>
  );
}
