"""uvloop's everyday machinery on ruv: timers in order, call_soon_threadsafe
from other threads, UDP and Unix-socket echo, name resolution, a signal
handler, a polled socket (sock_recv) and run_in_executor."""
import asyncio
import os
import signal
import socket
import tempfile
import threading

import uvloop


async def timers():
    loop = asyncio.get_running_loop()
    fired = []
    done = loop.create_future()
    for delay in (0.03, 0.01, 0.02, 0.0):
        loop.call_later(delay, fired.append, delay)
    loop.call_later(0.05, done.set_result, None)
    handle = loop.call_later(0.01, fired.append, "cancelled")
    handle.cancel()
    await done
    print("timers fired in order:", fired)


async def threadsafe():
    loop = asyncio.get_running_loop()
    seen = []
    done = loop.create_future()

    def from_thread(n):
        for i in range(100):
            loop.call_soon_threadsafe(seen.append, (n, i))
        loop.call_soon_threadsafe(lambda: len(seen) == 400 and not done.done() and done.set_result(None))

    threads = [threading.Thread(target=from_thread, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    await asyncio.wait_for(done, 10)
    in_order = all(
        [i for (n, i) in seen if n == k] == list(range(100)) for k in range(4)
    )
    print("call_soon_threadsafe: 400 calls, each thread's in order:", in_order)


class Echo(asyncio.DatagramProtocol):
    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        self.transport.sendto(data.upper(), addr)


class Client(asyncio.DatagramProtocol):
    def __init__(self, replies):
        self.replies = replies

    def datagram_received(self, data, addr):
        self.replies.put_nowait(data)


async def udp():
    loop = asyncio.get_running_loop()
    server, _ = await loop.create_datagram_endpoint(Echo, local_addr=("127.0.0.1", 0))
    port = server.get_extra_info("sockname")[1]
    replies = asyncio.Queue()
    client, _ = await loop.create_datagram_endpoint(
        lambda: Client(replies), remote_addr=("127.0.0.1", port)
    )
    got = []
    for word in (b"one", b"two", b"three"):
        client.sendto(word)
        got.append(await asyncio.wait_for(replies.get(), 10))
    client.close()
    server.close()
    print("udp echo:", got)


async def unix_sockets():
    async def handle(reader, writer):
        writer.write((await reader.readline()).upper())
        await writer.drain()
        writer.close()

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "sock")
        server = await asyncio.start_unix_server(handle, path)
        r, w = await asyncio.open_unix_connection(path)
        w.write(b"over a unix socket\n")
        line = await r.readline()
        w.close()
        server.close()
        await server.wait_closed()
    print("unix socket echo:", line)


async def names():
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo("127.0.0.1", 80, type=socket.SOCK_STREAM)
    print("getaddrinfo 127.0.0.1:", sorted({info[4] for info in infos}))
    infos = await loop.getaddrinfo("localhost", "80", family=socket.AF_INET, type=socket.SOCK_STREAM)
    print("getaddrinfo localhost (IPv4):", sorted({info[4] for info in infos}))
    print("getnameinfo:", await loop.getnameinfo(("127.0.0.1", 80), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV))


async def signals():
    loop = asyncio.get_running_loop()
    got = loop.create_future()
    loop.add_signal_handler(signal.SIGUSR1, got.set_result, "SIGUSR1")
    os.kill(os.getpid(), signal.SIGUSR1)
    print("signal handler:", await asyncio.wait_for(got, 10))
    loop.remove_signal_handler(signal.SIGUSR1)


async def polled_socket():
    loop = asyncio.get_running_loop()
    a, b = socket.socketpair()
    a.setblocking(False)
    b.setblocking(False)
    loop.call_later(0.01, b.send, b"polled")
    data = await loop.sock_recv(a, 100)
    await loop.sock_sendall(a, b"back")
    reply = await loop.sock_recv(b, 100)
    a.close()
    b.close()
    print("sock_recv / sock_sendall:", data, reply)


async def executor():
    loop = asyncio.get_running_loop()
    print("run_in_executor:", await loop.run_in_executor(None, sum, range(1000)))


async def main():
    for step in (timers, threadsafe, udp, unix_sockets, names, signals, polled_socket, executor):
        await step()
    print("loop:", type(asyncio.get_running_loop()).__module__)


uvloop.install()
asyncio.run(main())
