// A set that forgets its oldest keys past a size cap: enough to remember recent events and threads without
// growing for the life of the process. Map keeps insertion order, so the first key is the oldest.

export class BoundedSet {
  private readonly keys = new Map<string, true>();

  constructor(private readonly max: number) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string): void {
    this.keys.delete(key);
    this.keys.set(key, true);
    if (this.keys.size > this.max) this.keys.delete(this.keys.keys().next().value as string);
  }

  /** Adds the key and says whether it was new: the first caller claims it, any later caller is a duplicate. */
  claim(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.add(key);
    return true;
  }
}
