// server/src/sessions: the worker that runs broker sessions, and `kairox check`.
export { runCheck, parseCheckArgs, CHECK_EXIT, CHECK_USAGE, type CheckIo, type CheckDeps } from './check.ts';
