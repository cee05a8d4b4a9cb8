// The TWS wire protocol (text era, server versions 176–178): pure functions, no I/O.
export * from './fields.ts';
export * from './framing.ts';
export * from './types.ts';
export * from './types-account-data.ts';
export * from './message-ids.ts';
export * from './error-codes.ts';
export * from './encode.ts';
export * from './encode-orders.ts';
export * from './market-rule.ts';
export * from './encode-account-data.ts';
export * from './encode-history.ts';
export type * from './types-history.ts';
export * from './decode.ts';
