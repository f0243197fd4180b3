"""What keeps the review app from being used by anyone but its curators.

* The app binds to 127.0.0.1 unless told otherwise; any other address needs a token
  (:func:`check_bind`), which each browser gives once on the login page.
* Every POST carries a CSRF token tied to the browser's session cookie (HMAC with a secret
  made at start), so another site cannot make a curator's browser decide.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets

LOCAL_HOSTS = frozenset({"localhost"})
SESSION_COOKIE, AUTH_COOKIE, CURATOR_COOKIE = "resmine_session", "resmine_auth", "resmine_curator"


class BindRefused(ValueError):
    """A non-local address without a token; ``str(error)`` is the one line to show."""


def is_local(host: str) -> bool:
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve on a non-loopback address without a token of at least 16 characters."""
    if is_local(host):
        return
    if not token:
        raise BindRefused(f"refusing to listen on {host} without --token (or RESMINE_REVIEW_TOKEN): "
                          "anyone who can reach it could change the knowledge base")
    if len(token) < 16:
        raise BindRefused("--token must be at least 16 characters when listening beyond 127.0.0.1")


class Guard:
    """Session ids, CSRF tokens and the login token of one running app."""

    def __init__(self, token: str | None = None, secret: bytes | None = None):
        self.token = token
        self.secret = secret or secrets.token_bytes(32)

    def _sign(self, purpose: str, value: str) -> str:
        return hmac.new(self.secret, f"{purpose}\x1f{value}".encode(), hashlib.sha256).hexdigest()

    @staticmethod
    def new_session() -> str:
        return secrets.token_urlsafe(24)

    def csrf_token(self, session: str) -> str:
        return self._sign("csrf", session)

    def csrf_ok(self, session: str | None, token: str | None) -> bool:
        return bool(session and token) and hmac.compare_digest(self.csrf_token(session or ""), token or "")

    @property
    def needs_login(self) -> bool:
        return bool(self.token)

    def token_ok(self, token: str) -> bool:
        return bool(self.token) and hmac.compare_digest(token.encode(), (self.token or "").encode())

    def auth_cookie(self) -> str:
        return self._sign("auth", self.token or "")

    def authenticated(self, cookie: str | None) -> bool:
        return not self.token or (cookie is not None and hmac.compare_digest(cookie, self.auth_cookie()))
