import { Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { QueryState } from '../../components/query-state';
import { PageTitle } from '../../components/page-title';
import { StatusBadge } from '../../components/status-badge';
import { formatKwh, formatMoney } from '../../util/format';
import { LiveFeed } from './live-feed';

function Stat({ label, value, testId, color }: { label: string; value: string | number; testId: string; color?: string }) {
  return (
    <Card withBorder padding="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

/** The network now: stations, connectors, sessions, today's energy and revenue; live. */
export function OverviewPage() {
  const api = useApi();
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const overview = useQuery({
    queryKey: ['overview', timeZone],
    queryFn: async () => unwrap(await api.GET('/api/v1/reports/overview', { params: { query: { tz: timeZone } } })),
  });
  return (
    <>
      <PageTitle>Network overview</PageTitle>
      <QueryState query={overview}>
        {(data) => (
          <Stack>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              <Stat label="Stations online" value={data.stations.online} testId="stations-online" color="green" />
              <Stat label="Stations offline" value={data.stations.offline} testId="stations-offline" />
              <Stat
                label="Stations faulted"
                value={data.stations.faulted}
                testId="stations-faulted"
                color={data.stations.faulted ? 'red' : undefined}
              />
              <Stat label="Sessions running" value={data.sessions.running} testId="sessions-running" color="blue" />
              <Stat label="Sessions started today" value={data.sessions.startedToday} testId="sessions-today" />
              <Stat label="Energy today" value={formatKwh(data.today.energyWh)} testId="energy-today" />
              {data.today.revenue.length === 0 ? (
                <Stat label="Revenue today" value="—" testId="revenue-today" />
              ) : (
                data.today.revenue.map((r) => (
                  <Stat
                    key={r.currency}
                    label={`Revenue today (${r.currency}, incl. tax)`}
                    value={formatMoney(r.inclTax, r.currency)}
                    testId="revenue-today"
                  />
                ))
              )}
              <Stat label="Connectors" value={data.connectors.total} testId="connectors-total" />
            </SimpleGrid>
            <Card withBorder>
              <Title order={4} mb="xs">
                Connectors by status
              </Title>
              <Group gap="lg" data-testid="connectors-by-status">
                {Object.entries(data.connectors.byStatus).length === 0 && <Text c="dimmed">No connector has reported a status yet.</Text>}
                {Object.entries(data.connectors.byStatus).map(([status, count]) => (
                  <Group key={status} gap={6}>
                    <StatusBadge status={status} />
                    <Text fw={600}>{count}</Text>
                  </Group>
                ))}
              </Group>
            </Card>
            <LiveFeed />
            <Text size="xs" c="dimmed">
              As of {new Date(data.at).toLocaleTimeString()} ({data.timeZone})
            </Text>
          </Stack>
        )}
      </QueryState>
    </>
  );
}
