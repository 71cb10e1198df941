// HTTP requests per second through Node.js 18's http module, server and
// keep-alive clients in one process (so one libuv loop carries both):
// run once on the system libuv and once on ruv by run.sh.
// Usage: node http_bench.js [seconds=5] [connections=32]
'use strict';
const http = require('http');

const seconds = Number(process.argv[2] || 5);
const connections = Number(process.argv[3] || 32);
const body = Buffer.alloc(256, 'r');

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end(body));
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const deadline = process.hrtime.bigint() + BigInt(seconds * 1e9);
  let done = 0;
  let running = connections;
  const one = () => {
    if (process.hrtime.bigint() >= deadline) {
      if (--running === 0) {
        console.log(`RESULT name=requests_per_s value=${(done / seconds).toFixed(0)}`);
        agent.destroy();
        server.close();
      }
      return;
    }
    http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      res.resume();
      res.on('end', () => { done++; one(); });
    }).on('error', (e) => { console.error(e); process.exit(1); });
  };
  for (let i = 0; i < connections; i++) one();
});
