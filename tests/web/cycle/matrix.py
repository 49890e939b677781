"""The cycle's rows of the permission matrix (tests/web/project/test_permission_matrix.py merges
them): every page and endpoint × anonymous, viewer, wrong unit, right unit (liaison, head),
leader, office. The objects a probe needs are made on demand through the services.

Where a page and an endpoint share a path (GET and PUT), the matrix probes the GET; the writes
are pinned in tests/web/cycle/test_api.py and test_views.py. The upload endpoint takes
multipart data, which the matrix does not send (422 for everyone signed in); its permissions are
pinned in test_api.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LOGIN = 302
Probe = tuple[str, Callable[[Any], dict[str, Any]], Callable[[Any], Any] | None, list[int]]
PAGE_ALL = [LOGIN, 200, 200, 200, 200, 200, 200]
API_ALL = [401, 200, 200, 200, 200, 200, 200]
OFFICE_ONLY_WRITE = [LOGIN, 403, 403, 403, 403, 403, 302]


def rnd(w: Any) -> Any:
    """The open first quarter (shared with the documents' rows when both need it)."""
    from duban.web.cycle import services as cs
    from duban.web.cycle.models import Round

    r = Round.objects.filter(plan=w.plan, number=1, kind="quarterly").first()
    if r is None:
        r = cs.create_round(actor=w.users["office"], plan=w.plan, kind="quarterly", number=1)
    if r.state != "open":
        r = cs.open_round(actor=w.users["office"], round=r)
    return r


def rep(w: Any, submitted: bool = False) -> Any:
    from duban.web.cycle import services as cs

    r = cs.start_report(actor=w.users["liaison"], round=rnd(w), task=w.task_a, unit=w.units["fgj"])
    if submitted and not r.is_locked:
        r = cs.submit_report(actor=w.users["liaison"], report=r, expected_version=r.version,
                             data={"status": "on_track", "summary": "推进"})
    return r


def att(w: Any) -> Any:
    from duban.web.cycle import services as cs
    from tests.web.cycle.test_views import png_bytes

    return cs.add_attachment(actor=w.users["liaison"], report=rep(w), name="现场.png", data=png_bytes())


def ip(w: Any, submitted: bool = False) -> Any:
    from duban.web.cycle import services as cs

    p = cs.start_impl_plan(actor=w.users["liaison"], task=w.task_a, unit=w.units["fgj"])
    if submitted:
        p = cs.save_impl_plan(actor=w.users["liaison"], impl_plan=p, expected_version=p.version,
                              leader_in_charge="李副局长", items=[{"content": "谋划", "month": 3}])
        p = cs.submit_impl_plan(actor=w.users["liaison"], impl_plan=p)
    return p


def cr(w: Any) -> Any:
    from duban.web.cycle import services as cs

    return cs.request_change(actor=w.users["liaison"], task=w.task_a, unit=w.units["fgj"], kind="appeal",
                             reason="不可抗力")


def ins(w: Any) -> Any:
    from duban.web.cycle import services as cs

    return cs.give_instruction(actor=w.users["leader"], task=w.task_a, unit=w.units["fgj"], text="抓紧推进")


def insp(w: Any) -> Any:
    from duban.web.cycle import services as cs

    return cs.mark_inspection(actor=w.users["office"], task=w.task_a, unit=w.units["fgj"], kind="unannounced")


def failed_reminder(w: Any) -> Any:
    """A reminder whose e-mail failed: made by the scheduler against a closed SMTP port."""
    from django.test import override_settings

    from duban.web.cycle import reminders as rm
    from duban.web.cycle import services as cs
    from duban.web.cycle.models import EmailState, Reminder
    from tests.web.cycle.smtp import free_port

    found = Reminder.objects.filter(email_state=EmailState.FAILED).first()
    if found:
        return found
    rnd(w)
    cs.save_roster_entry(actor=w.users["liaison"], unit=w.units["fgj"], slot="liaison", name="陈晓",
                         email="chenxiao@fgj.example.cn")
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
                           EMAIL_PORT=free_port(), EMAIL_USE_TLS=False, EMAIL_TIMEOUT=2, DUBAN_EMAIL_ENABLED=True,
                           DUBAN_EMAIL_MAX_ATTEMPTS=1):
        rm.run_due_reminders(cs.round_dates(w.plan.year, "quarterly", 1)[3])
    return Reminder.objects.get(email_state=EmailState.FAILED, unit=w.units["fgj"])


def _none(w: Any) -> dict[str, Any]:
    return {}


def robot(w: Any) -> Any:
    """A group robot of the world's office (nothing listens at its address: a try fails, recorded)."""
    from duban.web.cycle.models import DeliveryChannel

    if not hasattr(w, "_robot"):
        w._robot = DeliveryChannel.objects.create(government=w.gov, kind="wecom", name="区直单位督办群",
                                                  url="http://127.0.0.1:9/cgi-bin/webhook/send?key=x")
    return w._robot


def liaison_notice(w: Any) -> dict[str, Any]:
    """A notice to the 发改局 liaison: only they may open it."""
    from duban.web.cycle.models import Notification

    if not hasattr(w, "_notice"):
        w._notice = Notification.objects.create(user=w.users["liaison"], text="测试通知", url="/cycle/")
    return {"pk": w._notice.pk}


CYCLE_MATRIX: dict[str, list[Probe]] = {
    # pages            roles: anonymous, viewer, wrong_liaison, liaison, head, leader, office
    "cycle:index": [("get", _none, None, PAGE_ALL)],
    "cycle:rules": [("get", _none, None, PAGE_ALL)],
    "cycle:roster": [("get", _none, None, PAGE_ALL)],
    "cycle:change_list": [("get", _none, None, PAGE_ALL)],
    "cycle:instruction_list": [("get", _none, None, PAGE_ALL)],
    "cycle:notifications": [("get", _none, None, PAGE_ALL)],
    "cycle:unread": [("get", _none, None, PAGE_ALL)],
    "cycle:notification_open": [("get", liaison_notice, None, [LOGIN, 404, 404, 302, 404, 404, 404])],
    "cycle:reminder_list": [("get", _none, None, [LOGIN, 403, 403, 403, 403, 403, 200])],
    "cycle:round_submit_all": [("post", lambda w: {"pk": rnd(w).pk}, None, [LOGIN, 403, 302, 302, 302, 403, 403])],
    "cycle:round_queue": [("get", lambda w: {"pk": rnd(w).pk}, None, [LOGIN, 403, 403, 403, 403, 403, 200])],
    "cycle:todo": [("get", _none, None, PAGE_ALL)],
    "cycle:round_chase": [("get", lambda w: {"pk": rnd(w).pk}, None, [LOGIN, 403, 403, 403, 403, 403, 200])],
    "cycle:channel_list": [("get", _none, None, [LOGIN, 403, 403, 403, 403, 403, 200]),
                           ("post", _none, lambda w: {"kind": "wecom", "name": "测试群",
                                                      "url": "http://127.0.0.1:9/cgi-bin/webhook/send?key=x",
                                                      "active": "1"},
                            [LOGIN, 403, 403, 403, 403, 403, 302])],
    "cycle:channel_try": [("post", lambda w: {"pk": robot(w).pk}, None, [LOGIN, 403, 403, 403, 403, 403, 302])],
    # who may not see the reminder is told nothing (404); who may see it but not send it, 403
    "cycle:reminder_retry": [("post", lambda w: {"pk": failed_reminder(w).pk}, None,
                              [LOGIN, 404, 404, 403, 403, 403, 302])],
    "cycle:round_create": [("post", lambda w: {"plan_pk": w.plan.pk}, lambda w: {"kind": "quarterly", "number": 2},
                            OFFICE_ONLY_WRITE)],
    "cycle:plan_calendar": [("post", lambda w: {"plan_pk": w.plan.pk}, lambda w: {"remind_days": "5、1"},
                             OFFICE_ONLY_WRITE)],
    "cycle:round_detail": [("get", lambda w: {"pk": rnd(w).pk}, None, PAGE_ALL)],
    "cycle:round_mine": [("get", lambda w: {"pk": rnd(w).pk}, None, [LOGIN, 302, 200, 200, 200, 302, 302])],
    "cycle:round_extend": [("post", lambda w: {"pk": rnd(w).pk},
                            lambda w: {"unit": w.units["fgj"].pk, "due_date": "2026-05-10", "reason": "机构改革"},
                            OFFICE_ONLY_WRITE)],
    "cycle:round_state": [("post", lambda w: {"pk": rnd(w).pk, "action": "close"}, None, OFFICE_ONLY_WRITE)],
    "cycle:report_start": [("post", lambda w: {"pk": rnd(w).pk, "task_pk": w.task_a.pk}, None,
                            [LOGIN, 403, 404, 302, 302, 403, 403])],
    "cycle:report_detail": [("get", lambda w: {"pk": rep(w).pk}, None, [LOGIN, 200, 404, 200, 200, 200, 200]),
                            ("post", lambda w: {"pk": rep(w).pk},
                             lambda w: {"version": rep(w).version, "summary": "改", "action": "save"},
                             [LOGIN, 403, 404, 302, 302, 403, 302])],
    "cycle:report_review": [("post", lambda w: {"pk": rep(w, submitted=True).pk}, lambda w: {"decision": "accept"},
                             [LOGIN, 403, 404, 403, 403, 403, 302])],
    "cycle:report_inspect": [("post", lambda w: {"pk": rep(w).pk}, lambda w: {"kind": "onsite"},
                              [LOGIN, 403, 404, 403, 403, 403, 302])],
    "cycle:attachment": [("get", lambda w: {"pk": att(w).pk}, None, [LOGIN, 200, 404, 200, 200, 200, 200])],
    "cycle:attachment_delete": [("post", lambda w: {"pk": att(w).pk}, None, [LOGIN, 403, 404, 302, 302, 403, 302])],
    "cycle:inspection_detail": [("get", lambda w: {"pk": insp(w).pk}, None, [LOGIN, 404, 404, 404, 404, 404, 200])],
    "cycle:impl_start": [("post", lambda w: {"task_pk": w.task_a.pk}, None, [LOGIN, 403, 404, 302, 302, 403, 403])],
    "cycle:impl_detail": [("get", lambda w: {"pk": ip(w).pk}, None, [LOGIN, 200, 404, 200, 200, 200, 200])],
    "cycle:change_new": [("get", lambda w: {"task_pk": w.task_a.pk}, None, [LOGIN, 403, 404, 200, 200, 403, 403])],
    "cycle:change_detail": [("get", lambda w: {"pk": cr(w).pk}, None, [LOGIN, 404, 404, 200, 200, 200, 200])],
    "cycle:instruction_new": [("get", lambda w: {"task_pk": w.task_a.pk}, None, [LOGIN, 403, 404, 403, 403, 200, 200])],
    "cycle:instruction_detail": [("get", lambda w: {"pk": ins(w).pk}, None, [LOGIN, 200, 404, 200, 200, 200, 200])],
    # the API
    "api:list_rounds": [("get", _none, None, API_ALL)],
    "api:create_round": [("post", lambda w: {"plan_id": w.plan.pk}, lambda w: {"kind": "quarterly", "number": 2},
                          [401, 403, 403, 403, 403, 403, 201])],
    "api:open_round": [("post", lambda w: {"round_id": rnd(w).pk}, lambda w: {}, [401, 403, 403, 403, 403, 403, 400])],
    "api:close_round": [("post", lambda w: {"round_id": rnd(w).pk}, lambda w: {}, [401, 403, 403, 403, 403, 403, 200])],
    "api:extend_round": [("post", lambda w: {"round_id": rnd(w).pk},
                          lambda w: {"unit_id": w.units["fgj"].pk, "due_date": "2026-05-10", "reason": "机构改革"},
                          [401, 403, 403, 403, 403, 403, 200])],
    "api:lights": [("get", lambda w: {"round_id": rnd(w).pk}, None, API_ALL)],
    "api:overdue": [("get", lambda w: {"round_id": rnd(w).pk}, None, API_ALL)],
    "api:list_reports": [("get", lambda w: {"round_id": rnd(w).pk}, None, API_ALL)],
    "api:queue": [("get", lambda w: {"round_id": rnd(w).pk}, None, [401, 403, 403, 403, 403, 403, 200])],
    "api:submit_all": [("post", lambda w: {"round_id": rnd(w).pk}, None, [401, 403, 200, 200, 200, 403, 403])],
    "api:chase": [("post", lambda w: {"round_id": rnd(w).pk},
                   lambda w: {"unit_ids": [w.units["nyj"].pk], "message": "请报送", "email": False},
                   [401, 403, 403, 403, 403, 403, 200])],
    "api:start_report": [("post", lambda w: {"round_id": rnd(w).pk, "task_id": w.task_a.pk}, None,
                          [401, 403, 400, 201, 201, 403, 403])],  # the wrong unit: 不承担该任务
    "api:get_report": [("get", lambda w: {"report_id": rep(w).pk}, None, [401, 200, 404, 200, 200, 200, 200])],
    "api:save_report": [("patch", lambda w: {"report_id": rep(w).pk},
                         lambda w: {"version": rep(w).version, "summary": "改"}, [401, 403, 404, 200, 200, 403, 200])],
    "api:submit_report": [("post", lambda w: {"report_id": rep(w).pk},
                           lambda w: {"version": rep(w).version, "status": "on_track", "summary": "推进"},
                           [401, 403, 404, 200, 200, 403, 200])],
    "api:review_report": [("post", lambda w: {"report_id": rep(w, submitted=True).pk}, lambda w: {"accept": True},
                           [401, 403, 404, 403, 403, 403, 200])],
    "api:consolidate": [("post", lambda w: {"report_id": rep(w).pk}, lambda w: {},
                         [401, 403, 404, 400, 400, 403, 400])],  # 400: no cooperating part to consolidate yet
    "api:upload": [("post", lambda w: {"report_id": rep(w).pk}, None, [401, 422, 422, 422, 422, 422, 422])],
    "api:download": [("get", lambda w: {"attachment_id": att(w).pk}, None, [401, 200, 404, 200, 200, 200, 200])],
    "api:start_impl": [("post", lambda w: {"task_id": w.task_a.pk}, None, [401, 403, 404, 201, 201, 403, 403])],
    "api:get_impl": [("get", lambda w: {"impl_id": ip(w).pk}, None, [401, 200, 404, 200, 200, 200, 200])],
    "api:save_impl": [("get", lambda w: {"impl_id": ip(w).pk}, None, [401, 200, 404, 200, 200, 200, 200])],
    "api:submit_impl": [("post", lambda w: {"impl_id": ip(w).pk}, lambda w: {},
                         [401, 403, 404, 400, 400, 403, 400])],  # 400: no work item yet
    "api:review_impl": [("post", lambda w: {"impl_id": ip(w, submitted=True).pk}, lambda w: {"accept": True},
                         [401, 403, 404, 403, 403, 403, 200])],
    "api:list_roster": [("get", _none, None, API_ALL)],
    "api:put_roster": [("get", _none, None, API_ALL)],
    "api:list_changes": [("get", _none, None, API_ALL)],
    "api:request_change": [("post", lambda w: {"task_id": w.task_a.pk}, lambda w: {"kind": "appeal", "reason": "不可抗力"},
                            [401, 403, 404, 201, 201, 403, 403])],
    "api:decide_change": [("post", lambda w: {"change_id": cr(w).pk}, lambda w: {"approve": False, "decision": "不符合"},
                           [401, 404, 404, 403, 403, 403, 200])],
    "api:list_instructions": [("get", _none, None, API_ALL)],
    "api:give_instruction": [("post", lambda w: {"task_id": w.task_a.pk},
                              lambda w: {"unit_id": w.units["fgj"].pk, "text": "抓紧"},
                              [401, 403, 404, 403, 403, 201, 201])],
    "api:answer_instruction": [("post", lambda w: {"instruction_id": ins(w).pk}, lambda w: {"text": "已召开专题会"},
                                [401, 403, 404, 200, 200, 403, 200])],
    "api:close_instruction": [("post", lambda w: {"instruction_id": ins(w).pk}, lambda w: {},
                               [401, 403, 404, 403, 403, 400, 400])],  # 400: the unit has not answered yet
    "api:mark_inspection": [("post", _none, lambda w: {"report_id": rep(w).pk}, [401, 403, 404, 403, 403, 403, 201])],
    "api:findings": [("post", lambda w: {"inspection_id": insp(w).pk}, lambda w: {"findings": "现场已开工"},
                      [401, 404, 404, 404, 404, 404, 200])],
    "api:list_reminders": [("get", _none, None, API_ALL)],
    "api:list_notifications": [("get", _none, None, API_ALL)],
    "api:read_notifications": [("post", _none, lambda w: {}, API_ALL)],
}
