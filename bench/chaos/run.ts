// Chaos run (issue 9 acceptance), the large size: 500 signals at 50/s over 10 paper connections (2
// simulated gateways × 5 client ids, execution on, MKT orders, a generous policy, hours 'always')
// while Kairox — a child process on SQLite in a temporary data dir — is killed by SIGKILL 5 times
// at seeded-random moments and started again on the same data, and the simulators are restarted
// twice, one at a time. The engine is the CI scenario's (server/test/support/chaos.ts): a sender
// re-sends a refused or dropped signal with the same idempotency key until it is answered; at the
// end, with nothing in flight, each accepted signal is counted against the simulators' order logs.
// Fills come 1 s after an order arrives, so kills and restarts find orders working at IB.
// Prints the table and writes bench/results/chaos-<stamp>.json; exits 1 when the promise failed.
// Usage: npm run bench:chaos -- [--signals 500] [--rate 50] [--connections 10] [--simulators 2]
//          [--kills 5] [--simulator-restarts 2] [--seed N]   (replay a run with its printed seed)
// Describe what else runs on the machine in BENCH_LOAD.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chaosTable, runChaos } from '../../server/test/support/chaos.ts';
import { intArg, machine } from '../support/args.ts';

const signals = intArg('signals', 500);
const rate = intArg('rate', 50);
const result = await runChaos({
  signals, rate,
  connections: intArg('connections', 10),
  simulators: intArg('simulators', 2),
  kills: intArg('kills', 5),
  simulatorRestarts: intArg('simulator-restarts', 2),
  seed: intArg('seed', (Date.now() % 1_000_000) + 1),
  ttlSeconds: 120,
  fillDelayMs: 1_000,
  simulatorDownSeconds: 2,
  settleTimeoutMs: 120_000,
  sendTimeoutMs: (signals / rate) * 1000 + 120_000,
  log: (line) => console.log(line),
});
console.log(`\n${chaosTable(result)}\n`);
for (const problem of result.problems) console.log(`PROBLEM: ${problem}`);

const date = new Date().toISOString();
const record = { date, machine: machine(), load: process.env['BENCH_LOAD'] ?? 'not stated (set BENCH_LOAD to describe it)', ...result };
const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'results', `chaos-${date.slice(0, 19).replace(/[-:]/g, '')}.json`);
fs.writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
console.log(`written to ${path.relative(process.cwd(), file)}`);
process.exitCode = result.problems.length === 0 ? 0 : 1;
