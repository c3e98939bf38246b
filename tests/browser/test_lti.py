"""LTI launches in Chromium against the real server: the test platform's login page posts the
id_token, the launch page keeps the token and opens the session's page, at the top level and
inside the platform's iframe."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from tests.browser.conftest import running_server
from tests.support.lti_platform import MEMBERSHIP, TestPlatform


@pytest.fixture(scope="module")
def platform() -> Iterator[TestPlatform]:
    server = TestPlatform().start()
    server.users = {"u-teacher": [MEMBERSHIP + "Instructor"], "u-s1": [MEMBERSHIP + "Learner"]}
    yield server
    server.stop()


@pytest.fixture(scope="module")
def tool(tmp_path_factory: pytest.TempPathFactory, platform: TestPlatform) -> Iterator[str]:
    data = tmp_path_factory.mktemp("lti-server")
    registry = data / "lti.json"
    registry.write_text(json.dumps({"platforms": [platform.registration()]}), encoding="utf-8")
    # dev login off: the LMS launch is the only way in
    with running_server(
        data, REBOOT_DEV_LOGIN="0", REBOOT_LTI_PLATFORMS_FILE=str(registry)
    ) as base:
        yield base


# a launch is three requests and a JWKS fetch; on a busy two-core machine give it room
SLOW_MACHINE_MS = 90_000


def login_url(tool: str, platform: TestPlatform, user: str) -> str:
    query = {
        "iss": platform.issuer,
        "client_id": platform.client_id,
        "login_hint": user,
        "target_link_uri": f"{tool}/lti/launch",
    }
    return f"{tool}/lti/login?{urlencode(query)}"


def stored(page: Any, key: str) -> Any:
    return json.loads(page.evaluate(f"window.localStorage.getItem({json.dumps(key)})") or "null")


def test_instructor_then_student_are_signed_in_by_their_launches(
    browser: Any, tool: str, platform: TestPlatform
) -> None:
    errors: list[str] = []
    teacher_context = browser.new_context()
    teacher = teacher_context.new_page()
    teacher.set_default_timeout(SLOW_MACHINE_MS)
    teacher.on("pageerror", lambda error: errors.append(str(error)))
    teacher.goto(login_url(tool, platform, "u-teacher"))
    teacher.wait_for_url(f"{tool}/instructor/live?session=*")
    auth = stored(teacher, "reboot.instructor")
    assert auth["user_id"].startswith("lti-") and auth["user_id"].endswith("-u-teacher")
    me = httpx.get(f"{tool}/api/auth/me/", headers={"Authorization": f"Bearer {auth['token']}"})
    assert me.json()["role"] == "instructor"

    student_context = browser.new_context()
    student = student_context.new_page()
    student.set_default_timeout(SLOW_MACHINE_MS)
    student.on("pageerror", lambda error: errors.append(str(error)))
    student.goto(login_url(tool, platform, "u-s1"))
    student.wait_for_url(f"{tool}/join?code=*")
    signed = stored(student, "reboot.student")
    assert signed["user_id"].endswith("-u-s1")
    # the student page joins the launched session by itself (no code or name to type)
    session_id = teacher.url.split("session=")[1]
    student.wait_for_function(
        "() => (JSON.parse(localStorage.getItem('reboot.student.sessions')) || []).length > 0"
    )
    history = stored(student, "reboot.student.sessions")
    assert history[-1]["id"] == session_id
    assert errors == []
    teacher_context.close()
    student_context.close()


def test_a_launch_inside_the_platforms_iframe_opens_the_dashboard_there(
    browser: Any, tool: str, platform: TestPlatform
) -> None:
    platform.course_page = (
        f'<iframe id="tool" src="{login_url(tool, platform, "u-teacher")}" '
        'width="900" height="600"></iframe>'
    )
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(SLOW_MACHINE_MS)
    page.goto(f"{platform.url}/course")
    deadline = time.monotonic() + SLOW_MACHINE_MS / 1000
    frame = None
    while time.monotonic() < deadline:
        frame = next((f for f in page.frames if "/instructor/live" in f.url), None)
        if frame is not None:
            break
        page.wait_for_timeout(100)
    assert frame is not None, [f.url for f in page.frames]
    # the dashboard rendered inside the frame: the platform's origin may frame the pages
    frame.wait_for_selector("#status-chip", state="attached")
    assert frame.evaluate("JSON.parse(localStorage.getItem('reboot.instructor')).token")
    context.close()
