// Work handed in under one key runs one piece at a time, in the order it came; different keys run
// side by side. For a read-decide-write that must see every earlier write of its key (the risk
// gate counting a connection's orders) within one process.
export class KeyedTurns {
  /** The end of each key's last piece (settled, never rejected). */
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? previous.then(work) : work();
    const tail = result.then(() => undefined, () => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
