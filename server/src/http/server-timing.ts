// Signal answers say how long Kairox took (`Server-Timing: app;dur=<ms>, decide;dur=…, store;dur=…`),
// so a sender or a benchmark can tell Kairox's time from the network's, and within it the decision
// (reads, IB, the risk gate) from storing it (the transaction and its durable commit). Only on the
// signal doors: on sign-in and the other routes a precise server time would only help someone
// timing guesses.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SubmitTimings } from '../intake/index.ts';

const SIGNALS = /^\/api\/signals(?:\?|$)/;
const HOOKS = /^\/hooks\//;
const timings = new WeakMap<FastifyRequest, SubmitTimings>();

/** The object a signal door hands to the submission, which fills it in. */
export function submitTimingsOf(request: FastifyRequest): SubmitTimings {
  let t = timings.get(request);
  if (!t) {
    t = {};
    timings.set(request, t);
  }
  return t;
}

export function installServerTiming(app: FastifyInstance): void {
  // A callback, not an async hook: it runs on every answer and never waits.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.method === 'POST' && (SIGNALS.test(request.url) || HOOKS.test(request.url))) {
      const t = timings.get(request);
      let phases = `app;dur=${reply.elapsedTime.toFixed(2)}`;
      if (t?.decideMs !== undefined) phases += `, decide;dur=${t.decideMs.toFixed(2)}`;
      if (t?.storeMs !== undefined) phases += `, store;dur=${t.storeMs.toFixed(2)}`;
      reply.header('server-timing', phases);
    }
    done(null, payload);
  });
}
