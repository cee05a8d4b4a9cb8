// Shortcuts a journey takes through the API to reach the state a screen is tested in (an owner, a
// ready connection, an approved contract), through the browser context's own cookie jar: the
// page is then signed in as that user. The screen under test is always driven through the page.
import { expect, vi } from 'vitest';
import type { APIRequestContext, BrowserContext } from 'playwright-core';
import type { Rig } from './rig.ts';
import { ACCOUNT, OWNER } from './rig.ts';

export const AAPL = 265598;

export interface ApiAs {
  readonly request: APIRequestContext;
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/** Calls the API as the browser context's signed-in user (its cookie, and the CSRF token on writes). */
export function apiAs(context: BrowserContext, csrfToken: string): ApiAs {
  const request = context.request;
  const check = async <T>(what: string, answer: Awaited<ReturnType<APIRequestContext['get']>>): Promise<T> => {
    expect(answer.ok(), `${what}: ${answer.status()} ${await answer.text()}`).toBe(true);
    return (answer.status() === 204 ? undefined : await answer.json()) as T;
  };
  return {
    request,
    get: async (path) => check(`GET ${path}`, await request.get(path)),
    send: async (method, path, body) => check(`${method} ${path}`, await request.fetch(path, { method, headers: { 'x-csrf-token': csrfToken }, ...(body !== undefined && { data: body }) })),
  };
}

/** Creates the owner (first-run set-up) through this context: its pages are signed in as the owner. */
export async function setUpOwner(context: BrowserContext): Promise<ApiAs> {
  const answer = await context.request.post('/api/setup', { data: OWNER });
  expect(answer.status(), await answer.text()).toBe(201);
  return apiAs(context, ((await answer.json()) as { csrfToken: string }).csrfToken);
}

/** Signs this context in as an existing user. */
export async function signIn(context: BrowserContext, email: string = OWNER.email, password: string = OWNER.password): Promise<ApiAs> {
  const answer = await context.request.post('/api/auth/login', { data: { email, password } });
  expect(answer.status(), await answer.text()).toBe(200);
  return apiAs(context, ((await answer.json()) as { csrfToken: string }).csrfToken);
}

/**
 * Saves a connection to the rig's simulator and waits until its session is ready; returns its id.
 * `accountId` null saves none (a login with several accounts then needs one named per order).
 */
export async function readyConnection(as: ApiAs, rig: Rig, clientId: number, accountId: string | null = ACCOUNT): Promise<string> {
  const created = await as.send<{ connection: { id: string } }>('POST', '/api/connections', { hostPort: `127.0.0.1:${rig.gateway.port}`, clientId, ...(accountId !== null && { accountId }) });
  const id = created.connection.id;
  await vi.waitFor(async () => {
    const { connection } = await as.get<{ connection: { status: { state?: string } | null } }>(`/api/connections/${id}`);
    expect(connection.status?.state).toBe('ready');
  }, { timeout: 15_000, interval: 50 });
  return id;
}

/** Approves a contract (by IB conId) on a connection. */
export async function approveInstrument(as: ApiAs, connectionId: string, conId: number = AAPL): Promise<void> {
  await as.send('POST', '/api/instruments', { connectionId, conId });
}
