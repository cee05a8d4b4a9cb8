// Shared by the benchmarks: a JSON POST over node:http with kept-alive sockets. Lighter than fetch
// (no web streams), so the senders' own cost stays small beside what is measured.
import http from 'node:http';

export interface PostAnswer { status: number; headers: http.IncomingHttpHeaders; body: unknown }

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export function postJson(url: string, payload: unknown, headers: Record<string, string>, timeoutMs: number): Promise<PostAnswer> {
  const body = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST', agent, timeout: timeoutMs,
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
        } catch (error) {
          reject(error as Error);
        }
      });
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { name: 'TimeoutError' })));
    request.on('error', reject);
    request.end(body);
  });
}
