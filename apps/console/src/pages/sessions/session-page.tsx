import { Anchor, Badge, Button, Card, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useApi, useAuth } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { JsonBlock } from '../../components/json-block';
import { PageTitle } from '../../components/page-title';
import { QueryState } from '../../components/query-state';
import { StatusBadge } from '../../components/status-badge';
import { formatDateTime, formatDuration, formatKwh } from '../../util/format';
import { CommandAnswer } from '../stations/command-answer';
import { SessionBilling } from './session-billing';
import { SessionEnergy } from './session-energy';
import { Fact } from '../../components/fact';

function seconds(value: number | undefined): string {
  if (value === undefined) return '—';
  const minutes = Math.floor(value / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * One charging session, live (query keys under ['session', id], read again on its events and every
 * 5 s while it runs): what it is, its energy over time, its cost or CDR, and a remote stop for
 * write keys.
 */
export function SessionPage() {
  const { sessionId = '' } = useParams();
  const api = useApi();
  const { canWrite } = useAuth();
  const queryClient = useQueryClient();
  const session = useQuery({
    queryKey: ['session', sessionId],
    queryFn: async () => unwrap(await api.GET('/api/v1/sessions/{sessionId}', { params: { path: { sessionId } } })),
    refetchInterval: (query) => (query.state.data?.status === 'Active' ? 5_000 : false),
  });
  const stop = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/sessions/{sessionId}/stop', { params: { path: { sessionId } } })),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: ['session', sessionId] });
      await queryClient.invalidateQueries({ queryKey: ['sessions'] });
    },
  });
  const active = session.data?.status === 'Active';
  return (
    <>
      <PageTitle
        actions={
          canWrite &&
          active && (
            <Button color="red" variant="light" loading={stop.isPending} onClick={() => stop.mutate()}>
              Stop
            </Button>
          )
        }
      >
        <Anchor component={Link} to="/sessions" size="sm" mr="xs">
          Sessions /
        </Anchor>
        {sessionId}
      </PageTitle>
      <CommandAnswer mutation={stop} />
      <QueryState query={session}>
        {(s) => (
          <Stack>
            <Card withBorder>
              <SimpleGrid cols={{ base: 2, sm: 4 }}>
                <Fact label="Status" testId="session-status">
                  <StatusBadge status={s.status} />
                  {s.offline && (
                    <Badge ml={4} size="xs" color="gray" variant="outline" title="Reported by the station after being offline">
                      offline
                    </Badge>
                  )}
                </Fact>
                <Fact label="Energy" testId="session-energy">
                  {formatKwh(s.energyWh)}
                </Fact>
                <Fact label="Station">
                  {s.stationId ? (
                    <Anchor component={Link} to={`/stations/${encodeURIComponent(s.stationId)}`} size="sm">
                      {s.stationId}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Fact>
                <Fact label="EVSE / connector">
                  {[s.evseId, s.connectorId].filter((n) => n !== null && n !== undefined).join(' / ') || '—'}
                </Fact>
                <Fact label="Started">{formatDateTime(s.startedAt)}</Fact>
                <Fact label="Ended">{formatDateTime(s.endedAt)}</Fact>
                <Fact label="Duration">{s.startedAt ? formatDuration(s.startedAt, s.endedAt) : '—'}</Fact>
                <Fact label="Charging / idle">
                  {seconds(s.chargingSeconds)} / {seconds(s.idleSeconds)}
                </Fact>
                <Fact label="Id token">
                  {s.idToken ?? '—'}
                  {s.idTokenType ? ` (${s.idTokenType})` : ''}
                </Fact>
                <Fact label="Token key">{s.idTokenKey ?? '—'}</Fact>
                <Fact label="Authorization">{s.authStatus ? <StatusBadge status={s.authStatus} /> : '—'}</Fact>
                <Fact label="Charging state">{s.chargingState ?? '—'}</Fact>
                <Fact label="Meter start / stop">
                  {formatKwh(s.meterStartWh, 3)} / {formatKwh(s.meterStopWh, 3)}
                </Fact>
                <Fact label="Stopped because">{s.stoppedReason ?? '—'}</Fact>
                <Fact label="Protocol / transaction">
                  {s.protocol ?? '—'} / {s.transactionRef ?? s.transactionId ?? '—'}
                </Fact>
                <Fact label="Reservation / remote start">
                  {s.reservationId ?? '—'} / {s.remoteStartId ?? '—'}
                </Fact>
              </SimpleGrid>
            </Card>
            {(s.anomalies ?? []).length > 0 && (
              <Card withBorder data-testid="session-anomalies">
                <Title order={4} mb="xs">
                  Anomalies
                </Title>
                <List size="sm">
                  {(s.anomalies ?? []).map((a, index) => (
                    <List.Item key={index}>
                      <Text span fw={600} size="sm">
                        {a.code}
                      </Text>
                      {a.detail ? `: ${a.detail}` : ''}
                    </List.Item>
                  ))}
                </List>
              </Card>
            )}
            <SessionEnergy sessionId={sessionId} active={s.status === 'Active'} />
            {s.id && <SessionBilling session={{ id: s.id }} active={s.status === 'Active'} />}
            {(s.chargingPeriods ?? []).length > 0 && (
              <Card withBorder>
                <Title order={4} mb="xs">
                  Charging and idle periods
                </Title>
                <Table striped data-testid="session-periods">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>State</Table.Th>
                      <Table.Th>From</Table.Th>
                      <Table.Th>To</Table.Th>
                      <Table.Th>Duration</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {(s.chargingPeriods ?? []).map((p, index) => (
                      <Table.Tr key={index}>
                        <Table.Td>{p.state ?? '—'}</Table.Td>
                        <Table.Td>{formatDateTime(p.from)}</Table.Td>
                        <Table.Td>{p.to ? formatDateTime(p.to) : 'now'}</Table.Td>
                        <Table.Td>{p.from ? formatDuration(p.from, p.to) : '—'}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Card>
            )}
            {s.remoteStart && (
              <Card withBorder>
                <Title order={4} mb="xs">
                  Remote start
                </Title>
                <JsonBlock value={s.remoteStart} />
              </Card>
            )}
          </Stack>
        )}
      </QueryState>
    </>
  );
}
