"""Secrets kept in var/ (mode 0600) when the environment does not provide them, and the check that
a production web server has a real FAZHI_SECRET_KEY. Imported by settings: no Django here."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

DEV_KEY_PREFIX = "dev-only-insecure-key"


def var_secret(path: Path, *, warn: str | None = None) -> str:
    """The secret in `path`, created (random, mode 0600) on first use."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(value + "\n")
    if warn:
        print(warn, file=sys.stderr)
    return value


def is_real_key(key: str | None) -> bool:
    """Long and varied enough for Django's deploy check (security.W009), and not a development key."""
    return bool(key) and len(key) >= 50 and len(set(key)) >= 5 and not key.startswith(
        (DEV_KEY_PREFIX, "django-insecure-"))


def require_server_key(debug: bool) -> None:
    """A production web server must not run on a key kept next to the data (or a made-up one)."""
    if debug or is_real_key(os.environ.get("FAZHI_SECRET_KEY")):
        return
    sys.stderr.write(
        "错误:生产环境(FAZHI_DEBUG=0)启动 Web 服务必须设置环境变量 FAZHI_SECRET_KEY"
        "(至少 50 个字符的随机串,例如 python3 -c \"import secrets; print(secrets.token_urlsafe(50))\")。\n"
        "Error: FAZHI_SECRET_KEY must be set to a random value of at least 50 characters "
        "to run the web server with FAZHI_DEBUG=0.\n")
    raise SystemExit(2)
