import { Badge } from '@mantine/core';

const COLORS: Record<string, string> = {
  Available: 'green',
  Preparing: 'cyan',
  Charging: 'blue',
  Occupied: 'blue',
  SuspendedEV: 'indigo',
  SuspendedEVSE: 'indigo',
  Finishing: 'teal',
  Reserved: 'grape',
  Unavailable: 'gray',
  Faulted: 'red',
  online: 'green',
  offline: 'gray',
  Accepted: 'green',
  Rejected: 'red',
  Pending: 'yellow',
  Active: 'blue',
  Completed: 'gray',
  Blocked: 'red',
};

/** A status word (connector, station, session, token) in its colour. */
export function StatusBadge({ status }: { status: string | null | undefined }) {
  const value = status ?? 'unknown';
  return (
    <Badge color={COLORS[value] ?? 'gray'} variant="light" data-status={value}>
      {value}
    </Badge>
  );
}
