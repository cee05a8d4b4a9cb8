// Instruments someone watches (Engine.watchQuotes), with how many watchers each has and the time of the
// last quote sent, so advance() emits one `quote` event per price step and not one per call.
import type { Quote } from '../market/types.ts';
import type { Emit } from './events.ts';

export class QuoteWatch {
  private readonly watched = new Map<number, { count: number; lastTime: number }>();

  /** Starts watching; the returned function stops this watcher (once, however often it is called). */
  watch(conId: number): () => void {
    const w = this.watched.get(conId) ?? { count: 0, lastTime: -1 };
    w.count++;
    this.watched.set(conId, w);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      w.count--;
      if (w.count <= 0) this.watched.delete(conId);
    };
  }

  /** Emits the quote of every watched instrument whose price stepped since its last quote event. */
  publish(quote: (conId: number) => Quote | undefined, emit: Emit): void {
    for (const [conId, w] of this.watched) {
      const q = quote(conId);
      if (q !== undefined && q.time !== w.lastTime) {
        w.lastTime = q.time;
        emit({ type: 'quote', quote: q });
      }
    }
  }
}
