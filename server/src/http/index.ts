export { buildApp, BODY_LIMIT_BYTES } from './app.ts';
export type { HttpDeps, AuthContext } from './context.ts';
export { CONTENT_SECURITY_POLICY } from './security-headers.ts';
export { PLACEHOLDER_HTML } from './routes/dashboard.ts';
