// server/src/sessions: the worker that runs broker sessions, and `kairox check`.
export {
  runCheck, checkConnection, parseCheckArgs, CHECK_EXIT, CHECK_USAGE, type CheckIo, type CheckDeps, type CheckOptions, type CheckOutcome,
} from './check.ts';
