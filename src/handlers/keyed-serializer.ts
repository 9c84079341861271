import { TtlCache } from "../github/ttl-cache.js";
import type { KeyedLock } from "../runtime/keyed-lock.js";

/**
 * Runs tasks with the same key one after another, in arrival order; different keys run in parallel.
 *
 * Webhooks for one pull request often arrive together (a push and a review, or a redelivery). Each
 * run reads GitHub fresh, so running them in turn makes the later one see the earlier one's writes
 * instead of both creating a check run. This covers one process; replicas add Redis on top
 * (src/runtime/redis-lock.ts).
 */
export class KeyedSerializer implements KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** key -> when (in finish order) a task for it last finished; bounded, and kept long past any one task. */
  private readonly finished = new TtlCache<number>({ ttlMs: 30 * 60_000, maxEntries: 50_000 });
  private finishes = 0;

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      this.finished.set(key, ++this.finishes);
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /**
   * A mark that changes whenever a task for `key` finishes. A reader notes it before reading state
   * that tasks for the key write, and reads again once its turn comes if the mark moved meanwhile.
   */
  mark(key: string): Promise<number> {
    return Promise.resolve(this.finished.get(key) ?? 0);
  }

  /** Keys with work queued or running. */
  get pending(): number {
    return this.tails.size;
  }

  /** Resolves when nothing is queued or running, including work that starts while waiting. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}

/** One queue per head commit, for the check run that every open pull request with that head shares. */
export const headCommitKey = (installationId: number, owner: string, repo: string, sha: string) =>
  `${installationId}:${owner}/${repo}@${sha}`.toLowerCase();

/** One queue per pull request, shared by every feature that writes to it. */
export const pullRequestKey = (installationId: number, owner: string, repo: string, number: number) =>
  `${installationId}:${owner}/${repo}#${number}`.toLowerCase();
