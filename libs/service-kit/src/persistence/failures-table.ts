/**
 * The DDL of a service's own failures table (billing_failures, report_failures): where billing and
 * report parked the records they could not apply before every consumer parked them in the shared
 * dead_letters table. Nothing reads or writes these tables any more; the applied create-schema
 * migrations still create them with exactly this text, so it must not change.
 */
export function createFailuresTableSql(table: string): string {
  return `
      CREATE TABLE ${table} (
        event_id text PRIMARY KEY,
        topic text NOT NULL,
        code text NOT NULL,
        message text NOT NULL,
        payload text NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now()
      )`;
}
