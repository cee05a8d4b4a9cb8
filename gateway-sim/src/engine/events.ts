// The engine's event stream. Events are delivered synchronously and in order; one raised while
// listeners are running (a listener placing an order, say) is queued and delivered after the current
// one, so every listener sees the same global order.
import type { EngineEvent } from './types.ts';

export type Emit = (event: EngineEvent) => void;

export class EventBus {
  private readonly listeners: ((e: EngineEvent) => void)[] = [];
  private readonly queue: EngineEvent[] = [];
  private dispatching = false;

  /** Subscribes to every event; returns the unsubscribe function. */
  on(listener: (event: EngineEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  readonly emit: Emit = (event) => {
    this.queue.push(event);
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let e = this.queue.shift(); e !== undefined; e = this.queue.shift()) {
        // A copy: a listener may unsubscribe (or subscribe another) while the event is delivered.
        for (const l of [...this.listeners]) l(e);
      }
    } finally {
      this.dispatching = false;
      // A throwing listener drops the rest of the queue rather than delivering it out of order later.
      this.queue.length = 0;
    }
  };
}
