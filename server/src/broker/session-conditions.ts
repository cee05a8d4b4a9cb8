// The IB conditions that hold until something changes (domain: ibSessionCondition): another
// login took over the session (10197), the API is in Read-Only mode (321). Which ones hold now,
// and a timeline note each time one comes or goes; the wording is the domain table's.
import { IB_SESSION_CONDITIONS, ibSessionCondition, type IbSessionCondition, type IbSessionConditionInfo } from '../domain/index.ts';
import type { TimelineNote } from './reports.ts';

export type ConditionNote = (event: TimelineNote, reason: string, code: number) => void;

export class SessionConditions {
  private readonly holding = new Set<IbSessionCondition>();
  private readOnlyAnswer: boolean | undefined;

  constructor(private readonly note: ConditionNote) {}

  /** Any IB notice or error: turns on the condition it reports, if it reports one. */
  observe(code: number, ibMessage: string): void {
    const info = ibSessionCondition(code, ibMessage);
    if (info) this.turnOn(info, `IB ${code}: ${ibMessage}`);
  }

  /** The read-only probe's answer (read-only-probe.ts); undefined (no answer) changes nothing. */
  probed(readOnly: boolean | undefined): void {
    if (readOnly === true) this.turnOn(IB_SESSION_CONDITIONS.read_only, 'found by the read-only probe at connect');
    else if (readOnly === false) this.turnOff('read_only');
  }

  /** A new connection got its accounts: IB never says when a competing login leaves, so that warning belonged to the old one. */
  newConnection(): void {
    this.turnOff('competing_session');
  }

  /** Read-Only API mode as last seen; undefined until the session found out. */
  get readOnly(): boolean | undefined {
    return this.readOnlyAnswer;
  }

  warnings(): string[] {
    return [...this.holding].map((c) => IB_SESSION_CONDITIONS[c].warning);
  }

  /** Why no order can succeed, when a condition that blocks trading holds. */
  blockingReason(): string | undefined {
    return [...this.holding].map((c) => IB_SESSION_CONDITIONS[c]).find((i) => i.blocksTrading)?.warning;
  }

  private turnOn(info: IbSessionConditionInfo, evidence: string): void {
    if (info.condition === 'read_only') this.readOnlyAnswer = true;
    if (this.holding.has(info.condition)) return;
    this.holding.add(info.condition);
    this.note('warning', `${info.warning} (${evidence})`, info.code);
  }

  private turnOff(condition: IbSessionCondition): void {
    if (condition === 'read_only') this.readOnlyAnswer = false;
    if (!this.holding.delete(condition)) return;
    const info = IB_SESSION_CONDITIONS[condition];
    this.note('warning_cleared', info.cleared, info.code);
  }
}
