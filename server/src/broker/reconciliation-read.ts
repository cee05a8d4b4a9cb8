// One full read of what IB holds for this login: open and completed orders, today's executions
// with their commissions, positions and account values. Syncing needs it before the session is
// ready; reconciliation asks for it again on demand.
import type { Clock } from '../common/index.ts';
import type { Collected } from './pending-requests.ts';
import type {
  AccountValueReport, BrokerReport, CommissionReportData, CompletedOrderReport, ExecutionReport, OpenOrderReport, OrderStatusReport,
  PositionReport, ReconciliationSnapshot,
} from './reports.ts';
import type { SessionChannel } from './session-channel.ts';

const ACCOUNT_TAGS = 'NetLiquidation,TotalCashValue,BuyingPower,AvailableFunds,ExcessLiquidity,InitMarginReq,MaintMarginReq,AccountType';

const pick = <T extends BrokerReport>(items: Collected, kind: T['kind']): T[] => items.filter((i): i is T => (i as BrokerReport).kind === kind);

/** No ready check: the sync uses it before the session is ready. */
export async function readReconciliationSnapshot(channel: SessionChannel, accounts: () => readonly string[], clock: Clock): Promise<ReconciliationSnapshot> {
  const execReqId = channel.takeId();
  const acctReqId = channel.takeId();
  const [open, completed, executions, positions, values] = await Promise.all([
    channel.request('openOrders', 'open orders', 'normal', (api) => api.reqOpenOrders()),
    channel.request('completedOrders', 'completed orders', 'normal', (api) => api.reqCompletedOrders(false)),
    channel.request(execReqId, "today's executions", 'normal', (api) => api.reqExecutions(execReqId, {})),
    channel.request('positions', 'positions', 'normal', (api) => api.reqPositions()),
    channel.request(acctReqId, 'account values', 'normal', (api) => api.reqAccountSummary(acctReqId, 'All', ACCOUNT_TAGS)),
  ]);
  void channel.send('normal', (api) => api.cancelAccountSummary(acctReqId)).catch(() => undefined);
  return {
    takenAt: clock.now(),
    accounts: [...accounts()],
    openOrders: pick<OpenOrderReport>(open, 'openOrder'),
    orderStatuses: pick<OrderStatusReport>(open, 'orderStatus'),
    completedOrders: pick<CompletedOrderReport>(completed, 'completedOrder'),
    executions: pick<ExecutionReport>(executions, 'execution'),
    commissions: pick<CommissionReportData>(executions, 'commission'),
    positions: pick<PositionReport>(positions, 'position'),
    accountValues: pick<AccountValueReport>(values, 'accountValue'),
  };
}
