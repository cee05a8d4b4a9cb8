// Migrations run in list order and a database remembers them by name; Kysely refuses a database
// whose applied names are not a prefix of the sorted list. A migration named earlier than one
// that already landed would be refused on every database migrated in between, so the list must
// be in name order, and every file in this folder must be on it.
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { MIGRATIONS } from './index.ts';

it('lists every migration file once, in the order of their names', () => {
  const names = MIGRATIONS.map((m) => m.name);
  expect(names).toEqual([...names].sort());
  const files = fs.readdirSync(new URL('.', import.meta.url)).filter((f) => /^\d{8}T\d{4}_\w+\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, ''));
  expect(names).toEqual(files.sort());
});
