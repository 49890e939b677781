"""Reports being filed over HTTP while something else happens (a backup), for tests that need a
real server in its own process and a database of their own.

`python -m tests.web.filing build N M` (in the environment of the installation: DUBAN_DATA_DIR,
DATABASE_URL) builds through the services a government with N units each leading M tasks of a
published plan, a liaison with an API token per unit and the first round open, and prints JSON.
`python -m tests.web.filing state` prints what the installation holds: each report with its
state, its attachments' digests, whether each file is there with that content, and its audit rows.
`Filers` files reports from threads (start, upload a PNG of random pixels, submit), as a unit's
liaison would, and records what the server confirmed and when.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from duban.web.common.permissions import SYSTEM


def build(units: int, per_unit: int) -> dict[str, Any]:
    from django.test import override_settings

    from duban.core.plan import Plan as CorePlan
    from duban.web.accounts.services import create_token, create_user
    from duban.web.cycle import services as cs
    from duban.web.directory import services as ds
    from duban.web.directory.models import Unit
    from duban.web.plans import services as ps

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        gov = ds.create_government(actor=SYSTEM, name="测试区人民政府", region="测试区")
        for i in range(units):
            ds.create_unit(actor=SYSTEM, government=gov, name=f"测试区第{i}局", aliases=[f"区{i}局"])
        tasks = [{"id": f"T{i + 1}", "section": "S1", "number": str(i + 1), "kind": "task",
                  "text": f"第{i + 1}项重点工作:推进项目建设。", "lead_units": [f"区{i % units}局"],
                  "cooperating_units": [], "leaders": [], "persons": [], "deadline": "12月底前", "indicators": [],
                  "lines": [i + 1, i + 1]} for i in range(units * per_unit)]
        office = create_user(actor=SYSTEM, username="office", password="filing-pass-1", role="office", government=gov)
        core = CorePlan.from_dict({"format": "duban.plan/1", "title": "测试方案", "year": 2026,
                                   "sections": [{"id": "S1", "title": "重点工作"}], "tasks": tasks})
        plan = ps.publish_plan(actor=office, plan=ps.import_plan(actor=office, government=gov, plan=core))
        rnd = cs.open_round(actor=office, round=cs.create_round(actor=office, plan=plan, number=1))
        clients = []
        for unit in Unit.objects.filter(government=gov).order_by("pk"):
            user = create_user(actor=SYSTEM, username=f"u{unit.pk}", password="filing-pass-1", role="liaison", unit=unit)
            _tok, key = create_token(actor=user, user=user, name="测试")
            clients.append({"key": key, "tasks": list(plan.tasks.filter(task_units__unit=unit)
                                                      .order_by("pk").values_list("pk", flat=True))})
    return {"round": rnd.pk, "clients": clients}


def state() -> dict[str, Any]:
    from django.conf import settings

    from duban.web.common.models import AuditLog
    from duban.web.cycle import evidence
    from duban.web.cycle.models import Report

    reports = {}
    for r in Report.objects.prefetch_related("attachments"):
        files = []
        for a in r.attachments.all():
            path = evidence.path_of(a.stored_name)
            ok = path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == a.sha256
            files.append({"sha256": a.sha256, "file_ok": ok})
        reports[str(r.pk)] = {"state": r.state, "version": r.version, "files": files,
                              "audit": AuditLog.objects.filter(object_type="cycle.report", object_id=str(r.pk)).count()}
    key = (Path(settings.DATA_DIR) / "secret_key").read_text(encoding="ascii").strip()
    return {"reports": reports, "secret_key_sha256": hashlib.sha256(key.encode()).hexdigest()}


def png() -> bytes:
    """A real PNG whose pixels are random: every upload a different file."""
    from PIL import Image

    buf = io.BytesIO()
    Image.frombytes("RGB", (40, 40), os.urandom(40 * 40 * 3)).save(buf, "PNG")
    return buf.getvalue()


@dataclass
class Filers:
    """Threads filing the units' reports one after another, `pause` seconds apart, until the
    tasks run out or `stop` is set. `filed` holds (report id, photo digest, time confirmed)."""

    port: int
    data: dict[str, Any]
    threads: int = 4
    pause: float = 0.02
    stop: threading.Event = field(default_factory=threading.Event)
    filed: list[tuple[int, str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._queue = [(c["key"], t) for c in self.data["clients"] for t in c["tasks"]]
        self._lock = threading.Lock()
        self._pool = [threading.Thread(target=self._work) for _ in range(self.threads)]

    def start(self) -> None:
        for th in self._pool:
            th.start()

    def join(self) -> None:
        self.stop.set()
        for th in self._pool:
            th.join()

    def count(self) -> int:
        with self._lock:
            return len(self.filed)

    def _call(self, conn: http.client.HTTPConnection, path: str, body: bytes, headers: dict[str, str],
              want: int) -> dict[str, Any]:
        conn.request("POST", path, body=body, headers=headers)
        resp = conn.getresponse()
        raw = resp.read()
        if resp.status != want:
            raise RuntimeError(f"{path}: {resp.status} {raw[:200].decode('utf-8', 'replace')}")
        out: dict[str, Any] = json.loads(raw)
        return out

    def _work(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        rnd = self.data["round"]
        while not self.stop.is_set():
            with self._lock:
                if not self._queue:
                    break
                key, task = self._queue.pop(0)
            auth = {"Authorization": f"Bearer {key}"}
            try:
                rep = self._call(conn, f"/api/cycle/rounds/{rnd}/tasks/{task}/report", b"", auth, 201)
                photo = png()
                boundary = uuid.uuid4().hex
                body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"现场.png\"\r\n"
                        "Content-Type: image/png\r\n\r\n").encode() + photo + f"\r\n--{boundary}--\r\n".encode()
                self._call(conn, f"/api/cycle/reports/{rep['id']}/attachments", body,
                           {**auth, "Content-Type": f"multipart/form-data; boundary={boundary}"}, 201)
                payload = json.dumps({"version": rep["version"], "status": "on_track", "summary": "按序时推进"}).encode()
                self._call(conn, f"/api/cycle/reports/{rep['id']}/submit", payload,
                           {**auth, "Content-Type": "application/json"}, 200)
                with self._lock:
                    self.filed.append((int(rep["id"]), hashlib.sha256(photo).hexdigest(), time.time()))
            except (OSError, http.client.HTTPException, RuntimeError, ValueError) as exc:
                with self._lock:
                    self.errors.append(str(exc))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            time.sleep(self.pause)
        conn.close()


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.web.project.settings")
    import django

    django.setup()
    if argv[0] == "build":
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print(json.dumps(build(int(argv[1]), int(argv[2]))))
    elif argv[0] == "state":
        print(json.dumps(state()))


if __name__ == "__main__":
    main(sys.argv[1:])
