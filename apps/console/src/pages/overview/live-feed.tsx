import { Anchor, Card, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useLive } from '../../api/live-provider';
import type { LiveEvent } from '../../api/live-events';
import { formatKwh, formatMoney } from '../../util/format';

function describe(event: LiveEvent): string {
  switch (event.name) {
    case 'station.connection':
      return event.data.type === 'Connected' ? 'connected' : 'disconnected';
    case 'station.status':
      return `connector ${event.data.evseId !== undefined ? `${event.data.evseId}/` : ''}${event.data.connectorId}: ${event.data.status}${event.data.errorCode ? ` (${event.data.errorCode})` : ''}`;
    case 'session':
      return `session ${event.data.type.toLowerCase()}, ${formatKwh(event.data.energyWh)}`;
    case 'cdr':
      return `CDR ${formatMoney(event.data.totalInclTax, event.data.currency)} for ${formatKwh(event.data.energyWh)}`;
  }
}

/** What happened in the network since this page opened, newest first. */
export function LiveFeed() {
  const { recent } = useLive();
  return (
    <Card withBorder>
      <Title order={4} mb="xs">
        Live events
      </Title>
      {recent.length === 0 ? (
        <Text c="dimmed" size="sm">
          Nothing yet: events appear here as stations report them.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={400}>
          <Table striped data-testid="live-feed">
            <Table.Tbody>
              {recent.slice(0, 15).map((event, index) => (
                <Table.Tr key={index}>
                  <Table.Td>
                    <Anchor component={Link} to={`/stations/${encodeURIComponent(event.data.stationId)}`}>
                      {event.data.stationId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{describe(event)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
