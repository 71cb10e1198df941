-- Lua's luv on ruv, second script: handle introspection (walk, types,
-- ref/unref, is_active), timer again/due_in, fs_event and fs_poll, a tty
-- handle over a pipe, Unix-domain pipes, stream try_write and write queue
-- sizes, UDP options, getnameinfo, process kill, threads with async
-- handles, and uv.stop.
local uv = require('luv')

local function say(...) print(table.concat({...}, ' ')) end

-- Handles: types, activity, references, walk.
do
  local t, i = uv.new_timer(), uv.new_idle()
  say('types:', (uv.handle_get_type(t)), (uv.handle_get_type(i)))
  say('active before start:', tostring(t:is_active()))
  t:start(1000, 0, function() end)
  say('active after start:', tostring(t:is_active()), 'has_ref:', tostring(t:has_ref()))
  t:unref()
  say('alive with only an unref\'d timer:', tostring(uv.loop_alive()))
  local kinds = {}
  uv.walk(function(h) kinds[#kinds + 1] = uv.handle_get_type(h) end)
  table.sort(kinds)
  say('walk:', table.concat(kinds, ','))
  t:close(); i:close()
  uv.run()
end

-- Timer again / due_in / repeat.
do
  local t = uv.new_timer()
  local fired = 0
  t:start(1000, 5, function()
    fired = fired + 1
    if fired == 2 then t:close() end
  end)
  say('due_in about 1000:', tostring(t:get_due_in() > 900))
  t:again()
  say('after again due_in is the repeat:', tostring(t:get_due_in() <= 5), 'repeat:', t:get_repeat())
  uv.run()
  say('repeat fired:', fired)
end

-- fs_event and fs_poll on a temporary directory.
do
  local dir = assert(uv.fs_mkdtemp('/tmp/luv-ruv-XXXXXX'))
  local ev = uv.new_fs_event()
  local poll = uv.new_fs_poll()
  local events, polled = {}, false
  local file = dir .. '/polled.txt'
  assert(uv.fs_close(assert(uv.fs_open(file, 'w', 420))))
  ev:start(dir, {}, function(err, name, what)
    assert(not err, err)
    if not events[1] then
      events[1] = name
      ev:stop(); ev:close()
    end
  end)
  poll:start(file, 20, function(err, prev, curr)
    assert(not err, err)
    polled = prev.size .. ' -> ' .. curr.size
    poll:stop(); poll:close()
  end)
  local kick = uv.new_timer()
  kick:start(150, 0, function()
    kick:close()
    assert(uv.fs_close(assert(uv.fs_open(dir .. '/created.txt', 'w', 420))))
    local fd = assert(uv.fs_open(file, 'a', 420))
    assert(uv.fs_write(fd, 'grown', -1)); assert(uv.fs_close(fd))
  end)
  uv.run()
  say('fs_event saw:', tostring(events[1]), 'fs_poll saw:', tostring(polled))
  uv.fs_unlink(file); uv.fs_unlink(dir .. '/created.txt'); uv.fs_rmdir(dir)
end

-- A tty handle over a pipe (what a program sees when its output is piped).
do
  local fds = assert(uv.pipe({nonblock = true}, {nonblock = true}))
  local w = fds.write
  local tty = uv.new_tty(fds.read, true)
  say('tty over a pipe: readable', tostring(tty:is_readable()), 'writable', tostring(tty:is_writable()))
  local ok, err = tty:get_winsize()
  say('winsize on a pipe:', tostring(ok), tostring(err))
  say('guess_handle of the pipe:', uv.guess_handle(w))
  tty:close()
  uv.run()
  uv.fs_close(w)
end

-- Unix-domain pipes, try_write and write_queue_size.
do
  local sock = '/tmp/luv-ruv-' .. uv.os_getpid() .. '.sock'
  local server = uv.new_pipe(false)
  assert(server:bind(sock))
  server:listen(8, function()
    local peer = uv.new_pipe(false)
    server:accept(peer)
    peer:read_start(function(err, chunk)
      if chunk then say('pipe server got:', chunk) else peer:close(); server:close() end
    end)
  end)
  local client = uv.new_pipe(false)
  client:connect(sock, function(err)
    assert(not err, err)
    say('try_write:', client:try_write('direct'))
    say('write_queue_size:', client:get_write_queue_size())
    client:shutdown(function() client:close() end)
  end)
  uv.run()
  uv.fs_unlink(sock)
end

-- UDP options and getnameinfo.
do
  local u = uv.new_udp()
  assert(u:bind('127.0.0.1', 0))
  say('broadcast:', tostring(u:set_broadcast(true)), 'ttl:', tostring(u:set_ttl(16)))
  say('multicast loop:', tostring(u:set_multicast_loop(false)))
  u:close()
  uv.getnameinfo({ip = '127.0.0.1', port = 80}, function(err, host, service)
    assert(not err, err)
    say('getnameinfo service:', service)
  end)
  uv.run()
end

-- A child killed by a signal.
do
  local handle
  handle = uv.spawn('sleep', {args = {'10'}}, function(code, signal)
    say('killed child: code', code, 'signal', signal)
    handle:close()
  end)
  handle:kill('sigterm')
  uv.run()
end

-- A thread waking the loop through an async handle.
do
  local async
  async = uv.new_async(function(msg)
    say('async from a thread:', msg)
    async:close()
  end)
  local thread = uv.new_thread(function(a)
    a:send('hello')
  end, async)
  uv.run()
  thread:join()
end

-- uv.stop from a callback.
do
  local t = uv.new_timer()
  t:start(1, 1, function() uv.stop() end)
  say('run after stop returns:', tostring(uv.run()))
  t:close()
  uv.run()
  say('done')
end
