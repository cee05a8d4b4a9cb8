// One API client's socket: hello, framing, pacing, decoding and ordered writes. What a
// request means is the gateway's business (see dispatch.ts); this class only guarantees
// that nothing a client sends can throw out of a socket handler, and that a client that
// breaks the protocol is closed alone, with one log line.
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import {
  DecodeError, InboundParser, ProtocolViolation, decodeRequest, encodeError, encodeFrame, pacingText,
} from '../protocol/index.ts';
import type { ClientHello, WireRequest } from '../protocol/index.ts';
import { requestIdAt } from '../protocol/request-ids.ts';
import { TokenBucket } from './pacing.ts';
import type { PacingOptions } from './pacing.ts';

export type ConnectionState = 'hello' | 'awaitingStartApi' | 'ready' | 'closed';

/** What a connection needs from the gateway that owns it. */
export interface ConnectionHost {
  readonly logger: Logger;
  /** Wall-clock ms for pacing and timeouts (not the simulated clock). */
  wallNow(): number;
  readonly pacing: PacingOptions;
  /** How long a partial hello or frame may stay incomplete before the client is closed. */
  readonly incompleteTimeoutMs: number;
  /** Decides on the hello; returns the negotiated version, or undefined to refuse. */
  negotiate(conn: ClientConnection, hello: ClientHello): number | undefined;
  handle(conn: ClientConnection, request: WireRequest): void;
  closed(conn: ClientConnection): void;
}

/** An id a request carries, for error replies (−1 when it has none). */
export function requestIdOf(r: WireRequest): number {
  switch (r.kind) {
    case 'reqContractDetails': case 'reqMatchingSymbols': case 'reqMktData': case 'cancelMktData':
    case 'reqExecutions': case 'reqAccountSummary': case 'cancelAccountSummary': case 'reqAccountUpdatesMulti':
    case 'cancelAccountUpdatesMulti': case 'reqHistoricalData': case 'cancelHistoricalData': case 'reqHeadTimestamp':
    case 'cancelHeadTimestamp':
      return r.reqId;
    case 'reqPnL': case 'cancelPnL': case 'reqPnLSingle': case 'cancelPnLSingle': case 'reqPositionsMulti':
    case 'cancelPositionsMulti': case 'reqUserInfo':
      return r.reqId;
    case 'placeOrder': case 'cancelOrder':
      return r.orderId;
    case 'unsupported':
      return r.reqId ?? -1;
    default:
      return -1;
  }
}

const MAX_PACED_QUEUE = 10_000;
/** A client that stops reading while we keep writing is dropped past this much unsent output. */
const MAX_UNSENT_BYTES = 64 * 1024 * 1024;

export class ClientConnection {
  state: ConnectionState = 'hello';
  version = 0;
  clientId: number | undefined;
  paceApi = false;
  /** reqMarketDataType: 1 live, 2 frozen, 3 delayed, 4 delayed-frozen. */
  marketDataType = 1;
  readonly log: Logger;

  private readonly parser = new InboundParser();
  private bucket: TokenBucket | undefined;
  private readonly pacedQueue: string[] = [];
  private pacedTimer: NodeJS.Timeout | undefined;
  private incompleteTimer: NodeJS.Timeout | undefined;
  private held: Buffer[] | undefined;
  private corked = false;

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly host: ConnectionHost,
  ) {
    this.log = host.logger.child({ conn: id, remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}` });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.guard(() => this.onData(chunk)));
    socket.on('error', (err) => this.log.debug({ err: err.message }, 'socket error'));
    socket.on('close', () => this.guard(() => this.onClosed()));
    this.armIncompleteTimer();
  }

  get isOpen(): boolean {
    return this.state !== 'closed';
  }

  /** Sends one message; while the gateway is paused, output is held and flushed on resume. */
  send(fields: readonly string[]): void {
    if (!this.isOpen) return;
    let frame: Buffer;
    try {
      frame = encodeFrame(fields);
    } catch (err) {
      this.log.error({ err: (err as Error).message, msgId: fields[0] }, 'could not encode an outgoing message; dropped');
      return;
    }
    if (this.held) {
      this.held.push(frame);
      return;
    }
    // Everything written in one tick leaves in one segment (a burst of ticks or an order's
    // openOrder/orderStatus pair), instead of one packet per message.
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.socket.write(frame);
    if (this.socket.writableLength > MAX_UNSENT_BYTES) this.destroy('client is not reading its messages (output backlog over 64 MiB)');
  }

  sendError(id: number, code: number, text: string, advancedOrderRejectJson = ''): void {
    this.send(encodeError(id, code, text, advancedOrderRejectJson));
  }

  /** Stops reading and holds output (the gateway "hangs"); the socket stays open. */
  pause(): void {
    if (!this.isOpen) return;
    this.held ??= [];
    this.socket.pause();
  }

  resume(): void {
    if (!this.isOpen) return;
    const held = this.held ?? [];
    this.held = undefined;
    for (const frame of held) this.socket.write(frame);
    this.socket.resume();
  }

  /** Closes this client only; `reason` is the one log line that explains why. */
  close(reason: string, level: 'info' | 'warn' = 'info'): void {
    if (!this.isOpen) return;
    this.log[level]({ clientId: this.clientId }, `closing client connection: ${reason}`);
    this.state = 'closed';
    this.clearTimers();
    // Let queued writes (e.g. a 326 or 100 error) reach the client before the FIN.
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 1000).unref();
    this.host.closed(this);
  }

  /** Drops the socket at once (fault injection: connection lost). */
  destroy(reason: string): void {
    if (!this.isOpen) return;
    this.log.info({ clientId: this.clientId }, `dropping client connection: ${reason}`);
    this.state = 'closed';
    this.clearTimers();
    this.socket.destroy();
    this.host.closed(this);
  }

  private clearTimers(): void {
    if (this.incompleteTimer) clearTimeout(this.incompleteTimer);
    if (this.pacedTimer) clearTimeout(this.pacedTimer);
    this.incompleteTimer = undefined;
    this.pacedTimer = undefined;
    this.pacedQueue.length = 0;
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      // Last line of defence: a bug while serving one client must not take the gateway down.
      this.log.error({ err: (err as Error).stack ?? String(err) }, 'unexpected error while serving a client');
      this.close('internal error while serving this client', 'warn');
    }
  }

  private onClosed(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.clearTimers();
    this.log.info({ clientId: this.clientId }, 'client disconnected');
    this.host.closed(this);
  }

  /** A partial hello/frame must complete within the timeout; the timer is not reset by more bytes. */
  private armIncompleteTimer(): void {
    const partial = this.parser.awaitingHello || this.parser.bufferedBytes > 0;
    if (!partial) {
      if (this.incompleteTimer) clearTimeout(this.incompleteTimer);
      this.incompleteTimer = undefined;
      return;
    }
    if (this.incompleteTimer) return;
    this.incompleteTimer = setTimeout(() => {
      this.incompleteTimer = undefined;
      this.guard(() => this.close(
        this.parser.awaitingHello ? 'no complete API handshake within the timeout' : 'a frame stayed incomplete past the timeout',
        'warn',
      ));
    }, this.host.incompleteTimeoutMs);
    this.incompleteTimer.unref();
  }

  private onData(chunk: Buffer): void {
    if (!this.isOpen) return;
    this.parser.push(chunk);
    try {
      for (let item = this.parser.next(); item && this.isOpen; item = this.parser.next()) {
        if (item.kind === 'hello') this.onHello(item.hello);
        else this.onFrame(item.payload);
      }
    } catch (err) {
      if (err instanceof ProtocolViolation) {
        this.close(`protocol violation: ${err.message}`, 'warn');
        return;
      }
      throw err;
    }
    if (this.isOpen) this.armIncompleteTimer();
  }

  private onHello(hello: ClientHello): void {
    const version = this.host.negotiate(this, hello);
    if (version === undefined) return;
    this.version = version;
    this.paceApi = hello.paceApi;
    this.bucket = new TokenBucket(this.host.pacing, this.host.wallNow());
    this.state = 'awaitingStartApi';
  }

  private onFrame(payload: string): void {
    if (this.paceApi) {
      if (this.pacedQueue.length > 0 || !this.bucket?.tryTake(this.host.wallNow())) {
        if (this.pacedQueue.length >= (this.host.pacing.maxQueued ?? MAX_PACED_QUEUE)) {
          this.close('+PACEAPI queue overflow (client sends far beyond the pacing limit)', 'warn');
          return;
        }
        this.pacedQueue.push(payload);
        this.schedulePaced();
        return;
      }
      this.process(payload);
      return;
    }
    const request = this.decode(payload);
    const decision = this.bucket?.admit(this.host.wallNow()) ?? { kind: 'pass' as const };
    if (decision.kind === 'violation') {
      const max = this.bucket?.maxPerSecond ?? 50;
      this.sendError(request ? requestIdOf(request) : -1, 100, pacingText(max, decision.received, decision.violation));
      this.log.warn({ clientId: this.clientId, rec: decision.received, violation: decision.violation }, 'pacing violation; request dropped');
      if (decision.close) this.close(`pacing violated ${decision.violation} times`, 'warn');
      return;
    }
    if (request) this.dispatch(request);
  }

  private schedulePaced(): void {
    if (this.pacedTimer || !this.bucket) return;
    const wait = Math.max(1, this.bucket.waitMs(this.host.wallNow()));
    this.pacedTimer = setTimeout(() => {
      this.pacedTimer = undefined;
      this.guard(() => this.drainPaced());
    }, wait);
  }

  private drainPaced(): void {
    while (this.isOpen && this.pacedQueue.length > 0 && this.bucket?.tryTake(this.host.wallNow())) {
      const payload = this.pacedQueue.shift();
      if (payload !== undefined) this.process(payload);
    }
    if (this.isOpen && this.pacedQueue.length > 0) this.schedulePaced();
  }

  /** Number of requests waiting under +PACEAPI. */
  get queuedRequests(): number {
    return this.pacedQueue.length;
  }

  private process(payload: string): void {
    const request = this.decode(payload);
    if (request) this.dispatch(request);
  }

  private decode(payload: string): WireRequest | undefined {
    try {
      return decodeRequest(payload, this.version);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      const msgId = payload.slice(0, payload.indexOf('\0'));
      this.log.warn({ clientId: this.clientId, msgId, err: err.message }, 'undecodable request');
      // An id not reached before the failure is read from its known position, so the request still hears back.
      const id = err.reqId ?? requestIdAt(Number(msgId), payload.split('\0')) ?? -1;
      this.sendError(id, 321, `Error validating request.-'bA' : cause - Could not decode message ${msgId}: ${err.message}`);
      return undefined;
    }
  }

  private dispatch(request: WireRequest): void {
    if (this.state === 'awaitingStartApi' && request.kind !== 'startApi') {
      this.log.warn({ kind: request.kind }, 'request before START_API ignored');
      return;
    }
    this.host.handle(this, request);
  }
}
