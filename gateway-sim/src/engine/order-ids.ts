// Id sequences: each API client's order ids (what nextValidId handed out and the highest id the client
// has used, kept across sessions like TWS does) and the gateway-wide permIds.
import { sequence } from '../market/prng.ts';

export interface ClientIdState {
  highestUsed: number;
  issued: number;
}

export interface OrderIdsState {
  clients: [number, ClientIdState][];
  nextPermId: number;
}

export class OrderIds {
  private readonly clients = new Map<number, ClientIdState>();
  /** Fault injection: the next nextValidId of these clients, below ids they used. */
  private readonly rolledBack = new Map<number, number>();
  private permId: number;

  constructor(seed: number, saved?: OrderIdsState) {
    this.permId = saved?.nextPermId ?? 600_000_000 + Math.floor(sequence(seed)() * 400_000_000);
    for (const [id, c] of saved?.clients ?? []) this.clients.set(id, { ...c });
  }

  /** Above every id the client has used or been given (unless rolled back, see rollBack). */
  nextValidId(clientId: number): number {
    const lowered = this.rolledBack.get(clientId);
    const c = this.client(clientId);
    if (lowered !== undefined) {
      this.rolledBack.delete(clientId);
      return lowered;
    }
    c.issued = Math.max(c.issued, c.highestUsed) + 1;
    return c.issued;
  }

  /**
   * IB after an auto-restart has handed out nextValidId below ids a client had used: the next
   * nextValidId of each client that has placed orders is `by` below the highest id it used (at
   * least 1); the ones after it are honest again.
   */
  rollBack(by: number): void {
    for (const [clientId, c] of this.clients) {
      if (c.highestUsed > 0) this.rolledBack.set(clientId, Math.max(1, c.highestUsed - by));
    }
  }

  /** The highest order id the client has placed. Asking registers the client, so snapshots list it. */
  highestUsed(clientId: number): number {
    return this.client(clientId).highestUsed;
  }

  markUsed(clientId: number, orderId: number): void {
    const c = this.client(clientId);
    c.highestUsed = Math.max(c.highestUsed, orderId);
  }

  nextPermId(): number {
    return this.permId++;
  }

  snapshot(): OrderIdsState {
    return { clients: [...this.clients], nextPermId: this.permId };
  }

  /** Back to ids above every used one. */
  endRollBack(): void {
    this.rolledBack.clear();
  }

  private client(clientId: number): ClientIdState {
    let c = this.clients.get(clientId);
    if (c === undefined) {
      c = { highestUsed: 0, issued: 0 };
      this.clients.set(clientId, c);
    }
    return c;
  }
}
