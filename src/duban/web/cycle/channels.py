"""Where a 催办 goes besides the in-app notice, behind one interface: `send(message)`.

- e-mail through the SMTP server of the settings (as the scheduled reminders always have);
- SMS through the HTTP gateway the office configures (a government's 短信平台 or a provider's):
  a JSON POST of the numbers and the text, the field names as the gateway wants them, with an
  optional key sent as `Authorization: Bearer …`;
- the group robots offices chase in: 企业微信 群机器人, 钉钉 自定义机器人 (with 加签 when the robot
  asks for it), and 政务钉钉, whose group robots take the same message as 钉钉's.

Each `send` makes one HTTP request (or one SMTP session) with a timeout and raises
`DeliveryError` with a Chinese reason when the other side refuses (HTTP error, an `errcode`, a
timeout); the caller records it. Nothing here touches the database."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

TIMEOUT = 10.0  # seconds for one request to a gateway or robot
WECOM_LIMIT = 2000  # bytes of a 企业微信 text message (the robot refuses more than 2,048)
DINGTALK_LIMIT = 18000  # bytes of a 钉钉 text message (20,000 at most)


class DeliveryError(Exception):
    """The channel did not take the message; the text says why, in Chinese."""


@dataclass(frozen=True)
class Outgoing:
    """One message: a subject (e-mail), the text, and who it is for (addresses, mobiles; a group
    robot mentions the mobiles it is given)."""

    subject: str
    text: str
    emails: tuple[str, ...] = ()
    mobiles: tuple[str, ...] = ()


class Channel(Protocol):
    label: str

    def send(self, message: Outgoing) -> str:
        """Deliver, or raise DeliveryError; returns a short receipt for the record."""
        ...


def _clip(text: str, limit: int, tail: str = "……(内容过长,详见督办系统)") -> str:
    """The text cut to `limit` UTF-8 bytes, saying so."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    room = limit - len(tail.encode("utf-8"))
    return data[:room].decode("utf-8", errors="ignore") + tail


def post_json(url: str, payload: dict[str, Any], headers: dict[str, str] | None = None,
              timeout: float = TIMEOUT) -> Any:
    """POST `payload` as UTF-8 JSON; the JSON answer (or None for an empty one)."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise DeliveryError("地址应以 http:// 或 https:// 开头")
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url, data=body, method="POST",  # noqa: S310 (the scheme is checked above)
                                 headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310
            raw = resp.read(1_000_000)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"对方返回错误 {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"无法连接:{reason}") from exc
    if not raw.strip():
        return None
    try:
        return json.loads(raw.decode("utf-8", errors="replace"))
    except ValueError:
        return raw.decode("utf-8", errors="replace")[:200]


def _check_errcode(answer: Any, who: str) -> str:
    """企业微信 and 钉钉 answer {"errcode": 0, "errmsg": "ok"}; anything else is a refusal."""
    if not isinstance(answer, dict) or "errcode" not in answer:
        raise DeliveryError(f"{who}的回复无法识别:{str(answer)[:100]}")
    if str(answer["errcode"]) != "0":
        raise DeliveryError(f"{who}拒收(错误码 {answer['errcode']}:{answer.get('errmsg', '')})")
    return str(answer.get("errmsg") or "ok")


@dataclass
class EmailChannel:
    """E-mail through the SMTP server of the settings (DUBAN_SMTP_*)."""

    label: str = "邮件"

    def send(self, message: Outgoing) -> str:
        from django.conf import settings
        from django.core.mail import EmailMessage

        if not message.emails:
            raise DeliveryError("没有收件邮箱")
        try:
            EmailMessage(message.subject, message.text, settings.DEFAULT_FROM_EMAIL,
                         list(message.emails)).send(fail_silently=False)
        except Exception as exc:  # SMTP down, refused, timeout: said in the record, never lost silently
            raise DeliveryError(f"邮件发送失败:{type(exc).__name__}: {exc}") from exc
        return f"已发送至 {len(message.emails)} 个邮箱"


@dataclass
class SmsGateway:
    """An HTTP SMS gateway: POST {mobiles_field: [...], text_field: "【签名】…"} with an optional
    bearer key. A 2xx answer counts as accepted unless it carries a failure code (`code`,
    `errcode` or `status` other than 0/"0"/"OK"/"success", or `success: false`)."""

    url: str
    token: str = ""
    sign: str = ""  # 短信签名, put in front as 【示例区督查室】
    mobiles_field: str = "mobiles"
    text_field: str = "content"
    label: str = "短信"

    def send(self, message: Outgoing) -> str:
        if not message.mobiles:
            raise DeliveryError("没有手机号码")
        text = f"【{self.sign}】{message.text}" if self.sign and not message.text.startswith("【") else message.text
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        answer = post_json(self.url, {self.mobiles_field: list(message.mobiles), self.text_field: text}, headers)
        if isinstance(answer, dict):
            if answer.get("success") is False:
                raise DeliveryError(f"短信平台拒收:{answer.get('message') or answer.get('msg') or answer}")
            for key in ("code", "errcode", "status"):
                if key in answer and str(answer[key]).lower() not in ("0", "ok", "success", "200"):
                    raise DeliveryError(f"短信平台拒收(错误码 {answer[key]}:"
                                        f"{answer.get('message') or answer.get('msg') or answer.get('errmsg', '')})")
        return f"已提交 {len(message.mobiles)} 个号码"


@dataclass
class WeComRobot:
    """企业微信 群机器人: its webhook URL (…/cgi-bin/webhook/send?key=…); mentions by mobile."""

    url: str
    label: str = "企业微信群"

    def send(self, message: Outgoing) -> str:
        payload = {"msgtype": "text", "text": {"content": _clip(message.text, WECOM_LIMIT),
                                               "mentioned_mobile_list": list(message.mobiles)}}
        return _check_errcode(post_json(self.url, payload), "企业微信")


@dataclass
class DingTalkRobot:
    """钉钉 (and 政务钉钉) 自定义机器人: the webhook URL (…/robot/send?access_token=…), and the
    secret (SEC…) when the robot was set up with 加签: the request then carries the millisecond
    timestamp and its HMAC-SHA256 signature, base64, as the robot checks it."""

    url: str
    secret: str = ""
    label: str = "钉钉群"
    now_ms: Any = field(default=None, repr=False)  # tests set the clock

    def signed_url(self) -> str:
        if not self.secret:
            return self.url
        ts = str(self.now_ms() if self.now_ms else int(time.time() * 1000))
        digest = hmac.new(self.secret.encode("utf-8"), f"{ts}\n{self.secret}".encode(), hashlib.sha256).digest()
        sign = urllib.parse.quote_plus(base64.b64encode(digest).decode("ascii"))
        return f"{self.url}{'&' if '?' in self.url else '?'}timestamp={ts}&sign={sign}"

    def send(self, message: Outgoing) -> str:
        mentions = "".join(f"@{m}" for m in message.mobiles)
        text = _clip(message.text, DINGTALK_LIMIT) + (f"\n{mentions}" if mentions else "")
        payload = {"msgtype": "text", "text": {"content": text},
                   "at": {"atMobiles": list(message.mobiles), "isAtAll": False}}
        return _check_errcode(post_json(self.signed_url(), payload), self.label)


def dingtalk_signature(secret: str, timestamp: str) -> str:
    """The signature a 钉钉 robot expects for `timestamp` (to check a request, as tests do)."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def mobiles_of(*numbers: str | None) -> tuple[str, ...]:
    """Mobile numbers from roster fields (spaces and dashes dropped), each once, in order."""
    out: list[str] = []
    for n in numbers:
        digits = "".join(ch for ch in (n or "") if ch.isdigit())
        if len(digits) == 11 and digits.startswith("1") and digits not in out:
            out.append(digits)
    return tuple(out)


def send_all(channels: Sequence[Channel], message: Outgoing) -> list[tuple[str, bool, str]]:
    """Send through each channel in turn: (label, sent, receipt or reason) each; one channel
    failing does not stop the others."""
    out = []
    for ch in channels:
        try:
            out.append((ch.label, True, ch.send(message)))
        except DeliveryError as exc:
            out.append((ch.label, False, str(exc)))
    return out
