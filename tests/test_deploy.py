"""The deployment examples in deploy/ work as written: nginx's configuration passes `nginx -t` and
then serves duban over HTTPS (a sign-in through it, with HTTPS-only cookies and the client's
address passed on); the Caddyfile passes `caddy validate`; the systemd units pass
`systemd-analyze verify`; the environment file names only settings duban reads. Each check skips
when its tool is not installed (nginx is in scripts/system-deps; Caddy, 36 MB, is not)."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

DEPLOY = REPO / "deploy"
HOST = "duban.test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tool(name: str) -> str:
    found = shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None)
    if not found:
        pytest.skip(f"{name} is not installed here")
    return found


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for duban.test, as an office's own CA would issue one."""
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "fullchain.pem", d / "privkey.pem"
    got = subprocess.run([_tool("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                          "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}",
                          "-keyout", str(key), "-out", str(cert)], capture_output=True, text=True)
    assert got.returncode == 0, got.stderr
    return cert, key


def _nginx_site(tmp: Path, cert: tuple[Path, Path], http_port: int, https_port: int, app_port: int) -> Path:
    """deploy/nginx/duban.conf with this test's names, ports, certificate and log folder."""
    text = (DEPLOY / "nginx/duban.conf").read_text(encoding="utf-8")
    for old, new in (("duban.example.gov.cn", HOST), ("/etc/ssl/duban/fullchain.pem", str(cert[0])),
                     ("/etc/ssl/duban/privkey.pem", str(cert[1])), ("/var/log/nginx/", f"{tmp}/"),
                     ("127.0.0.1:8000", f"127.0.0.1:{app_port}"), ("listen 443 ", f"listen {https_port} "),
                     ("listen [::]:443 ", f"listen [::1]:{https_port} "), ("listen 80;", f"listen {http_port};"),
                     ("listen [::]:80;", f"listen [::1]:{http_port};")):
        assert old in text, old  # the example still says what the test replaces
        text = text.replace(old, new)
    site = tmp / "duban.conf"
    site.write_text(text, encoding="utf-8")
    main = tmp / "nginx.conf"
    temp = "".join(f"{k}_temp_path {tmp}/{k};\n" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main.write_text(f"pid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\nevents {{}}\n"
                    f"http {{\naccess_log {tmp}/access.log;\n{temp}include {site};\n}}\n", encoding="utf-8")
    return main


def test_the_nginx_example_passes_nginx_t(tmp_path: Path, certificate: tuple[Path, Path]) -> None:
    nginx = _tool("nginx")
    main = _nginx_site(tmp_path, certificate, _free_port(), _free_port(), 8000)
    got = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(main)], capture_output=True, text=True)
    assert got.returncode == 0 and "syntax is ok" in got.stderr, got.stderr
    broken = main.read_text(encoding="utf-8").replace("include", "inclde")
    main.write_text(broken, encoding="utf-8")
    assert subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(main)], capture_output=True).returncode != 0


@pytest.fixture
def behind_nginx(tmp_path: Path, certificate: tuple[Path, Path]) -> Iterator[tuple[int, int, Path]]:
    """`duban init`, `duban serve` as the env example says (behind a proxy, one host name), and
    nginx with the example's site in front of it. Yields nginx's (HTTP, HTTPS) ports and the data directory."""
    nginx = _tool("nginx")
    app_port, http_port, https_port = _free_port(), _free_port(), _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DUBAN_DATA_DIR=str(tmp_path / "data"), DUBAN_ALLOWED_HOSTS=HOST, DUBAN_BEHIND_PROXY="1",
               DUBAN_REMINDER_THREAD="0", DUBAN_BACKUP_KEEP="0")
    init = subprocess.run([sys.executable, "-m", "duban.cli", "init", "--government", "青山县人民政府",
                           "--username", "dcs", "--display-name", "周督查"], env=env, input="qingshan-2026\n",
                          capture_output=True, text=True)
    assert init.returncode == 0, init.stderr
    app = subprocess.Popen([sys.executable, "-m", "duban.cli", "serve", "--port", str(app_port)], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    main = _nginx_site(tmp_path, certificate, http_port, https_port, app_port)
    proxy = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(main), "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        for port in (app_port, https_port):
            while True:
                assert app.poll() is None and proxy.poll() is None and time.monotonic() < deadline, \
                    (app.stderr.read() if app.poll() is not None and app.stderr else "") + \
                    (proxy.stderr.read() if proxy.poll() is not None and proxy.stderr else "")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
        yield http_port, https_port, tmp_path / "data"
    finally:
        for proc, sig in ((proxy, signal.SIGQUIT), (app, signal.SIGTERM)):  # not SIGINT: xdist ignores it
            proc.send_signal(sig)
            try:
                proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()


def _cookies(resp: http.client.HTTPResponse) -> dict[str, str]:
    """Each Set-Cookie by name, with its attributes as sent."""
    return {h.split("=", 1)[0]: h for k, h in resp.getheaders() if k.lower() == "set-cookie"}


def test_through_nginx_the_office_signs_in_over_https(behind_nginx: tuple[int, int, Path],
                                                      certificate: tuple[Path, Path]) -> None:
    http_port, https_port, data = behind_nginx
    plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=30)
    plain.request("GET", "/accounts/login/", headers={"Host": HOST})
    resp = plain.getresponse()
    assert resp.status == 301 and resp.getheader("Location") == f"https://{HOST}/accounts/login/"

    tls = ssl.create_default_context(cafile=str(certificate[0]))
    tls.check_hostname = False  # the name is checked by the Host header below; the chain by the CA file
    conn = http.client.HTTPSConnection("127.0.0.1", https_port, timeout=30, context=tls)
    conn.request("GET", "/accounts/login/", headers={"Host": HOST})
    resp = conn.getresponse()
    page = resp.read().decode()
    assert resp.status == 200 and "登录" in page
    assert resp.getheader("Strict-Transport-Security") == "max-age=31536000"
    assert "frame-ancestors 'none'" in (resp.getheader("Content-Security-Policy") or "")  # the app's, passed on
    assert re.fullmatch(r"[0-9a-f]{32}", resp.getheader("X-Request-ID") or "")  # nginx's id, kept by the app
    csrf_cookie = _cookies(resp)["csrftoken"]
    assert "Secure" in csrf_cookie  # HTTPS only (DUBAN_BEHIND_PROXY=1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    form = f"csrfmiddlewaretoken={token.group(1)}&username=dcs&password=qingshan-2026&next="
    conn.request("POST", "/accounts/login/", body=form.encode(), headers={
        "Host": HOST, "Content-Type": "application/x-www-form-urlencoded", "Origin": f"https://{HOST}",
        "Referer": f"https://{HOST}/accounts/login/", "Cookie": csrf_cookie.split(";", 1)[0]})
    resp = conn.getresponse()
    body = resp.read().decode()
    assert resp.status == 302, body + "the https:// Origin is accepted: Django knows the request came over HTTPS"
    session = _cookies(resp)["sessionid"]
    assert "Secure" in session and "HttpOnly" in session

    # a wrong password from another address on this machine, claiming to be someone else: the
    # lock-out counts it against the address nginx saw, not the one claimed
    other = http.client.HTTPSConnection("127.0.0.1", https_port, timeout=30, context=tls,
                                        source_address=("127.0.0.2", 0))
    other.request("POST", "/accounts/login/", body=form.replace("qingshan-2026", "wrong").encode(), headers={
        "Host": HOST, "Content-Type": "application/x-www-form-urlencoded", "Origin": f"https://{HOST}",
        "Cookie": csrf_cookie.split(";", 1)[0], "X-Forwarded-For": "203.0.113.9"})
    assert other.getresponse().status == 400
    with sqlite3.connect(data / "duban.sqlite3") as db:
        assert db.execute("SELECT ip FROM accounts_loginfailure").fetchall() == [("127.0.0.2",)]

    conn.request("GET", "/accounts/login/", headers={"Host": "other.example"})  # not the configured name
    resp = conn.getresponse()
    resp.read()
    assert resp.status == 400


def test_the_caddyfile_passes_caddy_validate(tmp_path: Path, certificate: tuple[Path, Path]) -> None:
    caddy = _tool("caddy")
    text = (DEPLOY / "caddy/Caddyfile").read_text(encoding="utf-8")
    for old, new in (("/etc/ssl/duban/fullchain.pem", str(certificate[0])), ("/etc/ssl/duban/privkey.pem",
                                                                             str(certificate[1])),
                     ("/var/log/caddy/", f"{tmp_path}/")):
        assert old in text
        text = text.replace(old, new)
    conf = tmp_path / "Caddyfile"
    conf.write_text(text, encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    got = subprocess.run([caddy, "validate", "--config", str(conf), "--adapter", "caddyfile"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert got.returncode == 0 and "Valid configuration" in got.stdout + got.stderr, got.stderr
    conf.write_text(text.replace("reverse_proxy", "reverse_proxi"), encoding="utf-8")
    assert subprocess.run([caddy, "validate", "--config", str(conf), "--adapter", "caddyfile"], env=env,
                          capture_output=True, timeout=120).returncode != 0


@pytest.mark.parametrize("unit", ["duban.service", "duban-worker.service"])
def test_the_systemd_units_pass_systemd_analyze_verify(unit: str, tmp_path: Path) -> None:
    analyze = _tool("systemd-analyze")
    duban = Path(sys.executable).with_name("duban")
    assert duban.exists()
    text = (DEPLOY / "systemd" / unit).read_text(encoding="utf-8")
    assert "/opt/duban/.venv/bin/duban" in text
    path = tmp_path / unit
    path.write_text(text.replace("/opt/duban/.venv/bin/duban", str(duban)), encoding="utf-8")
    got = subprocess.run([analyze, "verify", str(path)], capture_output=True, text=True)
    assert got.returncode == 0 and got.stderr.strip() == "", got.stderr  # a warning counts: it verifies with rc 0
    path.write_text(text.replace("/opt/duban/.venv/bin/duban", str(duban)).replace("ProtectSystem=strict",
                                                                                  "ProtectSystem=stricter"))
    assert subprocess.run([analyze, "verify", str(path)], capture_output=True, text=True).stderr


def test_the_environment_example_names_only_settings_duban_reads() -> None:
    names = re.findall(r"^#?\s*((?:DUBAN_|DATABASE_URL)\w*)=", (DEPLOY / "duban.env").read_text(encoding="utf-8"),
                       re.MULTILINE)
    assert "DUBAN_ALLOWED_HOSTS" in names and "DUBAN_BEHIND_PROXY" in names and "DUBAN_SMTP_HOST" in names
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "src/duban").rglob("*.py"))
    unread = [n for n in names if f'"{n}"' not in source]
    assert unread == []
    documented = (REPO / "docs/deploy.md").read_text(encoding="utf-8") + (REPO / "docs/web.md").read_text(
        encoding="utf-8") + (REPO / "docs/cycle.md").read_text(encoding="utf-8")
    assert [n for n in names if n not in documented] == []
