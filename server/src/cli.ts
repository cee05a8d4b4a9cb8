// The `kairox` command. Composition root for the shell: parses flags, loads the config, and hands
// off to main.ts (server), or to the simulated gateway's own CLI. It is the only server file that prints.
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from './common/config.ts';
import { createLogger, resolveLogFormat, type Logger } from './common/logger.ts';

const EXIT_USAGE = 2;
/** `kairox audit verify`: some workspace's chain does not verify (documented in docs/operations.md). */
const EXIT_CHAIN_BROKEN = 1;

interface ServeFlags { host?: string; port?: string; dataDir?: string }

function configFrom(flags: ServeFlags): Config {
  return loadConfig(process.env, {
    ...(flags.host !== undefined && { KAIROX_HTTP_HOST: flags.host }),
    ...(flags.port !== undefined && { KAIROX_HTTP_PORT: flags.port }),
    ...(flags.dataDir !== undefined && { KAIROX_DATA_DIR: flags.dataDir }),
  });
}

/** --data-dir: every command that opens the database. */
function addDataOptions(cmd: Command): Command {
  return cmd.option('--data-dir <dir>', 'data directory (KAIROX_DATA_DIR, default ./data)');
}

/** The HTTP flags too: only for the commands that listen (start, api). */
function addServeOptions(cmd: Command): Command {
  return addDataOptions(cmd
    .option('--host <host>', 'HTTP listen address (KAIROX_HTTP_HOST, default 127.0.0.1)')
    .option('--port <port>', 'HTTP port (KAIROX_HTTP_PORT, default 8080)'));
}

/** The process's one logger: JSON lines, or readable ones on a terminal (KAIROX_LOG_FORMAT). */
function processLogger(config: Config): Logger {
  return createLogger({ level: config.logLevel, format: config.logFormat });
}

/** For the shell commands whose standard output is their answer (migrate, user add, token create, audit verify): logs go to stderr. */
function shellLogger(config: Config): Logger {
  const format = resolveLogFormat(config.logFormat, process.stderr.isTTY === true);
  return createLogger({ level: config.logLevel, format, destination: process.stderr });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Stops everything in order on SIGINT/SIGTERM, then exits 0. */
function stopOnSignal(stops: Array<() => Promise<void>>): void {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const s of stops) await s().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Runs the HTTP server (with the broker worker for `start`, optionally the simulated gateway) until a signal. */
async function serve(flags: ServeFlags & { withSim?: boolean }, role: 'start' | 'api'): Promise<void> {
  const config = configFrom(flags);
  const logger = processLogger(config);
  const { createKairox } = await import('./main.ts');
  const stops: Array<() => Promise<void>> = [];
  if (flags.withSim) {
    const { startGateway } = await import('@kairox/gateway-sim');
    // A demo runs at any hour: the built-in market trades around the clock, like `kairox sim` by
    // default, and its fault-injection API is on so a newcomer can drop the gateway and watch.
    const { host, port, adminPort } = config.sim;
    const gateway = await startGateway({ host, port, hours: 'always', ...(adminPort !== undefined && { adminPort }) });
    stops.push(() => gateway.close());
    const admin = gateway.adminPort === undefined ? undefined : `http://127.0.0.1:${gateway.adminPort}`;
    logger.info({ component: 'sim', gateway: `${host}:${gateway.port}`, admin },
      `simulated IB Gateway (paper) listening on ${host}:${gateway.port}${admin ? `; fault injection at ${admin} (e.g. curl -X POST ${admin}/drop-connections)` : ''}`);
  }
  const kairox = await createKairox(config, { worker: role === 'start', logger });
  stops.unshift(() => kairox.close());
  const url = await kairox.listen();
  logger.info({ url, db: config.dbKind, worker: role === 'start' },
    `Kairox ${role === 'api' ? 'API ' : ''}listening on ${url} (database: ${config.dbKind}${role === 'start' ? ', broker worker running' : ''})`);
  stopOnSignal(stops);
}

async function work(flags: ServeFlags): Promise<void> {
  const config = configFrom(flags);
  const logger = processLogger(config);
  const { runWorker } = await import('./main.ts');
  const worker = await runWorker(config, { logger });
  logger.info({ db: config.dbKind }, `Kairox broker worker running (database: ${config.dbKind})`);
  stopOnSignal([() => worker.close()]);
}

export function buildProgram(): Command {
  const program = new Command('kairox')
    .description('Kairox connects Interactive Brokers (TWS / IB Gateway) to an automated trading cockpit.')
    .showHelpAfterError()
    .exitOverride();

  addServeOptions(program.command('start'))
    .description('run the HTTP server, the dashboard and the broker worker in one process (embedded SQLite unless DATABASE_URL is set)')
    .option('--with-sim', 'also start the built-in simulated IB Gateway (KAIROX_SIM_HOST:KAIROX_SIM_PORT, default 127.0.0.1:4002)')
    .action((flags: ServeFlags & { withSim?: boolean }) => serve(flags, 'start'));

  addServeOptions(program.command('api'))
    .description('run only the HTTP API and dashboard (no broker worker), e.g. when workers run in other processes')
    .action((flags: ServeFlags) => serve(flags, 'api'));

  addDataOptions(program.command('worker'))
    .description('run only the broker worker: one supervised IB session per enabled connection of every workspace')
    .action((flags: ServeFlags) => work(flags));

  program.command('sim')
    .description('run the simulated IB Gateway (TWS socket protocol; default 127.0.0.1:4002, paper account); see `kairox sim --help`')
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]')
    .action(async (args: string[]) => {
      const { simMain } = await import('@kairox/gateway-sim/cli');
      const code = await simMain(args, { command: 'kairox sim' });
      if (code !== 0) process.exit(code);
    });

  program.command('check')
    .description('connect once to TWS / IB Gateway at HOST:PORT and report what is wrong, if anything (exit 0 when ready)')
    .argument('[hostPort]', 'IB Gateway Host:Port, e.g. 127.0.0.1:7497 (paper TWS), 127.0.0.1:4002 (paper IB Gateway)')
    .option('--client-id <n>', 'IB Client ID: an integer 0-2147483647, not used by another API session')
    .option('--account <id>', 'IB Account ID to verify, e.g. DU1234567 (optional)')
    .option('--timeout <s>', 'seconds to wait for the gateway (default 10)')
    .option('--json', 'machine-readable output')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async () => {
      // The check validates its own arguments with the connection form's rules (one validator for
      // both), so it receives them as typed, and refuses a misplaced secret without echoing it.
      const argv = process.argv.slice(process.argv.indexOf('check') + 1);
      const { runCheck } = await import('./sessions/index.ts');
      const code = await runCheck(argv, {
        stdout: (text) => process.stdout.write(text),
        stderr: (text) => process.stderr.write(text),
      });
      process.exit(code);
    });

  addDataOptions(program.command('migrate'))
    .description('apply pending database migrations and exit')
    .action(async (flags: ServeFlags) => {
      const config = configFrom(flags);
      const { runMigrations } = await import('./main.ts');
      const applied = await runMigrations(config, { logger: shellLogger(config) });
      process.stdout.write(applied.length === 0
        ? `database (${config.dbKind}) is up to date\n`
        : `applied ${applied.length} migration(s) on ${config.dbKind}: ${applied.join(', ')}\n`);
    });

  const user = program.command('user').description('manage users and their workspaces');
  addDataOptions(user.command('add'))
    .description('add a user; the password is read from standard input. The first user owns a new workspace (like first-run set-up); '
      + 'after that, add members to a workspace with --workspace and --role, or create a separate workspace on purpose with --new-workspace')
    .requiredOption('--email <email>', 'e-mail address used to sign in')
    .option('--name <name>', 'display name')
    .option('--workspace <id or name>', 'add the user to this existing workspace')
    .addOption(new Option('--role <role>', 'role in that workspace: viewer reads, trader also trades and changes connections, owner also manages members').choices(['viewer', 'trader', 'owner']))
    .option('--new-workspace', 'create a separate workspace owned by this user, although users exist')
    .option('--workspace-name <name>', 'name of the new workspace')
    .addOption(new Option('--password-stdin', 'read the password from standard input (empty for an account that already exists)').default(true))
    .action(async (flags: ServeFlags & { email: string; name?: string; workspace?: string; role?: 'viewer' | 'trader' | 'owner'; newWorkspace?: boolean; workspaceName?: string }) => {
      const config = configFrom(flags);
      const password = await readStdin();
      const { addUser } = await import('./main.ts');
      const added = await addUser(config, {
        email: flags.email, password,
        ...(flags.name !== undefined && { name: flags.name }),
        ...(flags.workspace !== undefined && { workspace: flags.workspace }),
        ...(flags.role !== undefined && { role: flags.role }),
        ...(flags.newWorkspace === true && { newWorkspace: true }),
        ...(flags.workspaceName !== undefined && { workspaceName: flags.workspaceName }),
      }, { logger: shellLogger(config) });
      process.stdout.write(added.createdWorkspace
        ? `created user ${added.email}, owner of the new workspace "${added.workspaceName}" (${added.workspaceId})\n`
          + `next: an API token with \`npx kairox token create --email ${added.email}\` (password on standard input); `
          + `members with \`npx kairox user add --email E --workspace ${added.workspaceId} --role viewer|trader|owner\`\n`
        : `added ${added.newAccount ? 'new user' : 'existing user'} ${added.email} to workspace "${added.workspaceName}" (${added.workspaceId}) as ${added.role}\n`);
    });

  const token = program.command('token').description('manage API tokens (for programs: Authorization: Bearer kx_...)');
  addDataOptions(token.command('create'))
    .description('create an API token for a user, who gives their password on standard input; prints the token once, alone on standard output '
      + '(e.g. export KAIROX_TOKEN=$(npx kairox token create --email you@example.com))')
    .requiredOption('--email <email>', 'the user the token acts as (with their role in the workspace)')
    .option('--name <label>', 'what the token is for, e.g. "trading bot" (default "kairox token create")')
    .option('--workspace <id or name>', 'one of the user\'s workspaces (default: the one their sign-in lands in)')
    .action(async (flags: ServeFlags & { email: string; name?: string; workspace?: string }) => {
      const config = configFrom(flags);
      const password = await readStdin();
      const { createToken } = await import('./main.ts');
      const created = await createToken(config, {
        email: flags.email, password,
        ...(flags.name !== undefined && { name: flags.name }),
        ...(flags.workspace !== undefined && { workspace: flags.workspace }),
      }, { logger: shellLogger(config) });
      process.stderr.write(`created API token "${created.token.name}" (${created.token.prefix}…, ${created.token.id}) for ${flags.email.trim().toLowerCase()} `
        + `in workspace "${created.workspace.name}" as ${created.role}. It is shown only once: store it now. Revoke it with DELETE /api/tokens/${created.token.id}.\n`);
      process.stdout.write(`${created.secret}\n`);
    });

  const audit = program.command('audit').description('check the audit trail (export it with GET /api/audit/export)');
  addDataOptions(audit.command('verify'))
    .description('check the hash chain of every workspace\'s audit trail: one line per workspace on standard output; '
      + `exit 0 when every chain verifies, ${EXIT_CHAIN_BROKEN} when one is broken`)
    .option('--workspace <id>', 'check only this workspace (ws_...)')
    .action(async (flags: ServeFlags & { workspace?: string }) => {
      const config = configFrom(flags);
      const logger = shellLogger(config);
      const [{ runMigrations }, { openDatabase }, { AuditLog, describeVerdict, verifyWorkspaces }, { componentLogger, systemClock }] = await Promise.all([
        import('./main.ts'), import('./db/index.ts'), import('./audit/index.ts'), import('./common/index.ts'),
      ]);
      // Migrated like every shell command's database, then opened again to read the chains.
      await runMigrations(config, { logger });
      const dbLog = componentLogger(logger, 'db');
      const db = await openDatabase(config, (error) => dbLog.warn({ err: error }, 'database connection error outside a query'), (warning) => dbLog.warn(warning));
      const verdicts = await verifyWorkspaces(db, new AuditLog(systemClock), { ...(flags.workspace !== undefined && { workspaceId: flags.workspace }) })
        .finally(() => db.close());
      if (verdicts.length === 0) process.stderr.write('kairox: there are no workspaces yet, so no audit trail to verify\n');
      process.stdout.write(verdicts.map((v) => `${describeVerdict(v)}\n`).join(''));
      if (verdicts.some((v) => !v.verdict.ok)) process.exitCode = EXIT_CHAIN_BROKEN;
    });

  return program;
}

function describeFailure(err: unknown): { message: string; code: number } {
  if (err instanceof ConfigError) return { message: err.message, code: EXIT_USAGE };
  const e = err as { code?: unknown; message?: unknown; expose?: unknown };
  // Our own errors carry a stable code and a message meant for a person; anything else is a bug.
  if (typeof e?.code === 'string' && typeof e.message === 'string' && /^[A-Z_]+$/.test(e.code)) {
    return { message: e.message, code: 1 };
  }
  return { message: err instanceof Error ? (err.stack ?? err.message) : String(err), code: 1 };
}

async function run(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE);
    const { message, code } = describeFailure(err);
    process.stderr.write(`kairox: ${message}\n`);
    process.exit(code);
  }
}

await run(process.argv.slice(2));
