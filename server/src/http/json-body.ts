// The one JSON body parser, stricter than Fastify's: the bytes must be UTF-8, and no string
// (value or key) may hold a lone UTF-16 surrogate. JSON lets "\ud800" through, but such text
// cannot be stored as UTF-8 and differs between engines, so it is refused for every route here
// rather than field by field. Prototype-poisoning protection stays Fastify's own.
import type { FastifyInstance } from 'fastify';
import { BadRequest } from '../common/index.ts';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Whether the JSON text writes a surrogate as a \u escape (or something that looks like one). Text
 * decoded from UTF-8 holds only whole pairs, so only such an escape can put a lone surrogate into
 * a parsed string: without one, the walk below cannot find any and is skipped.
 */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Where the first string with a lone surrogate is (e.g. `name`, `legs[1].symbol`), or undefined. */
export function findLoneSurrogate(value: unknown): string | undefined {
  // An explicit stack: a 64 KiB body can nest deeper than the call stack allows.
  const pending: [unknown, string][] = [[value, '']];
  while (pending.length > 0) {
    const [item, path] = pending.pop()!;
    if (typeof item === 'string') {
      if (LONE_SURROGATE.test(item)) return path || 'the body';
    } else if (Array.isArray(item)) {
      item.forEach((element, i) => pending.push([element, `${path}[${i}]`]));
    } else if (item !== null && typeof item === 'object') {
      for (const [key, element] of Object.entries(item)) {
        const at = path ? `${path}.${key}` : key;
        if (LONE_SURROGATE.test(key)) return `a key in ${path || 'the body'}`;
        pending.push([element, at]);
      }
    }
  }
  return undefined;
}

export function installJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = UTF8.decode(body as Buffer);
    } catch {
      done(new BadRequest('The request body is not valid UTF-8; send JSON encoded as UTF-8.'), undefined);
      return;
    }
    parseJson(request, text, (error, parsed) => {
      if (error) return done(error, undefined);
      const where = SURROGATE_ESCAPE.test(text) ? findLoneSurrogate(parsed) : undefined;
      if (where !== undefined) {
        return done(new BadRequest(`Text in ${where} is not valid Unicode (it holds a lone UTF-16 surrogate such as \\ud800); send well-formed text.`), undefined);
      }
      done(null, parsed);
    });
  });
}
