import { useState } from 'react';
import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { StationEnergyChart } from './report-charts';
import { RevenueText } from './report-figures';
import type { StationsReportItem } from './report-requests';
import { formatHours, formatKwhValue, formatPercent, totalsOf, type ReportTotals } from './report-totals';

const TOP = 25;

type RankBy = 'energy' | 'sessions' | 'utilisation' | 'faults' | 'uptime';
const RANK_BY: { value: RankBy; label: string }[] = [
  { value: 'energy', label: 'Energy' },
  { value: 'sessions', label: 'Sessions' },
  { value: 'utilisation', label: 'Utilisation' },
  { value: 'faults', label: 'Faults' },
  { value: 'uptime', label: 'Uptime (lowest first)' },
];

interface Ranked {
  stationId: string;
  connectors: number | undefined;
  totals: ReportTotals;
}

function compare(by: RankBy): (a: Ranked, b: Ranked) => number {
  const key = (r: Ranked): number => {
    switch (by) {
      case 'energy':
        return r.totals.energyKwh;
      case 'sessions':
        return r.totals.sessions;
      case 'utilisation':
        return r.totals.utilisationPercent ?? -1;
      case 'faults':
        return r.totals.faults;
      case 'uptime':
        // lowest first: the stations that need a look
        return -(r.totals.uptimePercent ?? 101);
    }
  };
  return (a, b) => key(b) - key(a) || a.stationId.localeCompare(b.stationId);
}

/** Every station of the network or site over the period, ranked; the top ones as a chart too. */
export function StationRanking({ items, reportLink }: { items: StationsReportItem[]; reportLink: (stationId: string) => string }) {
  const [by, setBy] = useState<RankBy>('energy');
  const [all, setAll] = useState(false);
  const ranked = items
    .map((item): Ranked => ({ stationId: item.stationId ?? '?', connectors: item.connectors, totals: totalsOf(item.buckets ?? []) }))
    .sort(compare(by));
  const shown = all ? ranked : ranked.slice(0, TOP);
  const topByEnergy = [...ranked]
    .sort(compare('energy'))
    .slice(0, 10)
    .filter((r) => r.totals.energyKwh > 0)
    .map((r) => ({ stationId: r.stationId, energyKwh: r.totals.energyKwh }));
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="end">
        <Title order={4}>Stations</Title>
        <NativeSelect
          label="Rank by"
          data={RANK_BY}
          value={by}
          onChange={(e) => setBy(e.currentTarget.value as RankBy)}
          w={200}
          size="xs"
        />
      </Group>
      {ranked.length === 0 ? (
        <Text c="dimmed">No station in this report.</Text>
      ) : (
        <>
          <StationEnergyChart rows={topByEnergy} />
          <Table.ScrollContainer minWidth={820}>
            <Table striped highlightOnHover fz="sm" data-testid="report-ranking">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>Station</Table.Th>
                  <Table.Th>Connectors</Table.Th>
                  <Table.Th>Sessions</Table.Th>
                  <Table.Th>Energy</Table.Th>
                  <Table.Th>Charging</Table.Th>
                  <Table.Th>Utilisation</Table.Th>
                  <Table.Th>Uptime</Table.Th>
                  <Table.Th>Faults</Table.Th>
                  <Table.Th>Revenue (incl. tax)</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((r, i) => (
                  <Table.Tr key={r.stationId} data-station={r.stationId}>
                    <Table.Td>{i + 1}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={reportLink(r.stationId)} title={`The report of ${r.stationId}`}>
                        {r.stationId}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{r.connectors ?? '—'}</Table.Td>
                    <Table.Td>{r.totals.sessions}</Table.Td>
                    <Table.Td>{formatKwhValue(r.totals.energyKwh)}</Table.Td>
                    <Table.Td>{formatHours(r.totals.chargingSeconds)}</Table.Td>
                    <Table.Td>{formatPercent(r.totals.utilisationPercent)}</Table.Td>
                    <Table.Td>{formatPercent(r.totals.uptimePercent)}</Table.Td>
                    <Table.Td>{r.totals.faults}</Table.Td>
                    <Table.Td>
                      <RevenueText revenue={r.totals.revenue} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {ranked.length > TOP && (
            <Group>
              <Button variant="subtle" size="xs" onClick={() => setAll(!all)}>
                {all ? `Show the top ${TOP}` : `Show all ${ranked.length} stations`}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
