// A query built and compiled by Kysely once per database, then run many times with new values.
// Building, freezing and compiling a query tree costs more CPU and allocation than running it on
// the hot paths (about a dozen queries per signal), and a fresh SQL string is hashed again by the
// statement cache. Here the builder runs once with named placeholders; Kysely's CompiledQuery (its
// SQL for this dialect, `?` or `$1`) is kept, and each run only fills in the parameter array.
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';

/** Stands for a named value while the query is built; found again in the compiled parameters. */
class Placeholder {
  constructor(readonly name: string) {
    Object.freeze(this);
  }

  /** Shows up in the SQL text if Kysely ever inlined a placeholder instead of binding it. */
  toString(): string {
    return `\u0000placeholder:${this.name}\u0000`;
  }
}

/** For each compiled parameter: the name whose value goes there, or undefined for a constant. */
interface Compiled {
  readonly query: CompiledQuery;
  readonly names: ReadonlyArray<string | undefined>;
  readonly constants: ReadonlyArray<unknown>;
}

type Builder<DB, P, O> = (db: Kysely<DB>, p: P) => Compilable<O>;

export class PrecompiledQuery<DB, P extends Record<string, unknown>, O> {
  private readonly byAdapter = new WeakMap<object, Compiled>();
  /** The last database's compiled form (there is one database per process). */
  private lastAdapter: object | undefined;
  private last: Compiled | undefined;

  constructor(readonly description: string, private readonly build: Builder<DB, P, O>) {}

  /** All rows. */
  async all(db: Kysely<DB>, values: P): Promise<O[]> {
    return (await this.execute(db, values)).rows;
  }

  /** The first row, as Kysely's executeTakeFirst. */
  async first(db: Kysely<DB>, values: P): Promise<O | undefined> {
    return (await this.execute(db, values)).rows[0];
  }

  /** Runs it (an insert, update or delete): the driver's result, numAffectedRows included. */
  async run(db: Kysely<DB>, values: P): Promise<QueryResult<O>> {
    return this.execute(db, values);
  }

  private execute(db: Kysely<DB>, values: P): Promise<QueryResult<O>> {
    const executor = db.getExecutor();
    // Plugins transform a query tree before it is compiled, which a kept compilation would skip:
    // on such a Kysely the query is built with this run's values, as it would be without this.
    if (executor.plugins.length > 0) return executor.executeQuery<O>(this.build(db, values).compile());
    const compiled = this.compiledFor(executor.adapter, db);
    const { names, constants } = compiled;
    const parameters = new Array<unknown>(names.length);
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      if (name === undefined) {
        parameters[i] = constants[i];
        continue;
      }
      const value = values[name];
      if (value === undefined) throw new Error(`precompiled query "${this.description}": no value given for "${name}"`);
      parameters[i] = value;
    }
    // Every run shares the compilation's queryId: only plugins read it, and they take the path above.
    const { query, queryId, sql } = compiled.query;
    return executor.executeQuery<O>({ query, queryId, sql, parameters });
  }

  private compiledFor(adapter: object, db: Kysely<DB>): Compiled {
    if (adapter === this.lastAdapter && this.last) return this.last;
    let compiled = this.byAdapter.get(adapter);
    if (!compiled) {
      compiled = compile(this.description, this.build, db);
      this.byAdapter.set(adapter, compiled);
    }
    this.lastAdapter = adapter;
    this.last = compiled;
    return compiled;
  }
}

/**
 * A query whose values are named: `p.key` in the builder is filled in from `values.key` at each
 * run; anything else stays the constant it was built with. Throws when it is first compiled if a
 * placeholder is not a bound parameter of the SQL (inlined, transformed, or hidden in a value).
 * On a Kysely with plugins every run builds the query anew, so the plugins apply.
 */
export function precompiled<DB, P extends Record<string, unknown>, O>(description: string, build: Builder<DB, P, O>): PrecompiledQuery<DB, P, O> {
  return new PrecompiledQuery(description, build);
}

function compile<DB, P, O>(description: string, build: Builder<DB, P, O>, db: Kysely<DB>): Compiled {
  const used = new Map<string, Placeholder>();
  const placeholders = new Proxy({} as Record<string, unknown>, {
    get: (_, name) => {
      if (typeof name !== 'string') return undefined;
      let placeholder = used.get(name);
      if (!placeholder) used.set(name, (placeholder = new Placeholder(name)));
      return placeholder;
    },
  }) as P;
  const refuse = (why: string): never => {
    throw new Error(`precompiled query "${description}" cannot be precompiled: ${why}`);
  };
  let query: CompiledQuery;
  try {
    query = build(db, placeholders).compile();
  } catch (error) {
    // e.g. Kysely refusing a placeholder given where only a literal may stand (sql.lit).
    return refuse(error instanceof Error ? error.message : String(error));
  }
  const names: Array<string | undefined> = [];
  const constants: unknown[] = [];
  const bound = new Set<string>();
  for (const parameter of query.parameters) {
    if (parameter instanceof Placeholder) {
      names.push(parameter.name);
      constants.push(undefined);
      bound.add(parameter.name);
    } else {
      if (containsPlaceholder(parameter)) refuse('a placeholder is inside a parameter value (e.g. an array or JSON), so it cannot be filled in');
      names.push(undefined);
      constants.push(parameter);
    }
  }
  if (query.sql.includes('\u0000placeholder:')) refuse('a placeholder was written into the SQL text instead of being bound');
  for (const name of used.keys()) if (!bound.has(name)) refuse(`"${name}" is not a bound parameter of the compiled SQL`);
  return { query, names, constants };
}

function containsPlaceholder(value: unknown, depth = 0): boolean {
  if (value instanceof Placeholder) return true;
  if (value === null || typeof value !== 'object' || depth > 8) return false;
  const items: unknown[] = Array.isArray(value) ? value : Object.getPrototypeOf(value) === Object.prototype ? Object.values(value) : [];
  return items.some((item) => containsPlaceholder(item, depth + 1));
}
