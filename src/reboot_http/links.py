"""Public links the server hands out (join URLs inside QR codes)."""

from __future__ import annotations

from urllib.parse import quote

from litestar import Request

from reboot_http.join_guard import JoinTokens

# the student web page that later work serves; the code is prefilled from the query
JOIN_PATH = "/join"
# after the end: absent students open the note, self-test and gap map (a review-only join)
REVIEW_PATH = "/review"


def base_url(request: Request, public_url: str | None) -> str:
    """REBOOT_PUBLIC_URL when set (behind a proxy or on a LAN name), else the request's host."""
    if public_url:
        return public_url.rstrip("/")
    return str(request.base_url).rstrip("/")


def join_url(base: str, code: str, token: str | None = None, path: str = JOIN_PATH) -> str:
    url = f"{base}{path}?code={quote(code)}"
    # the join token spares QR joins the wrong-code limit (reboot_http.join_guard)
    return f"{url}&t={quote(token)}" if token else url


class Links:
    """Builds absolute links from the configured public URL or the request."""

    def __init__(self, public_url: str | None, join_tokens: JoinTokens | None = None) -> None:
        self._public_url = public_url
        self._join_tokens = join_tokens

    def join_url(self, request: Request, code: str, session_id: str | None = None) -> str:
        token = None
        if self._join_tokens is not None and session_id is not None:
            token = self._join_tokens.token(session_id)
        return join_url(base_url(request, self._public_url), code, token)

    def review_url(self, request: Request, code: str, session_id: str) -> str:
        """The review page for students who missed the session; its token spares the join
        the wrong-code limit, like the QR link."""
        token = self._join_tokens.token(session_id) if self._join_tokens is not None else None
        return join_url(base_url(request, self._public_url), code, token, REVIEW_PATH)


__all__ = ["JOIN_PATH", "REVIEW_PATH", "Links", "base_url", "join_url"]
