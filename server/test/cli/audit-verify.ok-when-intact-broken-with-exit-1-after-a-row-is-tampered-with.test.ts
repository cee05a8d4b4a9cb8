// Scenario: an operator runs `kairox audit verify` from the shell (cron, a release check). On an
// intact database it prints one ok line per workspace and exits 0. After someone with database
// access edits an audit row, the workspace's line says BROKEN at that row and the command exits 1;
// the other workspace still verifies, and --workspace narrows the check to one.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import type { Config } from '../../src/common/config.ts';
import { openDatabase } from '../../src/db/index.ts';
import { addUser, createKairox, type Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { OWNER, setUp } from '../support/kairox.ts';
import { disableAuditAppendOnly } from '../support/tamper.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'bin/kairox.js');

function verify(config: Config, args: string[] = []) {
  const env: NodeJS.ProcessEnv = { ...process.env, KAIROX_LOG_LEVEL: 'info', KAIROX_DATA_DIR: config.dataDir };
  if (config.databaseUrl !== undefined) env.DATABASE_URL = config.databaseUrl;
  else delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [BIN, 'audit', 'verify', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000, input: '' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describeEachEngine('kairox audit verify', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('says ok for every intact workspace, then BROKEN with exit 1 after a row was edited', async () => {
    const config = await engine.config();
    kairox = await createKairox(config);
    const owner = await setUp(kairox, { ...OWNER, workspaceName: 'Desk' });
    for (const name of ['bot one', 'bot two']) expect((await owner.request({ method: 'POST', url: '/api/tokens', payload: { name } })).statusCode).toBe(201);
    await addUser(config, { email: 'bob@example.test', password: 'bob has a long password', newWorkspace: true, workspaceName: 'Bob desk' });
    const desk = ((await owner.request({ url: '/api/me' })).json() as { workspace: { id: string } }).workspace.id;
    const trail = ((await owner.request({ url: '/api/audit?limit=200' })).json() as { events: Array<{ id: string; seq: number }> }).events.reverse();
    const head = ((await owner.request({ url: '/api/audit/verify' })).json() as { headHash: string }).headHash;
    const bobDesk = (await kairox.db.kysely.selectFrom('workspaces').select('id').where('name', '=', 'Bob desk').executeTakeFirstOrThrow()).id;
    await kairox.close();
    kairox = undefined;

    const intact = verify(config);
    expect(intact.code, intact.stderr).toBe(0);
    const lines = intact.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines).toContain(`${desk} Desk: ok, ${trail.length} events, head ${head}`);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${bobDesk} Bob desk: ok, \\d+ events, head [0-9a-f]{64}$`)));

    // The attacker edits the second event of Desk's trail behind Kairox's back.
    const edited = trail[1]!;
    const db = await openDatabase(config);
    try {
      await disableAuditAppendOnly(db);
      await db.kysely.updateTable('audit_events').set({ data: '{"name":"innocent"}' }).where('id', '=', edited.id).execute();
    } finally {
      await db.close();
    }

    const broken = verify(config);
    expect(broken.code, broken.stderr).toBe(1);
    const after = broken.stdout.trim().split('\n');
    expect(after).toContain(`${desk} Desk: BROKEN at seq ${edited.seq} (event ${edited.id}, hash_mismatch); ${edited.seq - 1} events before it verify`);
    expect(after).toContainEqual(expect.stringMatching(new RegExp(`^${bobDesk} Bob desk: ok, `)));

    const onlyBob = verify(config, ['--workspace', bobDesk]);
    expect(onlyBob.code, onlyBob.stderr).toBe(0);
    expect(onlyBob.stdout).toMatch(new RegExp(`^${bobDesk} Bob desk: ok, \\d+ events, head [0-9a-f]{64}\\n$`));

    const unknown = verify(config, ['--workspace', 'ws_nothere']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('No workspace has the id "ws_nothere"; the workspaces are: ');
    for (const known of [`${desk} ("Desk")`, `${bobDesk} ("Bob desk")`]) expect(unknown.stderr).toContain(known);
  });
});
