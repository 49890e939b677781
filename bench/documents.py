"""How long the office waits for a bulletin (通报, Word + PDF) and the 台账 of a round, with 200
units and 2,000 tasks (target: under 10 s each). Prints figures; passes or fails nothing.

Builds a throw-away SQLite database: the plan imported through the plans service, a round
opened through the cycle service, and reports for four tasks in five (inserted in bulk: the
setup is not what is measured). Then times, from the database:

  - figures: collect.round_figures (lights for every task, per-unit counts)
  - 台账: figures + ledger_xlsx
  - 通报: figures + charts + Word + PDF
  - 附表 .zip: every unit's 附表1/2/3 (Word) and 附表3 (Excel) for the round, once

    .venv/bin/python bench/documents.py [--units 200] [--tasks 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def setup(units: int, tasks: int) -> object:
    import random

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from duban.core.plan import Plan as CorePlan
    from duban.web.accounts.services import create_user
    from duban.web.common.permissions import SYSTEM
    from duban.web.cycle import services as cs
    from duban.web.cycle.models import Report
    from duban.web.directory import services as ds
    from duban.web.plans import services as ps
    from duban.web.plans.models import TaskUnit

    rng = random.Random(7)
    gov = ds.create_government(actor=SYSTEM, name="基准区人民政府", region="基准区")  # setting up, as `duban init` does
    names = [f"基准区第{i}局" for i in range(1, units + 1)]
    for n in names:
        ds.create_unit(actor=SYSTEM, government=gov, name=n)
    for k in range(10):
        ds.create_leader(actor=SYSTEM, government=gov, name=f"领导{k}", title="副区长")
    office = create_user(actor=SYSTEM, username="office", password="bench-password-1", role="office", government=gov)
    sections = [{"id": f"S{s}", "number": "一二三四五六七八"[s], "title": f"第{s + 1}方面重点工作"} for s in range(8)]
    task_dicts = []
    for i in range(1, tasks + 1):
        ind = [] if i % 3 else [{"text": f"新增项目{i}个", "metric": "新增项目", "measure": "count", "value": 20.0,
                                 "unit": "个", "comparator": ">=", "value_text": "20个"}]
        task_dicts.append({
            "id": f"T{i}", "section": f"S{i % 8}", "number": str(i), "kind": "task", "starred": i % 17 == 0,
            "text": f"推进第{i}项重点工作,完善工作机制,确保年底前完成建设任务并取得实效。",
            "leaders": [f"领导{i % 10}"], "lead_units": [names[i % units]],
            "cooperating_units": [names[(i * 7) % units]], "persons": [], "deadline": "12月底前",
            "indicators": ind, "lines": [i, i]})
    core = CorePlan.from_dict({"format": "duban.plan/1", "title": "基准区2026年政府工作报告重点任务分解方案", "region": "基准区",
                               "year": 2026, "sections": sections, "tasks": task_dicts, "warnings": []})
    plan = ps.publish_plan(actor=office, plan=ps.import_plan(actor=office, government=gov, plan=core))
    rnd = cs.open_round(actor=office, round=cs.create_round(actor=office, plan=plan, number=1))
    statuses = ["done", "on_track", "on_track", "on_track", "lagging", "not_started"]
    now = timezone.now()
    rows = []
    for tu in TaskUnit.objects.filter(task__plan=plan, role="lead").select_related("task"):
        if rng.random() < 0.8:
            st = rng.choice(statuses)
            rows.append(Report(round=rnd, task=tu.task, unit_id=tu.unit_id, role="lead", status=st,
                               summary="已按计划推进,完成阶段性目标。", state="submitted", submitted_at=now,
                               late=rng.random() < 0.1, indicator_values={"0": 3.0} if tu.task.indicators else {}))
    Report.objects.bulk_create(rows, batch_size=500)
    return rnd


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=200)
    ap.add_argument("--tasks", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    os.environ.setdefault("DUBAN_DATA_DIR", tempfile.mkdtemp(prefix="duban-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.web.project.settings")
    import django

    django.setup()
    from duban.web.documents import collect
    from duban.web.documents.builders import bulletin, ledger

    t0 = time.perf_counter()
    rnd = setup(args.units, args.tasks)
    print(f"setup: {args.units} units, {args.tasks} tasks, reports for ~80% of tasks: {time.perf_counter() - t0:.1f} s")
    bulletin.blocks(collect.round_figures(rnd), bulletin.OfficeText())  # warm up: matplotlib, fonts

    def timed(fn) -> tuple[float, object]:  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        out = fn()
        return time.perf_counter() - t, out

    fig_t, led_t, bul_t = [], [], []
    sizes: dict[str, int] = {}
    for _ in range(args.repeat):
        t, _fig = timed(lambda: collect.round_figures(rnd))
        fig_t.append(t)
        t, data = timed(lambda: ledger.ledger_xlsx(collect.round_figures(rnd)))
        led_t.append(t)
        sizes["台账 .xlsx"] = len(data)  # type: ignore[arg-type]

        def build() -> tuple[bytes, bytes]:
            content = bulletin.blocks(collect.round_figures(rnd), bulletin.OfficeText())
            return bulletin.to_docx(content), bulletin.to_pdf(content)

        t, (docx, pdf) = timed(build)  # type: ignore[misc]
        bul_t.append(t)
        sizes["通报 .docx"], sizes["通报 .pdf"] = len(docx), len(pdf)

    # the pages: the public page (no login) and the office's dashboard (figures cached after the first)
    from django.test import Client

    from duban.web.accounts.models import User
    from duban.web.documents.models import PublicPlan

    PublicPlan.objects.create(plan=rnd.plan, published=True)  # type: ignore[attr-defined]
    anon, office = Client(), Client()
    office.force_login(User.objects.get(username="office"))
    pub_t, dash_t = [], []
    for _ in range(args.repeat):
        t, resp = timed(lambda: anon.get(f"/public/plans/{rnd.plan.pk}/"))  # type: ignore[attr-defined]
        assert resp.status_code == 200  # type: ignore[attr-defined]
        pub_t.append(t)
        sizes["public page"] = len(resp.content)  # type: ignore[attr-defined]
        t, resp = timed(lambda: office.get(f"/documents/dashboard/?plan={rnd.plan.pk}"))  # type: ignore[attr-defined]
        assert resp.status_code == 200  # type: ignore[attr-defined]
        dash_t.append(t)

    from duban.web.documents import services

    units = services.plan_units(rnd.plan)  # type: ignore[attr-defined]
    zip_t, data = timed(lambda: b"".join(services.forms_zip(rnd, units)))
    sizes[f"附表 .zip ({len(units)} units)"] = len(data)  # type: ignore[arg-type]

    def line(name: str, xs: list[float]) -> str:
        return f"{name:<28} median {statistics.median(xs):6.2f} s   max {max(xs):6.2f} s   (target < 10 s)"

    print(line("figures (lights, counts)", fig_t))
    print(line("台账 (figures + .xlsx)", led_t))
    print(line("通报 (figures+charts+Word+PDF)", bul_t))
    print(f"{'附表 .zip (every unit)':<28} once   {zip_t:6.2f} s   ({zip_t / max(len(units), 1) * 1000:.0f} ms a unit)")
    print(f"{'public page (2,000 tasks)':<28} median {statistics.median(pub_t):6.2f} s")
    print(f"{'dashboard (office)':<28} median {statistics.median(dash_t):6.2f} s   first {dash_t[0]:6.2f} s")
    for k, v in sizes.items():
        print(f"{k:<28} {v / 1024:8.0f} KiB")


if __name__ == "__main__":
    main()
