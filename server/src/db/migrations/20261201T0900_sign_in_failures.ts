// Refused sign-ins that have no workspace audit trail to go to: an e-mail with no account, or an
// account in no workspace. It is the operator's record of them, and the write that makes such a
// refusal cost what a refusal for a real account costs (that one appends to the workspace's
// trail), so response times do not tell who has an account. The e-mail is stored as its sha256:
// people type passwords into the e-mail field.
import type { Kysely } from 'kysely';
import type { DbKind } from '../connect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, _kind: DbKind): Promise<void> {
  await db.schema
    .createTable('sign_in_failures')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('email_hash', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('request_id', 'text')
    .execute();
  await db.schema.createIndex('sign_in_failures_at_idx').on('sign_in_failures').column('at').execute();
}
