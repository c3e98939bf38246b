"""Who may call what through the Django views: the bundled server's own route table
(tests/security/routes.py) x the same five callers -> the same statuses.

The host's URLconf must serve exactly the table's ``/api/learning`` routes, less the few
``reboot_django.urls.NOT_SERVED`` names; a route added on either side without the other
fails here. Each row gets a fresh world, as in the bundled server's matrix.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from tests.security.conftest import ROLES
from tests.security.routes import ROWS, Row

from host_api import Api
from host_world import build_world
from reboot_django.urls import NOT_SERVED

METHODS = ("get", "post", "put", "patch", "delete")
LEARNING = [row for row in ROWS if row.path.startswith("/api/learning")]
SERVED_ROWS = [row for row in LEARNING if row.key not in NOT_SERVED]


def host_routes() -> set[tuple[str, str]]:
    """(method, path) of every live view in the host's URLconf, spelled as the table does."""
    found: set[tuple[str, str]] = set()

    def walk(patterns: list) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and hasattr(pattern, "template"):
                view = pattern.callback.view_class  # type: ignore[attr-defined]
                for method in METHODS:
                    if hasattr(view, method):
                        found.add((method.upper(), pattern.template))

    walk(get_resolver().url_patterns)
    return found


def test_the_host_serves_every_learning_route_of_the_table() -> None:
    served = host_routes()
    listed = {row.key for row in LEARNING}
    assert served - listed == set(), "live routes without a row in tests/security/routes.py"
    assert listed - served == set(NOT_SERVED), "table rows the Django app does not serve"


@pytest.mark.parametrize("row", SERVED_ROWS, ids=lambda row: f"{row.method} {row.path}")
def test_each_role_gets_the_expected_status(api: Api, row: Row) -> None:
    needs_ended = row.target in ("drafted", "approved")
    world = build_world(api, ended=needs_ended)
    url = row.url(world)  # type: ignore[arg-type]
    got = {}
    for role in ROLES:
        kwargs = row.send(world) if row.send else {}  # type: ignore[arg-type]
        headers = {**world.roles[role], **kwargs.pop("headers", {})}
        response = api.request(row.method, url, headers=headers, **kwargs)
        got[role] = response.status_code
        if response.status_code >= 400:
            body = response.json()
            assert {"error", "detail"} <= set(body), (role, body)
    assert got == dict(zip(ROLES, row.expected, strict=True)), url


def test_an_empty_self_test_is_refused_by_role_and_session_first(api: Api) -> None:
    world = build_world(api)
    empty = {"answers": {}}
    other = api.post(world.url(world.approved, "self-test/"), as_=world.roles["other"], json=empty)
    unknown = world.url("no-such-session", "self-test/")
    missing = api.post(unknown, as_=world.roles["participant"], json=empty)
    assert (other.status_code, missing.status_code) == (403, 404)
