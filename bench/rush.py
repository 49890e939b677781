"""The deadline as a province sees it, open loop: 10,000 units filing their quarterly reports over
the last 48 hours, with peaks of 20 filings a second, on PostgreSQL with `duban serve --workers`.

The province: `--governments` counties (100) of `--units` units each (100), every unit leading
`--tasks` tasks (3) of its county's published plan, the first quarter's round open, one liaison
with an API token per unit. A share of the reports (`--filed`, 30%) is already filed when the
peak comes, through the services, with a photo each: the tables are the size they would be.

A filing is what a liaison's browser or an office system does: start the report, upload a photo
(a 30 KB PNG), submit. Filings arrive at a set rate (Poisson arrivals, a fixed seed), each from
a new connection, whether or not earlier ones have been answered: an open loop, unlike
bench/cycle.py's clients that never pause. A call's latency counts from the moment its filing
was due to begin (for the first call) or from when it was sent, so a load generator running
late does not hide waiting. Phases:

1. warm-up: 10 s at 5 filings/s (not counted);
2. the peak: `--seconds` (60) at `--rate` (20) filings/s: p50/p95/max per call and per filing;
3. saturation: rates rising by `--steps` (15 s each) until the server completes fewer filings
   than arrive (or the p95 passes 5 s): the highest rate it completed is its throughput.

Also the CPU each call cost the server, PostgreSQL and the load generator (from /proc), and the
load average before and after (the machine is shared). Every answer is checked (status, and the
body says what was asked); an HTTP 500's traceback is in the server log the summary names.

    .venv/bin/python bench/rush.py                         # builds the province (minutes), runs once
    .venv/bin/python bench/rush.py --runs 3                # three runs on fresh copies of the same data
    DATABASE_URL=… DUBAN_PG_DIR=… bench/rush.py --runs 3   # a running server: the data is built once and kept

PostgreSQL: the server DATABASE_URL names (the bench creates databases on it), or a throw-away
one started by scripts/pg-temp (DUBAN_PG_DIR=/tmp/duban-pg-rush) and stopped at the end. The
built province is kept as a template database (`rush_g{governments}_u{units}_t{tasks}_f{filed}`)
with its clients in a JSON file beside the bench's data; each run clones it.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from cycle import child_pids, cpu_of, multipart, pg_pids, photo  # noqa: E402  # the closed-loop rush's helpers

DEADLINE_DAY = "2026-04-20"  # the first quarter's reports are due on 4月20日
CALLS = ("start", "upload", "submit")


# --- the province, built once through the services ----------------------------------------------

def build(governments: int, units: int, tasks: int, filed: float) -> dict[str, Any]:
    """Counties, units, plans, rounds, liaisons with tokens; a share of the reports filed."""
    import datetime as dt

    from django.test import override_settings

    from duban.core.plan import Plan as CorePlan
    from duban.web.accounts.services import create_token, create_user
    from duban.web.cycle import services as cs
    from duban.web.directory import services as ds
    from duban.web.directory.models import Unit
    from duban.web.plans import services as ps

    cs.today = lambda: dt.date.fromisoformat(DEADLINE_DAY) - dt.timedelta(days=1)  # filed the day before
    rng = random.Random(19)
    small = _small_png()
    clients: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        for g in range(governments):
            gov = ds.create_government(actor=None, name=f"第{g + 1}县人民政府", region=f"第{g + 1}县")
            for u in range(units):
                ds.create_unit(actor=None, government=gov, name=f"第{g + 1}县第{u + 1}局", aliases=[f"县{u + 1}局"])
            rows = [{"id": f"T{i + 1}", "section": "S1", "number": str(i + 1), "kind": "task",
                     "text": f"第{i + 1}项重点工作:推进项目建设,新增市场主体{i % 50 + 10}家。",
                     "lead_units": [f"县{i % units + 1}局"], "cooperating_units": [], "leaders": [], "persons": [],
                     "deadline": "12月底前", "indicators": [
                         {"text": f"新增市场主体{i % 50 + 10}家", "metric": "新增市场主体", "measure": "count",
                          "value": float(i % 50 + 10), "unit": "家", "comparator": ">="}],
                     "lines": [i + 1, i + 1]} for i in range(units * tasks)]
            office = create_user(actor=None, username=f"office{g + 1}", password="bench-pass-1", role="office",
                                 government=gov)
            core = CorePlan.from_dict({"format": "duban.plan/1", "title": f"第{g + 1}县方案", "year": 2026,
                                       "sections": [{"id": "S1", "title": "重点工作"}], "tasks": rows})
            plan = ps.publish_plan(actor=office, plan=ps.import_plan(actor=office, government=gov, plan=core))
            rnd = cs.open_round(actor=office, round=cs.create_round(actor=office, plan=plan, number=1))
            for unit in Unit.objects.filter(government=gov).order_by("pk"):
                user = create_user(actor=None, username=f"g{g + 1}u{unit.pk}", password="bench-pass-1",
                                   role="liaison", unit=unit)
                _tok, key = create_token(actor=user, user=user, name="基准")
                for task in plan.tasks.filter(task_units__unit=unit).order_by("pk"):
                    if rng.random() < filed:  # already filed in the 48 hours before the peak
                        rep = cs.start_report(actor=user, round=rnd, task=task, unit=unit)
                        cs.add_attachment(actor=user, report=rep, name="现场.png", data=small)
                        cs.submit_report(actor=user, report=rep, expected_version=rep.version,
                                         data={"status": "on_track", "summary": "按序时推进"})
                    else:
                        clients.append({"round": rnd.pk, "key": key, "task": task.pk})
            print(f"  county {g + 1}/{governments} built ({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
    rng.shuffle(clients)
    return {"filings": clients, "build_s": round(time.perf_counter() - t0)}


def _small_png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 60)).save(buf, "PNG")
    return buf.getvalue()


def child_build(spec: str, governments: int, units: int, tasks: int, filed: float) -> None:
    """In the environment of the template database: migrate, build, write the filings left."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.web.project.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    data = build(governments, units, tasks, filed)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")  # what autovacuum does within a minute of a big load
    Path(spec).write_text(json.dumps(data), encoding="utf-8")


# --- the open-loop load, from a process of its own --------------------------------------------

class Load:
    """Filings launched at their arrival times, each on a new connection, whatever the server's pace."""

    def __init__(self, port: int, filings: list[dict[str, Any]], server_pid: int) -> None:
        self.port = port
        self.queue = list(filings)
        self.server_pid = server_pid
        self.img = photo()
        self.digest = hashlib.sha256(self.img).hexdigest()
        self.lock = threading.Lock()
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=1500)

    def call(self, conn: http.client.HTTPConnection, method: str, path: str, body: bytes,
             headers: dict[str, str], want: int, since: float) -> tuple[dict[str, Any], float]:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        raw = resp.read()
        took = time.perf_counter() - since
        if resp.status != want:
            raise RuntimeError(f"{method} {path}: {resp.status} {raw[:200].decode('utf-8', 'replace')}")
        out: dict[str, Any] = json.loads(raw)
        return out, took

    def filing(self, item: dict[str, Any], due: float) -> tuple[list[float], float, float] | str:
        """One unit's report: start, upload, submit. (latencies, whole, finished at) or the error."""
        auth = {"Authorization": f"Bearer {item['key']}"}
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            rep, a = self.call(conn, "POST", f"/api/cycle/rounds/{item['round']}/tasks/{item['task']}/report", b"",
                               auth, 201, due)
            if rep.get("task_id") != item["task"] or rep.get("state") != "draft":
                return f"start: unexpected {str(rep)[:200]}"
            body, ctype = multipart("现场照片.png", self.img)
            att, b = self.call(conn, "POST", f"/api/cycle/reports/{rep['id']}/attachments", body,
                               {**auth, "Content-Type": ctype}, 201, time.perf_counter())
            if att.get("sha256") != self.digest or att.get("size") != len(self.img):
                return f"upload: unexpected {str(att)[:200]}"
            payload = json.dumps({"version": rep["version"], "status": "on_track", "summary": "按序时推进,完成季度目标",
                                  "indicator_values": {"0": "5"}}).encode()
            done, s = self.call(conn, "POST", f"/api/cycle/reports/{rep['id']}/submit", payload,
                                {**auth, "Content-Type": "application/json"}, 200, time.perf_counter())
            if done.get("state") != "submitted" or len(done.get("attachments") or []) != 1:
                return f"submit: unexpected {str(done)[:200]}"
            end = time.perf_counter()
            return [a, b, s], end - due, end
        except (OSError, http.client.HTTPException, RuntimeError, ValueError) as exc:
            return f"{type(exc).__name__}: {exc}"
        finally:
            conn.close()

    def cpu(self) -> tuple[float, float, float]:
        return (cpu_of([self.server_pid, *child_pids(self.server_pid)]), cpu_of(pg_pids()), time.process_time())

    def phase(self, rate: float, seconds: float, seed: int) -> dict[str, Any]:
        rng = random.Random(seed)
        arrivals: list[float] = []
        t = rng.expovariate(rate)
        while t < seconds:
            arrivals.append(t)
            t += rng.expovariate(rate)
        if len(arrivals) > len(self.queue):
            return {"rate": rate, "ran_out": True}
        cpu0 = self.cpu()
        start = time.perf_counter() + 0.05
        futures = []
        for at in arrivals:
            delay = start + at - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            futures.append(self.pool.submit(self.filing, self.queue.pop(), start + at))
        results = [f.result() for f in futures]
        cpu1 = self.cpu()
        ok = [r for r in results if not isinstance(r, str)]
        errors = [r for r in results if isinstance(r, str)]
        last = max((r[2] for r in ok), default=start + seconds)
        out: dict[str, Any] = {
            "rate": rate, "seconds": seconds, "arrived": len(arrivals), "completed": len(ok), "errors": len(errors),
            "first_errors": errors[:3], "offered": round(len(arrivals) / seconds, 2),
            "achieved": round(len(ok) / max(last - start, seconds), 2),
            "cpu_ms_per_call": [round((cpu1[i] - cpu0[i]) * 1000 / max(1, 3 * len(ok)), 2) for i in range(3)],
        }
        for i, name in enumerate(CALLS):
            out[name] = stats([r[0][i] for r in ok])
        out["filing"] = stats([r[1] for r in ok])
        return out


def saturated(res: dict[str, Any]) -> bool:
    """The server no longer keeps up: it completes fewer filings than arrive, a filing's p95 passes
    5 s, or it fails some."""
    return bool(res["achieved"] < 0.9 * res["offered"] or res.get("filing", {}).get("p95", 0) > 5000 or res["errors"])


def stats(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    v = sorted(values)
    return {"p50": round(statistics.median(v) * 1000, 1), "p95": round(v[max(0, int(len(v) * 0.95) - 1)] * 1000, 1),
            "max": round(v[-1] * 1000, 1)}


def load(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    run = Load(spec["port"], spec["filings"], spec["server_pid"])
    out: dict[str, Any] = {"warmup": run.phase(5, 10, seed=1)}
    if out["warmup"]["errors"]:
        raise SystemExit(f"errors while warming up: {out['warmup']['first_errors']}")
    out["peak"] = run.phase(spec["rate"], spec["seconds"], seed=2)
    if out["peak"].get("ran_out"):
        raise SystemExit("not enough filings for the peak: build a larger province")
    out["steps"] = []
    for n, rate in enumerate(spec["steps"]):
        res = run.phase(rate, spec["step_seconds"], seed=10 + n)
        if res.get("ran_out"):
            out["ran_out"] = rate
            break
        out["steps"].append(res)
        if saturated(res):
            break
    print(json.dumps(out, ensure_ascii=False))


# --- the server and the runs --------------------------------------------------------------------

def serve(port: int, workers: int, threads: int) -> None:
    """`duban serve --workers N`'s own code on the deadline day (bench/cycle.py's)."""
    from cycle import serve_workers

    serve_workers(port, workers, threads)


def pg_admin(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=True)


def with_db(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(env: dict[str, str], a: argparse.Namespace) -> tuple[str, Path]:
    """The template database of this province (built if missing or --rebuild) and its filings file."""
    name = f"rush_g{a.governments}_u{a.units}_t{a.tasks}_f{round(a.filed * 100)}"
    spec = Path(tempfile.gettempdir()) / f"duban-{name}.json"
    url = env["DATABASE_URL"]
    with pg_admin(url) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and spec.exists() and not a.rebuild:
            print(f"data: the province built before (template database {name}), migrated to this version")
            got = subprocess.run([sys.executable, "-m", "duban.web.manage", "migrate", "-v0"], check=False,
                                 env={**env, "DATABASE_URL": with_db(url, name),
                                      "DUBAN_DATA_DIR": tempfile.mkdtemp(prefix="duban-bench-rush-migrate-")})
            if got.returncode:
                raise SystemExit("migrating the kept province failed: --rebuild it")
            return name, spec
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    print(f"data: building {a.governments} counties × {a.units} units × {a.tasks} tasks, {a.filed:.0%} filed …",
          flush=True)
    data_dir = tempfile.mkdtemp(prefix="duban-bench-rush-build-")
    got = subprocess.run([sys.executable, __file__, "--build", str(spec), "--governments", str(a.governments),
                          "--units", str(a.units), "--tasks", str(a.tasks), "--filed", str(a.filed)],
                         env={**env, "DATABASE_URL": with_db(url, name), "DUBAN_DATA_DIR": data_dir}, check=False)
    if got.returncode:
        raise SystemExit("build failed")
    print(f"data: built in {json.loads(spec.read_text(encoding='utf-8'))['build_s']} s")
    return name, spec


def one_run(env: dict[str, str], template: str, spec: Path, a: argparse.Namespace, n: int) -> dict[str, Any] | None:
    url = env["DATABASE_URL"]
    db = f"{template}_run"
    with pg_admin(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{db}" TEMPLATE "{template}"')
    data_dir = Path(tempfile.mkdtemp(prefix="duban-bench-rush-"))
    run_env = {**env, "DATABASE_URL": with_db(url, db), "DUBAN_DATA_DIR": str(data_dir)}
    port = free_port()
    log = data_dir / "server.log"
    with log.open("w") as log_fh:
        server = subprocess.Popen([sys.executable, __file__, "--serve", str(port), "--workers", str(a.workers),
                                   "--threads", str(a.threads)], env=run_env, stderr=log_fh, stdout=log_fh)
    try:
        import socket

        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        filings = json.loads(spec.read_text(encoding="utf-8"))["filings"]
        load_spec = data_dir / "load.json"
        load_spec.write_text(json.dumps({"port": port, "filings": filings, "server_pid": server.pid, "rate": a.rate,
                                         "seconds": a.seconds, "steps": a.steps, "step_seconds": a.step_seconds}),
                             encoding="utf-8")
        before = os.getloadavg()[0]
        got = subprocess.run([sys.executable, __file__, "--load", str(load_spec)], env=run_env, capture_output=True,
                             text=True, check=False)
        after = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(timeout=60)
    lines = [ln for ln in got.stdout.splitlines() if ln.startswith("{")]
    if got.returncode or not lines:
        print(f"run {n}: load generator failed: {got.stderr[-2000:]}")
        return None
    res: dict[str, Any] = json.loads(lines[-1])
    res.update(load_before=round(before, 1), load_after=round(after, 1), log=str(log))
    report(res, n, a)
    with pg_admin(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    return res


def line(label: str, s: dict[str, float]) -> str:
    return f"    {label:<14} p50 {s.get('p50', 0):>7.1f} ms   p95 {s.get('p95', 0):>7.1f} ms   max {s.get('max', 0):>8.1f} ms"


def report(res: dict[str, Any], n: int, a: argparse.Namespace) -> None:
    p = res["peak"]
    print(f"\n== run {n}: load average {res['load_before']} before, {res['load_after']} after")
    print(f"  at {p['rate']:g} filings/s ({3 * p['rate']:g} calls/s) for {p['seconds']:g} s, open loop: "
          f"{p['completed']} of {p['arrived']} filings completed, {p['errors']} errors, {p['achieved']} filings/s")
    for name in (*CALLS, "filing"):
        print(line(name if name != "filing" else "whole filing", p[name]))
    srv, pg, gen = p["cpu_ms_per_call"]
    print(f"    CPU per call: server {srv} ms, PostgreSQL {pg} ms, load generator {gen} ms")
    for e in p["first_errors"]:
        print(f"    error: {e}")
    best = 0.0
    print("  saturation (offered → completed filings/s, p95 start/upload/submit):")
    for s in res["steps"]:
        print(f"    {s['offered']:>6.1f} → {s['achieved']:>6.1f}   p95 {s['start'].get('p95', 0):.0f} / "
              f"{s['upload'].get('p95', 0):.0f} / {s['submit'].get('p95', 0):.0f} ms"
              + (f"   {s['errors']} errors" if s["errors"] else ""))
        best = max(best, s["achieved"])
    if res.get("ran_out"):
        print(f"    (no filings left for {res['ran_out']:g}/s: build a larger province to go further)")
    print(f"  throughput at saturation: {best:.1f} filings/s ({3 * best:.0f} calls/s)"
          + ("" if res["steps"] and saturated(res["steps"][-1]) else " or more: the server kept up with every rate offered"))
    if p["errors"] or any(s["errors"] for s in res["steps"]):
        print(f"  server log: {res['log']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--governments", type=int, default=100)
    ap.add_argument("--units", type=int, default=100, help="units per county")
    ap.add_argument("--tasks", type=int, default=3, help="tasks each unit leads")
    ap.add_argument("--filed", type=float, default=0.3, help="share of the reports filed before the peak")
    ap.add_argument("--rate", type=float, default=20.0, help="filings per second at the peak")
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--steps", type=lambda s: [float(x) for x in s.split(",")], default=[30.0, 40.0, 60.0, 80.0, 100.0, 120.0])
    ap.add_argument("--step-seconds", type=float, default=15.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=None, help="per process (default: duban serve's)")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--build")
    ap.add_argument("--load")
    ap.add_argument("--serve", type=int)
    a = ap.parse_args()
    from duban.web.serve import default_threads

    a.threads = a.threads or default_threads(a.workers)
    if a.build:
        child_build(a.build, a.governments, a.units, a.tasks, a.filed)
        return
    if a.load:
        load(a.load)
        return
    if a.serve:
        serve(a.serve, a.workers, a.threads)
        return

    env = dict(os.environ)
    stop = None
    if not env.get("DATABASE_URL"):
        env["DUBAN_PG_DIR"] = env.get("DUBAN_PG_DIR", "/tmp/duban-pg-rush")
        got = subprocess.run([str(REPO / "scripts/pg-temp"), "start"], env=env, capture_output=True, text=True)
        if "DATABASE_URL=" not in got.stdout:
            raise SystemExit("PostgreSQL: not available here (scripts/pg-temp could not start a server)")
        env["DATABASE_URL"] = got.stdout.strip().split("DATABASE_URL=", 1)[1]
        os.environ["DUBAN_PG_DIR"] = env["DUBAN_PG_DIR"]
        stop = [str(REPO / "scripts/pg-temp"), "stop"]
    up = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()
    print(f"machine: {os.cpu_count()} cores; {up}")
    print(f"server: duban serve --workers {a.workers} × {a.threads} threads on PostgreSQL; "
          f"load: open loop, a new connection per filing, in a process of its own")
    try:
        template, spec = prepare(env, a)
        results = [r for n in range(1, a.runs + 1) if (r := one_run(env, template, spec, a, n))]
        if len(results) > 1:
            print(f"\n== median of {len(results)} runs at {a.rate:g} filings/s")
            for name in (*CALLS, "filing"):
                print(line(name if name != "filing" else "whole filing",
                           {k: statistics.median(r["peak"][name][k] for r in results) for k in ("p50", "p95", "max")}))
            sat = [max(s["achieved"] for s in r["steps"]) for r in results if r["steps"]]
            print(f"  throughput at saturation: {statistics.median(sat):.1f} filings/s (runs: "
                  f"{', '.join(f'{x:.1f}' for x in sat)})")
    finally:
        if stop:
            subprocess.run(stop, env=env, capture_output=True, check=False)


if __name__ == "__main__":
    main()
