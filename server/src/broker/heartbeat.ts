// Heartbeat supervision: one reqCurrentTime per interval. A missing answer is re-probed at once
// instead of at the next interval, so a dead or half-open gateway is found within about
// `missLimit` answer windows. Each answer also dates the gateway's clock against ours.
import type { Clock } from '../common/index.ts';

/** Runs a timer's work only while the connection it was started for is current (and catches). */
export type Guard = (fn: () => void) => void;

export interface HeartbeatOptions {
  intervalMs: number;
  /** How long one heartbeat may stay unanswered before it counts as missed. */
  answerMs: number;
  /** Consecutive missed answers before the connection is declared dead. */
  missLimit: number;
  clock: Clock;
  /** Sends one reqCurrentTime. */
  probe: () => void;
  /** `misses` answers in a row did not come: the connection is dead. */
  onDead: (misses: number) => void;
}

const MAX_UNANSWERED = 16;

export class Heartbeat {
  private intervalTimer: NodeJS.Timeout | undefined;
  private answerTimer: NodeJS.Timeout | undefined;
  /** Dropped on stop(): a stopped heartbeat must not keep a retired connection reachable. */
  private guard: Guard | undefined;
  private misses = 0;
  /**
   * When each reqCurrentTime still unanswered was sent, oldest first: the heartbeat's and anyone
   * else's (IB answers them in order), so an answer is dated from its own request.
   */
  private readonly sentAt: number[] = [];
  private answeredAt: number | undefined;
  private skewMs: number | undefined;

  constructor(private readonly options: HeartbeatOptions) {}

  get lastAnswerAt(): number | undefined {
    return this.answeredAt;
  }

  /** Gateway clock minus ours, from the last answer. */
  get clockSkewMs(): number | undefined {
    return this.skewMs;
  }

  start(guard: Guard): void {
    this.stop();
    this.misses = 0;
    this.guard = guard;
    this.intervalTimer = setInterval(() => this.beat(), this.options.intervalMs);
  }

  stop(): void {
    clearInterval(this.intervalTimer);
    clearTimeout(this.answerTimer);
    this.intervalTimer = undefined;
    this.answerTimer = undefined;
    this.guard = undefined;
    this.sentAt.length = 0;
  }

  /** A reqCurrentTime that is not the heartbeat's own went out now (its answer counts too). */
  requestSent(): void {
    this.sentAt.push(this.options.clock.now());
    // Answers lost with a dropped connection must not date later ones.
    if (this.sentAt.length > MAX_UNANSWERED) this.sentAt.shift();
  }

  /** Any currentTime answer counts, whoever asked for it. */
  answered(serverSeconds: number): void {
    const now = this.options.clock.now();
    clearTimeout(this.answerTimer);
    this.answerTimer = undefined;
    this.misses = 0;
    this.answeredAt = now;
    const sentAt = this.sentAt.shift();
    const mid = sentAt === undefined ? now : (sentAt + now) / 2;
    // IB answers in whole seconds (truncated): the middle of that second is the best estimate.
    this.skewMs = Math.round(serverSeconds * 1000 + 500 - mid);
  }

  private beat(): void {
    const guard = this.guard;
    if (this.answerTimer || !guard) return;
    this.requestSent();
    this.options.probe();
    this.answerTimer = setTimeout(() => guard(() => {
      this.answerTimer = undefined;
      this.misses += 1;
      // An answer that did not come in time may never come: pairing answers with sends restarts.
      this.sentAt.length = 0;
      if (this.misses >= this.options.missLimit) this.options.onDead(this.misses);
      else this.beat();
    }), this.options.answerMs);
  }
}
