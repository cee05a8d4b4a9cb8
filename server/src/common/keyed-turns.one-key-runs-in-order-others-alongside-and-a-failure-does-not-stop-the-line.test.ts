// KeyedTurns: pieces of one key run one at a time in the order they came, another key's piece
// does not wait for them, and a piece that fails hands the turn on.
import { expect, it } from 'vitest';
import { KeyedTurns } from './keyed-turns.ts';

function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

it('runs one key\'s pieces one after another in order, another key\'s alongside, and goes on after a failure', async () => {
  const turns = new KeyedTurns();
  const log: string[] = [];
  const first = gate();
  const a1 = turns.run('a', async () => {
    log.push('a1 start');
    await first.opened;
    log.push('a1 end');
    throw new Error('a1 failed');
  });
  const a2 = turns.run('a', async () => {
    log.push('a2');
    return 2;
  });
  const b1 = turns.run('b', async () => {
    log.push('b1');
    return 'b';
  });
  expect(await b1).toBe('b');
  expect(log).toEqual(['a1 start', 'b1']);
  first.open();
  await expect(a1).rejects.toThrow('a1 failed');
  expect(await a2).toBe(2);
  expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
});
