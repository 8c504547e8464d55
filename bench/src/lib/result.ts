/** What a scenario hands to the report. */
export interface Figure {
  name: string;
  value: number | string;
  unit?: string;
  /** Human-readable target, e.g. "≤ 1.5 × bare". */
  target?: string;
  met?: boolean;
}

export interface Table {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

export interface ScenarioResult {
  id: number;
  title: string;
  figures: Figure[];
  /** Tables shown in the report's summary, under the figures (e.g. systems side by side). */
  summaryTables?: Table[];
  tables: Table[];
  notes: string[];
  raw: unknown;
}

export function fmt(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return String(x);
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}
