import { Table, Text } from '@mantine/core';
import { formatMoney } from '../../util/format';

interface Money {
  amount?: string;
  currency?: string;
}

/** A price line of a CDR or of a running session's cost. */
export interface CostLine {
  component?: string;
  band?: string | null;
  quantity?: string;
  unit?: string;
  unitPrice?: Money;
  amount?: Money;
}

const COMPONENTS: Record<string, string> = {
  energy: 'Energy',
  chargingTime: 'Charging time',
  idleTime: 'Idle time',
  sessionFee: 'Session fee',
};

/** Price lines: what was priced, how much of it, at which net unit price (as the tariff sets it, unrounded), for how much. */
export function CostLines({ lines }: { lines: readonly CostLine[] }) {
  if (lines.length === 0)
    return (
      <Text c="dimmed" size="sm">
        No price line.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table data-testid="cost-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Component</Table.Th>
            <Table.Th>Band</Table.Th>
            <Table.Th>Quantity</Table.Th>
            <Table.Th>Unit price (net)</Table.Th>
            <Table.Th>Amount (net)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line, index) => (
            <Table.Tr key={index} data-component={line.component}>
              <Table.Td>{COMPONENTS[line.component ?? ''] ?? line.component ?? '—'}</Table.Td>
              <Table.Td>{line.band ?? 'base'}</Table.Td>
              <Table.Td>{[line.quantity, line.unit].filter(Boolean).join(' ') || '—'}</Table.Td>
              <Table.Td>
                {line.unitPrice?.amount !== undefined
                  ? `${[line.unitPrice.amount, line.unitPrice.currency].filter(Boolean).join(' ')}${line.unit ? ` / ${line.unit}` : ''}`
                  : '—'}
              </Table.Td>
              <Table.Td>{formatMoney(line.amount?.amount, line.amount?.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
