/** The most rows an export reads (page by page). */
export const EXPORT_MAX = 10_000;

/** Every item of a paged list (offset pages of `limit`), up to `max`: what an export holds beyond the page shown. */
export async function collectPages<T>(
  fetchPage: (offset: number, limit: number) => Promise<{ items: T[]; total: number }>,
  { limit = 500, max = EXPORT_MAX }: { limit?: number; max?: number } = {},
): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; offset < max; offset += limit) {
    const page = await fetchPage(offset, limit);
    items.push(...page.items);
    if (page.items.length < limit || items.length >= page.total) break;
  }
  return items.slice(0, max);
}
