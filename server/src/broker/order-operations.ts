// Order operations: each is checked (ready, request, account) and handed to the socket, nothing
// more. What IB then does with the order arrives as reports; the orders module decides its state.
import { InvalidRequestError } from './errors.ts';
import { toIbContract, toIbOrder, validateOrderRequest } from './ib-mapping.ts';
import type { PlaceOrderRequest, WhatIfAnswer } from './reports.ts';
import type { SessionChannel } from './session-channel.ts';

function checkOrderId(orderId: number): void {
  if (!Number.isInteger(orderId) || orderId <= 0) throw new InvalidRequestError('orderId must be a positive integer');
}

export class OrderOperations {
  constructor(
    private readonly channel: SessionChannel,
    /** The account an order goes to (accounts.ts); throws when it cannot be settled. */
    private readonly accountFor: (requested: string | undefined) => string,
  ) {}

  async place(request: PlaceOrderRequest): Promise<{ orderId: number }> {
    this.channel.assertReady();
    validateOrderRequest(request);
    const account = this.accountFor(request.account);
    const orderId = this.channel.takeId();
    await this.channel.send('normal', (api) => api.placeOrder(orderId, toIbContract(request.contract), toIbOrder(request, account)));
    return { orderId };
  }

  /**
   * IB's what-if for the order: a placeOrder with whatIf=true under a fresh id of the session's
   * sequence (IB counts the id as used, so it is never taken again), answered by one openOrder with
   * the margin and commission, or by an error on that id. Nothing is placed. `before` runs first
   * (the session waits there for ids reserved ahead of it to leave).
   */
  async whatIf(request: PlaceOrderRequest, timeoutMs: number, before: () => Promise<void>): Promise<WhatIfAnswer> {
    this.channel.assertReady();
    validateOrderRequest(request);
    const account = this.accountFor(request.account);
    await before();
    this.channel.assertReady();
    const orderId = this.channel.takeId();
    const [answer] = await this.channel.request(orderId, `the what-if of ${request.action} ${request.quantity} ${request.contract.symbol ?? request.contract.conId ?? ''}`.trim(), 'normal',
      (api) => api.placeOrder(orderId, toIbContract(request.contract), { ...toIbOrder(request, account), whatIf: true }), timeoutMs);
    return answer as WhatIfAnswer;
  }

  /** IB's modify is a placeOrder with the same id. */
  async modify(orderId: number, request: PlaceOrderRequest): Promise<{ orderId: number }> {
    this.channel.assertReady();
    checkOrderId(orderId);
    validateOrderRequest(request);
    const account = this.accountFor(request.account);
    await this.channel.send('normal', (api) => api.placeOrder(orderId, toIbContract(request.contract), toIbOrder(request, account)));
    return { orderId };
  }

  async cancel(orderId: number): Promise<void> {
    this.channel.assertReady();
    checkOrderId(orderId);
    await this.channel.send('cancel', (api) => api.cancelOrder(orderId));
  }

  async globalCancel(): Promise<void> {
    this.channel.assertReady();
    await this.channel.send('cancel', (api) => api.reqGlobalCancel());
  }
}
