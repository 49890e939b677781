"""Builders for test data, all through the services (as Zulip's tests do)."""

from __future__ import annotations

from typing import Any

from duban.core.plan import Plan as CorePlan

PASSWORD = "correct-horse-battery"


def core_plan(tasks: list[dict[str, Any]], *, year: int = 2026, title: str = "测试方案") -> CorePlan:
    """A duban.plan/1 plan from short task dicts (text, lead, coop, leaders, deadline, section)."""
    sections = [{"id": "S1", "number": "一", "title": "主要预期目标"}, {"id": "S2", "number": "二", "title": "重点工作"}]
    out = []
    for i, t in enumerate(tasks, start=1):
        out.append({
            "id": f"T{i}", "section": t.get("section", "S2"), "number": str(i), "kind": t.get("kind", "task"),
            "starred": t.get("starred", False), "text": t["text"], "leaders": t.get("leaders", []),
            "lead_units": t.get("lead", []), "cooperating_units": t.get("coop", []), "persons": [],
            "deadline": t.get("deadline"), "indicators": t.get("indicators", []), "lines": [i + 2, i + 2],
        })
    return CorePlan.from_dict({"format": "duban.plan/1", "title": title, "region": "示例区", "year": year,
                               "sections": sections, "tasks": out,
                               "warnings": [{"lines": [3, 3], "message": "这一行没有读清"}]})


def build_world() -> dict[str, Any]:
    from duban.web.accounts.services import create_token, create_user
    from duban.web.common.permissions import SYSTEM
    from duban.web.directory import services as ds
    from duban.web.plans import services as ps

    gov = ds.create_government(actor=SYSTEM, name="示例区人民政府", region="示例区")
    u = {
        "fgj": ds.create_unit(actor=SYSTEM, government=gov, name="示例区发展和改革局", aliases=["区发改局"]),
        "tjj": ds.create_unit(actor=SYSTEM, government=gov, name="示例区统计局", aliases=["区统计局"]),
        "nyj": ds.create_unit(actor=SYSTEM, government=gov, name="示例区农业农村局", aliases=["区农业农村局"]),
        "town": ds.create_unit(actor=SYSTEM, government=gov, name="东湖镇人民政府", kind="township"),
    }
    ds.create_group(actor=SYSTEM, government=gov, name="各乡镇人民政府", member_kind="township")
    leader = ds.create_leader(actor=SYSTEM, government=gov, name="王明", title="常务副区长", units=[u["fgj"], u["tjj"]])
    person = ds.create_person(actor=SYSTEM, government=gov, name="陈晓", unit=u["fgj"], role="联络员", mobile="13800000001")

    def user(name: str, role: str, **kw: Any) -> Any:
        return create_user(actor=SYSTEM, username=name, password=PASSWORD, role=role, display_name=name, **kw)

    users = {
        "office": user("office", "office", government=gov),
        "viewer": user("viewer", "viewer", government=gov),
        "wrong_liaison": user("wrong_liaison", "liaison", unit=u["nyj"]),
        "liaison": user("liaison", "liaison", unit=u["fgj"]),
        "head": user("head", "unit_head", unit=u["fgj"]),
        "leader": user("leader", "leader", leader=leader),
    }
    office = users["office"]
    plan = ps.import_plan(actor=office, government=gov, plan=core_plan([
        {"text": "地区生产总值增长7%以上。", "lead": ["区发改局"], "coop": ["区统计局"], "leaders": ["王明"],
         "kind": "target", "section": "S1", "starred": True, "deadline": "12月底前"},
        {"text": "稳定粮食播种面积4.5万亩。", "lead": ["区农业农村局"], "coop": ["各乡镇人民政府"], "leaders": ["赵刚"],
         "deadline": "10月底前"},
    ]), source_text="第一行\n第二行\n第三行\n第四行")
    plan = ps.publish_plan(actor=office, plan=plan)
    draft = ps.import_plan(actor=office, government=gov, plan=core_plan([
        {"text": "新建高标准农田1.2万亩。", "lead": ["区发改局"], "coop": ["区新设单位"]},
    ], year=2025, title="2025年草稿"))
    token, key = create_token(actor=office, user=office, name="测试")
    tasks = list(plan.tasks.order_by("position"))
    return {"gov": gov, "units": u, "leader": leader, "users": users, "person": person, "plan": plan,
            "draft": draft, "task_a": tasks[0], "task_b": tasks[1], "office_token": token, "office_key": key}


def build_neighbour() -> dict[str, Any]:
    """A second government (邻区) with its own office, unit, liaison and leader, and a
    province-wide office (no government) over both: the "other government" of the permission
    matrices."""
    from duban.web.accounts.services import create_user
    from duban.web.common.permissions import SYSTEM
    from duban.web.directory import services as ds

    gov = ds.create_government(actor=SYSTEM, name="邻区人民政府", region="邻区")
    unit = ds.create_unit(actor=SYSTEM, government=gov, name="邻区发展和改革局", aliases=["邻区发改局"])
    leader = ds.create_leader(actor=SYSTEM, government=gov, name="李华", title="副区长", units=[unit])

    def user(name: str, role: str, **kw: Any) -> Any:
        return create_user(actor=SYSTEM, username=name, password=PASSWORD, role=role, display_name=name, **kw)

    return {
        "gov": gov, "unit": unit,
        "office_other": user("office_other", "office", government=gov),
        "liaison_other": user("liaison_other", "liaison", unit=unit),
        "leader_other": user("leader_other", "leader", leader=leader),
        "province": user("province", "office"),
    }
