"""One error shape everywhere; no traceback ever reaches a client."""

from __future__ import annotations

import pytest

from reboot_core import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    TooLarge,
    Unavailable,
    UnsupportedType,
)
from reboot_http.errors import domain_status
from tests.http.conftest import LIVE, Api, assert_error


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (NotFound("x"), 404),
        (Forbidden("x"), 403),
        (Conflict("x"), 409),
        (Invalid("x"), 422),
        (TooLarge("x"), 413),
        (UnsupportedType("x"), 415),
        (Unavailable("x"), 503),
    ],
)
def test_domain_errors_map_to_statuses(error: Exception, status: int) -> None:
    assert domain_status(error) == status


def test_unexpected_errors_are_a_generic_500(
    api: Api, live: dict, caplog: pytest.LogCaptureFixture
) -> None:
    student = api.join(live["session_code"])
    api.post(f"{LIVE}/{live['id']}/questions/", as_=student["headers"], json={"question_text": "q"})
    api.language.clusters.append(RuntimeError("secret internal state /etc/passwd"))
    response = api.post(f"{LIVE}/{live['id']}/questions/cluster/", as_=api.auth("t1"))
    assert_error(response, 500, "internal_error")
    assert "secret" not in response.text and "Traceback" not in response.text
    assert any(r.exc_info for r in caplog.records if r.name == "reboot_http.errors")


def test_unknown_route_and_method(api: Api) -> None:
    assert_error(api.get("/api/nothing-here/", as_=api.auth("t1")), 404, "not_found")
    assert_error(api.get("/api/nothing-here/"), 404)
    assert_error(api.get(f"{LIVE}/create/", as_=api.auth("t1")), 405, "method_not_allowed")
