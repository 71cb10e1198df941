-- Lua's luv on ruv: timers, idle/prepare/check, async from a thread-pool
-- work item, the file system, TCP echo, UDP, pipes, a child process,
-- signals, DNS and os/misc calls. Prints a transcript that must be the
-- same on the system libuv and on ruv.
local uv = require('luv')

local function say(...) print(table.concat({...}, ' ')) end

say('luv', uv.version_string():match('^1%.') and 'version 1.x' or 'other version')

-- Timers in deadline order, a repeating one stopping itself.
do
  local order = {}
  for _, ms in ipairs({30, 10, 20}) do
    local t = uv.new_timer()
    t:start(ms, 0, function() order[#order + 1] = ms; t:close() end)
  end
  local ticks = 0
  local rep = uv.new_timer()
  rep:start(1, 1, function()
    ticks = ticks + 1
    if ticks == 3 then rep:stop(); rep:close() end
  end)
  uv.run()
  say('timers fired in order:', table.concat(order, ','), 'repeat ticks:', ticks)
end

-- Phases of one iteration.
do
  local seen = {}
  local idle, prepare, check = uv.new_idle(), uv.new_prepare(), uv.new_check()
  idle:start(function() seen[#seen + 1] = 'idle'; idle:stop() end)
  prepare:start(function() seen[#seen + 1] = 'prepare'; prepare:stop() end)
  check:start(function() seen[#seen + 1] = 'check'; check:stop() end)
  uv.run('once')
  say('phases:', table.concat(seen, ' '))
  idle:close(); prepare:close(); check:close()
  uv.run()
end

-- Work on the pool, and an async handle woken from it.
do
  local work = uv.new_work(function(n)
    local sum = 0
    for i = 1, n do sum = sum + i end
    return sum
  end, function(sum) say('work result:', sum) end)
  work:queue(1000)
  uv.run()
end

-- The file system: write, stat, read back, readdir, rename, unlink.
do
  local dir = assert(uv.fs_mkdtemp('/tmp/luv-ruv-XXXXXX'))
  local path = dir .. '/file.txt'
  local fd = assert(uv.fs_open(path, 'w', 420))
  say('write:', assert(uv.fs_write(fd, 'hello from lua\n', -1)))
  assert(uv.fs_close(fd))
  say('size:', uv.fs_stat(path).size, 'type:', uv.fs_stat(path).type)
  uv.fs_open(path, 'r', 0, function(err, rfd)
    assert(not err, err)
    uv.fs_read(rfd, 64, 0, function(err2, data)
      assert(not err2, err2)
      say('async read:', (data:gsub('\n', '')))
      uv.fs_close(rfd, function() end)
    end)
  end)
  uv.run()
  local missing, msg, name = uv.fs_stat(dir .. '/missing')
  say('stat missing:', tostring(missing), name)
  assert(uv.fs_rename(path, dir .. '/renamed.txt'))
  local names = {}
  local req = assert(uv.fs_scandir(dir))
  while true do
    local n, t = uv.fs_scandir_next(req)
    if not n then break end
    names[#names + 1] = n .. ':' .. t
  end
  say('scandir:', table.concat(names, ' '))
  assert(uv.fs_unlink(dir .. '/renamed.txt'))
  assert(uv.fs_rmdir(dir))
end

-- TCP echo over loopback.
do
  local server = uv.new_tcp()
  assert(server:bind('127.0.0.1', 0))
  local port = server:getsockname().port
  assert(server:listen(16, function(err)
    assert(not err, err)
    local peer = uv.new_tcp()
    server:accept(peer)
    peer:read_start(function(err2, chunk)
      assert(not err2, err2)
      if chunk then peer:write(chunk) else peer:close() end
    end)
  end))
  local client = uv.new_tcp()
  local got = {}
  client:connect('127.0.0.1', port, function(err)
    assert(not err, err)
    client:read_start(function(err2, chunk)
      assert(not err2, err2)
      if chunk then
        got[#got + 1] = chunk
        if table.concat(got) == 'ping pong' then
          client:shutdown(function() client:close(); server:close() end)
        end
      end
    end)
    client:write('ping ')
    client:write('pong')
  end)
  uv.run()
  say('tcp echo:', table.concat(got))
end

-- UDP to ourselves.
do
  local a, b = uv.new_udp(), uv.new_udp()
  assert(a:bind('127.0.0.1', 0))
  assert(b:bind('127.0.0.1', 0))
  a:recv_start(function(err, data, addr)
    assert(not err, err)
    if data then
      say('udp got:', data, 'from the sender:', tostring(addr.port == b:getsockname().port))
      a:close(); b:close()
    end
  end)
  b:send('datagram', '127.0.0.1', a:getsockname().port, function(err) assert(not err, err) end)
  uv.run()
end

-- A child process with a pipe for its stdout.
do
  local out = uv.new_pipe(false)
  local chunks = {}
  local handle
  handle = uv.spawn('/bin/sh', {args = {'-c', 'echo child says hi; exit 3'}, stdio = {nil, out, nil}},
    function(code, signal)
      say('child exit:', code, 'signal:', signal)
      handle:close()
    end)
  out:read_start(function(err, chunk)
    assert(not err, err)
    if chunk then chunks[#chunks + 1] = chunk else out:close() end
  end)
  uv.run()
  say('child stdout:', (table.concat(chunks):gsub('\n', '')))
end

-- A signal to ourselves.
do
  local sig = uv.new_signal()
  sig:start('sigusr1', function(signame)
    say('signal:', signame)
    sig:close()
  end)
  uv.kill(uv.os_getpid(), 'sigusr1')
  uv.run()
end

-- Name resolution of a numeric host.
do
  uv.getaddrinfo('127.0.0.1', '80', {family = 'inet', socktype = 'stream'}, function(err, res)
    assert(not err, err)
    say('getaddrinfo:', res[1].addr, res[1].port, res[1].family)
  end)
  uv.run()
end

-- os/misc.
do
  say('pid matches:', tostring(uv.os_getpid() == tonumber(io.open('/proc/self/stat'):read('*l'):match('^(%d+)'))))
  assert(uv.os_setenv('LUV_RUV_TEST', 'value'))
  say('getenv:', uv.os_getenv('LUV_RUV_TEST'))
  assert(uv.os_unsetenv('LUV_RUV_TEST'))
  say('getenv after unset:', tostring(uv.os_getenv('LUV_RUV_TEST')))
  say('hostname non-empty:', tostring(#uv.os_gethostname() > 0))
  say('uname sysname:', uv.os_uname().sysname)
  say('cwd is absolute:', tostring(uv.cwd():sub(1, 1) == '/'))
  say('cpu count positive:', tostring(#uv.cpu_info() > 0))
  say('hrtime increases:', tostring(uv.hrtime() <= uv.hrtime()))
  say('random bytes:', #uv.random(16))
  say('loop alive at the end:', tostring(uv.loop_alive()))
end
