/** The local authorization list: a version and idTag → status entries (case-insensitive tags). */
export class LocalAuthList {
  version = 0;
  private readonly entries = new Map<string, string>();

  /** Full replaces the list; Differential updates it (an entry without status removes the tag). */
  apply(version: number, updateType: 'Full' | 'Differential', items: { idTag: string; status: string | undefined }[]): void {
    if (updateType === 'Full') this.entries.clear();
    for (const item of items) {
      const key = item.idTag.toLowerCase();
      if (item.status === undefined) this.entries.delete(key);
      else this.entries.set(key, item.status);
    }
    this.version = version;
  }

  statusOf(idTag: string): string | undefined {
    return this.entries.get(idTag.toLowerCase());
  }

  get size(): number {
    return this.entries.size;
  }
}
