// Whether the gateway is in Read-Only API mode, found without touching any order: a cancel of an
// id no client uses answers 10147 (not found) normally and 321 (read-only) in read-only mode.
import { IbRequestError, RequestTimeoutError } from './errors.ts';
import type { SessionChannel } from './session-channel.ts';

/** An order id far above any real sequence; only ever cancelled, to probe read-only mode. */
const READ_ONLY_PROBE_ID = 2_147_483_000;

/** undefined when the gateway gave neither answer in time. */
export async function probeReadOnly(channel: SessionChannel): Promise<boolean | undefined> {
  channel.assertReady();
  try {
    await channel.request(READ_ONLY_PROBE_ID, 'the read-only probe', 'cancel', (api) => api.cancelOrder(READ_ONLY_PROBE_ID));
    return undefined;
  } catch (error) {
    if (error instanceof IbRequestError) return error.ibCode === 321 && /read-only/i.test(error.ibMessage);
    if (error instanceof RequestTimeoutError) return undefined;
    throw error;
  }
}
