// Child process of the intake benchmark: the floor. The least any HTTP intake can do on this
// machine for one signal: read the body, parse it, commit it to SQLite (WAL, synchronous=FULL, one
// transaction a request) and answer 202 with a small JSON body. No validation, no decision, no
// audit. The same senders drive it at the same rates, so Kairox's figures can be read against what
// the machine, the loopback network and the senders cost by themselves.
// IPC: child → { port }; parent → { cmd: 'cpu' } → { cpuMs }; parent → { cmd: 'close' } → { closed }.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import SQLite from 'better-sqlite3';

const dir = process.argv[2];
if (!dir) throw new Error('usage: floor-server.ts <directory for its database>');
fs.mkdirSync(dir, { recursive: true });
const database = new SQLite(path.join(dir, 'floor.db'));
database.pragma('journal_mode = WAL');
database.pragma('synchronous = FULL');
database.exec('create table if not exists signals (n integer primary key, body text not null)');
const insert = database.prepare('insert into signals (body) values (?)');
const store = database.transaction((body: string) => Number(insert.run(body).lastInsertRowid));

const server = http.createServer({ keepAliveTimeout: 72_000 }, (request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const started = performance.now();
    const body = Buffer.concat(chunks).toString('utf8');
    JSON.parse(body);
    const n = store(body);
    const answer = JSON.stringify({ signal: { id: `floor-${n}`, status: 'prepared', decision: { status: 'prepared' } } });
    response.writeHead(202, {
      'content-type': 'application/json', 'content-length': Buffer.byteLength(answer),
      'server-timing': `app;dur=${(performance.now() - started).toFixed(2)}`,
    });
    response.end(answer);
  });
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as { port: number }).port }));
process.on('disconnect', () => process.exit(0));
process.on('message', (message: { cmd: string }) => {
  if (message.cmd === 'cpu') {
    const used = process.cpuUsage();
    process.send?.({ cpuMs: (used.user + used.system) / 1000 });
  } else if (message.cmd === 'close') {
    server.close();
    database.close();
    process.send?.({ closed: true });
    process.exit(0);
  }
});
