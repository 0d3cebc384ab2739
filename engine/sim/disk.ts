/**
 * Disk is a host's stable storage: the only thing that survives a crash.
 * Values are stored as given; whoever puts a value promises not to mutate it
 * afterwards (store copies or immutable data), exactly as bytes once written
 * to a real disk stay as written.
 */
export class Disk {
  private readonly data = new Map<string, unknown>();
  private writes = 0;

  /** get returns the value stored under `key`, or undefined. */
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  /** put stores `value` under `key`, replacing any earlier value. */
  put(key: string, value: unknown): void {
    this.data.set(key, value);
    this.writes++;
  }

  /** delete removes `key`. */
  delete(key: string): void {
    this.data.delete(key);
    this.writes++;
  }

  /** keys lists the stored keys in insertion order. */
  keys(): string[] {
    return [...this.data.keys()];
  }

  /** writeCount is how many puts and deletes this disk has seen (for fsync accounting). */
  get writeCount(): number {
    return this.writes;
  }
}
