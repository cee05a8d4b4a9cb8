// server/src/instruments: approved instruments (contracts a workspace automates, pinned by conId).
export {
  InstrumentsService, newInstrumentId, viewOf,
  type ContractSearchAnswer, type ContractSearchSpec, type InstrumentView, type InstrumentsServiceDeps, type SearchCandidate,
} from './service.ts';
export type { ConnectionDirectory, ConnectionSummary, ContractLookup, InstrumentAuditSink } from './ports.ts';
export type { InstrumentFilter } from './store.ts';
