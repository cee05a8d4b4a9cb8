// TWS error codes and texts the engine produces (tws-protocol.md §6.12), in one place.

export const ERR = {
  duplicateOrderId: { code: 103, text: () => 'Duplicate order id' },
  modifyFilled: { code: 104, text: () => "Can't modify a filled order" },
  modifyMismatch: { code: 105, text: () => 'Order being modified does not match original order.' },
  priceVariation: { code: 110, text: () => 'The price does not conform to the minimum price variation for this contract.' },
  noSecurity: { code: 200, text: () => 'No security definition has been found for the request' },
  ambiguous: { code: 200, text: (symbol: string) => `The contract description specified for ${symbol} is ambiguous.` },
  rejected: { code: 201, text: (reason: string) => `Order rejected - reason:${reason}` },
  cancelled: { code: 202, text: (reason = '') => `Order Canceled - reason:${reason}` },
  validation: { code: 321, text: (cause: string, tag = 'bF') => `Error validating request.-'${tag}' : cause - ${cause}` },
  cancelNotFound: { code: 10147, text: (id: number) => `OrderId ${id} that needs to be cancelled is not found.` },
  cancelNotCancellable: { code: 10148, text: (id: number, state: string) => `OrderId ${id} that needs to be cancelled can not be cancelled, state: ${state}.` },
} as const;
