"""Latency of the task list and the unit portal under load, on SQLite and on PostgreSQL.

200 units, one published plan of 2,000 tasks (imported through the services). The server is the
real `duban serve` in its own process(es) on 127.0.0.1; the load comes from this process, a
different one: 50 concurrent clients (threads + http.client, keep-alive), each signed in with its
own session, each response checked for status 200 and for the page's real content (a wrong or
empty page counts as an error). Measured per server setup: one process (waitress, threads), and
for PostgreSQL also `--workers 2` (gunicorn, one process per core of this machine).

Each client keeps the cookies it is given, as a browser does (its CSRF cookie is part of what
a kept page is looked up by, see common/pagecache.py); `--no-page-cache` builds every page afresh.
Per page: five sessions warm the server up; then the other 45 open the page for the first time
all at once (each such page is built: printed as "first look"); then all 50 clients send 20
requests each, the figure the target is about (p95 under 200 ms on PostgreSQL).

Prints p50/p95/max per page, the throughput, one client alone (the service time of one request),
and the CPU the server, PostgreSQL and this load generator spent per request (from /proc, Linux).
Passes or fails nothing.

    .venv/bin/python bench/web.py                 # SQLite, then PostgreSQL if scripts/pg-temp can start one
    .venv/bin/python bench/web.py --only sqlite   # one backend
"""

from __future__ import annotations

import argparse
import http.client
import http.cookies
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
UNITS, TASKS, CLIENTS, REQUESTS_PER_CLIENT = 200, 2000, 50, 20
THREADS: int | None = None  # None: duban serve's default (8 in one process, 4 per process with --workers)
SETUPS = {  # (label, workers): SQLite stays one process, as `duban serve` runs it by default
    "sqlite": [("1 process (waitress)", 1)],
    "postgresql": [("1 process (waitress)", 1), ("2 processes (--workers 2, gunicorn)", 2)],
}
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def build() -> dict[str, object]:
    """The data, through the services, like an office would build it."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import override_settings

    from duban.core.plan import Plan as CorePlan
    from duban.web.accounts.services import create_user
    from duban.web.common.permissions import SYSTEM
    from duban.web.directory import services as ds
    from duban.web.plans import services as ps

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        gov = ds.create_government(actor=SYSTEM, name="基准区人民政府", region="基准区")
        for i in range(UNITS):
            ds.create_unit(actor=SYSTEM, government=gov, name=f"基准区第{i}局", aliases=[f"区{i}局"])
        tasks = []
        for i in range(TASKS):
            tasks.append({"id": f"T{i + 1}", "section": "S1", "number": str(i + 1), "kind": "task",
                          "text": f"第{i + 1}项重点工作:推进项目建设,完成投资{i}亿元。",
                          "lead_units": [f"区{i % UNITS}局"],
                          "cooperating_units": [f"区{(i * 7 + 3) % UNITS}局", f"区{(i * 13 + 5) % UNITS}局"],
                          "leaders": [], "persons": [], "deadline": f"{i % 12 + 1}月底前", "indicators": [],
                          "lines": [i + 1, i + 1]})
        office = create_user(actor=SYSTEM, username="office", password="bench-pass-1", role="office", government=gov)
        core = CorePlan.from_dict({"format": "duban.plan/1", "title": "基准方案", "year": 2026,
                                   "sections": [{"id": "S1", "title": "重点工作"}], "tasks": tasks})
        t0 = time.perf_counter()
        plan = ps.import_plan(actor=office, government=gov, plan=core)
        plan = ps.publish_plan(actor=office, plan=plan)
        import_s = time.perf_counter() - t0
        from duban.web.directory.models import Unit

        unit = Unit.objects.get(government=gov, name="基准区第7局")
        liaison = create_user(actor=SYSTEM, username="liaison", password="bench-pass-1", role="liaison", unit=unit)

    def session_for(user: object) -> str:
        s = SessionStore()
        s["_auth_user_id"] = str(user.pk)  # type: ignore[attr-defined]
        s["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        s["_auth_user_hash"] = user.get_session_auth_hash()  # type: ignore[attr-defined]
        s.create()
        return str(s.session_key)

    return {"plan": plan.pk, "office": [session_for(office) for _ in range(CLIENTS)],
            "liaison": [session_for(liaison) for _ in range(CLIENTS)], "import_s": import_s}


def child_build() -> None:
    """In a child process (its own settings from the environment): migrate, build, print the ids."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.web.project.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    data = build()
    from django.db import connection

    if connection.vendor == "postgresql":  # what autovacuum does within a minute of a big import
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    print(json.dumps(data))


# --- the load, from this process --------------------------------------------------------------

def hammer(port: int, path: str, sessions: list[str], must: tuple[str, ...], requests: int | None = None,
           jars: dict[str, dict[str, str]] | None = None) -> tuple[list[float], int]:
    """Each session a client on its own keep-alive connection, `requests` (REQUESTS_PER_CLIENT)
    requests each. `jars` keeps each session's cookies from one call to the next, as a browser does."""
    jars = {} if jars is None else jars
    lat: list[float] = []
    errors = 0
    lock = threading.Lock()
    start = threading.Barrier(len(sessions))
    wanted = [m.encode() for m in must]

    def client(key: str) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        jar = jars.setdefault(key, {"sessionid": key})  # like a browser, it sends back the cookies it is given
        start.wait()
        for _ in range(REQUESTS_PER_CLIENT if requests is None else requests):
            t = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())})
                resp = conn.getresponse()
                body = resp.read()
                for header in resp.msg.get_all("Set-Cookie") or ():
                    jar.update((k, m.value) for k, m in http.cookies.SimpleCookie(header).items())
                ok = resp.status == 200 and all(w in body for w in wanted)
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            dt = time.perf_counter() - t
            with lock:
                lat.append(dt)
                errors += not ok

    threads = [threading.Thread(target=client, args=(k,)) for k in sessions]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return lat, errors


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(d.name))
    return out


def cpu_seconds(root: int | None) -> float:
    """User + system CPU of `root` and its live descendants (0 without /proc)."""
    if root is None or not Path("/proc").is_dir():
        return 0.0
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICK
        todo.extend(_children(pid))
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "duban.cli", "serve", "--port", str(port), "--workers", str(workers),
         *(["--threads", str(THREADS)] if THREADS else [])], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"duban serve exited: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return proc, port
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("duban serve did not answer within 120 s")


def measure(env: dict[str, str], data: dict[str, object], workers: int, pg_pid: int | None) -> dict[str, object]:
    proc, port = start_server(env, workers)
    out: dict[str, object] = {}
    try:
        pages = (
            ("task list (office, page 1 of 20)", f"/plans/{data['plan']}/", "office",
             ("第1项重点工作:推进项目建设", "第100项重点工作", "共 2000 项", 'id="task-rows"')),
            ("unit portal (liaison)", "/plans/portal/", "liaison",
             ("我的任务:基准区第7局", "第8项重点工作", "配合的任务")),
        )
        for label, path, who, must in pages:
            sessions: list[str] = data[who]  # type: ignore[assignment]
            jars: dict[str, dict[str, str]] = {}
            hammer(port, path, sessions[:5], must, jars=jars)  # warm up every process and thread
            alone, alone_err = hammer(port, path, sessions[:1], must, jars=jars)  # one client: the service time
            # every other session opens the page for the first time, all at once (built, not kept)
            first, first_err = hammer(port, path, sessions[5:], must, requests=1, jars=jars)
            first.sort()
            cpu0 = (cpu_seconds(proc.pid), cpu_seconds(pg_pid), time.process_time())
            t0 = time.perf_counter()
            lat, errors = hammer(port, path, sessions, must, jars=jars)
            wall = time.perf_counter() - t0
            cpu1 = (cpu_seconds(proc.pid), cpu_seconds(pg_pid), time.process_time())
            lat.sort()
            n = len(lat)
            out[label] = {
                "requests": n, "errors": errors + alone_err + first_err,
                "first_p50_ms": round(statistics.median(first) * 1000, 1), "first_max_ms": round(first[-1] * 1000, 1),
                "p50_ms": round(statistics.median(lat) * 1000, 1),
                "p95_ms": round(lat[int(n * 0.95) - 1] * 1000, 1),
                "max_ms": round(lat[-1] * 1000, 1),
                "req_per_s": round(n / wall, 1),
                "alone_p50_ms": round(statistics.median(alone) * 1000, 1),
                "cpu_ms_per_req": {k: round((b - a) / n * 1000, 1) for k, a, b in
                                   zip(("server", "postgres", "clients"), cpu0, cpu1, strict=True)},
            }
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return out


def run(backend: str) -> None:
    env = dict(os.environ)
    env["DUBAN_DATA_DIR"] = tempfile.mkdtemp(prefix=f"duban-bench-{backend}-")
    env["DUBAN_REMINDER_THREAD"] = "0"  # nothing else in the server while it is measured
    stop = None
    pg_pid = None
    if backend == "postgresql":
        if not env.get("DATABASE_URL"):
            env["DUBAN_PG_DIR"] = env.get("DUBAN_PG_DIR", "/tmp/duban-pg-bench")
            got = subprocess.run([str(REPO / "scripts/pg-temp"), "start"], env=env, capture_output=True, text=True)
            if "DATABASE_URL=" not in got.stdout:
                print("PostgreSQL: not available here (scripts/pg-temp could not start a server)")
                return
            env["DATABASE_URL"] = got.stdout.strip().split("DATABASE_URL=", 1)[1]
            stop = [str(REPO / "scripts/pg-temp"), "stop"]
            try:
                pg_pid = int((Path(env["DUBAN_PG_DIR"]) / "postmaster.pid").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                pg_pid = None
    else:
        env.pop("DATABASE_URL", None)
    try:
        res = subprocess.run([sys.executable, __file__, "--child-build"], env=env, capture_output=True, text=True)
        lines = [ln for ln in res.stdout.splitlines() if ln.startswith("{")]
        if res.returncode or not lines:
            print(f"{backend}: failed\n{res.stderr[-2000:]}")
            return
        data = json.loads(lines[-1])
        print(f"\n== {backend}: {UNITS} units, {TASKS} tasks, {CLIENTS} concurrent clients × {REQUESTS_PER_CLIENT} "
              f"requests, load from a separate process (import + publish {data['import_s']:.1f} s)")
        for label, workers in SETUPS[backend]:
            try:
                r = measure(env, data, workers, pg_pid)
            except RuntimeError as exc:
                print(f"  {label}: failed: {exc}")
                continue
            from duban.web.serve import default_threads

            print(f"  -- server: {label}, {THREADS or default_threads(workers)} threads per process")
            for k, v in r.items():
                assert isinstance(v, dict)
                cpu = v["cpu_ms_per_req"]
                print(f"  {k:<34} p50 {v['p50_ms']:>7} ms  p95 {v['p95_ms']:>7} ms  max {v['max_ms']:>7} ms  "
                      f"{v['req_per_s']:>6} req/s  errors {v['errors']}/{v['requests']}  "
                      f"(one client alone: p50 {v['alone_p50_ms']} ms; CPU per request: server {cpu['server']} ms, "
                      f"postgres {cpu['postgres']} ms, clients {cpu['clients']} ms)")
                print(f"  {'':<34} first look of {CLIENTS - 5} sessions at once: p50 {v['first_p50_ms']} ms, "
                      f"max {v['first_max_ms']} ms")
    finally:
        if stop:
            subprocess.run(stop, env=env, capture_output=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--child-build", action="store_true")
    ap.add_argument("--only", choices=["sqlite", "postgresql"])
    ap.add_argument("--threads", type=int, default=THREADS,
                    help="request threads per server process (default: duban serve's)")
    ap.add_argument("--no-page-cache", action="store_true", help="build every page afresh (DUBAN_PAGE_CACHE=0)")
    a = ap.parse_args()
    if a.no_page_cache:
        os.environ["DUBAN_PAGE_CACHE"] = "0"
    globals()["THREADS"] = a.threads
    if a.child_build:
        child_build()
        return
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    cached = os.environ.get("DUBAN_PAGE_CACHE", "1") != "0"
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f} before the run; "
          f"page cache {'on (each session builds its first page, then reads it kept)' if cached else 'off'}")
    for backend in ("sqlite", "postgresql"):
        if a.only in (None, backend):
            run(backend)


if __name__ == "__main__":
    main()
