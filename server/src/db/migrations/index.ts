// Every migration, in order. Names are timestamps so they sort the way they were written;
// migrations are forward-only (no `down`): a fix is a new migration.
import type { Kysely } from 'kysely';
import type { DbKind } from '../connect.ts';
import { up as initial } from './20261123T1900_initial.ts';
import { up as brokerConnections } from './20261123T2000_broker_connections.ts';
import { up as connectionEventSeq } from './20261201T0700_connection_event_seq.ts';
import { up as teamRoles } from './20261201T0800_team_roles.ts';
import { up as signInFailures } from './20261201T0900_sign_in_failures.ts';
import { up as instruments } from './20261201T1000_instruments.ts';
import { up as tradingControls } from './20261201T1100_trading_controls.ts';
import { up as riskPolicies } from './20261201T1200_risk_policies.ts';
import { up as signals } from './20261201T1300_signals.ts';
import { up as webhooks } from './20261201T1400_webhooks.ts';
import { up as orders } from './20261201T1500_orders.ts';
import { up as signalRiskIndexes } from './20261201T1700_signal_risk_indexes.ts';
import { up as orderBrackets } from './20261201T1800_order_brackets.ts';
import { up as orderIbIdIndex } from './20261201T1900_order_ib_id_index.ts';

export interface KairoxMigration {
  readonly name: string;
  // Migrations see the schema as it was when they were written, so they take an untyped handle.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly up: (db: Kysely<any>, kind: DbKind) => Promise<void>;
}

export const MIGRATIONS: readonly KairoxMigration[] = [
  { name: '20261123T1900_initial', up: initial },
  { name: '20261123T2000_broker_connections', up: brokerConnections },
  { name: '20261201T0700_connection_event_seq', up: connectionEventSeq },
  { name: '20261201T0800_team_roles', up: teamRoles },
  { name: '20261201T0900_sign_in_failures', up: signInFailures },
  { name: '20261201T1000_instruments', up: instruments },
  { name: '20261201T1100_trading_controls', up: tradingControls },
  { name: '20261201T1200_risk_policies', up: riskPolicies },
  { name: '20261201T1300_signals', up: signals },
  { name: '20261201T1400_webhooks', up: webhooks },
  { name: '20261201T1500_orders', up: orders },
  { name: '20261201T1700_signal_risk_indexes', up: signalRiskIndexes },
  { name: '20261201T1800_order_brackets', up: orderBrackets },
  { name: '20261201T1900_order_ib_id_index', up: orderIbIdIndex },
];
