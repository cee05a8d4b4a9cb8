// GET / serves the dashboard's index.html; until the dashboard exists, a small placeholder.
import { readFile } from 'node:fs/promises';
import type { Api, RouteContext } from '../context.ts';

export const PLACEHOLDER_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Kairox</title></head>
<body>
<h1>Kairox</h1>
<p>The server is running. The dashboard is not built yet; the API answers under <code>/api</code> and its health at <a href="/healthz">/healthz</a>.</p>
</body>
</html>
`;

export function dashboardRoutes(app: Api, ctx: RouteContext): void {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    let html = PLACEHOLDER_HTML;
    if (ctx.dashboardIndexPath) {
      try {
        html = await readFile(ctx.dashboardIndexPath, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
