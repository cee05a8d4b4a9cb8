// The dashboard (dashboard/, built by Vite into dashboard/dist): its hashed files under /assets/,
// and its index.html for / and for every other path of the single-page app (/connections/…,
// /orders, …: the not-found handler asks `dashboardPages`), so a reload or a shared link opens the
// same screen. /api, /hooks and /healthz never fall back to it: an unknown API path stays the JSON
// 404. Until the dashboard is built, a placeholder says how to build it.
import fs from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { PageFallback } from '../errors.ts';
import type { Api } from '../context.ts';

export const PLACEHOLDER_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Kairox</title></head>
<body>
<h1>Kairox</h1>
<p>The server is running, but the dashboard is not built: run <code>npm start</code> (it builds it), or <code>npm run build -w dashboard</code>. The API answers under <code>/api</code> and its health at <a href="/healthz">/healthz</a>.</p>
</body>
</html>
`;

/** Paths of the single-page app: plain segments, the first not a server prefix. */
const APP_PATH = /^\/(?!(?:api|hooks|healthz|assets)(?:\/|$))[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.~-]+)*\/?$/;

/** The dashboard's index.html for its pages (the placeholder while it is not built). */
export function dashboardPages(dir: string | undefined): PageFallback {
  return {
    serves: (pathname) => APP_PATH.test(pathname),
    send: async (reply) => {
      let html = PLACEHOLDER_HTML;
      if (dir) {
        try {
          html = await fs.readFile(path.join(dir, 'index.html'), 'utf8');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
      // The page names the current asset hashes: a browser must always ask for it again.
      return reply.status(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
    },
  };
}

export async function dashboardRoutes(app: Api, dir: string | undefined, pages: PageFallback): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => pages.send(reply));
  if (!dir) return;
  await app.register(fastifyStatic, {
    root: path.join(dir, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    // Vite names every built asset by its content hash, so a browser may keep it for good.
    maxAge: '365d',
    immutable: true,
  });
}
