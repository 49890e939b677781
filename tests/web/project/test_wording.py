"""No developer's word on a staff page: the demo's year is crawled as every role, following the
links each role is shown, and every word a person reads (text, button values, titles, tips) must
be Chinese, save a short list of names staff use themselves (PDF, Excel, API …).

What the user types or the system names in Latin letters on purpose (a username, a token) is
marked `translate="no"` and not read. A code word that leaks (`publish_progress`, `growth`,
`cycle.round`, `duban.plan/1`) fails the test with the page it is on."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

# Latin words staff use themselves (Webhook: what 企业微信 and 钉钉 call a group robot's address)
ALLOWED = {"PDF", "Excel", "Word", "WPS", "API", "CSV", "OFD", "PM", "MB", "KB", "ID", "Webhook"}
# file types as they are written in Chinese software: (.xlsx)
EXTENSION = re.compile(r"\.(?:xlsx|xlsm|xls|docx|doc|wps|et|pdf|txt|html|json|jpg|jpeg|png|csv|ofd|zip)\b")
WORD = re.compile(r"[A-Za-z]+(?:_[A-Za-z]+)*")
SKIP_LINK = re.compile(r"^/(?:api/|static/|public/)|logout|/attachments/|\.(?:xlsx|docx|pdf|csv|json|zip)\b|"
                       r"format=|/export|/table\.|/ledger|/form\d")
PER_KIND = 2  # pages of one kind (the same URL with other ids) read per role
ROLES = ("duchashi", "fgj", "fgj_head", "mzj", "wangming", "chakan")


class Page(HTMLParser):
    """The words of a page a person reads, and its links."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.hidden: list[str] = []  # open elements whose text is not read (script, style, translate=no)
        self.words: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if self.hidden or a.get("translate") == "no" or tag in ("script", "style", "template"):
            if tag not in self.VOID:
                self.hidden.append(tag)
            return
        for k in ("title", "placeholder", "aria-label", "alt"):
            if a.get(k):
                self.words.append(a[k])
        if tag == "input" and a.get("type") in ("submit", "button", "reset") and a.get("value"):
            self.words.append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if self.hidden and self.hidden[-1] == tag:
            self.hidden.pop()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.words.append(data)


def latin_words(text: str) -> set[str]:
    return {w for w in WORD.findall(EXTENSION.sub(" ", text)) if w not in ALLOWED}


def crawl(client: Client) -> dict[str, set[str]]:
    """Every page a role reaches from the front page (a few of each kind) → its Latin words."""
    found: dict[str, set[str]] = {}
    seen: set[str] = set()
    kinds: Counter[str] = Counter()
    queue = ["/"]
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        resp = client.get(url, follow=True)
        if resp.status_code != 200 or "text/html" not in resp.get("Content-Type", ""):
            continue
        page = Page()
        page.feed(resp.content.decode())
        found[url] = latin_words(" ".join(page.words))
        for link in page.links:
            link = link.split("#")[0]
            if not link.startswith("/") or SKIP_LINK.search(link) or link in seen:
                continue
            kind = re.sub(r"\d+", "N", link.split("?")[0]) + ("?" if "?" in link else "")
            if kinds[kind] < PER_KIND:
                kinds[kind] += 1
                queue.append(link)
    return found


def test_the_latin_word_finder() -> None:
    page = Page()
    page.feed('<p title="growth">上传 .xlsx 或 PDF</p><script>var x = 1;</script><td translate="no">fgj</td>'
              '<code translate="no">Authorization: <b>Bearer</b></code><input type="submit" value="save">'
              '<img src="a.png" alt="图"><br><span>cycle.round #1</span>')
    assert latin_words(" ".join(page.words)) == {"growth", "save", "cycle", "round"}


@pytest.fixture
def demo_year(transactional_db: Any, settings: Any) -> None:
    """The 示例区 demo, as `duban serve --demo` loads it (a flush first: the shared test world is
    示例区 too)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DUBAN_EMAIL_ENABLED = False
    from django.core.management import call_command

    from duban.web.demo.loader import load_demo

    call_command("flush", interactive=False, verbosity=0)
    load_demo()


def test_no_staff_page_shows_a_developers_word(demo_year: None) -> None:
    from duban.web.accounts.models import User

    leaks: list[str] = []
    pages: dict[str, int] = {}
    for username in ROLES:
        client = Client()
        client.force_login(User.objects.get(username=username))
        found = crawl(client)
        pages[username] = len(found)
        leaks += [f"{username} {url}: {' '.join(sorted(words))}" for url, words in found.items() if words]
    assert not leaks, "Latin words on staff pages:\n" + "\n".join(leaks)
    assert pages["duchashi"] >= 60 and min(pages.values()) >= 20, pages  # the crawl reached the year's pages
