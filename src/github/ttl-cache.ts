/**
 * A bounded map whose entries expire. Used for facts that are safe to reuse briefly (team
 * membership) or forever (diffs between two commits, which never change). With `sizeOf`, the
 * entries' total size is bounded too (GitHub answers kept for revalidation can be large).
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number; size: number }>();
  private bytes = 0;

  constructor(
    private readonly options: {
      ttlMs: number;
      maxEntries: number;
      maxBytes?: number;
      sizeOf?: (value: V) => number;
      now?: () => number;
    },
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.delete(key);
      return undefined;
    }
    // Refresh recency: Map iteration order is insertion order, so the oldest entry is evicted first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    const size = this.options.sizeOf?.(value) ?? 0;
    this.delete(key);
    if (this.options.maxBytes !== undefined && size > this.options.maxBytes) return;
    this.entries.set(key, { value, expires: this.now() + this.options.ttlMs, size });
    this.bytes += size;
    while (this.entries.size > this.options.maxEntries || this.bytes > (this.options.maxBytes ?? Infinity)) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    this.bytes -= this.entries.get(key)?.size ?? 0;
    this.entries.delete(key);
  }

  /** Drops every entry whose key matches, e.g. one installation's team lists on `/recheck`. */
  deleteWhere(matches: (key: string) => boolean): void {
    for (const key of [...this.entries.keys()]) if (matches(key)) this.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
