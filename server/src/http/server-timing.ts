// Signal answers say how long Kairox took (`Server-Timing: app;dur=<ms>`), so a sender or a
// benchmark can tell Kairox's time from the network's. Only on the signal doors: on sign-in and the
// other routes a precise server time would only help someone timing guesses.
import type { FastifyInstance } from 'fastify';

const TIMED = [/^\/api\/signals(?:\?|$)/, /^\/hooks\//];

export function installServerTiming(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'POST' && TIMED.some((path) => path.test(request.url))) reply.header('server-timing', `app;dur=${reply.elapsedTime.toFixed(2)}`);
    return payload;
  });
}
