import { Card, Group, SimpleGrid, Table, Text } from '@mantine/core';
import { formatMoney } from '../../util/format';
import { bucketLabel, type BucketSize } from './report-period';
import {
  faultsOf,
  formatHours,
  formatKwhValue,
  formatPercent,
  revenueOf,
  type ReportBucket,
  type ReportTotals,
  type RevenueTotal,
} from './report-totals';

function Figure({ label, value, testId, hint }: { label: string; value: string | number; testId: string; hint?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="lg" fw={700} data-testid={testId}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

/** The report's totals over the period, each figure with its own test id. */
export function ReportTotalsGrid({ totals }: { totals: ReportTotals }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid="report-totals">
      <Figure label="Energy" value={formatKwhValue(totals.energyKwh)} testId="report-energy-total" />
      <Figure label="Sessions" value={totals.sessions} testId="report-sessions-total" />
      <Figure
        label="Charging time"
        value={formatHours(totals.chargingSeconds)}
        testId="report-charging-total"
        hint={`idle ${formatHours(totals.idleSeconds)}`}
      />
      <Figure label="Utilisation (average)" value={formatPercent(totals.utilisationPercent)} testId="report-utilisation-average" />
      <Figure label="Uptime (average)" value={formatPercent(totals.uptimePercent)} testId="report-uptime-average" />
      <Figure label="Online (average)" value={formatPercent(totals.onlinePercent)} testId="report-online-average" />
      <Figure
        label="Faults"
        value={totals.faults}
        testId="report-faults-total"
        hint={totals.faultsByCode.map((f) => `${f.errorCode} ${f.count}`).join(', ') || undefined}
      />
      {totals.revenue.length === 0 ? (
        <Figure label="Revenue" value="—" testId="report-revenue-total" hint="no CDR" />
      ) : (
        totals.revenue.map((r) => (
          <Figure
            key={r.currency}
            label={`Revenue (${r.currency}, incl. tax)`}
            value={formatMoney(r.inclTax, r.currency)}
            testId={`report-revenue-total-${r.currency}`}
            hint={`excl. tax ${formatMoney(r.exclTax, r.currency)}`}
          />
        ))
      )}
    </SimpleGrid>
  );
}

export function RevenueText({ revenue }: { revenue: RevenueTotal[] }) {
  if (revenue.length === 0) return <>—</>;
  return (
    <Group gap={6} wrap="wrap">
      {revenue.map((r) => (
        <span key={r.currency}>{formatMoney(r.inclTax, r.currency)}</span>
      ))}
    </Group>
  );
}

/** The figures of every bucket, as a table (what the charts show, readable and accessible). */
export function ReportBucketTable({ buckets, bucket }: { buckets: readonly ReportBucket[]; bucket: BucketSize }) {
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table striped fz="sm" data-testid="report-buckets">
        <Table.Caption>Revenue incl. tax; sessions, energy and revenue count in the bucket the session started in.</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{bucket === 'month' ? 'Month' : 'Day'}</Table.Th>
            <Table.Th>Sessions</Table.Th>
            <Table.Th>Energy</Table.Th>
            <Table.Th>Charging</Table.Th>
            <Table.Th>Utilisation</Table.Th>
            <Table.Th>Uptime</Table.Th>
            <Table.Th>Online</Table.Th>
            <Table.Th>Faults</Table.Th>
            <Table.Th>Revenue</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {buckets.map((b) => (
            <Table.Tr key={b.start} data-bucket={b.startLocal?.slice(0, 10)}>
              <Table.Td>{bucketLabel(b.startLocal, bucket)}</Table.Td>
              <Table.Td>{b.sessions ?? 0}</Table.Td>
              <Table.Td>{formatKwhValue(b.energyKwh ?? 0)}</Table.Td>
              <Table.Td>{formatHours(b.chargingSeconds ?? 0)}</Table.Td>
              <Table.Td>{formatPercent(b.utilisationPercent)}</Table.Td>
              <Table.Td>{formatPercent(b.uptimePercent)}</Table.Td>
              <Table.Td>{formatPercent(b.onlinePercent)}</Table.Td>
              <Table.Td title={(b.faults ?? []).map((f) => `${f.errorCode}: ${f.count}`).join(', ')}>{faultsOf(b)}</Table.Td>
              <Table.Td>
                <RevenueText revenue={revenueOf([b])} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
