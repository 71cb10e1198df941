"""uvloop over TCP: an asyncio echo server and a client trading 100
messages on 127.0.0.1, then both closed."""
import asyncio

import uvloop


async def echo(reader, writer):
    while data := await reader.read(100):
        writer.write(data)
        await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    r, w = await asyncio.open_connection("127.0.0.1", port)
    for i in range(100):
        message = b"hello %d" % i
        w.write(message)
        await w.drain()
        assert await r.readexactly(len(message)) == message
    w.close()
    await w.wait_closed()
    server.close()
    await server.wait_closed()
    await asyncio.sleep(0.01)
    print("echo: 100 messages back")
    print("loop:", type(asyncio.get_running_loop()).__module__)


uvloop.install()
asyncio.run(main())
