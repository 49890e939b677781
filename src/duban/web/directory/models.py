"""The directory of a government: its units (with short names and aliases), the groups that
name many units at once (各乡镇人民政府), the leaders and what they oversee (分管), and people."""

from __future__ import annotations

from typing import Any

from django.db import models

from duban.web.common.models import AuditedModel


class GovernmentLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡镇"


class Government(AuditedModel):
    """The owner of a directory and of its plans: one 区/县/市 人民政府, with the name its
    supervision office goes by (督查室, 督考办…), which its documents and pages use."""

    name = models.CharField("政府名称", max_length=100, unique=True, help_text="如 示例区人民政府")
    region = models.CharField("行政区", max_length=60, unique=True, help_text="如 示例区")
    level = models.CharField("行政级别", max_length=10, choices=GovernmentLevel.choices,
                             default=GovernmentLevel.COUNTY)
    office_name = models.CharField("督查机构名称", max_length=60, default="督查室",
                                   help_text="如 督查室、督查考核办公室、督考办")

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "政府"

    def __str__(self) -> str:
        return self.name

    @property
    def office_title(self) -> str:
        """The office's full name as it signs: 示例区人民政府督查室; a name given in full
        (中共示例县委 示例县人民政府督查考核办公室) is kept as it is."""
        office = self.office_name.strip() or "督查室"
        if self.region and self.region in office or any(w in office for w in ("政府", "党委", "县委", "区委", "市委")):
            return office
        return f"{self.name}{office}"

    @property
    def addressee(self) -> str:
        """Whom its documents are sent to (主送), as a government of its level writes it."""
        short = (self.region or self.name)[-1:]  # 区, 县, 市, 旗, 镇, 乡, 省…
        if self.level == GovernmentLevel.PROVINCE:
            return "各市人民政府,省政府各部门、各直属机构:"
        if self.level == GovernmentLevel.CITY:
            return "各县(市、区)人民政府,市政府各部门、各直属机构:"
        if self.level == GovernmentLevel.TOWNSHIP:
            return f"各村(社区),{short}直各单位:"
        towns = "各乡镇人民政府、街道办事处" if short in ("区", "市") else "各乡镇人民政府"
        return f"{towns},{short}直各单位:"


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", "部门"
    TOWNSHIP = "township", "乡镇街道"
    PARK = "park", "园区"
    SOE = "soe", "国企"
    MASS = "mass", "群团"
    VERTICAL = "vertical", "垂管"


class Unit(AuditedModel):
    """A unit responsible for tasks: a department, a township or street, a park, a state firm…"""

    government = models.ForeignKey(Government, verbose_name="政府", on_delete=models.PROTECT, related_name="units")
    name = models.CharField("单位全称", max_length=100)
    kind = models.CharField("类别", max_length=20, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    parent = models.ForeignKey(
        "self", verbose_name="上级单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    active = models.BooleanField("在用", default=True)

    class Meta:
        ordering = ["government", "kind", "name"]
        verbose_name = verbose_name_plural = "单位"
        constraints = [
            models.UniqueConstraint(
                fields=["government", "name"], name="unit_unique_name",
                violation_error_message="同一政府下已有同名单位",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def audit_snapshot(self) -> dict[str, Any]:
        out = super().audit_snapshot()
        if self.pk:
            out["aliases"] = [a.name for a in self.aliases.all()]
        return out


class UnitAlias(AuditedModel):
    """Another name a plan may use for a unit: a short name (区发改局) or an old name."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="aliases")
    government = models.ForeignKey(Government, verbose_name="政府", on_delete=models.CASCADE, related_name="+")
    name = models.CharField("简称或别名", max_length=100)

    class Meta:
        ordering = ["unit", "name"]
        verbose_name = verbose_name_plural = "单位简称与别名"
        constraints = [
            models.UniqueConstraint(
                fields=["government", "name"], name="alias_unique_name",
                violation_error_message="该简称或别名已被其他单位使用",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.unit_id}"


class Group(AuditedModel):
    """A name for many units at once (各乡镇人民政府, 区直各单位): its members, and optionally
    every unit of one kind, so a new township joins 各乡镇人民政府 without editing the group."""

    government = models.ForeignKey(Government, verbose_name="政府", on_delete=models.PROTECT, related_name="groups")
    name = models.CharField("组名", max_length=100)
    member_kind = models.CharField("包含该类全部单位", max_length=20, choices=UnitKind.choices, blank=True)
    members = models.ManyToManyField(Unit, verbose_name="成员单位", blank=True, related_name="unit_groups")
    active = models.BooleanField("在用", default=True)

    class Meta:
        ordering = ["government", "name"]
        verbose_name = verbose_name_plural = "单位组"
        constraints = [
            models.UniqueConstraint(
                fields=["government", "name"], name="group_unique_name", violation_error_message="已有同名单位组"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def expand(self) -> models.QuerySet[Unit]:
        """The units this group stands for."""
        q = models.Q(pk__in=self.members.values("pk"))
        if self.member_kind:
            q |= models.Q(kind=self.member_kind)
        return Unit.objects.filter(q, government_id=self.government_id, active=True).distinct()


class Leader(AuditedModel):
    """A government leader and the units they oversee (分管)."""

    government = models.ForeignKey(Government, verbose_name="政府", on_delete=models.PROTECT, related_name="leaders")
    name = models.CharField("姓名", max_length=40)
    title = models.CharField("职务", max_length=60, blank=True, help_text="如 常务副区长")
    units = models.ManyToManyField(Unit, verbose_name="分管单位", blank=True, related_name="leaders")
    position = models.PositiveIntegerField("排序", default=0)
    active = models.BooleanField("在用", default=True, help_text="离任后停用:记录保留,方案中的名字仍能读出")

    class Meta:
        ordering = ["government", "position", "name"]
        verbose_name = verbose_name_plural = "领导"
        constraints = [
            models.UniqueConstraint(
                fields=["government", "name"], name="leader_unique_name", violation_error_message="已有同名领导"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.title})" if self.title else self.name

    def audit_snapshot(self) -> dict[str, Any]:
        out = super().audit_snapshot()
        if self.pk:
            out["units"] = sorted(u.pk for u in self.units.all())
        return out


class Person(AuditedModel):
    """Someone named in a plan (责任人) or a unit's contact for supervision (联络员)."""

    government = models.ForeignKey(Government, verbose_name="政府", on_delete=models.PROTECT, related_name="people")
    unit = models.ForeignKey(Unit, verbose_name="单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
    name = models.CharField("姓名", max_length=40)
    role = models.CharField("身份", max_length=40, blank=True, help_text="如 责任人、联络员、分管负责人")
    post = models.CharField("职务", max_length=60, blank=True, help_text="如 办公室主任")
    phone = models.CharField("办公电话", max_length=40, blank=True)
    mobile = models.CharField("手机", max_length=40, blank=True)
    active = models.BooleanField("在用", default=True)

    class Meta:
        ordering = ["government", "unit", "name"]
        verbose_name = verbose_name_plural = "人员"

    def __str__(self) -> str:
        return self.name
