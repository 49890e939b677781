"""gunicorn's threaded worker, made safe against connections that send nothing.

gunicorn's `gthread` worker hands every new connection to a request thread, which then waits up to
5 s for its first bytes before giving it back to the poller: 200 connections opened and left silent
kept a worker's 4 threads busy for minutes, and nobody else was answered. Here a new connection
waits in the worker's poller from the start, as gunicorn already does for the connections it
defers, and takes a thread only when its request has begun to arrive; one silent for the
keep-alive time is closed (gunicorn's own `murder_pending`).
"""

from __future__ import annotations

import errno
import selectors
import time
from functools import partial
from typing import Any

from gunicorn.workers.gthread import TConn, ThreadWorker


class PollFirstThreadWorker(ThreadWorker):
    """`gthread`, except that a new connection waits in the poller, not in a thread."""

    def accept(self, listener: Any) -> None:
        try:
            client_sock, client_addr = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, client_sock, client_addr, listener.getsockname())  # non-blocking
        conn.timeout = time.monotonic() + self.cfg.keepalive
        self.pending_conns.append(conn)  # in order of timeout, as murder_pending expects
        self.poller.register(client_sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn))
