// The readable API reference at /api/docs, rendered on the server from the OpenAPI document: no
// script, no inline style (the CSP allows neither), every text escaped. The stylesheet is served
// beside it, same origin.
import type { OpenAPIV3_1 } from 'openapi-types';

type Schema = OpenAPIV3_1.SchemaObject;
type Operation = OpenAPIV3_1.OperationObject;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export const REFERENCE_CSS = `body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:980px;padding:1rem 1.5rem;color:#1b1f24}
h1{margin-bottom:.2rem}h2{margin-top:2.5rem;border-bottom:1px solid #d0d7de}h3{margin:1.8rem 0 .3rem;font-size:1.05rem}
code,pre{font-family:ui-monospace,monospace;font-size:.9em}pre{background:#f6f8fa;padding:.6rem;overflow:auto}
.method{display:inline-block;min-width:4.2rem;padding:.05rem .4rem;margin-right:.4rem;border-radius:4px;color:#fff;font-size:.8rem;text-align:center;background:#57606a}
.get{background:#0969da}.post{background:#1a7f37}.patch{background:#9a6700}.put{background:#9a6700}.delete{background:#cf222e}
table{border-collapse:collapse;margin:.4rem 0;width:100%}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
.access{color:#57606a}nav ul{columns:2}`;

function esc(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function paragraphs(text: string | undefined): string {
  return (text ?? '').split(/\n{2,}/).filter((p) => p.trim() !== '').map((p) => `<p>${esc(p)}</p>`).join('');
}

/** A one-line description of a JSON schema: its type, allowed values and limits. */
export function describeSchema(schema: Schema | undefined): string {
  if (!schema) return 'any';
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return (alternatives as Schema[]).map(describeSchema).join(' or ');
  const parts: string[] = [];
  if (schema.enum) parts.push(`one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  else if (schema.const !== undefined) parts.push(JSON.stringify(schema.const));
  else if (schema.type === 'array') parts.push(`array of ${describeSchema(schema.items as Schema | undefined)}`);
  else parts.push(Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any'));
  if (schema.format) parts.push(`(${schema.format})`);
  const limits: string[] = [];
  if (schema.minLength !== undefined) limits.push(`at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined) limits.push(`at most ${schema.maxLength} characters`);
  if (typeof schema.minimum === 'number' && Math.abs(schema.minimum) < Number.MAX_SAFE_INTEGER) limits.push(`≥ ${schema.minimum}`);
  if (typeof schema.maximum === 'number' && Math.abs(schema.maximum) < Number.MAX_SAFE_INTEGER) limits.push(`≤ ${schema.maximum}`);
  if (schema.default !== undefined) limits.push(`default ${JSON.stringify(schema.default)}`);
  return [parts.join(' '), ...limits].join(', ');
}

function fieldTable(rows: Array<{ name: string; where?: string; required: boolean; schema: Schema | undefined; description?: string }>): string {
  const withWhere = rows.some((r) => r.where !== undefined);
  const head = `<tr><th>name</th>${withWhere ? '<th>in</th>' : ''}<th>required</th><th>type</th><th>description</th></tr>`;
  const body = rows.map((r) => `<tr><td><code>${esc(r.name)}</code></td>${withWhere ? `<td>${esc(r.where ?? '')}</td>` : ''}<td>${r.required ? 'yes' : 'no'}</td><td>${esc(describeSchema(r.schema))}</td><td>${esc(r.description ?? r.schema?.description ?? '')}</td></tr>`);
  return `<table>${head}${body.join('')}</table>`;
}

function parametersOf(op: Operation): string {
  const params = (op.parameters ?? []) as OpenAPIV3_1.ParameterObject[];
  if (params.length === 0) return '';
  return `<h4>Parameters</h4>${fieldTable(params.map((p) => ({ name: p.name, where: p.in, required: p.required === true, schema: p.schema as Schema | undefined, ...(p.description !== undefined && { description: p.description }) })))}`;
}

function bodyOf(op: Operation): string {
  const body = op.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
  const schema = body?.content['application/json']?.schema as Schema | undefined;
  if (!schema) return '';
  const required = new Set(schema.required ?? []);
  const props = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
  const table = props.length > 0 ? fieldTable(props.map(([name, s]) => ({ name, required: required.has(name), schema: s }))) : '';
  const strict = schema.additionalProperties === false ? '<p>Other fields are refused.</p>' : '';
  return `<h4>Request body (JSON)</h4>${table}${strict}<details><summary>JSON Schema</summary><pre>${esc(JSON.stringify(schema, null, 2))}</pre></details>`;
}

function anchor(method: string, path: string): string {
  return `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
}

interface Entry { method: string; path: string; op: Operation }

function entries(doc: OpenAPIV3_1.Document): Entry[] {
  const out: Entry[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (op) out.push({ method, path, op });
    }
  }
  return out;
}

function section(e: Entry): string {
  const access = e.op.security && e.op.security.length === 0 ? '<p class="access">Public: no sign-in needed.</p>' : '';
  return `<section id="${anchor(e.method, e.path)}"><h3><span class="method ${e.method}">${e.method.toUpperCase()}</span><code>${esc(e.path)}</code></h3>`
    + `${e.op.summary ? `<p><strong>${esc(e.op.summary)}</strong></p>` : ''}${paragraphs(e.op.description)}${access}${parametersOf(e.op)}${bodyOf(e.op)}</section>`;
}

export function renderReference(doc: OpenAPIV3_1.Document): string {
  const all = entries(doc);
  const tags = [...new Set(all.map((e) => e.op.tags?.[0] ?? 'Other'))];
  const groups = tags.map((tag) => ({ tag, items: all.filter((e) => (e.op.tags?.[0] ?? 'Other') === tag) }));
  const toc = groups.map((g) => `<li>${esc(g.tag)}: ${g.items.map((e) => `<a href="#${anchor(e.method, e.path)}">${e.method.toUpperCase()} ${esc(e.path)}</a>`).join(', ')}</li>`).join('');
  const body = groups.map((g) => `<h2>${esc(g.tag)}</h2>${g.items.map(section).join('')}`).join('');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(doc.info.title)} reference</title><link rel="stylesheet" href="/api/docs.css"></head>
<body>
<h1>${esc(doc.info.title)}</h1>
<p>Version ${esc(doc.info.version)}. The same document, machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${esc(doc.openapi)}).</p>
${paragraphs(doc.info.description)}
<nav><ul>${toc}</ul></nav>
${body}
</body>
</html>
`;
}
