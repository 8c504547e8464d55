import type { ValueTransformer } from 'typeorm';

/** PostgreSQL numeric (returned as text by pg) ↔ number, for Wh columns. The one place Wh text becomes a number. */
export const numericWh: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
