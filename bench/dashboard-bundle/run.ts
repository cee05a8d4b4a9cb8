// The dashboard's initial JavaScript: what a browser downloads before the first screen draws (the
// entry chunk and every chunk it imports statically), raw and gzip-compressed, and which
// dependencies make it up (each package's share of the rendered code; gzip is not additive per
// module, so shares are of the code before minification). Builds into a temporary directory; writes
// bench/results/dashboard-bundle-<time>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { build, type Rollup } from 'vite';
import { machine } from '../support/args.ts';

const root = new URL('../../dashboard/', import.meta.url).pathname;
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kairox-bundle-'));
const output = await build({ root, configFile: path.join(root, 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } });
const bundle = (Array.isArray(output) ? output[0] : output) as Rollup.RollupOutput;
const chunks = bundle.output.filter((o): o is Rollup.OutputChunk => o.type === 'chunk');
const css = bundle.output.filter((o): o is Rollup.OutputAsset => o.type === 'asset' && o.fileName.endsWith('.css'));

const byName = new Map(chunks.map((c) => [c.fileName, c]));
const initial = new Set<Rollup.OutputChunk>();
const visit = (chunk: Rollup.OutputChunk | undefined) => {
  if (!chunk || initial.has(chunk)) return;
  initial.add(chunk);
  for (const name of chunk.imports) visit(byName.get(name));
};
for (const chunk of chunks) if (chunk.isEntry) visit(chunk);

const gzip = (text: string | Uint8Array) => zlib.gzipSync(text, { level: 9 }).length;
const kb = (n: number) => Math.round(n / 10.24) / 100;

/** node_modules/<package> (scoped too), or "app" for our own sources. */
function packageOf(id: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id.replaceAll('\\', '/'));
  return match?.[1] ?? 'app (dashboard/src)';
}
const shares = new Map<string, number>();
let rendered = 0;
for (const chunk of initial) {
  for (const [id, info] of Object.entries(chunk.modules)) {
    shares.set(packageOf(id), (shares.get(packageOf(id)) ?? 0) + info.renderedLength);
    rendered += info.renderedLength;
  }
}
const raw = [...initial].reduce((n, c) => n + Buffer.byteLength(c.code), 0);
const gzipped = [...initial].reduce((n, c) => n + gzip(c.code), 0);
const largest = [...shares].sort((a, b) => b[1] - a[1]).slice(0, 10)
  .map(([name, bytes]) => ({ package: name, unminifiedKb: kb(bytes), percent: Math.round((bytes / rendered) * 1000) / 10 }));

const date = new Date().toISOString();
const result = {
  date,
  what: 'dashboard initial JavaScript (entry chunk + static imports) after vite build',
  machine: machine(),
  initialJs: { chunks: [...initial].map((c) => c.fileName), rawKb: kb(raw), gzipKb: kb(gzipped) },
  lazyChunks: chunks.filter((c) => !initial.has(c)).map((c) => ({ file: c.fileName, gzipKb: kb(gzip(c.code)) })),
  css: css.map((a) => ({ file: a.fileName, gzipKb: kb(gzip(a.source)) })),
  largestDependencies: largest,
};
fs.rmSync(outDir, { recursive: true, force: true });

console.log(`initial JavaScript: ${result.initialJs.rawKb} KiB raw, ${result.initialJs.gzipKb} KiB gzip (${initial.size} chunk${initial.size === 1 ? '' : 's'})`);
for (const d of largest) console.log(`  ${d.package.padEnd(28)} ${String(d.unminifiedKb).padStart(8)} KiB before minification  ${d.percent}%`);
const file = new URL(`../results/dashboard-bundle-${date.slice(0, 19).replace(/[-:]/g, '')}.json`, import.meta.url).pathname;
fs.writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
console.log(`written to ${path.relative(process.cwd(), file)}`);
