// How long a refused sign-in takes for a wrong password and for an unknown e-mail. If the two
// differ, the answer time tells an attacker which e-mails have accounts. Both paths run against one
// in-process Kairox (SQLite in a temporary directory), interleaved so that load drifts hit both
// alike, and the login throttle is lifted so that every attempt reaches the password check.
// Usage: npm run bench:login -- [--tries 40]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/src/common/config.ts';
import { createKairox } from '../../server/src/main.ts';
import { intArg, machine } from '../support/args.ts';

const tries = intArg('tries', 40);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-bench-login-'));
const kairox = await createKairox(loadConfig({ KAIROX_DATA_DIR: dir, KAIROX_LOG_LEVEL: 'silent', KAIROX_LOGIN_RATE_LIMIT: '10000' } as NodeJS.ProcessEnv));

const OWNER = { email: 'owner@example.test', password: 'correct horse battery staple' };
const setup = await kairox.app.inject({ method: 'POST', url: '/api/setup', payload: OWNER });
if (setup.statusCode !== 201) throw new Error(`set-up failed: ${setup.statusCode} ${setup.body}`);

async function attempt(email: string): Promise<number> {
  const started = process.hrtime.bigint();
  const r = await kairox.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'not the password at all' } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.statusCode !== 401) throw new Error(`expected 401, got ${r.statusCode}: ${r.body}`);
  return ms;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean: +mean.toFixed(2), p50: +at(0.5).toFixed(2), p90: +at(0.9).toFixed(2), min: +(s[0] ?? NaN).toFixed(2), max: +(s.at(-1) ?? NaN).toFixed(2) };
};

// Warm-up: the first argon2 call and the first queries pay for loading and caching.
for (let i = 0; i < 3; i += 1) { await attempt(OWNER.email); await attempt(`warm-${i}@example.test`); }
const wrongPassword: number[] = [];
const unknownUser: number[] = [];
for (let i = 0; i < tries; i += 1) {
  wrongPassword.push(await attempt(OWNER.email));
  unknownUser.push(await attempt(`nobody-${i}@example.test`));
}
await kairox.close();
fs.rmSync(dir, { recursive: true, force: true });

const result = {
  benchmark: 'login-timing',
  at: new Date().toISOString(),
  machine: machine(),
  load: process.env['BENCH_LOAD'] ?? 'not stated (set BENCH_LOAD to describe it)',
  tries,
  wrongPasswordMs: stats(wrongPassword),
  unknownUserMs: stats(unknownUser),
  meanDifferenceMs: +(stats(wrongPassword).mean - stats(unknownUser).mean).toFixed(2),
};
console.log(JSON.stringify(result, null, 2));
const out = new URL('../results/login-timing.json', import.meta.url);
fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`written to bench/results/login-timing.json`);
