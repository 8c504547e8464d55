import type { ReactNode } from 'react';
import { Card, SimpleGrid, Text, Title, useMantineTheme } from '@mantine/core';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { bucketLabel, type BucketSize } from './report-period';
import type { ReportBucket } from './report-totals';

const HEIGHT = 220;

type Row = Record<string, string | number | null>;

function ChartCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="sm" component="figure" m={0} aria-label={title}>
      <Title order={5} mb="xs" component="figcaption">
        {title}
      </Title>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        {children}
      </ResponsiveContainer>
    </Card>
  );
}

/**
 * The chart rows: one per bucket, with a column per figure; faults per code and revenue per
 * currency in columns by index (f0, f1 … / r0, r1 …: an error code may hold characters a dataKey path would split on).
 */
export function chartRows(buckets: readonly ReportBucket[], bucket: BucketSize): { rows: Row[]; faultCodes: string[]; currencies: string[] } {
  const faultCodes = [...new Set(buckets.flatMap((b) => (b.faults ?? []).map((f) => f.errorCode ?? '?')))].sort();
  const currencies = [...new Set(buckets.flatMap((b) => (b.revenue ?? []).map((r) => r.currency ?? '?')))].sort();
  const rows = buckets.map((b) => {
    const row: Row = {
      label: bucketLabel(b.startLocal, bucket),
      sessions: b.sessions ?? 0,
      energyKwh: b.energyKwh ?? 0,
      utilisation: b.utilisationPercent ?? null,
      uptime: b.uptimePercent ?? null,
      online: b.onlinePercent ?? null,
    };
    for (const f of b.faults ?? []) row[`f${faultCodes.indexOf(f.errorCode ?? '?')}`] = f.count ?? 0;
    for (const r of b.revenue ?? []) row[`r${currencies.indexOf(r.currency ?? '?')}`] = Number(r.totalInclTax ?? 0);
    return row;
  });
  return { rows, faultCodes, currencies };
}

/** Energy, sessions, utilisation/uptime/online, faults and revenue per bucket. */
export function ReportCharts({ buckets, bucket }: { buckets: readonly ReportBucket[]; bucket: BucketSize }) {
  const theme = useMantineTheme();
  const palette = ['blue', 'teal', 'grape', 'orange', 'red', 'cyan', 'lime', 'pink', 'indigo', 'yellow'].map((c) => theme.colors[c][6]);
  const { rows, faultCodes, currencies } = chartRows(buckets, bucket);
  if (rows.length < 2)
    return (
      <Text size="sm" c="dimmed">
        One bucket only (the report API has no hourly buckets): the figures are below.
      </Text>
    );
  const axes = (unit?: string, domain?: [number, number]) => (
    <>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="label" fontSize={11} />
      <YAxis fontSize={11} unit={unit} domain={domain} allowDecimals={unit !== undefined} width={56} />
      <Tooltip />
    </>
  );
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} data-testid="report-charts">
      <ChartCard title="Energy (kWh)">
        <BarChart data={rows}>
          {axes(' kWh')}
          <Bar dataKey="energyKwh" name="Energy (kWh)" fill={theme.colors.blue[6]} />
        </BarChart>
      </ChartCard>
      <ChartCard title="Sessions">
        <BarChart data={rows}>
          {axes()}
          <Bar dataKey="sessions" name="Sessions" fill={theme.colors.teal[6]} />
        </BarChart>
      </ChartCard>
      <ChartCard title="Utilisation, uptime and online time (%)">
        <LineChart data={rows}>
          {axes(' %', [0, 100])}
          <Legend />
          <Line dataKey="utilisation" name="Utilisation" stroke={theme.colors.blue[6]} dot={false} />
          <Line dataKey="uptime" name="Uptime" stroke={theme.colors.green[6]} dot={false} />
          <Line dataKey="online" name="Online" stroke={theme.colors.gray[6]} dot={false} strokeDasharray="4 2" />
        </LineChart>
      </ChartCard>
      <ChartCard title="Faults (by error code)">
        <BarChart data={rows}>
          {axes()}
          {faultCodes.length > 1 && <Legend />}
          {faultCodes.map((code, i) => (
            <Bar key={code} dataKey={`f${i}`} name={code} stackId="faults" fill={palette[(i + 4) % palette.length]} />
          ))}
        </BarChart>
      </ChartCard>
      {currencies.length === 0 ? (
        <Card withBorder padding="sm">
          <Title order={5} mb="xs">
            Revenue
          </Title>
          <Text size="sm" c="dimmed">
            No CDR in this period.
          </Text>
        </Card>
      ) : (
        currencies.map((currency, i) => (
          <ChartCard key={currency} title={`Revenue (${currency}, incl. tax)`}>
            <BarChart data={rows}>
              {axes(` ${currency}`)}
              <Bar dataKey={`r${i}`} name={currency} fill={palette[(i + 2) % palette.length]} />
            </BarChart>
          </ChartCard>
        ))
      )}
    </SimpleGrid>
  );
}

/** The stations of a report ranked by energy (the top ones), as bars. */
export function StationEnergyChart({ rows }: { rows: { stationId: string; energyKwh: number }[] }) {
  const theme = useMantineTheme();
  if (rows.length === 0) return null;
  return (
    <Card withBorder padding="sm" component="figure" m={0} aria-label="Energy by station">
      <Title order={5} mb="xs" component="figcaption">
        Energy by station (top {rows.length}, kWh)
      </Title>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={rows} layout="vertical" margin={{ left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" fontSize={11} unit=" kWh" />
          <YAxis type="category" dataKey="stationId" fontSize={11} width={110} />
          <Tooltip />
          <Bar dataKey="energyKwh" name="Energy (kWh)" fill={theme.colors.blue[6]} />
        </BarChart>
      </ResponsiveContainer>
    </Card>
  );
}
