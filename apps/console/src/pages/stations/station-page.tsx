import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Tabs } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { useApi, useAuth } from '../../auth/auth-context';
import { unwrap } from '../../api/api-error';
import { PageTitle } from '../../components/page-title';
import { QueryState } from '../../components/query-state';
import { StatusBadge } from '../../components/status-badge';
import { formatDateTime } from '../../util/format';
import { StationConnectors } from './station-connectors';
import { StationSessions } from './station-sessions';
import { StationMessages } from './station-messages';
import { StationCommands } from './station-commands';
import { StationConfiguration } from './station-configuration';
import { StationFaults } from './station-faults';
import { Fact } from '../../components/fact';

/** One station: what it is, its connectors, sessions, message log, commands, configuration and faults. */
export function StationPage() {
  const { stationId = '' } = useParams();
  const { canWrite } = useAuth();
  const api = useApi();
  const [search, setSearch] = useSearchParams();
  const tab = search.get('tab') ?? 'connectors';
  const station = useQuery({
    queryKey: ['station', stationId],
    queryFn: async () => unwrap(await api.GET('/api/v1/stations/{id}', { params: { path: { id: stationId } } })),
  });
  return (
    <>
      <PageTitle>
        <Anchor component={Link} to="/stations" size="sm" mr="xs">
          Stations /
        </Anchor>
        {stationId}
      </PageTitle>
      <QueryState query={station}>
        {(s) => (
          <Stack>
            <Card withBorder>
              <SimpleGrid cols={{ base: 2, sm: 4 }}>
                <Fact label="Connection">
                  <StatusBadge status={s.online ? 'online' : 'offline'} />
                </Fact>
                <Fact label="Protocol">{s.protocol ?? '—'}</Fact>
                <Fact label="Boot status">
                  <StatusBadge status={s.bootStatus} />
                </Fact>
                <Fact label="Vendor / model">{[s.vendor, s.model].filter(Boolean).join(' / ') || '—'}</Fact>
                <Fact label="Firmware">{s.firmwareVersion ?? '—'}</Fact>
                <Fact label="Serial number">{s.serialNumber ?? '—'}</Fact>
                <Fact label="Security profile">{s.securityProfile ?? '—'}</Fact>
                <Fact label="Last seen">{formatDateTime(s.lastSeenAt)}</Fact>
              </SimpleGrid>
            </Card>
            <Tabs value={tab} onChange={(value) => setSearch({ tab: value ?? 'connectors' }, { replace: true })} keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="connectors">Connectors</Tabs.Tab>
                <Tabs.Tab value="sessions">Sessions</Tabs.Tab>
                <Tabs.Tab value="messages">Message log</Tabs.Tab>
                <Tabs.Tab value="commands">
                  <Group gap={4} wrap="nowrap">
                    Commands {!canWrite && <Badge size="xs">read only</Badge>}
                  </Group>
                </Tabs.Tab>
                <Tabs.Tab value="configuration">Configuration</Tabs.Tab>
                <Tabs.Tab value="faults">Faults</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="connectors" pt="md">
                <StationConnectors station={s} />
              </Tabs.Panel>
              <Tabs.Panel value="sessions" pt="md">
                <StationSessions stationId={stationId} />
              </Tabs.Panel>
              <Tabs.Panel value="messages" pt="md">
                <StationMessages stationId={stationId} />
              </Tabs.Panel>
              <Tabs.Panel value="commands" pt="md">
                <StationCommands stationId={stationId} protocol={s.protocol} online={!!s.online} />
              </Tabs.Panel>
              <Tabs.Panel value="configuration" pt="md">
                <StationConfiguration stationId={stationId} protocol={s.protocol} />
              </Tabs.Panel>
              <Tabs.Panel value="faults" pt="md">
                <StationFaults stationId={stationId} />
              </Tabs.Panel>
            </Tabs>
          </Stack>
        )}
      </QueryState>
    </>
  );
}
