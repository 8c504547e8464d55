/**
 * The read model is written with idempotent upserts in plain SQL (see the repositories), so the
 * service maps no TypeORM entities; its tables come from the migrations.
 */
export const REPORT_ENTITIES: never[] = [];
