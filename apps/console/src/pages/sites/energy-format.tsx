import { Badge } from '@mantine/core';

/** A current in A: whole amperes as they are, else one decimal. */
export function formatAmp(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** A current per grid phase ([L1, L2, L3]) as "32 / 32 / 16 A"; none: "—". */
export function formatPhases(values: readonly number[] | null | undefined): string {
  if (!values || values.length === 0) return '—';
  return `${values.map(formatAmp).join(' / ')} A`;
}

export function formatKw(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${Number.isInteger(value) ? value : value.toFixed(2)} kW`;
}

/** A current per phase and a power, e.g. "63 / 63 / 63 A · 40 kW". */
export function formatLimit(limitA: readonly number[] | null | undefined, limitKw: number | null | undefined): string {
  const parts = [
    limitA && limitA.length ? formatPhases(limitA) : null,
    limitKw === null || limitKw === undefined ? null : formatKw(limitKw),
  ];
  return parts.filter(Boolean).join(' · ') || '—';
}

const ALLOCATION_COLORS: Record<string, string> = { Satisfied: 'green', Capped: 'yellow', Paused: 'orange', Fixed: 'gray' };
const KIND_COLORS: Record<string, string> = { grid: 'red', circuit: 'grape', station: 'blue', evse: 'teal' };

/** A session's allocation status (Satisfied, Capped, Paused, Fixed) in its colour. */
export function AllocationStatus({ status }: { status: string | undefined }) {
  const value = status ?? 'unknown';
  return (
    <Badge color={ALLOCATION_COLORS[value] ?? 'gray'} variant="light" data-status={value}>
      {value}
    </Badge>
  );
}

/** A node's kind (grid, circuit, station, evse) in its colour. */
export function NodeKind({ kind }: { kind: string | undefined }) {
  return (
    <Badge color={KIND_COLORS[kind ?? ''] ?? 'gray'} variant="outline" size="sm" data-kind={kind}>
      {kind ?? '?'}
    </Badge>
  );
}
