// Node.js 18 on ruv, second script: an HTTP server and client with many
// requests and a large body, stream backpressure through a slow reader,
// a forked child talking over an IPC channel and receiving a server
// handle, fs.watchFile (stat polling), readline over a file, timers that
// are unref'd and refreshed, and AbortController-cancelled timers.
'use strict';
const http = require('http');
const net = require('net');
const fs = require('fs');
const os = require('os');
const path = require('path');
const readline = require('readline');
const { fork } = require('child_process');
const timersPromises = require('timers/promises');

const say = (...args) => console.log(...args);

if (process.argv[2] === 'child') {
  let server = null;
  process.on('message', (msg, handle) => {
    if (msg === 'server') {
      server = handle;
      server.on('connection', (sock) => sock.end('served by the child'));
      process.send('ready');
    } else if (msg === 'bye') {
      server.close();
      process.disconnect();
    } else {
      process.send(`child got ${msg}`);
    }
  });
  return;
}

async function httpRoundTrips() {
  const big = Buffer.alloc(2 << 20, 'x');
  const server = http.createServer((req, res) => {
    if (req.url === '/big') { res.end(big); return; }
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => res.end(`echo:${req.method}:${body}`));
  });
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  const { port } = server.address();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const get = (p, method = 'GET', body = '') => new Promise((res, rej) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, method, agent }, (r) => {
      const chunks = [];
      r.on('data', (c) => chunks.push(c)).on('end', () => res(Buffer.concat(chunks))).on('error', rej);
    });
    req.on('error', rej);
    req.end(body);
  });
  const replies = await Promise.all(Array.from({ length: 200 }, (_, i) => get('/', 'POST', `n${i}`)));
  say('http replies correct:', replies.every((r, i) => r.toString() === `echo:POST:n${i}`));
  const body = await get('/big');
  say('http big body bytes:', body.length);
  agent.destroy();
  await new Promise((res) => server.close(res));
}

async function backpressure() {
  const server = net.createServer((sock) => {
    sock.pause();
    setTimeout(() => sock.resume(), 50);
    let n = 0;
    sock.on('data', (d) => { n += d.length; });
    sock.on('end', () => sock.end(String(n)));
  });
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  const reply = await new Promise((res, rej) => {
    const c = net.connect(server.address().port, '127.0.0.1');
    let full = 0;
    let written = 0;
    const chunk = Buffer.alloc(64 << 10, 1);
    const pump = () => {
      while (written < (16 << 20)) {
        written += chunk.length;
        if (!c.write(chunk)) { full++; c.once('drain', pump); return; }
      }
      c.end();
    };
    c.on('connect', pump);
    let text = '';
    c.on('data', (d) => { text += d; }).on('end', () => res({ text, full: full > 0 })).on('error', rej);
  });
  say('slow reader got bytes:', reply.text, 'writer saw backpressure:', reply.full);
  await new Promise((res) => server.close(res));
}

async function forkedChild() {
  const child = fork(__filename, ['child'], { stdio: ['pipe', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise((res) => child.once('message', res));
  child.send('hello');
  say('ipc:', await next());
  const server = net.createServer();
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  const { port } = server.address();
  child.send('server', server);
  say('ipc:', await next());
  server.close();
  const text = await new Promise((res, rej) => {
    let t = '';
    net.connect(port, '127.0.0.1').on('data', (d) => { t += d; }).on('end', () => res(t)).on('error', rej);
  });
  say('passed server handle:', text);
  const exited = new Promise((res) => child.on('exit', (code) => res(code)));
  child.send('bye');
  say('child exit code:', await exited);
}

async function watchAndRead() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'node-ruv-'));
  const file = path.join(dir, 'lines.txt');
  fs.writeFileSync(file, 'a\nb\nc\n');
  const changed = new Promise((res) => {
    fs.watchFile(file, { interval: 20 }, (curr, prev) => {
      fs.unwatchFile(file);
      res(`${prev.size} -> ${curr.size}`);
    });
  });
  setTimeout(() => fs.appendFileSync(file, "d\n"), 200);
  say('watchFile sizes:', await changed);
  const rl = readline.createInterface({ input: fs.createReadStream(file) });
  const lines = [];
  for await (const line of rl) lines.push(line);
  say('readline:', lines.join(','));
  fs.rmSync(dir, { recursive: true });
}

async function timers() {
  const order = [];
  const unrefd = setTimeout(() => order.push('unref (never)'), 10000);
  unrefd.unref();
  const t = setTimeout(() => order.push('refreshed'), 30);
  setTimeout(() => t.refresh(), 20);
  const ac = new AbortController();
  const aborted = timersPromises.setTimeout(1000, null, { signal: ac.signal }).catch((e) => order.push(e.name));
  ac.abort();
  await aborted;
  await timersPromises.setTimeout(250);
  say('timers:', order.join(', '));
}

(async () => {
  await httpRoundTrips();
  await backpressure();
  await forkedChild();
  await watchAndRead();
  await timers();
  say('done');
})().catch((e) => { console.error(e); process.exit(1); });
