// Scenario: a refused sign-in for an account (wrong password) and for an e-mail nobody has do the
// same work, so response times cannot tell them apart: one read of the account, one argon2 verify
// with the same cost parameters (a dummy hash for the unknown e-mail, made in advance), and one
// write transaction (the workspace's audit trail, or the operator's sign_in_failures record).
// The work is counted, not timed: timings on a loaded 2-core machine prove nothing either way.
import { sql, type KyselyPlugin } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { checkPassword, PasswordHasher } from '../../src/accounts/index.ts';
import { AuditLog } from '../../src/audit/index.ts';
import { createLogger, sha256Hex, systemClock } from '../../src/common/index.ts';
import type { Db } from '../../src/db/index.ts';
import type { Kairox } from '../../src/main.ts';
import { describeEachEngine } from '../support/engines.ts';
import { OWNER, setUp, startKairox } from '../support/kairox.ts';

interface Work {
  /** argon2 parameters ($argon2id$v=19$m=…,t=…,p=…) of each hash verified. */
  verified: string[];
  hashed: number;
  /** Statements in order (Kysely node kinds), with BEGIN where a transaction starts. */
  statements: string[];
}

const argonParameters = (hash: string) => hash.split('$').slice(0, 4).join('$');

/** A Db whose every statement and transaction is written to `statements`. */
function recording(db: Db, statements: string[]): Db {
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      statements.push(node.kind);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  const kysely = db.kysely.withPlugin(plugin);
  const watched = new Proxy(kysely, {
    get(target, property) {
      if (property === 'transaction') statements.push('BEGIN');
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { ...db, kysely: watched };
}

describeEachEngine('sign-in work', (engine) => {
  let kairox: Kairox | undefined;
  afterEach(async () => {
    await kairox?.close();
    kairox = undefined;
  });

  it('a wrong password and an unknown e-mail cost one equal verify, the same reads and one write transaction', async () => {
    kairox = await startKairox(engine);
    await setUp(kairox);

    const work: Work = { verified: [], hashed: 0, statements: [] };
    class CountingHasher extends PasswordHasher {
      override hash(password: string): Promise<string> {
        work.hashed++;
        return super.hash(password);
      }
      override async verify(passwordHash: string, password: string): Promise<boolean> {
        work.verified.push(argonParameters(passwordHash));
        return super.verify(passwordHash, password);
      }
    }
    const hasher = new CountingHasher();
    const deps = { db: recording(kairox.db, work.statements), clock: systemClock, hasher, audit: new AuditLog(systemClock), logger: createLogger({ level: 'silent' }) };

    const refusedWork = async (email: string): Promise<Work> => {
      work.verified = [];
      work.hashed = 0;
      work.statements.length = 0;
      await expect(checkPassword(deps, email, 'not the password at all', { ip: '10.0.0.9', requestId: 'req-1' })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
      return { verified: [...work.verified], hashed: work.hashed, statements: [...work.statements] };
    };
    // The unknown e-mail first: a dummy hash made on first use would show here as extra work.
    const unknownUser = await refusedWork('nobody@example.test');
    const wrongPassword = await refusedWork(OWNER.email);

    const realHash = (await kairox.db.kysely.selectFrom('users').select('password_hash').executeTakeFirstOrThrow()).password_hash;
    for (const [what, w] of [['unknown e-mail', unknownUser], ['wrong password', wrongPassword]] as const) {
      expect(w.verified, what).toEqual([argonParameters(realHash)]);
      expect(w.hashed, what).toBe(0);
      expect(w.statements.filter((s) => s === 'BEGIN'), what).toHaveLength(1);
      expect(w.statements.slice(w.statements.indexOf('BEGIN')), what).toContain('InsertQueryNode');
    }
    const readsBeforeWriting = (w: Work) => w.statements.slice(0, w.statements.indexOf('BEGIN'));
    expect(readsBeforeWriting(unknownUser)).toEqual(['SelectQueryNode']);
    expect(readsBeforeWriting(wrongPassword)).toEqual(readsBeforeWriting(unknownUser));
  });

  it('records the unknown e-mail’s refusal for the operator, with the e-mail hashed', async () => {
    kairox = await startKairox(engine);
    await setUp(kairox);
    const refused = await kairox.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: ' Nobody@Example.test', password: 'my password typed here' }, remoteAddress: '10.0.0.9' });
    expect(refused.statusCode).toBe(401);
    const { rows } = await sql<Record<string, unknown>>`select * from sign_in_failures`.execute(kairox.db.kysely);
    expect(rows).toEqual([{ at: expect.any(Number), email_hash: sha256Hex('nobody@example.test'), user_id: null, reason: 'unknown_user', ip: '10.0.0.9', request_id: expect.any(String) }]);
    expect(JSON.stringify(rows)).not.toMatch(/nobody|my password/i);
  });
});
