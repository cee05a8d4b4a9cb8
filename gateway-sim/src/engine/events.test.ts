import { describe, expect, it } from 'vitest';
import { EventBus } from './events.ts';
import type { EngineEvent } from './types.ts';

const err = (id: number): EngineEvent => ({ type: 'error', clientId: 0, id, code: 0, message: '', advancedOrderRejectJson: '' });
const ids = (seen: EngineEvent[]): number[] => seen.map((e) => (e.type === 'error' ? e.id : -1));

describe('event bus', () => {
  it('an event raised by a listener reaches every listener after the current one, in one global order', () => {
    const bus = new EventBus();
    const a: EngineEvent[] = [];
    const b: EngineEvent[] = [];
    bus.on((e) => {
      a.push(e);
      if (e.type === 'error' && e.id === 1) bus.emit(err(2));
    });
    bus.on((e) => b.push(e));
    bus.emit(err(1));
    expect(ids(a)).toEqual([1, 2]);
    expect(ids(b)).toEqual([1, 2]);
  });

  it('unsubscribing during delivery takes effect from the next event', () => {
    const bus = new EventBus();
    const seen: EngineEvent[] = [];
    const off = bus.on((e) => {
      seen.push(e);
      off();
    });
    bus.on(() => undefined);
    bus.emit(err(1));
    bus.emit(err(2));
    expect(ids(seen)).toEqual([1]);
  });

  it('a throwing listener drops the events queued behind it instead of delivering them later', () => {
    const bus = new EventBus();
    const seen: EngineEvent[] = [];
    bus.on((e) => {
      seen.push(e);
      if (e.type === 'error' && e.id === 1) {
        bus.emit(err(2));
        throw new Error('listener failed');
      }
    });
    expect(() => bus.emit(err(1))).toThrow('listener failed');
    bus.emit(err(3));
    expect(ids(seen)).toEqual([1, 3]);
  });
});
