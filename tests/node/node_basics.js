// Node.js 18 (Debian's, linked against libuv.so.1) on ruv: timers,
// immediates, the file system (sync, callbacks, promises, streams), TCP,
// UDP, a Unix socket, child processes, signals, dns.lookup, zlib on the
// thread pool, worker threads and the os module. Prints a transcript that
// must be the same on the system libuv and on ruv.
'use strict';
const fs = require('fs');
const fsp = require('fs/promises');
const net = require('net');
const dgram = require('dgram');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const dns = require('dns');
const { execFile, spawn } = require('child_process');
const { Worker } = require('worker_threads');

const say = (...args) => console.log(...args);

function step(name, fn) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: timed out`)), 10000);
    fn((value) => { clearTimeout(timer); resolve(value); });
  });
}

async function timers() {
  // Only what Node guarantees whatever the machine's load: a tick before
  // an immediate, timeouts in deadline order, an interval's count.
  const order = [];
  const timeouts = [];
  let intervals = 0;
  await step('timers', (done) => {
    setTimeout(() => timeouts.push(20), 20);
    setTimeout(() => timeouts.push(5), 5);
    setImmediate(() => order.push('immediate'));
    process.nextTick(() => order.push('tick'));
    const iv = setInterval(() => {
      if (++intervals === 3) clearInterval(iv);
    }, 1);
    setTimeout(() => done(), 40);
  });
  say('timers:', order.join(', '), '| timeouts:', timeouts.join(', '), '| intervals:', intervals);
}

async function files() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'node-ruv-'));
  const file = path.join(dir, 'data.txt');
  fs.writeFileSync(file, 'line one\n');
  await new Promise((res, rej) => fs.appendFile(file, 'line two\n', (e) => (e ? rej(e) : res())));
  const text = await fsp.readFile(file, 'utf8');
  say('file lines:', text.trim().split('\n').length);
  const st = await fsp.stat(file);
  say('stat size:', st.size, 'is file:', st.isFile());
  const big = Buffer.alloc(1 << 20, 7);
  await fsp.writeFile(path.join(dir, 'big.bin'), big);
  let total = 0;
  await new Promise((res, rej) => fs.createReadStream(path.join(dir, 'big.bin'))
    .on('data', (c) => { total += c.length; }).on('end', res).on('error', rej));
  say('stream read bytes:', total);
  try { await fsp.readFile(path.join(dir, 'missing')); } catch (e) { say('missing file:', e.code); }
  say('readdir:', (await fsp.readdir(dir)).sort().join(' '));
  const watcher = fs.watch(dir);
  const changed = new Promise((res) => watcher.once('change', (type, name) => res(`${type} ${name}`)));
  fs.writeFileSync(path.join(dir, 'watched.txt'), 'x');
  say('fs.watch:', await changed);
  watcher.close();
  await fsp.rm(dir, { recursive: true });
  say('removed:', !fs.existsSync(dir));
}

async function tcp() {
  const server = net.createServer((sock) => sock.pipe(sock));
  await new Promise((res) => server.listen(0, '127.0.0.1', res));
  const { port } = server.address();
  const reply = await new Promise((res, rej) => {
    const c = net.connect(port, '127.0.0.1', () => c.end('hello over tcp'));
    let got = '';
    c.on('data', (d) => { got += d; }).on('end', () => res(got)).on('error', rej);
  });
  say('tcp echo:', reply);
  const payload = Buffer.alloc(4 << 20, 1);
  const echoed = await new Promise((res, rej) => {
    const c = net.connect(port, '127.0.0.1', () => c.end(payload));
    let n = 0;
    c.on('data', (d) => { n += d.length; }).on('end', () => res(n)).on('error', rej);
  });
  say('tcp bulk echoed:', echoed);
  await new Promise((res) => server.close(res));
  const refused = await new Promise((res) => net.connect(port, '127.0.0.1').on('error', (e) => res(e.code)));
  say('connect to the closed port:', refused);
}

async function unixSocket() {
  const sockPath = path.join(os.tmpdir(), `node-ruv-${process.pid}.sock`);
  const server = net.createServer((s) => s.end('over a unix socket'));
  await new Promise((res) => server.listen(sockPath, res));
  const got = await new Promise((res, rej) => {
    let text = '';
    net.connect(sockPath).on('data', (d) => { text += d; }).on('end', () => res(text)).on('error', rej);
  });
  say('unix socket:', got);
  await new Promise((res) => server.close(res));
}

async function udp() {
  const a = dgram.createSocket('udp4');
  const b = dgram.createSocket('udp4');
  await new Promise((res) => a.bind(0, '127.0.0.1', res));
  const msg = await new Promise((res) => {
    a.once('message', (m) => res(m.toString()));
    b.send('a datagram', a.address().port, '127.0.0.1');
  });
  say('udp:', msg);
  a.close();
  b.close();
}

async function children() {
  const out = await new Promise((res, rej) => execFile('/bin/sh', ['-c', 'echo from the child; exit 0'],
    (e, stdout) => (e ? rej(e) : res(stdout.trim()))));
  say('execFile:', out);
  const code = await new Promise((res) => spawn('/bin/sh', ['-c', 'exit 7']).on('exit', (c) => res(c)));
  say('exit code:', code);
  const cat = spawn('cat');
  let echoed = '';
  cat.stdout.on('data', (d) => { echoed += d; });
  const closed = new Promise((res) => cat.on('close', res));
  cat.stdin.end('through cat');
  await closed;
  say('through a pipe:', echoed);
  const killed = spawn('sleep', ['10']);
  const how = new Promise((res) => killed.on('exit', (c, s) => res(`${c} ${s}`)));
  killed.kill('SIGTERM');
  say('killed child:', await how);
}

async function signals() {
  // Node's signal handles do not keep the loop alive: step's timer does.
  const got = await step('signal', (done) => {
    process.once('SIGUSR2', () => done('SIGUSR2'));
    process.kill(process.pid, 'SIGUSR2');
  });
  say('signal:', got);
}

async function pool() {
  const data = Buffer.alloc(1 << 16, 'ruv ');
  const packed = await new Promise((res, rej) => zlib.gzip(data, (e, b) => (e ? rej(e) : res(b))));
  const back = await new Promise((res, rej) => zlib.gunzip(packed, (e, b) => (e ? rej(e) : res(b))));
  say('zlib round trip:', back.equals(data));
  const addr = await new Promise((res, rej) => dns.lookup('127.0.0.1', (e, a) => (e ? rej(e) : res(a))));
  say('dns.lookup:', addr);
  const localhost = await new Promise((res, rej) => dns.lookup('localhost', { family: 4 }, (e, a) => (e ? rej(e) : res(a))));
  say('dns.lookup localhost:', localhost);
}

async function workers() {
  const result = await new Promise((res, rej) => {
    const w = new Worker('const { parentPort } = require("worker_threads"); parentPort.postMessage(6 * 7);', { eval: true });
    w.once('message', res).once('error', rej);
  });
  say('worker says:', result);
}

function osInfo() {
  say('os.cpus non-empty:', os.cpus().length > 0);
  say('os.totalmem > freemem:', os.totalmem() > os.freemem());
  say('os.uptime positive:', os.uptime() > 0);
  say('os.loadavg length:', os.loadavg().length);
  say('os.hostname non-empty:', os.hostname().length > 0);
  say('os.homedir absolute:', path.isAbsolute(os.homedir()));
  say('os.userInfo uid matches:', os.userInfo().uid === process.getuid());
  say('os.type:', os.type());
  say('process.cwd absolute:', path.isAbsolute(process.cwd()));
  say('process.title non-empty:', process.title.length > 0);
  say('hrtime moves:', process.hrtime.bigint() <= process.hrtime.bigint());
  say('memoryUsage rss positive:', process.memoryUsage().rss > 0);
}

(async () => {
  say('node', process.version.split('.')[0]);
  await timers();
  await files();
  await tcp();
  await unixSocket();
  await udp();
  await children();
  await signals();
  await pool();
  await workers();
  osInfo();
  say('done');
})().catch((e) => { console.error(e); process.exit(1); });
