"""The plan document `duban.plan/1`: one shape for a 责任分解方案, whatever it was read from.

The reader writes it, the drafter writes it, the web application imports and exports it.
Fields mirror ../shared/contract/README.md; extra fields (`value_text`, `value_max`,
`direction`, `suggestions`) are allowed by the contract and only written when they carry something.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

FORMAT = "duban.plan/1"

Kind = Literal["target", "task"]
Measure = Literal["growth", "level", "count", "ratio"]
Comparator = Literal[">=", "<=", "~", "="]


@dataclass
class Indicator:
    """A quantified commitment found in a task's text, with the words it came from."""

    text: str
    metric: str
    measure: Measure
    value: float
    unit: str
    comparator: Comparator = "="
    value_max: float | None = None
    value_text: str = ""  # the number as printed ("4.5 万亩"), beside the resolved value
    direction: str = ""  # "down" for a decline (能耗下降3%: less is the goal), else ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "metric": self.metric,
            "measure": self.measure,
            "value": self.value,
            "unit": self.unit,
            "comparator": self.comparator,
        }
        if self.value_max is not None:
            out["value_max"] = self.value_max
        if self.value_text:
            out["value_text"] = self.value_text
        if self.direction:
            out["direction"] = self.direction
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Indicator:
        vmax = d.get("value_max")
        return cls(
            text=str(d.get("text", "")),
            metric=str(d.get("metric", "")),
            measure=d.get("measure", "level"),
            value=float(d["value"]),
            unit=str(d.get("unit", "")),
            comparator=d.get("comparator", "="),
            value_max=float(vmax) if vmax is not None else None,
            value_text=str(d.get("value_text", "")),
            direction="down" if d.get("direction") == "down" else "",
        )


@dataclass
class Suggestion:
    """One ranked candidate unit, with the reasons that put it there."""

    unit: str
    score: float
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"unit": self.unit, "score": round(self.score, 4)}
        if self.reasons:
            out["reasons"] = self.reasons
        return out


@dataclass
class Section:
    """A heading of the plan: a numbered part, a (一) group, a "——" or unnumbered sub-head."""

    id: str
    title: str
    parent: str | None = None
    number: str | None = None
    leaders: list[str] = field(default_factory=list)
    general_lead_units: list[str] = field(default_factory=list)
    lines: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "parent": self.parent,
            "number": self.number,
            "title": self.title,
            "leaders": list(self.leaders),
            "general_lead_units": list(self.general_lead_units),
        }
        if self.lines is not None:
            out["lines"] = list(self.lines)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Section:
        lines = d.get("lines")
        return cls(
            id=str(d["id"]),
            title=str(d.get("title") or ""),
            parent=d.get("parent"),
            number=d.get("number"),
            leaders=list(d.get("leaders") or []),
            general_lead_units=list(d.get("general_lead_units") or []),
            lines=(int(lines[0]), int(lines[1])) if lines else None,
        )


@dataclass
class Task:
    """One numbered target (主要预期目标) or task (重点工作) with who answers for it."""

    id: str
    text: str
    number: str | None = None
    section: str | None = None
    kind: Kind = "task"
    starred: bool = False
    leaders: list[str] = field(default_factory=list)
    lead_units: list[str] = field(default_factory=list)
    cooperating_units: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    deadline: str | None = None
    indicators: list[Indicator] = field(default_factory=list)
    lines: tuple[int, int] = (0, 0)
    suggestions: dict[str, list[Suggestion]] | None = None
    lead_unconfirmed: bool = False  # the lead unit is a suggestion given with little confidence (待确认)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "section": self.section,
            "number": self.number,
            "kind": self.kind,
            "starred": self.starred,
            "text": self.text,
            "leaders": list(self.leaders),
            "lead_units": list(self.lead_units),
            "cooperating_units": list(self.cooperating_units),
            "persons": list(self.persons),
            "deadline": self.deadline,
            "indicators": [i.to_dict() for i in self.indicators],
            "lines": list(self.lines),
        }
        if self.suggestions is not None:
            out["suggestions"] = {
                role: [s.to_dict() for s in ranked] for role, ranked in self.suggestions.items()
            }
        if self.lead_unconfirmed:
            out["lead_unconfirmed"] = True
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Task:
        lines = d.get("lines") or [0, 0]
        sugg = d.get("suggestions")
        return cls(
            id=str(d["id"]),
            text=str(d.get("text") or ""),
            number=d.get("number"),
            section=d.get("section"),
            kind="target" if d.get("kind") == "target" else "task",
            starred=bool(d.get("starred")),
            leaders=list(d.get("leaders") or []),
            lead_units=list(d.get("lead_units") or []),
            cooperating_units=list(d.get("cooperating_units") or []),
            persons=list(d.get("persons") or []),
            deadline=d.get("deadline"),
            indicators=[Indicator.from_dict(i) for i in d.get("indicators") or []],
            lines=(int(lines[0]), int(lines[-1])),
            suggestions=(
                {
                    role: [
                        Suggestion(
                            unit=str(s["unit"] if isinstance(s, dict) else s),
                            score=float(s.get("score", 0.0)) if isinstance(s, dict) else 0.0,
                            reasons=list(s.get("reasons") or []) if isinstance(s, dict) else [],
                        )
                        for s in ranked
                    ]
                    for role, ranked in sugg.items()
                }
                if isinstance(sugg, dict)
                else None
            ),
            lead_unconfirmed=bool(d.get("lead_unconfirmed")),
        )


@dataclass
class Warning:
    """Something the reader could not read cleanly, with the input lines it concerns."""

    lines: tuple[int, int]
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"lines": list(self.lines), "message": self.message}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Warning:
        lines = d.get("lines") or [0, 0]
        return cls(lines=(int(lines[0]), int(lines[-1])), message=str(d.get("message", "")))


@dataclass
class Plan:
    """A whole decomposition plan: its headings, its tasks and what could not be read."""

    title: str | None = None
    region: str | None = None
    year: int | None = None
    issuer: str | None = None
    sections: list[Section] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    source: str | None = None  # file name it was read from, when read from a file

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": FORMAT,
            "title": self.title,
            "region": self.region,
            "year": self.year,
            "issuer": self.issuer,
            "sections": [s.to_dict() for s in self.sections],
            "tasks": [t.to_dict() for t in self.tasks],
            "warnings": [w.to_dict() for w in self.warnings],
        }
        if self.source is not None:
            out["source"] = self.source
        return out

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Plan:
        if d.get("format") not in (FORMAT, None):
            raise ValueError(f"不是 {FORMAT} 文档(format = {d.get('format')!r})")
        year = d.get("year")
        return cls(
            title=d.get("title"),
            region=d.get("region"),
            year=int(year) if year is not None else None,
            issuer=d.get("issuer"),
            sections=[Section.from_dict(s) for s in d.get("sections") or []],
            tasks=[Task.from_dict(t) for t in d.get("tasks") or []],
            warnings=[Warning.from_dict(w) for w in d.get("warnings") or []],
            source=d.get("source"),
        )

    @classmethod
    def from_json(cls, text: str) -> Plan:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("计划文档必须是 JSON 对象")
        return cls.from_dict(data)

    def section_by_id(self, section_id: str | None) -> Section | None:
        for s in self.sections:
            if s.id == section_id:
                return s
        return None
