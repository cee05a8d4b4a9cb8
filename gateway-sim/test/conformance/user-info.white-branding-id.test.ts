// reqUserInfo through @stoqey/ib at each version: userInfo on the request's id with the white-branding
// id, empty for an ordinary (not white-labelled) account.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VERSIONS, startSim } from './support/ib-session.ts';
import type { IbSession, Sim } from './support/ib-session.ts';

describe.each(VERSIONS)('user info at server version %i', (version) => {
  let sim: Sim;
  let s: IbSession;
  beforeEach(async () => {
    sim = await startSim(version);
    s = await sim.connect(1);
  });
  afterEach(() => sim.close());

  it('answers userInfo with an empty white-branding id on the request id', async () => {
    const m = s.mark();
    s.api.reqUserInfo(9201);
    expect(await s.waitFor('userInfo', (r) => r === 9201, m)).toEqual([9201, '']);
    expect(s.raw('107', m)).toEqual([['107', '9201', '']]);
    expect(s.errors(m)).toEqual([]);
  });
});
