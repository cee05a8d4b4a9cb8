// The members of the caller's workspace and their roles (owner, trader, viewer). Everyone in the
// workspace sees who is in it; only an owner adds, re-roles or removes members. A workspace keeps
// at least one owner. Users of other workspaces do not exist from here (404).
import { z } from 'zod';
import { addMember } from '../../accounts/index.ts';
import { isId, NotFound } from '../../common/index.ts';
import { MEMBERSHIP_ROLES, type MembershipRole } from '../../db/index.ts';
import { memberView } from '../../workspaces/index.ts';
import { authOf } from '../auth.ts';
import { actorOf, metaOf, type Api, type RouteContext } from '../context.ts';

const role = z.enum(MEMBERSHIP_ROLES as [MembershipRole, ...MembershipRole[]], { error: 'role must be owner, trader or viewer' })
  .describe('viewer: reads everything; trader: also trades and changes connection settings; owner: also manages members.');

const addBody = z.strictObject({
  email: z.string({ error: 'email is required' }).describe('The member’s e-mail address, used to sign in.'),
  role,
  password: z.string({ error: 'password must be text' }).optional()
    .describe('First password of a new account (at least 12 characters); give it to them privately. Leave it out when the e-mail already has an account.'),
  name: z.string({ error: 'name must be text' }).optional().describe('Display name of a new account.'),
}, { error: (issue) => (issue.code === 'unrecognized_keys' ? 'Unknown field; send email, role, and for a new account password and optionally name.' : undefined) });

const changeBody = z.strictObject({ role }, { error: (issue) => (issue.code === 'unrecognized_keys' ? 'Unknown field; send only role.' : undefined) });

const byUser = z.object({ userId: z.string().describe('The member’s user id (usr_…).') });

const tags = ['Members'];

const memberAnswer = z.object({
  userId: z.string().describe('usr_…'),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(MEMBERSHIP_ROLES as [MembershipRole, ...MembershipRole[]]),
  joinedAt: z.string().describe('ISO 8601 time.'),
});

function userIdOf(params: { userId: string }): string {
  if (!isId(params.userId, 'usr')) throw new NotFound('Member');
  return params.userId;
}

export function memberRoutes(app: Api, ctx: RouteContext): void {
  const { db, clock, hasher, audit, logger } = ctx;

  app.get('/api/members', {
    config: { access: 'viewer' },
    schema: { summary: 'The workspace’s members and their roles', tags, response: { 200: z.object({ members: z.array(memberAnswer) }) } },
  }, async (request) => ({ members: await ctx.members.list(authOf(request).scope) }));

  app.post('/api/members', {
    config: { access: 'owner' },
    schema: {
      summary: 'Adds a member with a role, creating their account when the e-mail has none',
      description: 'From a shell on the server: `kairox user add --email E --workspace W --role R` (password on standard input).',
      tags, body: addBody,
      response: { 201: z.object({ member: memberAnswer, newAccount: z.boolean().describe('Whether the e-mail had no account and one was created.') }) },
    },
  }, async (request, reply) => {
    const a = authOf(request);
    const added = await addMember({ db, clock, hasher, audit, logger }, a.workspace.id, request.body, actorOf(a), metaOf(request));
    const member = await a.scope.members.get(added.user.id);
    if (!member) throw new NotFound('Member');
    return reply.status(201).send({ member: memberView(member), newAccount: added.newAccount });
  });

  app.patch('/api/members/:userId', {
    config: { access: 'owner' },
    schema: { summary: 'Changes a member’s role (the last owner cannot be demoted)', tags, params: byUser, body: changeBody, response: { 200: z.object({ member: memberAnswer }) } },
  }, async (request) => {
    const a = authOf(request);
    return { member: await ctx.members.changeRole(a.scope, actorOf(a), userIdOf(request.params), request.body.role, metaOf(request)) };
  });

  app.delete('/api/members/:userId', {
    config: { access: 'owner' },
    schema: { summary: 'Removes a member: ends their sign-ins and revokes their API tokens here (the last owner cannot be removed)', tags, params: byUser, response: { 200: z.object({ removed: memberAnswer }) } },
  }, async (request) => {
    const a = authOf(request);
    return { removed: await ctx.members.remove(a.scope, actorOf(a), userIdOf(request.params), metaOf(request)) };
  });
}
