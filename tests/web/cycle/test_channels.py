"""Each 催办 channel against a real server on loopback: the SMS gateway and the 企业微信, 钉钉 and
政务钉钉 robots get the request they expect (fields, @mentions, 加签), and a refusal, an HTTP
error or a server that is not there is a DeliveryError with its reason, never a silent loss."""

from __future__ import annotations

from typing import Any

import pytest

from duban.web.cycle.channels import (
    DeliveryError,
    DingTalkRobot,
    EmailChannel,
    Outgoing,
    SmsGateway,
    WeComRobot,
    dingtalk_signature,
    mobiles_of,
    send_all,
)
from tests.web.cycle.smtp import free_port, point_django_at, smtp_server
from tests.web.cycle.webhook import webhook_server

MSG = Outgoing("【催办】示例区民政局逾期3天", "示例区民政局:2026年第一季度完成情况已逾期3天,请立即报送。",
               emails=("mzj@example.gov.cn",), mobiles=("13900000001", "13900000002"))


def test_the_sms_gateway_gets_the_numbers_and_the_signed_text() -> None:
    with webhook_server() as hook:
        hook.answer = {"code": 0, "message": "accepted"}
        gw = SmsGateway(hook.url("/sms/send"), token="k-123", sign="示例区督查室", mobiles_field="phones",
                        text_field="text")
        assert gw.send(MSG) == "已提交 2 个号码"
        hit = hook.hits[0]
        assert hit.path == "/sms/send" and hit.headers["authorization"] == "Bearer k-123"
        assert hit.body == {"phones": ["13900000001", "13900000002"],
                            "text": "【示例区督查室】示例区民政局:2026年第一季度完成情况已逾期3天,请立即报送。"}
        hook.answer = {"code": "E-40", "message": "余额不足"}
        with pytest.raises(DeliveryError, match="余额不足"):
            gw.send(MSG)
        hook.status, hook.answer = 500, {}
        with pytest.raises(DeliveryError, match="500"):
            gw.send(MSG)
    with pytest.raises(DeliveryError, match="没有手机号码"):
        SmsGateway("http://127.0.0.1:1/").send(Outgoing("s", "t"))


def test_the_wecom_robot_gets_a_text_with_mentions_cut_to_its_limit() -> None:
    with webhook_server() as hook:
        robot = WeComRobot(hook.url("/cgi-bin/webhook/send", key="wx-key"))
        assert robot.send(MSG) == "ok"
        hit = hook.hits[0]
        assert hit.query == {"key": "wx-key"} and hit.body["msgtype"] == "text"
        assert hit.body["text"]["mentioned_mobile_list"] == ["13900000001", "13900000002"]
        robot.send(Outgoing("s", "单位" * 2000))
        assert len(hook.hits[1].body["text"]["content"].encode("utf-8")) <= 2000
        assert hook.hits[1].body["text"]["content"].endswith("详见督办系统)")
        hook.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
        with pytest.raises(DeliveryError, match="企业微信拒收.*93000"):
            robot.send(MSG)


@pytest.mark.parametrize("label", ["钉钉群", "政务钉钉群"])
def test_a_dingtalk_robot_gets_a_signed_request(label: str) -> None:
    with webhook_server() as hook:
        robot = DingTalkRobot(hook.url("/robot/send", access_token="dd-token"), secret="SECabc", label=label,
                              now_ms=lambda: 1767225600000)
        assert robot.send(MSG) == "ok"
        hit = hook.hits[0]
        assert hit.query["access_token"] == "dd-token" and hit.query["timestamp"] == "1767225600000"
        assert hit.query["sign"] == dingtalk_signature("SECabc", "1767225600000")  # as the robot checks it
        assert hit.body["at"] == {"atMobiles": ["13900000001", "13900000002"], "isAtAll": False}
        assert hit.body["text"]["content"].endswith("@13900000001@13900000002")
        hook.answer = {"errcode": 310000, "errmsg": "sign not match"}
        with pytest.raises(DeliveryError, match="sign not match"):
            robot.send(MSG)
        unsigned = DingTalkRobot(hook.url("/robot/send", access_token="t2"))
        hook.answer = {"errcode": 0, "errmsg": "ok"}
        unsigned.send(MSG)
        assert "sign" not in hook.hits[-1].query


def test_a_robot_that_is_not_there_is_a_reason_not_a_crash() -> None:
    port = free_port()  # nothing listens here
    results = send_all([WeComRobot(f"http://127.0.0.1:{port}/x"), DingTalkRobot("ftp://example/robot")], MSG)
    assert [(label, ok) for label, ok, _why in results] == [("企业微信群", False), ("钉钉群", False)]
    assert "无法连接" in results[0][2] and "http://" in results[1][2]


def test_email_goes_through_the_smtp_server(settings: Any) -> None:
    with smtp_server() as (inbox, port):
        point_django_at(settings, port)
        assert EmailChannel().send(MSG) == "已发送至 1 个邮箱"
        assert inbox.subjects() == ["【催办】示例区民政局逾期3天"]


def test_mobile_numbers_are_read_from_roster_fields() -> None:
    assert mobiles_of("139 0000 0001", "0755-8000001", None, "13900000001", "15800001111") == (
        "13900000001", "15800001111")
