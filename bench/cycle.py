"""The deadline-day rush: 500 units each submitting 10 task reports with an attached photo through
the HTTP API, from concurrent clients on loopback, against a waitress server; SQLite, then
PostgreSQL (scripts/pg-temp, DUBAN_PG_DIR=/tmp/duban-pg-cycle). Prints p50/p95 latency per call
and per whole report, throughput and errors; passes or fails nothing.

Each report is three calls, as a client would make them: start the report (POST …/report),
upload the evidence (multipart POST …/attachments, a real PNG checked by content), submit it
(POST …/submit with status, summary and the version). The clients run in a process of their
own (not under the server's GIL) and check every answer: status, and a body that says what was
asked (draft, the photo's size and digest, submitted at the next version). An HTTP 500's
traceback is in the server log the summary names. Each of the 50 client threads keeps one
keep-alive connection for all the units it serves; `--connection unit` opens a new one for each
unit instead (as 500 offices would; it made no difference to the figures).

    .venv/bin/python bench/cycle.py                        # both backends, 500 units × 10 reports
    .venv/bin/python bench/cycle.py --only sqlite --units 100
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def build(units: int, per_unit: int) -> dict[str, object]:
    """A plan where each unit leads `per_unit` tasks, a liaison with an API token per unit, and
    the first quarter open — all through the services."""
    from django.test import override_settings

    from duban.core.plan import Plan as CorePlan
    from duban.web.accounts.services import create_token, create_user
    from duban.web.common.permissions import SYSTEM
    from duban.web.cycle import services as cs
    from duban.web.directory import services as ds
    from duban.web.directory.models import Unit
    from duban.web.plans import services as ps

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        gov = ds.create_government(actor=SYSTEM, name="基准区人民政府", region="基准区")
        for i in range(units):
            ds.create_unit(actor=SYSTEM, government=gov, name=f"基准区第{i}局", aliases=[f"区{i}局"])
        tasks = []
        for i in range(units * per_unit):
            tasks.append({"id": f"T{i + 1}", "section": "S1", "number": str(i + 1), "kind": "task",
                          "text": f"第{i + 1}项重点工作:推进项目建设,新增市场主体{i % 50 + 10}家。",
                          "lead_units": [f"区{i % units}局"], "cooperating_units": [], "leaders": [], "persons": [],
                          "deadline": "12月底前", "indicators": [
                              {"text": f"新增市场主体{i % 50 + 10}家", "metric": "新增市场主体", "measure": "count",
                               "value": float(i % 50 + 10), "unit": "家", "comparator": ">="}],
                          "lines": [i + 1, i + 1]})
        office = create_user(actor=SYSTEM, username="office", password="bench-pass-1", role="office", government=gov)
        core = CorePlan.from_dict({"format": "duban.plan/1", "title": "基准方案", "year": 2026,
                                   "sections": [{"id": "S1", "title": "重点工作"}], "tasks": tasks})
        plan = ps.publish_plan(actor=office, plan=ps.import_plan(actor=office, government=gov, plan=core))
        rnd = cs.open_round(actor=office, round=cs.create_round(actor=office, plan=plan, number=1))
        clients = []
        for unit in Unit.objects.filter(government=gov).order_by("pk"):
            user = create_user(actor=SYSTEM, username=f"u{unit.pk}", password="bench-pass-1", role="liaison", unit=unit)
            _tok, key = create_token(actor=user, user=user, name="基准")
            task_ids = list(plan.tasks.filter(task_units__unit=unit).values_list("pk", flat=True))
            clients.append({"key": key, "tasks": task_ids})
    return {"round": rnd.pk, "clients": clients}


def cpu_of(pids: list[int]) -> float:
    """CPU seconds (user + system) the processes have used so far (Linux /proc; 0 elsewhere)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def pg_pids() -> list[int]:
    """The PostgreSQL server's processes (the postmaster and its children), when it is ours to see."""
    pidfile = Path(os.environ.get("DUBAN_PG_DIR", "/nonexistent")) / "postmaster.pid"
    try:
        master = int(pidfile.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return []
    return [master, *child_pids(master)]


def photo() -> bytes:
    """A real PNG of about 30 KB (noise does not compress), like a phone photo shrunk."""
    from PIL import Image

    img = Image.frombytes("RGB", (100, 100), os.urandom(100 * 100 * 3))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def rush(port: int, rnd: int, clients: list[dict[str, object]], concurrency: int,
         connection: str = "client") -> dict[str, object]:
    """`concurrency` threads share the units; each files its unit's reports one after another,
    over the keep-alive connection the thread keeps for every unit it serves (`connection="client"`)
    or over a new one for each unit (`"unit"`, as 50 offices filing at once would).
    Runs in its own process (see `load`), so the clients do not take the server's GIL. Every
    response is checked: its status, and that its body says what was asked (the report in
    draft, the photo stored with its size and digest, the report submitted at the next version)."""
    import hashlib

    img = photo()
    digest = hashlib.sha256(img).hexdigest()
    lat: dict[str, list[float]] = {"start": [], "upload": [], "submit": [], "report": []}
    errors: list[str] = []
    lock = threading.Lock()
    queue = list(clients)

    def fail(what: str) -> None:
        with lock:
            errors.append(what)

    def call(conn: http.client.HTTPConnection, method: str, path: str, body: bytes, headers: dict[str, str],
             want: int) -> tuple[dict[str, Any] | None, float]:
        t = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        raw = resp.read()
        took = time.perf_counter() - t
        if resp.status != want:
            fail(f"{method} {path}: {resp.status} {raw[:200].decode('utf-8', 'replace')}")
            return None, took
        try:
            return json.loads(raw), took
        except ValueError:
            fail(f"{method} {path}: {resp.status} but not JSON: {raw[:200]!r}")
            return None, took

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if not queue:
                    conn.close()
                    return
                c = queue.pop()
            if connection == "unit":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            auth = {"Authorization": f"Bearer {c['key']}"}
            for task_id in c["tasks"]:  # type: ignore[attr-defined]
                t0 = time.perf_counter()
                try:
                    rep, a = call(conn, "POST", f"/api/cycle/rounds/{rnd}/tasks/{task_id}/report", b"", auth, 201)
                    if rep is None:
                        continue
                    if rep.get("task_id") != task_id or rep.get("state") != "draft":
                        fail(f"start {task_id}: unexpected body {str(rep)[:200]}")
                        continue
                    body, ctype = multipart("现场照片.png", img)
                    att, b = call(conn, "POST", f"/api/cycle/reports/{rep['id']}/attachments", body,
                                  {**auth, "Content-Type": ctype}, 201)
                    if att is not None and (att.get("size") != len(img) or att.get("sha256") != digest
                                            or att.get("content_type") != "image/png"):
                        fail(f"upload {rep['id']}: unexpected body {str(att)[:200]}")
                    payload = json.dumps({"version": rep["version"], "status": "on_track", "summary": "按序时推进,完成季度目标",
                                          "indicator_values": {"0": "5"}}).encode()
                    done, s = call(conn, "POST", f"/api/cycle/reports/{rep['id']}/submit", payload,
                                   {**auth, "Content-Type": "application/json"}, 200)
                    if done is not None and (done.get("state") != "submitted" or done.get("version") != rep["version"] + 1
                                             or len(done.get("attachments") or []) != (1 if att else 0)):
                        fail(f"submit {rep['id']}: unexpected body {str(done)[:200]}")
                        done = None
                except (OSError, http.client.HTTPException) as exc:
                    fail(f"connection: {exc}")
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                    continue
                with lock:
                    lat["start"].append(a)
                    lat["upload"].append(b)
                    lat["submit"].append(s)
                    if done is not None and att is not None:
                        lat["report"].append(time.perf_counter() - t0)

    t0 = time.perf_counter()
    cpu0 = time.process_time()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    out: dict[str, object] = {"wall_s": round(wall, 1), "errors": len(errors), "first_errors": errors[:3],
                              "reports": len(lat["report"]), "client_cpu_s": round(time.process_time() - cpu0, 2)}
    for k, v in lat.items():
        v.sort()
        if v:
            out[k] = {"n": len(v), "p50_ms": round(statistics.median(v) * 1000, 1),
                      "p95_ms": round(v[max(0, int(len(v) * 0.95) - 1)] * 1000, 1), "max_ms": round(v[-1] * 1000, 1)}
    return out


def load(spec: str) -> None:
    """The load generator's own process: reads the clients the server process built, rushes, prints JSON."""
    d = json.loads(Path(spec).read_text(encoding="utf-8"))
    print(json.dumps(rush(d["port"], d["round"], d["clients"], d["concurrency"], d["connection"]), ensure_ascii=False))


def child_pids(parent: int) -> list[int]:
    """The processes `parent` started (gunicorn's workers)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                out.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return out


def serve_workers(port: int, workers: int, threads: int) -> None:
    """`duban serve --workers N`'s own code (gunicorn, gthread, `threads` threads each), on the deadline
    day: the clock is set before the fork, so every worker has it."""
    import datetime as dt

    from duban.web import serve as srv

    srv.setup()
    from duban.web.cycle import services as cs
    from duban.web.project.wsgi import application

    cs.today = lambda: dt.date(2026, 4, 20)
    srv.freeze_loaded_objects()  # as duban serve does before it forks
    srv._serve_processes(application, host="127.0.0.1", port=port, threads=threads, workers=workers)


def child(backend: str, units: int, per_unit: int, concurrency: int, workers: int = 1, threads: int = 8,
          connection: str = "client") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.web.project.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from waitress.server import create_server

    from duban.web.cycle import services as cs
    from duban.web.project.wsgi import application

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    data = build(units, per_unit)
    build_s = time.perf_counter() - t0
    import datetime as dt
    import socket

    server: Any = None
    procs = None
    if workers > 1:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        procs = subprocess.Popen([sys.executable, __file__, "--serve", str(port), "--workers", str(workers),
                                  "--threads", str(threads)])
        for _ in range(600):  # until it answers
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
    else:
        cs.today = lambda: dt.date(2026, 4, 20)  # the deadline day itself
        from duban.web import serve as srv

        srv.freeze_loaded_objects()  # as duban serve does
        server = create_server(application, host="127.0.0.1", port=0, threads=threads)
        port = server.effective_port
        threading.Thread(target=server.run, daemon=True).start()
    spec = Path(os.environ["DUBAN_DATA_DIR"]) / "clients.json"
    spec.write_text(json.dumps({"port": port, "round": data["round"], "clients": data["clients"],
                                "concurrency": concurrency, "connection": connection}), encoding="utf-8")
    servers = [os.getpid()] if procs is None else [procs.pid, *child_pids(procs.pid)]
    pg = pg_pids() if backend == "postgresql" else []
    cpu0 = cpu_of(servers), {p: cpu_of([p]) for p in pg}
    try:
        got = subprocess.run([sys.executable, __file__, "--load", str(spec)], capture_output=True, text=True,
                             check=False)
        servers = [os.getpid()] if procs is None else [procs.pid, *child_pids(procs.pid)]
        server_cpu = cpu_of(servers) - cpu0[0]
        pg_cpu = sum(cpu_of([p]) - cpu0[1].get(p, 0.0) for p in pg_pids()) if pg else 0.0
    finally:
        if procs is not None:
            procs.terminate()
            procs.wait(timeout=60)
    out = [ln for ln in got.stdout.splitlines() if ln.startswith("{")]
    if got.returncode or not out:
        raise SystemExit(f"load generator failed: {got.stderr[-2000:]}")
    res = json.loads(out[-1])
    from duban.web.cycle.models import Attachment, Report

    res.update({"server_cpu_s": round(server_cpu, 2), "db_cpu_s": round(pg_cpu, 2)})
    res.update({"backend": backend, "build_s": round(build_s, 1), "submitted_in_db": Report.objects.filter(
        state="submitted").count(), "attachments_in_db": Attachment.objects.count()})
    print(json.dumps(res, ensure_ascii=False))
    if server is not None:
        server.close()


def run(backend: str, units: int, per_unit: int, concurrency: int, workers: int = 1, threads: int = 8,
        connection: str = "client") -> None:
    env = dict(os.environ)
    env["DUBAN_DATA_DIR"] = tempfile.mkdtemp(prefix=f"duban-bench-cycle-{backend}-")
    stop = None
    if backend == "postgresql":
        env["DUBAN_PG_DIR"] = env.get("DUBAN_PG_DIR", "/tmp/duban-pg-cycle")
        got = subprocess.run([str(REPO / "scripts/pg-temp"), "start"], env=env, capture_output=True, text=True)
        if "DATABASE_URL=" not in got.stdout:
            print("PostgreSQL: not available here (scripts/pg-temp could not start a server)")
            return
        env["DATABASE_URL"] = got.stdout.strip().split("DATABASE_URL=", 1)[1]
        stop = [str(REPO / "scripts/pg-temp"), "stop"]
    else:
        env.pop("DATABASE_URL", None)
    try:
        res = subprocess.run([sys.executable, __file__, "--child", backend, "--units", str(units), "--per-unit",
                              str(per_unit), "--clients", str(concurrency), "--workers", str(workers),
                              "--threads", str(threads), "--connection", connection], env=env, capture_output=True,
                             text=True)
        log = Path(env["DUBAN_DATA_DIR"]) / "server.log"
        log.write_text(res.stderr, encoding="utf-8")
        lines = [ln for ln in res.stdout.splitlines() if ln.startswith("{")]
        if res.returncode or not lines:
            print(f"{backend}: failed\n{res.stderr[-2000:]}")
            return
        r = json.loads(lines[-1])
        how = (f"{workers} server processes (duban serve --workers) × {threads} threads" if workers > 1
               else f"one server process, {threads} threads")
        print(f"\n== {backend}, {how}: {units} units × {per_unit} reports with a photo, {concurrency} concurrent clients, "
              f"a connection per {connection} "
              f"(data built in {r['build_s']} s)")
        print(f"  {r['reports']} reports in {r['wall_s']} s ({r['reports'] / max(r['wall_s'], 0.001):.1f} reports/s); "
              f"errors {r['errors']}; in the database: {r['submitted_in_db']} submitted, "
              f"{r['attachments_in_db']} attachments")
        for k in ("start", "upload", "submit", "report"):
            if k in r:
                v = r[k]
                label = {"start": "start report", "upload": "upload photo", "submit": "submit",
                         "report": "whole report (3 calls)"}[k]
                print(f"  {label:<24} p50 {v['p50_ms']:>7} ms  p95 {v['p95_ms']:>7} ms  max {v['max_ms']:>8} ms  (n={v['n']})")
        calls = max(1, 3 * r["reports"])
        avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"  CPU per call: server {r['server_cpu_s'] * 1000 / calls:.1f} ms"
              + (f", PostgreSQL {r['db_cpu_s'] * 1000 / calls:.1f} ms" if backend == "postgresql" else "")
              + f", load generator {r['client_cpu_s'] * 1000 / calls:.1f} ms; load average after {avg:.1f}")
        for e in r["first_errors"]:
            print(f"  error: {e}")
        if r["errors"]:
            print(f"  server log (tracebacks): {log}")
    finally:
        if stop:
            subprocess.run(stop, env=env, capture_output=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--child")
    ap.add_argument("--load")
    ap.add_argument("--serve", type=int)
    ap.add_argument("--workers", type=int, default=1, help="PostgreSQL only: server processes (duban serve --workers)")
    ap.add_argument("--only", choices=["sqlite", "postgresql"])
    ap.add_argument("--connection", choices=["unit", "client"], default="client",
                    help="one keep-alive connection per client thread for all its units (default), or one per unit")
    ap.add_argument("--no-single", action="store_true", help="with --workers: skip the one-process runs")
    ap.add_argument("--units", type=int, default=500)
    ap.add_argument("--per-unit", type=int, default=10)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--threads", type=int, help="request threads per server process (default: duban serve's, "
                    "8 in one process, 4 per process with --workers)")
    a = ap.parse_args()
    from duban.web.serve import default_threads

    one_threads, workers_threads = a.threads or default_threads(1), a.threads or default_threads(a.workers)
    if a.load:
        load(a.load)
        return
    if a.serve:
        serve_workers(a.serve, a.workers, workers_threads)
        return
    if a.child:
        child(a.child, a.units, a.per_unit, a.clients, a.workers, workers_threads, a.connection)
        return
    avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} cores, load average {avg:.1f}; waitress {one_threads} threads, one process; "
          "the clients in a process of their own")
    for backend in ("sqlite", "postgresql"):
        if a.only in (None, backend) and not (a.no_single and a.workers > 1):
            run(backend, a.units, a.per_unit, a.clients, threads=one_threads, connection=a.connection)
    if a.workers > 1 and a.only in (None, "postgresql"):
        run("postgresql", a.units, a.per_unit, a.clients, a.workers, workers_threads, a.connection)


if __name__ == "__main__":
    main()
