/**
 * Server-side TLS session cache for `session-id` resumption. Node.js turns OpenSSL's internal cache off,
 * so sessions live only where the server's `newSession` / `resumeSession` handlers put them. Entries are
 * evicted oldest first beyond `maxEntries`, so a long run cannot grow memory without bound.
 */
export class SessionStore {
  readonly #entries = new Map<string, Buffer>();
  readonly #maxEntries: number;

  constructor(maxEntries = 100_000) {
    this.#maxEntries = maxEntries;
  }

  set(id: string, data: Buffer): void {
    this.#entries.delete(id);
    this.#entries.set(id, data);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  get(id: string): Buffer | null {
    return this.#entries.get(id) ?? null;
  }

  get size(): number {
    return this.#entries.size;
  }
}

/** Session storage of a server worker: its own process, or the cluster primary. */
export interface SessionCache {
  store(id: Buffer, data: Buffer): void;
  lookup(id: Buffer, callback: (data: Buffer | null) => void): void;
}

export function localSessionCache(store = new SessionStore()): SessionCache {
  return {
    store: (id, data) => store.set(id.toString('hex'), data),
    lookup: (id, callback) => callback(store.get(id.toString('hex'))),
  };
}
