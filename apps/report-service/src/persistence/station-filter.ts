/** The stations a report covers: a list, or null for every station. */
export type StationFilter = string[] | null;

/** SQL condition on `station_id` for a `text[]` parameter that may be NULL (= every station). */
export const stationCondition = (param: string): string => `(${param}::text[] IS NULL OR station_id = ANY(${param}::text[]))`;
