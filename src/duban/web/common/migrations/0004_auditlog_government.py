from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import migrations, models

# As common.services.government_of at the time of writing (a migration keeps its own copy).
TOWARDS_GOVERNMENT = ("government", "unit", "plan", "leader", "round", "task", "report", "impl_plan",
                      "change_request", "link", "user")


def _government_of(obj: Any, depth: int = 0) -> Any:
    if obj is None or depth > 4:
        return None
    if obj._meta.label_lower == "directory.government":
        return obj.pk
    for name in TOWARDS_GOVERNMENT:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not (field.many_to_one or field.one_to_one) or not field.concrete:
            continue
        related_id = getattr(obj, field.attname)
        if related_id is None:
            continue
        if name == "government":
            return related_id
        try:
            found = _government_of(getattr(obj, name), depth + 1)
        except Exception:  # noqa: BLE001 — a row gone since: try the next way
            found = None
        if found is not None:
            return found
    return None


def file_rows_under_their_government(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Each existing row under the government of what it names (or, when that is gone, of the
    person who acted); rows of neither stay None, read by a province-wide office only."""
    AuditLog = apps.get_model("common", "AuditLog")
    User = apps.get_model("accounts", "User")
    by_type: dict[str, list[tuple[int, str, Any]]] = {}
    for pk, otype, oid, actor_id in AuditLog.objects.values_list("pk", "object_type", "object_id", "actor_id"):
        by_type.setdefault(otype, []).append((pk, oid, actor_id))
    users: dict[Any, Any] = {}

    def user_government(**lookup: Any) -> Any:
        key = tuple(lookup.items())
        if key not in users:
            users[key] = _government_of(User.objects.filter(**lookup).first())
        return users[key]

    filed: dict[Any, list[int]] = {}
    for otype, rows in by_type.items():
        try:
            model = apps.get_model(otype) if "." in otype else None
        except LookupError:
            model = None
        ids = {int(oid) for _pk, oid, _a in rows if oid.isdigit()}
        objects = model._base_manager.in_bulk(list(ids)) if model is not None and ids else {}
        for pk, oid, actor_id in rows:
            gid = _government_of(objects.get(int(oid))) if oid.isdigit() else None
            if gid is None and otype == "accounts.user" and oid and not oid.isdigit():
                gid = user_government(username=oid)  # a lock-out names the user by name
            if gid is None and actor_id:
                gid = user_government(pk=actor_id)
            if gid is not None:
                filed.setdefault(gid, []).append(pk)
    for gid, pks in filed.items():
        for start in range(0, len(pks), 500):
            AuditLog.objects.filter(pk__in=pks[start:start + 500]).update(government_id=gid)


class Migration(migrations.Migration):

    dependencies = [
        ("common", "0003_dataversion_scope"),
        ("accounts", "0001_initial"),
        ("directory", "0002_retire_and_post"),
        ("plans", "0001_initial"),
        # Not on cycle and documents: their rows are looked up when their models are there (an
        # installation being upgraded has them); otherwise a row is filed by its actor.
    ]

    operations = [
        migrations.AddField(
            model_name="auditlog",
            name="government_id",
            field=models.BigIntegerField(blank=True, db_index=True, null=True, verbose_name="政府"),
        ),
        migrations.RunPython(file_rows_under_their_government, migrations.RunPython.noop),
    ]
