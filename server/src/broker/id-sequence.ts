// One id sequence per session, for orders and requests alike, seeded from IB's nextValidId. It
// never goes back: a reconnect's nextValidId can only raise it, so no id is ever used twice.
export class IdSequence {
  private next = 0;

  seed(nextValidId: number): void {
    this.next = Math.max(this.next, nextValidId);
  }

  take(): number {
    const id = this.next;
    this.next += 1;
    return id;
  }
}
