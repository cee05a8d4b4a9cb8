// Pieces several areas' answers share. Each area's answer schemas (one per view the routes return)
// live beside it in this folder; see response-schemas.ts for how they are used and checked.
import { z } from 'zod';
import { AUDIT_ACTOR_TYPES } from '../../domain/index.ts';

export const actorAnswer = z.object({
  type: z.enum(AUDIT_ACTOR_TYPES).describe('user (signed in), api_token, webhook (an alert sender), cli (a shell on the server) or system (Kairox itself).'),
  id: z.string().nullable().describe('The user (usr_…), token (tok_…) or webhook (whk_…) id; null for cli and system.'),
});

/** Milliseconds since 1970-01-01 UTC. */
export const epochMs = () => z.number().describe('Epoch milliseconds.');
