"""The 示例区 demo: a fictional directory, one account per role, and a plan imported from
demo/plan.txt through the same path an office user takes (read → parse → draft → match → publish)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from duban.web.accounts.models import UNIT_ROLES, Role, User
from duban.web.accounts.services import create_user
from duban.web.common.permissions import SYSTEM
from duban.web.directory import services as ds
from duban.web.directory.models import Government, Leader, Unit

PLAN_FILE = Path(__file__).with_name("plan.txt")
DEMO_PASSWORD = "shili-2026"  # noqa: S105  (a demo on 127.0.0.1 only; printed on start)

# (full name, kind, aliases)
UNITS: list[tuple[str, str, list[str]]] = [
    ("示例区发展和改革局", "department", ["区发改局"]),
    ("示例区统计局", "department", ["区统计局"]),
    ("示例区财政局", "department", ["区财政局"]),
    ("示例区经济和信息化局", "department", ["区经信局"]),
    ("示例区商务局", "department", ["区商务局"]),
    ("示例区人力资源和社会保障局", "department", ["区人社局"]),
    ("示例区农业农村局", "department", ["区农业农村局"]),
    ("示例区科学技术局", "department", ["区科技局"]),
    ("示例区住房和城乡建设局", "department", ["区住建局"]),
    ("示例区自然资源局", "department", ["区自然资源局"]),
    ("示例区市场监督管理局", "department", ["区市场监管局"]),
    ("示例区文化和旅游局", "department", ["区文旅局"]),
    ("示例区教育局", "department", ["区教育局"]),
    ("示例区卫生健康局", "department", ["区卫健局"]),
    ("示例区民政局", "department", ["区民政局"]),
    ("示例区应急管理局", "department", ["区应急管理局", "区应急局"]),
    ("示例区交通运输局", "department", ["区交通运输局"]),
    ("示例区人民医院", "department", ["区人民医院"]),
    ("城关街道办事处", "township", []),
    ("新城街道办事处", "township", []),
    ("东湖镇人民政府", "township", ["东湖镇"]),
    ("西山乡人民政府", "township", ["西山乡"]),
    ("南岭镇人民政府", "township", ["南岭镇"]),
    ("示例经济开发区管理委员会", "park", ["示例经济开发区管委会", "经开区"]),
    ("示例区城市建设投资集团有限公司", "soe", ["区城投集团"]),
    ("国家税务总局示例区税务局", "vertical", ["区税务局"]),
    ("市生态环境局示例分局", "vertical", []),
    ("共青团示例区委员会", "mass", ["团区委"]),
]

LEADERS = [
    ("王明", "常务副区长", ["区发改局", "区财政局", "区统计局", "区税务局", "区城投集团"]),
    ("李华", "副区长", ["区经信局", "区商务局", "区市场监管局", "示例经济开发区管委会", "区科技局", "区文旅局"]),
    ("张丽", "副区长", ["区人社局", "区教育局", "区卫健局", "区民政局", "区人民医院", "团区委"]),
    ("赵刚", "副区长", ["区农业农村局", "区住建局", "区自然资源局", "区应急管理局", "区交通运输局", "市生态环境局示例分局"]),
]

# username, display name, role, unit alias or leader name
ACCOUNTS = [
    ("duchashi", "周督查", Role.OFFICE, None),
    ("fgj_head", "陈局长", Role.UNIT_HEAD, "区发改局"),
    ("fgj", "刘经办", Role.LIAISON, "区发改局"),
    ("nyj", "孙经办", Role.LIAISON, "区农业农村局"),
    ("wangming", "王明", Role.LEADER, "王明"),
    ("chakan", "吴查看", Role.VIEWER, None),
]


def _unit(gov: Government, name: str) -> Unit:
    m = ds.resolve(gov, [name])[0]
    return Unit.objects.get(pk=m.unit_ids[0])


@transaction.atomic
def load_directory(actor: Any = SYSTEM) -> Government:
    gov = ds.create_government(actor=actor, name="示例区人民政府", region="示例区")
    for name, kind, aliases in UNITS:
        ds.create_unit(actor=actor, government=gov, name=name, kind=kind, aliases=aliases)
    towns = [u for u in Unit.objects.filter(government=gov, kind="township") if not u.name.endswith("街道办事处")]
    streets = [u for u in Unit.objects.filter(government=gov, kind="township") if u.name.endswith("街道办事处")]
    ds.create_group(actor=actor, government=gov, name="各乡镇人民政府", members=towns)
    ds.create_group(actor=actor, government=gov, name="各街道办事处", members=streets)
    ds.create_group(actor=actor, government=gov, name="区直各单位", member_kind="department")
    ds.create_group(actor=actor, government=gov, name="区直相关部门", member_kind="department")
    safety = [_unit(gov, n) for n in ("区应急管理局", "区住建局", "区交通运输局", "区市场监管局", "区农业农村局")]
    ds.create_group(actor=actor, government=gov, name="区安委会各成员单位", members=safety)
    for i, (name, title, units) in enumerate(LEADERS):
        ds.create_leader(actor=actor, government=gov, name=name, title=title, position=i,
                         units=[_unit(gov, n) for n in units])
    for alias, person, role, mobile in (("区发改局", "陈晓", "责任人", "13800000001"),
                                        ("区发改局", "刘经办", "联络员", "13800000002"),
                                        ("区农业农村局", "孙经办", "联络员", "13800000003")):
        ds.create_person(actor=actor, government=gov, name=person, unit=_unit(gov, alias), role=role, mobile=mobile)
    return gov


def load_accounts(gov: Government, actor: Any = SYSTEM) -> None:
    for username, display, role, where in ACCOUNTS:
        unit = _unit(gov, where) if role in UNIT_ROLES and where else None
        leader = Leader.objects.get(government=gov, name=where) if role == Role.LEADER else None
        create_user(actor=actor, username=username, password=DEMO_PASSWORD, role=role, display_name=display,
                    unit=unit, leader=leader, government=gov if role in (Role.OFFICE, Role.VIEWER) else None)


def plan_text(year: int) -> bytes:
    """demo/plan.txt for `year` (the file is written for 2026; the demo follows the calendar)."""
    return PLAN_FILE.read_text(encoding="utf-8").replace("2026年", f"{year}年").encode("utf-8")


def load_plan(gov: Government, office: User, year: int | None = None) -> str:
    """Import demo/plan.txt as the office user would, then publish it. Returns what happened."""
    from duban.web.plans import services as ps

    data = plan_text(year) if year else PLAN_FILE.read_bytes()
    try:
        plan = ps.upload_plan(actor=office, government=gov, data=data,  # named as an office names its file
                              name=f"示例区{year or 2026}年政府工作报告重点任务责任分解方案.txt")
    except Exception as exc:  # the parser may still be under construction: the demo runs without a plan
        return f"示例方案未能导入({exc});可登录督查室账户后在“导入方案文件”处重试"
    unknown = ps.unknown_names(plan)
    if unknown:
        return f"示例方案已导入为草稿,{len(unknown)} 个单位名称待匹配:" + "、".join(unknown)
    ps.publish_plan(actor=office, plan=plan)
    return f"示例方案“{plan}”已导入并发布,共 {plan.tasks.count()} 项任务"


def load_cycle(gov: Government) -> list[str]:
    """The quarter of supervision (demo/cycle.py) on the published demo plan, once."""
    from duban.web.demo.cycle import load_cycle as make
    from duban.web.plans.models import Plan

    plan = Plan.objects.filter(government=gov, status="published").order_by("-year").first()
    office = User.objects.filter(username="duchashi").first()
    if plan is None or office is None:
        return []
    return make(gov, plan, office, User.objects.filter(username="wangming").first(), DEMO_PASSWORD)


def load_demo() -> list[str]:
    """Load the demo once (a second start keeps what is there). Returns lines to print."""
    from duban.web.cycle.services import today
    from duban.web.demo.cycle import pick_quarter

    out: list[str] = []
    gov = Government.objects.filter(region="示例区").first()
    if gov is None:
        gov = load_directory()
        load_accounts(gov)
        office = User.objects.get(username="duchashi")
        out.append(load_plan(gov, office, pick_quarter(today())[0]))
    else:
        out.append("示例数据已存在,沿用")
    out += load_cycle(gov)
    out.append(f"演示账户(密码均为 {DEMO_PASSWORD}):")
    for username, display, role, where in ACCOUNTS:
        label = dict(Role.choices)[role]
        out.append(f"  {username:<10} {label:<6} {display}{'(' + where + ')' if where else ''}")
    return out
