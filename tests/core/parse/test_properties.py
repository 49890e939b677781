"""Properties over generated input: the reader never crashes, and never loses a numbered task."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.core.errors import NoPlanError
from duban.core.parse import parse_text

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
PUNCT = st.sampled_from(list("、,;:。()()〔〕★—-1234567890一二三 \t"))
TEXT = st.text(st.one_of(CJK, PUNCT, st.characters()), max_size=400)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_arbitrary_text_gives_a_plan_or_a_clear_no_plan(text: str) -> None:
    try:
        plan = parse_text(text)
    except NoPlanError as exc:
        assert exc.reason
        return
    assert plan.tasks


UNIT = st.sampled_from(["区发改局", "区财政局", "区科经局", "区商务局", "各乡镇办场", "区委人才办(区委组织部)", "区住建局"])
WORDS = st.text(CJK, min_size=4, max_size=60)


@st.composite
def plans(draw: st.DrawFn) -> tuple[str, int]:
    n = draw(st.integers(min_value=1, max_value=25))
    lines = ["示例区2025年重点工作任务责任分解方案", "一、重点工作"]
    for i in range(1, n + 1):
        if draw(st.booleans()) and i > 1 and i % 5 == 0:
            lines.append(f"({'一二三四五六'[i // 5 - 1]}){draw(WORDS)}")
        lead = draw(UNIT)
        coop = draw(st.lists(UNIT, max_size=3))
        sep = draw(st.sampled_from([".", "、", "."]))
        note = f"(牵头单位:{lead}" + (f";责任单位:{'、'.join(coop)}" if coop else "") + ")"
        star = "★" if draw(st.booleans()) else ""
        lines.append(f"{i}{sep}{star}{draw(WORDS)}。{note}")
    return "\n".join(lines), n


@settings(max_examples=150, deadline=None)
@given(plans())
def test_every_numbered_task_line_becomes_a_task(case: tuple[str, int]) -> None:
    text, n = case
    plan = parse_text(text)
    assert [t.number for t in plan.tasks] == [str(i) for i in range(1, n + 1)]
    assert all(t.lead_units for t in plan.tasks)
