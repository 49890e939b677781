"""`duban serve`: check the database's migrations, optionally load the 示例区 demo, and serve.

A new, empty database is created at once. A database that holds data and lacks some of this
version's migrations is left alone unless `--migrate` asks for them: an upgrade changes tables
that hold the office's year of work, so it is something to back up for and do on purpose
(`pending_migrations` says what each would change).

One process (the default): waitress, `threads` request threads. Python runs one thread at a time
per process, so one process uses one core however many threads it has. `workers` > 1 (for
PostgreSQL, what a province runs) starts that many processes sharing the port: gunicorn's
pre-fork master with its threaded worker (`gthread`), which restarts a worker that dies. SQLite
stays one process unless asked: its writers queue on one file anyway.
"""

from __future__ import annotations

import os
import sys
from typing import Any


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.web.project.settings")
    import django

    django.setup()


# Request threads per process. One process (waitress) needs enough threads to keep its one core
# busy while some wait for the database. Several processes (gunicorn) each get fewer: a call waits
# for the database only about a fifth of its time, so 4 threads keep a core busy, and more threads
# only contend for the process's one interpreter lock; with 8, the slowest 5% of the rush's calls
# took three times the median, with 4 1.6 times (docs/cycle.md).
THREADS_ONE_PROCESS = 8
THREADS_PER_WORKER = 4


def default_threads(workers: int) -> int:
    return THREADS_ONE_PROCESS if workers <= 1 else THREADS_PER_WORKER


class PendingMigrations(Exception):
    """The database lacks migrations of this version and was not told to apply them."""

    def __init__(self, pending: list[str]) -> None:
        super().__init__("\n".join(pending))
        self.pending = pending

    def message(self, command: str = "duban serve") -> str:
        lines = "\n".join(f"  {p}" for p in self.pending)
        return (f"数据库需要升级:本版本有 {len(self.pending)} 个迁移尚未应用,将作如下修改:\n{lines}\n"
                f"请先备份(duban backup),再以 {command} --migrate 启动以应用这些迁移。")


def pending_migrations() -> tuple[list[str], bool]:
    """This version's migrations the database has not applied, each as `app.name: what it changes`
    (Django's own description of each operation), and whether the database is new (nothing applied)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    fresh = not executor.loader.applied_migrations
    return [f"{m.app_label}.{m.name}: " + ("; ".join(op.describe() for op in m.operations) or "—")
            for m, _backwards in plan], fresh


def migrate_database(*, allowed: bool) -> list[str]:
    """Apply this version's migrations when the database is new or `allowed`; otherwise raise
    PendingMigrations listing them. Returns what was applied."""
    from django.core.management import call_command

    pending, fresh = pending_migrations()
    if not pending:
        return []
    if not (fresh or allowed):
        raise PendingMigrations(pending)
    call_command("migrate", interactive=False, verbosity=0)
    return pending


# Connections. An open connection that sends nothing (a browser keeping one for later, or someone
# opening hundreds on purpose) must cost a file descriptor, never a request thread, and not for
# long: with waitress's defaults (100 connections, idle ones kept 120 s) 100 idle sockets stopped
# the server for everyone. Both servers keep idle connections in their poller, accept up to
# CONNECTION_LIMIT per process and close one that has been silent for IDLE_TIMEOUT seconds
# (gunicorn: its keep-alive time, 5 s, also for a new connection's first bytes). Behind a reverse
# proxy, the proxy's per-address limits come first (docs/web.md).
CONNECTION_LIMIT = 1000
IDLE_TIMEOUT = 30


def connection_limit() -> int:
    return _positive_env("DUBAN_CONNECTION_LIMIT", CONNECTION_LIMIT)


def idle_timeout() -> int:
    return _positive_env("DUBAN_IDLE_TIMEOUT", IDLE_TIMEOUT)


def _positive_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) <= 0:
        raise SystemExit(f"{name}={raw!r} 应为正整数")
    return int(raw)


def waitress_options(threads: int) -> dict[str, Any]:
    """How `serve` runs waitress (the tests start it with the same options)."""
    return {
        "threads": threads,
        "connection_limit": connection_limit(),
        "channel_timeout": idle_timeout(),  # a connection silent this long (no request running) is closed
        "cleanup_interval": max(1, min(10, idle_timeout() // 3)),  # how often silent ones are looked for
        "asyncore_use_poll": True,  # select() cannot watch descriptors above 1024
        "ident": "duban",
        **proxy_options(),
    }


def proxy_options() -> dict[str, Any]:
    """Behind nginx or Caddy on this machine (DUBAN_BEHIND_PROXY=1), waitress takes the scheme and
    the client's address from the proxy's X-Forwarded-Proto and X-Forwarded-For (it drops them
    otherwise, and every form would then fail the CSRF check against its https:// origin).
    gunicorn (`--workers`) trusts 127.0.0.1 for the scheme by default."""
    from django.conf import settings

    if not getattr(settings, "DUBAN_BEHIND_PROXY", False):
        return {}
    return {"trusted_proxy": "127.0.0.1", "trusted_proxy_count": 1,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"}}


def allow_open_files(connections: int) -> None:
    """Raise this process's limit on open files (the soft one, up to the hard one the system
    sets) so that `connections` sockets, the database's and the files being read all fit."""
    try:
        import resource
    except ImportError:  # Windows: no such limit to raise
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = connections + 256
    if soft != resource.RLIM_INFINITY and soft < want:
        new = want if hard == resource.RLIM_INFINITY else min(want, hard)
        if new > soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))


def serve(host: str = "127.0.0.1", port: int = 8000, demo: bool = False, threads: int | None = None,
          workers: int = 1, migrate: bool = False) -> int:
    threads = threads or default_threads(workers)
    setup()
    from django.conf import settings

    try:
        applied = migrate_database(allowed=migrate or demo)
    except PendingMigrations as exc:
        print(exc.message(), file=sys.stderr)
        return 2
    if applied:
        print(f"已应用 {len(applied)} 个数据库迁移", flush=True)
    settle_evidence()
    if demo:
        from duban.web.demo.loader import load_demo

        for line in load_demo():
            print(line)
    from duban.web.project.wsgi import application

    db = settings.DATABASES["default"]
    where = db["NAME"] if "sqlite" in db["ENGINE"] else f"PostgreSQL {db['HOST']}:{db['PORT']}/{db['NAME']}"
    how = f"{workers} 个进程 × {threads} 个线程" if workers > 1 else f"1 个进程,{threads} 个线程"
    print(f"督办已启动:http://{host}:{port}/  (数据库:{where};{how};按 Ctrl+C 停止)", flush=True)
    sys.stdout.flush()
    allow_open_files(connection_limit())
    freeze_loaded_objects()
    if workers > 1:
        return _serve_processes(application, host=host, port=port, threads=threads, workers=workers)
    from waitress import serve as waitress_serve

    waitress_serve(application, host=host, port=port, _quiet=True, **waitress_options(threads))
    return 0


def settle_evidence() -> None:
    """Evidence uploads cut off by a crash: a file whose row was committed takes its name, one
    whose row never was is removed (cycle.evidence.finish_pending). Run by serve and the worker."""
    from duban.web.cycle.evidence import finish_pending

    kept, removed = finish_pending()
    if kept or removed:
        print(f"佐证材料:补全 {kept} 个,清除未登记的 {removed} 个(上次上传中断所留)", flush=True)


def freeze_loaded_objects() -> None:
    """Move what loading Django and the apps made (~95,000 objects that live as long as the
    process) out of the garbage collector's sight: its full collections otherwise walk them all,
    stopping every request thread (~0.15 s each in the rush's server), and in forked workers that
    walk would also copy the shared memory pages into each worker. Python's documented recipe
    for pre-fork servers (`gc.freeze()`); the bench calls it too, to serve as `serve` does."""
    import gc

    gc.collect()
    gc.freeze()


def _serve_processes(application: Any, *, host: str, port: int, threads: int, workers: int) -> int:
    """`workers` processes on one port (gunicorn, POSIX only), the application loaded once and forked."""
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError:  # Windows: gunicorn needs fork
        print("--workers 需要 gunicorn(仅支持 Linux 等 POSIX 系统);请去掉 --workers 以单进程运行", file=sys.stderr)
        return 2
    from django.db import connections

    connections.close_all()  # no connection may cross the fork: each worker opens its own

    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": "duban.web.gunicorn_worker.PollFirstThreadWorker",
        "threads": threads,
        "worker_connections": connection_limit(),
        "preload_app": True,  # import Django once; workers start fast and share the memory
        "timeout": 120,  # a worker whose main loop hangs this long is replaced
        "graceful_timeout": 30,
        "keepalive": 5,  # an idle kept-alive connection, or a new one yet to send anything, is closed after 5 s
        "backlog": 2048,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "duban",
    }

    class Server(BaseApplication):
        def load_config(self) -> None:
            for k, v in options.items():
                self.cfg.set(k, v)

        def load(self) -> Any:
            return application

    Server().run()
    return 0
