"""Work that may be stopped: a call run in a child process, with a time limit.

Pure-Python work (a regular expression, a parser) holds the interpreter's lock while it
runs: no thread can stop it, and a service running it in a thread stops answering. A child
process can always be stopped. :class:`Worker` keeps one child and reuses it from call to
call (starting a process costs far more than sending it an input), and kills it, to start a
fresh one on the next call, when a call takes longer than its limit or the child dies.

The child is a fresh interpreter (``subprocess``), never a ``fork``: the caller may run
threads (the service) or hold a loaded model, which a forked child would copy in an
undefined state. Not ``multiprocessing``'s ``spawn`` either: it re-imports the caller's main
script in the child, which runs the script again when it has no ``__main__`` guard.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

__all__ = ["WorkTimeoutError", "Worker", "WorkerDiedError", "WorkerStartError", "serve"]

log = logging.getLogger(__name__)

T = TypeVar("T")

# How long a child that was asked to stop may take before it is killed.
_STOP_GRACE_S = 2.0
# How long a new child may take to import and warm up (a loaded machine: tens of seconds).
_START_TIMEOUT_S = 300.0


class WorkTimeoutError(Exception):
    """The call ran past its limit; the child was killed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds


class WorkerDiedError(Exception):
    """The child process ended while working (a crash in a library, or out of memory)."""

    def __init__(self, exitcode: int | None) -> None:
        super().__init__(f"the worker process ended (exit code {exitcode})")
        self.exitcode = exitcode


class WorkerStartError(WorkerDiedError):
    """No child could be started, or it ended before it was ready (no Python to run, say)."""


# The child's first lines: read the parent's import path, then serve calls. Only the
# standard library is imported before the path is set.
_BOOTSTRAP = (
    "import sys\n"
    "from multiprocessing.connection import Connection\n"
    "inbox = Connection(int(sys.argv[1]), writable=False)\n"
    "outbox = Connection(int(sys.argv[2]), readable=False)\n"
    "sys.path[:] = inbox.recv()\n"
    "from briefing.isolate import serve\n"
    "serve(inbox, outbox)\n"
)


def serve(inbox: Connection, outbox: Connection) -> None:
    """The child's loop: run each call received, send back its result or its exception."""
    # Ctrl-C reaches the whole process group: the parent decides what happens, the child
    # should not print a second traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            message = inbox.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if message is None:
            return
        fn, args, kwargs = message
        try:
            reply: tuple[str, Any] = ("ok", fn(*args, **kwargs))
        except Exception as exc:  # sent back and raised in the parent, where it is handled
            reply = ("error", exc)
        try:
            outbox.send(reply)
        except Exception as exc:  # a result or an exception that does not pickle
            outbox.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


class Worker:
    """One child process that runs calls one at a time, each with a time limit.

    Not thread-safe: give each thread its own worker. Use as a context manager, or call
    :meth:`close`, so that the child does not outlive its use.
    """

    def __init__(self, warm_up: Callable[[], object] | None = None) -> None:
        """``warm_up`` (a module-level function) runs first in every new child, outside any
        call's limit: imports and tables loaded once do not count against the first input."""
        self._warm_up = warm_up
        self._process: subprocess.Popen[bytes] | None = None
        self._inbox: Connection | None = None  # the child's replies
        self._outbox: Connection | None = None  # calls to the child

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, fn: Callable[..., T], *args: Any, timeout: float, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in the child, its exception raised here as it was raised there.

        ``fn``, its arguments and its result must pickle (``fn`` a module-level function).

        Raises:
            WorkTimeoutError: No result within ``timeout`` seconds; the child was killed.
            WorkerDiedError: The child ended before it answered.
        """
        outbox, inbox = self._connections()
        try:
            outbox.send((fn, args, kwargs))
            if not inbox.poll(timeout):
                self._kill()
                raise WorkTimeoutError(timeout)
            status, value = inbox.recv()
        except (EOFError, OSError):
            exitcode = None
            if self._process is not None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    exitcode = self._process.wait(_STOP_GRACE_S)
            self._kill()
            raise WorkerDiedError(exitcode) from None
        if status == "error":
            raise value
        return value

    def close(self) -> None:
        """Stop the child (asked first, then killed); a later :meth:`run` starts a new one."""
        if self._process is None:
            return
        if self._outbox is not None:
            with contextlib.suppress(OSError, ValueError):
                self._outbox.send(None)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(_STOP_GRACE_S)
        self._kill()

    def _connections(self) -> tuple[Connection, Connection]:
        """The pipes to a live child (calls, replies), starting one when there is none."""
        if self._process is not None and self._process.poll() is None and self._outbox and self._inbox:
            return self._outbox, self._inbox
        self._kill()
        to_child, from_parent = os.pipe()
        from_child, to_parent = os.pipe()
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _BOOTSTRAP, str(to_child), str(to_parent)],
                pass_fds=(to_child, to_parent),
                stdin=subprocess.DEVNULL,
            )
        except OSError as exc:
            os.close(from_parent)
            os.close(from_child)
            raise WorkerStartError(None) from exc
        finally:
            os.close(to_child)
            os.close(to_parent)
        self._process = process
        self._outbox = Connection(from_parent, readable=False)
        self._inbox = Connection(from_child, writable=False)
        log.debug("started input worker %s", process.pid)
        try:
            self._outbox.send(list(sys.path))
            if self._warm_up is not None:
                self._outbox.send((self._warm_up, (), {}))
                if not self._inbox.poll(_START_TIMEOUT_S):
                    raise EOFError
                self._inbox.recv()  # a failed warm-up is only slower: the call will say what fails
        except (EOFError, OSError):
            exitcode = process.poll()
            self._kill()
            raise WorkerStartError(exitcode) from None
        return self._outbox, self._inbox

    def _kill(self) -> None:
        """End the child now, if there is one, and forget it."""
        process, connections = self._process, (self._inbox, self._outbox)
        self._process = self._inbox = self._outbox = None
        for connection in connections:
            if connection is not None:
                connection.close()
        if process is not None:
            if process.poll() is None:
                process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(_STOP_GRACE_S)
