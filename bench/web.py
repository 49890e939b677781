"""Latency of the task list and the unit portal under load, on SQLite and on PostgreSQL.

200 units, one published plan of 2,000 tasks (imported through the services), a waitress server
on 127.0.0.1, 50 concurrent clients (threads + http.client), each signed in with its own session.
Prints p50/p95/max per page and backend; passes or fails nothing.

    .venv/bin/python bench/web.py                 # SQLite, then PostgreSQL if scripts/pg-temp can start one
    .venv/bin/python bench/web.py --only sqlite   # one backend
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
UNITS, TASKS, CLIENTS, REQUESTS_PER_CLIENT = 200, 2000, 50, 20


def build() -> dict[str, object]:
    """The data, through the services, like an office would build it."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import override_settings

    from duban.core.plan import Plan as CorePlan
    from duban.web.accounts.services import create_user
    from duban.web.directory import services as ds
    from duban.web.plans import services as ps

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        gov = ds.create_government(actor=None, name="基准区人民政府", region="基准区")
        for i in range(UNITS):
            ds.create_unit(actor=None, government=gov, name=f"基准区第{i}局", aliases=[f"区{i}局"])
        tasks = []
        for i in range(TASKS):
            tasks.append({"id": f"T{i + 1}", "section": "S1", "number": str(i + 1), "kind": "task",
                          "text": f"第{i + 1}项重点工作:推进项目建设,完成投资{i}亿元。",
                          "lead_units": [f"区{i % UNITS}局"],
                          "cooperating_units": [f"区{(i * 7 + 3) % UNITS}局", f"区{(i * 13 + 5) % UNITS}局"],
                          "leaders": [], "persons": [], "deadline": f"{i % 12 + 1}月底前", "indicators": [],
                          "lines": [i + 1, i + 1]})
        office = create_user(actor=None, username="office", password="bench-pass-1", role="office", government=gov)
        core = CorePlan.from_dict({"format": "duban.plan/1", "title": "基准方案", "year": 2026,
                                   "sections": [{"id": "S1", "title": "重点工作"}], "tasks": tasks})
        t0 = time.perf_counter()
        plan = ps.import_plan(actor=office, government=gov, plan=core)
        plan = ps.publish_plan(actor=office, plan=plan)
        import_s = time.perf_counter() - t0
        from duban.web.directory.models import Unit

        unit = Unit.objects.get(government=gov, name="基准区第7局")
        liaison = create_user(actor=None, username="liaison", password="bench-pass-1", role="liaison", unit=unit)

    def session_for(user: object) -> str:
        s = SessionStore()
        s["_auth_user_id"] = str(user.pk)  # type: ignore[attr-defined]
        s["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        s["_auth_user_hash"] = user.get_session_auth_hash()  # type: ignore[attr-defined]
        s.create()
        return str(s.session_key)

    return {"plan": plan.pk, "office": [session_for(office) for _ in range(CLIENTS)],
            "liaison": [session_for(liaison) for _ in range(CLIENTS)], "import_s": import_s}


def hammer(port: int, path: str, sessions: list[str]) -> tuple[list[float], int]:
    lat: list[float] = []
    errors = 0
    lock = threading.Lock()
    start = threading.Barrier(len(sessions))

    def client(key: str) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start.wait()
        for _ in range(REQUESTS_PER_CLIENT):
            t = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": f"sessionid={key}"})
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
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


def child(backend: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.web.project.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from waitress.server import create_server

    from duban.web.project.wsgi import application

    call_command("migrate", verbosity=0)
    data = build()
    server = create_server(application, host="127.0.0.1", port=0, threads=16)
    port = server.effective_port  # type: ignore[union-attr]
    threading.Thread(target=server.run, daemon=True).start()
    out = {"backend": backend, "import_and_publish_s": round(float(data["import_s"]), 1)}  # type: ignore[arg-type]
    for label, path, who in (("task list (office, page 1 of 20)", f"/plans/{data['plan']}/", "office"),
                             ("unit portal (liaison)", "/plans/portal/", "liaison")):
        hammer(port, path, data[who][:5])  # type: ignore[index]  # warm up
        alone, _ = hammer(port, path, data[who][:1])  # type: ignore[index]  # one client: the service time
        t0 = time.perf_counter()
        lat, errors = hammer(port, path, data[who])  # type: ignore[arg-type]
        wall = time.perf_counter() - t0
        lat.sort()
        out[label] = {
            "requests": len(lat), "errors": errors,
            "p50_ms": round(statistics.median(lat) * 1000, 1),
            "p95_ms": round(lat[int(len(lat) * 0.95) - 1] * 1000, 1),
            "max_ms": round(lat[-1] * 1000, 1),
            "req_per_s": round(len(lat) / wall, 1),
            "alone_p50_ms": round(statistics.median(alone) * 1000, 1),
        }
    print(json.dumps(out, ensure_ascii=False))
    server.close()


def run(backend: str) -> None:
    env = dict(os.environ)
    env["DUBAN_DATA_DIR"] = tempfile.mkdtemp(prefix=f"duban-bench-{backend}-")
    stop = None
    if backend == "postgresql":
        if not env.get("DATABASE_URL"):
            env["DUBAN_PG_DIR"] = env.get("DUBAN_PG_DIR", "/tmp/duban-pg-bench")
            got = subprocess.run([str(REPO / "scripts/pg-temp"), "start"], env=env, capture_output=True, text=True)
            if "DATABASE_URL=" not in got.stdout:
                print("PostgreSQL: not available here (scripts/pg-temp could not start a server)")
                return
            env["DATABASE_URL"] = got.stdout.strip().split("DATABASE_URL=", 1)[1]
            stop = [str(REPO / "scripts/pg-temp"), "stop"]
    else:
        env.pop("DATABASE_URL", None)
    try:
        res = subprocess.run([sys.executable, __file__, "--child", backend], env=env, capture_output=True, text=True)
        lines = [ln for ln in res.stdout.splitlines() if ln.startswith("{")]
        if res.returncode or not lines:
            print(f"{backend}: failed\n{res.stderr[-2000:]}")
            return
        r = json.loads(lines[-1])
        print(f"\n== {backend}: {UNITS} units, {TASKS} tasks, {CLIENTS} concurrent clients × {REQUESTS_PER_CLIENT} requests "
              f"(import + publish {r['import_and_publish_s']} s)")
        for k, v in r.items():
            if isinstance(v, dict):
                print(f"  {k:<34} p50 {v['p50_ms']:>7} ms  p95 {v['p95_ms']:>7} ms  max {v['max_ms']:>7} ms  "
                      f"{v['req_per_s']:>6} req/s  errors {v['errors']}/{v['requests']}  "
                      f"(one client alone: p50 {v['alone_p50_ms']} ms)")
    finally:
        if stop:
            subprocess.run(stop, env=env, capture_output=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--child")
    ap.add_argument("--only", choices=["sqlite", "postgresql"])
    a = ap.parse_args()
    if a.child:
        child(a.child)
        return
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f}; waitress 16 threads, one process")
    for backend in ("sqlite", "postgresql"):
        if a.only in (None, backend):
            run(backend)


if __name__ == "__main__":
    main()
