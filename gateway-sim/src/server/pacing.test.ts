import { describe, expect, it } from 'vitest';
import { TokenBucket } from './pacing.ts';

describe('TokenBucket', () => {
  it('passes a burst of 50 in one instant and refuses the 51st', () => {
    const b = new TokenBucket({}, 0);
    for (let i = 0; i < 50; i += 1) expect(b.admit(0)).toEqual({ kind: 'pass' });
    expect(b.admit(0)).toEqual({ kind: 'violation', received: 51, violation: 1, close: false });
  });

  it('refills at 50 per second', () => {
    const b = new TokenBucket({}, 0);
    for (let i = 0; i < 50; i += 1) b.admit(0);
    expect(b.admit(10).kind).toBe('violation');
    expect(b.admit(20).kind).toBe('pass');
    expect(b.waitMs(20)).toBe(20);
  });

  it('asks to close after the configured number of violations', () => {
    const b = new TokenBucket({ maxPerSecond: 2, closeAfterViolations: 2 }, 0);
    b.admit(0);
    b.admit(0);
    expect(b.admit(0)).toMatchObject({ violation: 1, close: false });
    expect(b.admit(0)).toMatchObject({ violation: 2, close: true, received: 4 });
  });

  it('never closes when closeAfterViolations is 0', () => {
    const b = new TokenBucket({ maxPerSecond: 1, closeAfterViolations: 0 }, 0);
    b.admit(0);
    for (let i = 0; i < 10; i += 1) expect(b.admit(0)).toMatchObject({ close: false });
  });

  it('restarts the rec= window every second', () => {
    const b = new TokenBucket({ maxPerSecond: 1 }, 0);
    b.admit(0);
    expect(b.admit(0)).toMatchObject({ received: 2 });
    expect(b.admit(1500)).toEqual({ kind: 'pass' });
    b.admit(1500);
    expect(b.admit(1500)).toMatchObject({ received: 3 });
  });
});
