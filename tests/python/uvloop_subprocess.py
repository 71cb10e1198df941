"""uvloop's subprocesses (uv_spawn, uv_process_kill, and uv_loop_fork in
the child when there is a preexec_fn): output through pipes, exit codes,
stdin, signals, a missing program, a new session."""
import asyncio
import os
import signal
import subprocess

import uvloop

PIPE = asyncio.subprocess.PIPE


async def main():
    p = await asyncio.create_subprocess_exec(
        "/bin/sh", "-c", "echo hello; echo oops >&2; exit 7", stdout=PIPE, stderr=PIPE
    )
    out, err = await p.communicate()
    print("sh: stdout", out, "stderr", err, "returncode", p.returncode)

    p = await asyncio.create_subprocess_exec("cat", stdin=PIPE, stdout=PIPE)
    out, _ = await p.communicate(b"ping\n" * 3 + b"z" * 100000)
    print("cat: echoed", out[:15], len(out), "bytes, returncode", p.returncode)

    p = await asyncio.create_subprocess_exec("sleep", "30")
    p.send_signal(0)
    p.terminate()
    print("sleep: terminated, returncode", await p.wait())

    p = await asyncio.create_subprocess_shell("echo shell $((6 * 7))", stdout=PIPE)
    print("shell:", await p.stdout.read(), await p.wait())

    p = await asyncio.create_subprocess_exec(
        "/bin/sh", "-c", "echo out; echo err >&2", stdout=PIPE, stderr=subprocess.STDOUT
    )
    print("stderr into stdout:", sorted((await p.stdout.read()).split()), await p.wait())

    try:
        await asyncio.create_subprocess_exec("/nonexistent-ruv-dir/prog")
    except FileNotFoundError as e:
        print("missing program: FileNotFoundError, errno", e.errno)

    # A preexec_fn makes uvloop call uv_loop_fork in the child before exec.
    p = await asyncio.create_subprocess_exec(
        "/bin/sh", "-c", "echo $RUV_PREEXEC", stdout=PIPE,
        preexec_fn=lambda: os.environ.__setitem__("RUV_PREEXEC", "set by preexec_fn"),
    )
    print("preexec_fn:", await p.stdout.read(), await p.wait())

    p = await asyncio.create_subprocess_exec(
        "/bin/sh", "-c", 'set -- $(cat /proc/$$/stat); [ "$6" = "$$" ] && echo own session',
        stdout=PIPE, start_new_session=True,
    )
    print("start_new_session:", await p.stdout.read(), await p.wait())

    r, w = os.pipe()
    # Through /proc: dash's ">&N" takes one digit only.
    p = await asyncio.create_subprocess_exec(
        "/bin/sh", "-c", "echo through the passed fd > /proc/self/fd/%d" % w, pass_fds=(w,)
    )
    await p.wait()
    os.close(w)
    print("pass_fds:", os.read(r, 100))
    os.close(r)

    results = await asyncio.gather(
        *[
            (await asyncio.create_subprocess_exec("/bin/sh", "-c", "exit %d" % n)).wait()
            for n in range(10)
        ]
    )
    print("ten children, exit codes:", results)
    p = await asyncio.create_subprocess_exec("sleep", "30")
    os.kill(p.pid, signal.SIGKILL)
    print("killed from outside:", await p.wait())
    print("loop:", type(asyncio.get_running_loop()).__module__)


uvloop.install()
asyncio.run(main())
