"""Public links the server hands out (join URLs inside QR codes)."""

from __future__ import annotations

from urllib.parse import quote

from litestar import Request

# the student web page that later work serves; the code is prefilled from the query
JOIN_PATH = "/join"


def base_url(request: Request, public_url: str | None) -> str:
    """REBOOT_PUBLIC_URL when set (behind a proxy or on a LAN name), else the request's host."""
    if public_url:
        return public_url.rstrip("/")
    return str(request.base_url).rstrip("/")


def join_url(base: str, code: str) -> str:
    return f"{base}{JOIN_PATH}?code={quote(code)}"


class Links:
    """Builds absolute links from the configured public URL or the request."""

    def __init__(self, public_url: str | None) -> None:
        self._public_url = public_url

    def join_url(self, request: Request, code: str) -> str:
        return join_url(base_url(request, self._public_url), code)


__all__ = ["JOIN_PATH", "Links", "base_url", "join_url"]
