"""Production: gunicorn with FAZHI_DEBUG=0 serves pages and their hashed static files (WhiteNoise)
with the security headers, and refuses to start without a real FAZHI_SECRET_KEY."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
pytestmark = pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed in this environment")


def _env(tmp_path: Path, **extra) -> dict:
    env = {**os.environ, "FAZHI_DEBUG": "0", "FAZHI_DB_PATH": str(tmp_path / "prod.sqlite3"),
           "FAZHI_MEDIA_ROOT": str(tmp_path / "media"), "FAZHI_STATIC_ROOT": str(tmp_path / "static"),
           "FAZHI_LOG_DIR": str(tmp_path / "log"), "FAZHI_STATIC_HASHED": "1",
           "DJANGO_SETTINGS_MODULE": "fazhiweb.settings", **extra}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' live server, never in production
    return env


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.status, dict(resp.headers), resp.read()


def test_gunicorn_serves_pages_and_hashed_static_files(tmp_path):
    env = _env(tmp_path, FAZHI_SECRET_KEY=secrets.token_urlsafe(50))
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True, timeout=120)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True, timeout=120)
    port = _port()
    proc = subprocess.Popen([str(GUNICORN), "fazhiweb.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                             "--preload"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                status, headers, body = _get(base + "/accounts/login/")
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.2)
        assert status == 200
        html = body.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script
        assert not re.search(r"<[^>]+\son[a-z]+=", html)  # no inline event handler
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert headers["X-Frame-Options"] == "DENY" and headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Content-Type-Options"] == "nosniff"
        css = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', html)
        assert css, "the stylesheet link should carry a content hash"
        status, headers, body = _get(base + css.group(1))
        assert status == 200 and headers["Content-Type"].startswith("text/css") and body
        assert "max-age=315360000" in headers.get("Cache-Control", "")  # hashed names: cached for good
        js = re.search(r'src="(/static/vendor/htmx\.min\.[0-9a-f]{12}\.js)"', html)
        assert js and _get(base + js.group(1))[0] == 200
    finally:
        proc.terminate()
        proc.wait(15)


@pytest.mark.parametrize("key", [None, "short-key", "dev-only-insecure-key-" + "x" * 40])
def test_production_server_refuses_without_a_real_secret_key(tmp_path, key):
    env = _env(tmp_path)
    env.pop("FAZHI_SECRET_KEY", None)
    if key:
        env["FAZHI_SECRET_KEY"] = key
    proc = subprocess.run([str(GUNICORN), "fazhiweb.wsgi", "--bind", f"127.0.0.1:{_port()}", "--preload"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "FAZHI_SECRET_KEY" in proc.stderr


def test_cli_creates_a_private_secret_key(tmp_path):
    """Command-line tools keep working without FAZHI_SECRET_KEY: var/secret_key is made, mode 0600."""
    from fazhiweb.keys import var_secret

    path = tmp_path / "var" / "secret_key"
    key = var_secret(path)
    assert len(key) >= 50 and path.stat().st_mode & 0o777 == 0o600
    assert var_secret(path) == key


def test_no_template_has_an_inline_script_or_handler():
    """The CSP allows scripts from /static/ only: every template must keep to that."""
    bad = []
    for path in (ROOT / "fazhiweb").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)", text) or re.search(r"<[^>]+\son[a-z]+\s*=", text) \
                or "javascript:" in text:
            bad.append(path.relative_to(ROOT).as_posix())
    assert bad == []


def test_check_deploy_is_clean_with_https(tmp_path):
    env = _env(tmp_path, FAZHI_SECRET_KEY=secrets.token_urlsafe(50), FAZHI_HTTPS="1",
               FAZHI_ALLOWED_HOSTS="fazhi.example.gov.cn")
    proc = subprocess.run([sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues" in proc.stdout
