"""LTI Advantage services over httpx: Names and Role Provisioning (the course roster) and
Assignment and Grade Services (a line item per session and kind, scores posted to it).

Both authenticate with an OAuth2 client-credentials grant whose client is the tool itself: a
JWT assertion signed with the tool's current key, sent to the platform's token URL.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from reboot_adapters.lti._claims import teaches
from reboot_adapters.lti._launch import user_id_of
from reboot_adapters.lti._records import LineItem, LtiCourse, LtiPlatform
from reboot_adapters.lti._tool import LtiTool
from reboot_core.domain.grades import Grade
from reboot_core.domain.session import LiveSession
from reboot_core.errors import Unavailable

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

MEMBERSHIP_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
MEMBERS_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
# an LMS answering 5xx or timing out is usually busy for a moment: three tries, 0.5 s apart
ATTEMPTS = 3
PAUSE = 0.5
TIMEOUT = 10.0
MAX_PAGES = 50
KIND_LABELS = {"checkpoint": "확인 퀴즈", "self_test": "자기 점검"}


class PlatformServices:
    """Calls to a platform's services with a cached access token, retried on failure."""

    def __init__(
        self,
        tool: LtiTool,
        client: httpx.Client | None = None,
        pause: float = PAUSE,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._tool = tool
        # made on first use: httpx costs the server's start-up a third of a second otherwise
        self._client = client
        self._pause = pause
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tokens: dict[tuple[str, str, str], tuple[str, float]] = {}

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def _http(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                import httpx

                self._client = httpx.Client(timeout=TIMEOUT)
            return self._client

    def _token(self, platform: LtiPlatform, scopes: Sequence[str], fresh: bool = False) -> str:
        key = (platform.issuer, platform.client_id, " ".join(scopes))
        with self._lock:
            cached = self._tokens.get(key)
        if cached is not None and not fresh and cached[1] > time.monotonic():
            return cached[0]
        form = {
            "grant_type": "client_credentials",
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": self._tool.client_assertion(platform.token_url, platform.client_id),
            "scope": key[2],
        }
        response = self._send("POST", platform.token_url, data=form)
        body = response.json()
        token = body.get("access_token")
        if not isinstance(token, str):
            raise Unavailable("the LMS token endpoint answered without an access token")
        # renew a minute early so a token never expires between check and use
        lifetime = float(body.get("expires_in") or 3600) - 60
        with self._lock:
            self._tokens[key] = (token, time.monotonic() + max(lifetime, 0))
        return token

    def call(
        self, platform: LtiPlatform, scopes: Sequence[str], method: str, url: str, **kw: Any
    ) -> httpx.Response:
        headers = {
            **kw.pop("headers", {}),
            "Authorization": f"Bearer {self._token(platform, scopes)}",
        }
        response = self._send(method, url, headers=headers, allow_401=True, **kw)
        if response.status_code == 401:  # the platform forgot the token: one fresh try
            headers["Authorization"] = f"Bearer {self._token(platform, scopes, fresh=True)}"
            response = self._send(method, url, headers=headers, **kw)
        return response

    def _send(self, method: str, url: str, allow_401: bool = False, **kw: Any) -> httpx.Response:
        import httpx

        problem = ""
        client = self._http()
        for attempt in range(1, ATTEMPTS + 1):
            try:
                response = client.request(method, url, **kw)
            except httpx.HTTPError as error:
                problem = f"{type(error).__name__}"
            else:
                if response.status_code < 400 or (allow_401 and response.status_code == 401):
                    return response
                if response.status_code < 500 and response.status_code != 429:
                    raise Unavailable(
                        f"the LMS refused {method} {url}: HTTP {response.status_code}"
                    )
                problem = f"HTTP {response.status_code}"
            if attempt < ATTEMPTS:
                log.info("LMS call %s %s failed (%s), retrying", method, url, problem)
                self._sleep(self._pause * attempt)
        raise Unavailable(
            f"the LMS did not answer {method} {url} after {ATTEMPTS} tries ({problem})"
        )


def subject_of(issuer: str, user_id: str) -> str | None:
    """The platform's user id inside one of our LTI user ids; None for other users."""
    prefix = user_id_of(issuer, "")
    return (
        user_id[len(prefix) :]
        if user_id.startswith(prefix) and len(user_id) > len(prefix)
        else None
    )


class LtiRoster:
    """CourseRoster from the course's NRPS membership URL (the latest launch's)."""

    def __init__(self, tool: LtiTool, services: PlatformServices) -> None:
        self._tool = tool
        self._services = services

    def students_of(self, lecture_id: str) -> list[str] | None:
        course, platform = _course(self._tool, lecture_id)
        if course is None or platform is None or not course.memberships_url:
            return None
        students: list[str] = []
        url: str | None = course.memberships_url
        for _ in range(MAX_PAGES):
            if url is None:
                break
            response = self._services.call(
                platform, [MEMBERSHIP_SCOPE], "GET", url, headers={"Accept": MEMBERS_TYPE}
            )
            for member in response.json().get("members", []):
                if not isinstance(member, dict) or not isinstance(member.get("user_id"), str):
                    continue
                if member.get("status", "Active") != "Active" or teaches(member.get("roles", [])):
                    continue
                students.append(user_id_of(platform.issuer, member["user_id"]))
            url = response.links.get("next", {}).get("url")
        return students


class LtiGradebook:
    """GradeSink to the course's AGS line items: one per session and kind, made on first use."""

    def __init__(self, tool: LtiTool, services: PlatformServices) -> None:
        self._tool = tool
        self._services = services

    def post(self, session: LiveSession, kind: str, grades: Sequence[Grade]) -> str:
        course, platform = _course(self._tool, session.lecture_id)
        if course is None or platform is None:
            return "not an LMS course"
        if not course.lineitems_url:
            return "the LMS gave no gradebook for this course"
        scores = [(g, subject_of(platform.issuer, g.student_id)) for g in grades]
        scores = [(g, sub) for g, sub in scores if sub is not None]
        if not scores:
            return "no LMS students to grade"
        item = self._line_item(platform, course, session, kind, scores[0][0].maximum)
        scores_url = _scores_url(item.url)
        stamp = datetime.now(UTC).isoformat()
        for grade, subject in scores:
            score = {
                "userId": subject,
                "scoreGiven": grade.score,
                "scoreMaximum": grade.maximum,
                "activityProgress": "Completed",
                "gradingProgress": "FullyGraded",
                "timestamp": stamp,
            }
            self._services.call(
                platform,
                [LINEITEM_SCOPE, SCORE_SCOPE],
                "POST",
                scores_url,
                json=score,
                headers={"Content-Type": SCORE_TYPE},
            )
        return f"{len(scores)} scores sent to the LMS"

    def _line_item(
        self,
        platform: LtiPlatform,
        course: LtiCourse,
        session: LiveSession,
        kind: str,
        maximum: int,
    ) -> LineItem:
        found = self._tool.store.line_item(session.id, kind)
        if found is not None:
            return found
        label = f"{session.title or 'Re:Boot Live'} · {KIND_LABELS.get(kind, kind)}"
        body = {"scoreMaximum": maximum, "label": label, "resourceId": session.id, "tag": kind}
        response = self._services.call(
            platform,
            [LINEITEM_SCOPE, SCORE_SCOPE],
            "POST",
            str(course.lineitems_url),
            json=body,
            headers={"Content-Type": LINEITEM_TYPE, "Accept": LINEITEM_TYPE},
        )
        url = response.json().get("id")
        if not isinstance(url, str):
            raise Unavailable("the LMS made a line item without an id")
        return self._tool.store.save_line_item(LineItem(session.id, kind, url))


def _course(tool: LtiTool, lecture_id: str) -> tuple[LtiCourse | None, LtiPlatform | None]:
    course = tool.store.course(lecture_id)
    if course is None:
        return None, None
    return course, tool.store.platform(course.issuer, course.client_id)


def _scores_url(line_item: str) -> str:
    path, mark, query = line_item.partition("?")
    return f"{path.rstrip('/')}/scores{mark}{query}"


__all__ = ["LtiGradebook", "LtiRoster", "PlatformServices", "subject_of"]
