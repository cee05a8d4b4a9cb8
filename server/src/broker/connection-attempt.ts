// One try at a connection: a fresh IBApi (never reused, so a retired client's late events reach
// no one), its connect timeout, and what the gateway has told this connection so far. The session
// makes a new one per attempt and retires it on any drop.
import { retireIbClient, type createIbClient, type IBApi } from './ib-client.ts';
import { listenToIb, type IbEventSink } from './ib-events.ts';

export interface ConnectionAttemptOptions {
  host: string;
  port: number;
  clientId: number;
  createClient: typeof createIbClient;
  /** From opening the socket to ready. */
  connectTimeoutMs: number;
  events: IbEventSink;
  /** The library threw while reading from the socket: the connection is unusable. */
  onLibraryFailure: (error: unknown) => void;
  onConnectTimeout: () => void;
  /** One of our own handlers threw while handling this attempt's event or timer. */
  onHandlerFailure: (error: unknown) => void;
}

/** Both answers a connection needs before it can sync. */
export interface Bootstrap {
  nextValidId: number;
  accounts: string[];
}

export class ConnectionAttempt {
  readonly api: IBApi;
  private nextValidId: number | undefined;
  private accounts: string[] | undefined;
  private retired = false;
  private connectTimer: NodeJS.Timeout | undefined;

  /** Throws when the client cannot be created. */
  constructor(private readonly options: ConnectionAttemptOptions) {
    const { events } = options;
    this.api = options.createClient({
      host: options.host, port: options.port, clientId: options.clientId,
      onInternalError: (error) => this.guard(() => options.onLibraryFailure(error)),
    });
    listenToIb(this.api, (fn) => this.guard(fn), {
      ...events,
      nextValidId: (id) => {
        this.nextValidId = id;
        events.nextValidId(id);
      },
      managedAccounts: (accounts) => {
        this.accounts = accounts;
        events.managedAccounts(accounts);
      },
    });
  }

  /** Undefined until both nextValidId and managedAccounts have arrived. */
  get bootstrap(): Bootstrap | undefined {
    return this.nextValidId === undefined || this.accounts === undefined ? undefined : { nextValidId: this.nextValidId, accounts: this.accounts };
  }

  open(): void {
    this.connectTimer = setTimeout(() => this.guard(this.options.onConnectTimeout), this.options.connectTimeoutMs);
    this.api.connect();
  }

  /** Synced: the connect timeout no longer applies. */
  synced(): void {
    clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
  }

  /** For good: its events and timers change nothing from now on. */
  retire(): void {
    this.retired = true;
    this.synced();
    retireIbClient(this.api);
  }

  /** Runs `fn` unless retired. Our own handler failing never unwinds into the library's socket handler. */
  guard(fn: () => void): void {
    if (this.retired) return;
    try {
      fn();
    } catch (error) {
      this.options.onHandlerFailure(error);
    }
  }
}
