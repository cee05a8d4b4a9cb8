// The answers of the webhook routes (routes/webhooks.ts): webhooks without their secrets, the
// credentials shown once (intake/webhooks.ts WebhookView, WebhookCredentials) and deliveries
// (DeliveryView).
import { z } from 'zod';
import { DELIVERY_OUTCOMES } from '../../intake/index.ts';
import { actorAnswer, epochMs } from './common.ts';

export const webhookAnswer = z.object({
  id: z.string().describe('whk_…'),
  connectionId: z.string(),
  name: z.string(),
  deliveryUrl: z.string().describe('Where to POST with the secret in the body (token or passphrase); the URL with the secret in its path is shown only once.'),
  createdAt: epochMs(),
  createdBy: actorAnswer,
  rotatedAt: epochMs().nullable(),
  revokedAt: epochMs().nullable(),
  lastDeliveryAt: epochMs().nullable(),
});

export const oneWebhookAnswer = z.object({ webhook: webhookAnswer });

export const webhookCredentialsAnswer = z.object({
  webhook: webhookAnswer,
  url: z.string().describe('The URL to paste into the alert sender: the secret is in its path. Shown only in this answer.'),
  secret: z.string().describe('The secret itself, for a sender that puts it in the body. Shown only in this answer.'),
});

export const deliveriesAnswer = z.object({
  deliveries: z.array(z.object({
    id: z.string(),
    receivedAt: epochMs(),
    outcome: z.enum(DELIVERY_OUTCOMES),
    httpStatus: z.number().describe('The status Kairox answered the sender.'),
    signalId: z.string().nullable().describe('The signal it became, if any.'),
    code: z.string().nullable().describe('A refusal\'s stable code (placeholders_not_filled, invalid_signal, …).'),
    field: z.string().nullable().describe('The body field at fault, when one was.'),
    payload: z.unknown().describe('The body as sent without its secret fields; null when it was not a readable JSON object.'),
  })).describe('Newest first.'),
});
