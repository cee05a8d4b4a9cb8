// The version-capping proxy the suite uses to run @stoqey/ib at 176 and 177: the hello rewrite
// itself, and a real connection through it landing on the capped version.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { InboundParser, encodeClientHello } from '../../../src/protocol/index.ts';
import { testGateway } from '../../support/gateway.ts';
import { capHello, startVersionCapProxy } from './version-cap-proxy.ts';

describe('capHello', () => {
  it('lowers the top of the range and keeps the connect options and whatever follows', () => {
    const hello = Buffer.concat([Buffer.from('API\0'), Buffer.from([0, 0, 0, 18]), Buffer.from('v100..193 +PACEAPI'), Buffer.from('rest')]);
    const out = capHello(hello, 176);
    expect(out?.hello.subarray(8).toString()).toBe('v100..176 +PACEAPI');
    expect(out?.hello.readUInt32BE(4)).toBe('v100..176 +PACEAPI'.length);
    expect(out?.rest.toString()).toBe('rest');
  });

  it('waits for a hello split across chunks, leaves a lower range alone and refuses a non-hello', () => {
    const hello = encodeClientHello(157, 170);
    expect(capHello(hello.subarray(0, 9), 176)).toBeUndefined();
    expect(capHello(hello, 176)?.hello.subarray(8).toString()).toBe('v157..170');
    expect(() => capHello(Buffer.from('GET / HTTP/1.1'), 176)).toThrow(/API/);
  });
});

describe('through the proxy', () => {
  it('a client offering v100..193 is answered 177 by the gateway', async () => {
    const gw = await testGateway();
    const proxy = await startVersionCapProxy({ host: gw.host, port: gw.port }, 177);
    try {
      const socket = connect({ host: '127.0.0.1', port: proxy.port });
      const parser = new InboundParser({ expectHello: false });
      const first = new Promise<string>((resolve) => {
        socket.on('data', (chunk: Buffer) => {
          parser.push(chunk);
          const item = parser.next();
          if (item?.kind === 'frame') resolve(item.payload.split('\0')[0] ?? '');
        });
      });
      socket.write(encodeClientHello(100, 193));
      expect(await first).toBe('177');
      socket.destroy();
    } finally {
      await proxy.close();
      await gw.close();
    }
  });
});
