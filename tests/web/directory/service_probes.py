"""The directory's rows of the service permission matrix (tests/web/service_matrix.py)."""

from __future__ import annotations

from typing import Any

from duban.web.directory import services as ds
from tests.web.service_matrix import OFFICES, Probe, the_world


def _group(p: Any) -> Any:
    from duban.web.directory.models import Group

    return the_world(p, group=Group.objects.get(government=p.w.gov, name="各乡镇人民政府"))


def _unreferenced_unit(p: Any) -> Any:
    from duban.web.common.permissions import SYSTEM

    return ds.create_unit(actor=SYSTEM, government=p.w.gov, name="示例区档案馆")


def _workbook(p: Any) -> Any:
    return the_world(p, data=ds.export_xlsx(p.w.gov))


DIRECTORY_PROBES: dict[str, Probe] = {
    "directory.create_government": Probe(the_world, lambda a, m: ds.create_government(
        actor=a, name="新区人民政府", region="新区"), frozenset({"province", "system"})),
    "directory.create_unit": Probe(the_world, lambda a, m: ds.create_unit(actor=a, government=m.gov, name="示例区档案馆"),
                                   OFFICES),
    "directory.update_unit": Probe(the_world, lambda a, m: ds.update_unit(
        actor=a, unit=m.nyj, name="示例区农业农村局(乡村振兴局)"), OFFICES),
    "directory.add_alias": Probe(the_world, lambda a, m: ds.add_alias(actor=a, unit=m.fgj, name="发改"), OFFICES),
    "directory.create_group": Probe(the_world, lambda a, m: ds.create_group(
        actor=a, government=m.gov, name="区直相关部门", members=[m.fgj]), OFFICES),
    "directory.update_group": Probe(_group, lambda a, m: ds.update_group(
        actor=a, group=m.group, expected_version=None, name="各镇人民政府", members=[], member_kind="township"),
                                    OFFICES),
    "directory.create_leader": Probe(the_world, lambda a, m: ds.create_leader(
        actor=a, government=m.gov, name="李华", title="副区长", units=[m.nyj]), OFFICES),
    "directory.update_leader": Probe(the_world, lambda a, m: ds.update_leader(
        actor=a, leader=m.leader, expected_version=None, name="王明", title="区长", units=[m.fgj]), OFFICES),
    "directory.set_leader_units": Probe(the_world, lambda a, m: ds.set_leader_units(
        actor=a, leader=m.leader, units=[m.fgj, m.nyj]), OFFICES),
    "directory.create_person": Probe(the_world, lambda a, m: ds.create_person(
        actor=a, government=m.gov, name="周联络", unit=m.tjj, mobile="13900000009"), OFFICES),
    "directory.update_person": Probe(the_world, lambda a, m: ds.update_person(
        actor=a, person=m.person, expected_version=None, mobile="13900000001"), OFFICES | {"liaison", "head"},
                                     note="a unit keeps its own contacts current"),
    "directory.set_active": Probe(the_world, lambda a, m: ds.set_active(actor=a, obj=m.person, active=False), OFFICES,
                                  note="retiring is the office's, even of a unit's own contact"),
    "directory.delete_entry": Probe(_unreferenced_unit, lambda a, m: ds.delete_entry(actor=a, obj=m), OFFICES),
    "directory.apply_resolution": Probe(the_world, lambda a, m: ds.apply_resolution(
        actor=a, government=m.gov, decisions={"区新设单位": ("new", "department")}), OFFICES),
    "directory.import_xlsx": Probe(_workbook, lambda a, m: ds.import_xlsx(actor=a, government=m.gov, data=m.data),
                                   OFFICES),
}
