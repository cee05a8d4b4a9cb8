// server/src/orders: execution — the journal, exactly-once sends, IB's reports and the reconciliation.
export { OrderExecution, connectionsWithOpenOrders, type CancelAnswer, type OrderExecutionDeps, type OrderAuditSink, type SignalOutcomes } from './execution.ts';
export { OrderQueries, orderViewOf, type OrderDetail, type OrderView } from './views.ts';
export { journal, journalOf, type OrderRow, type OrderEventRow, type FillRow, type OrdersTable } from './journal.ts';
export type { IbOrderPhase, OrderKey, OrderReport, OrderSession, OrderSessions, OrderTicket, ReportEnvelope, SendOutcome, TradingGate } from './ports.ts';
export { ticketOf } from './ticket.ts';
export { armFaultPoints, FAULT_POINT_NAMES, FaultPointsInvalidError, type FaultPointName, type FaultPoints } from './fault-points.ts';
export { cancelOpenOrders, SWEEP_OUTCOMES, type OrderCanceller, type SweptOrder, type SweepOutcome } from './cancel-all.ts';
export { IbBook, type IbBookReads, type IbBookSession, type IbOpenOrder, type IbPosition, type IbOrderView, type PositionView, type AccountPositions, type ConnectionPositions } from './ib-book.ts';
export { FillQueries, type FillView } from './fills-view.ts';
export { OrderModifications, type ModifyAnswer, type ModifyRecheck, type ModifyRequest, type ModifyTurns, type OrderModificationsDeps, type ProposedModification } from './modify.ts';
