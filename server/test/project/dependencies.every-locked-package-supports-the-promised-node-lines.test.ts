// The README promises Node 20 (>= 20.19) and the current LTS lines. A dependency whose `engines`
// excludes one of them makes `npm ci` warn (EBADENGINE) and may break at run time, so every
// package in the lock file must accept the first release of each promised line.
import fs from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const readJson = (name: string): unknown => JSON.parse(fs.readFileSync(new URL(name, root), 'utf8'));

/** The oldest release of each line we promise: 20 (end of life, still on our machines), 22 and 24 (LTS). */
const PROMISED = ['20.19.0', '22.13.0', '24.0.0'];

interface LockEntry { version?: string; engines?: { node?: string } | string[]; optional?: boolean; os?: string[] }

describe('dependencies and the promised Node lines', () => {
  it('the root package declares the oldest promised line as its minimum', () => {
    const pkg = readJson('package.json') as { engines: { node: string } };
    expect(semver.minVersion(pkg.engines.node)?.version).toBe(PROMISED[0]);
  });

  it('every locked package accepts each promised Node line', () => {
    const lock = readJson('package-lock.json') as { packages: Record<string, LockEntry> };
    const refusals: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages)) {
      // Old packages wrote engines as an array of free text; npm ignores that form too.
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!where || !range) continue;
      for (const node of PROMISED) {
        if (!semver.satisfies(node, range)) refusals.push(`${where.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${range}, not ${node}`);
      }
    }
    expect(refusals).toEqual([]);
  });
});
