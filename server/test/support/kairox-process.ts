// Kairox as a child process (`kairox start` on a data dir), for tests that kill it like a crash
// would and start it again on the same data, and a small HTTP client for it (fetch, not inject).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'bin/kairox.js');

export interface Exit { code: number | null; signal: NodeJS.Signals | null }

export interface KairoxProcess {
  url: string;
  /** Resolves when the process has ended, however it ended. */
  exited: Promise<Exit>;
  /** Everything it wrote to stderr so far (a fault point says it fired there). */
  stderr(): string;
  /** Everything it wrote to stdout so far (its JSON log lines). */
  stdout(): string;
  kill(): void;
}

/** Starts `kairox start --data-dir <dataDir>` and resolves once it listens; rejects with its output if it ends first. */
export async function startKairoxProcess(dataDir: string, env: Record<string, string> = {}): Promise<KairoxProcess> {
  const port = await freePort();
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN, 'start', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, KAIROX_HTTP_PORT: String(port), KAIROX_LOG_LEVEL: 'info', KAIROX_LOG_FORMAT: 'json', ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const line = out.split('\n').find((l) => l.includes('"url"') && l.includes('listening on'));
      if (!line) return;
      child.stdout.off('data', onData);
      resolve((JSON.parse(line) as { url: string }).url);
    };
    child.stdout.on('data', onData);
    void exited.then((exit) => reject(new Error(`kairox start ended before listening (${JSON.stringify(exit)}):\n${err}\n${out.slice(-4000)}`)));
  });
  return { url, exited, stderr: () => err, stdout: () => out, kill: () => child.kill('SIGKILL') };
}

export interface HttpAnswer { status: number; body: string; json<T>(): T }

export interface KairoxHttp {
  request(method: string, url: string, payload?: unknown): Promise<HttpAnswer>;
  /** The same credentials against another process (a restart on the same data dir). */
  at(baseUrl: string): KairoxHttp;
}

function client(baseUrl: string, headers: Record<string, string>): KairoxHttp {
  return {
    async request(method, url, payload) {
      const response = await fetch(`${baseUrl}${url}`, {
        method,
        headers: { ...headers, ...(payload !== undefined && { 'content-type': 'application/json' }) },
        ...(payload !== undefined && { body: JSON.stringify(payload) }),
      });
      const body = await response.text();
      return { status: response.status, body, json: <T>() => JSON.parse(body) as T };
    },
    at: (other) => client(other, headers),
  };
}

/** Sets up the first owner and answers as a program with an API token (it outlives restarts). */
export async function ownerWithToken(baseUrl: string, owner: { email: string; password: string }): Promise<KairoxHttp> {
  const setup = await fetch(`${baseUrl}/api/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(owner) });
  if (setup.status !== 201) throw new Error(`set-up failed: ${setup.status} ${await setup.text()}`);
  const cookie = setup.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await setup.json()) as { csrfToken: string };
  const created = await client(baseUrl, { cookie, 'x-csrf-token': csrfToken }).request('POST', '/api/tokens', { name: 'crash test' });
  if (created.status !== 201) throw new Error(`token creation failed: ${created.status} ${created.body}`);
  return client(baseUrl, { authorization: `Bearer ${created.json<{ secret: string }>().secret}` });
}
