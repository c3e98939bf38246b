"""Who may call what: every route of the app x {anonymous, student who never joined,
participant, another instructor, the owner} -> the status in routes.ROWS.

Each row gets a fresh world (in one app per module), so a write that succeeds for one role
cannot change what the next role sees in another row. Within a row, roles are tried in the
order of ROLES; refusals must carry the ``{error, detail}`` body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from litestar import Litestar

from tests.http.conftest import Api
from tests.security.conftest import FEED_PATHS, ROLES, build_world, open_api
from tests.security.routes import REVIEW_ONLY, ROWS, Row

# methods Litestar answers by itself on every route (CORS preflight, HEAD of static files)
AUTOMATIC = {"OPTIONS", "HEAD"}


def app_routes(app: Litestar) -> set[tuple[str, str]]:
    """(method, path) of every handler the app serves, path parameters without their type."""
    return {
        (method, re.sub(r"\{(\w+):[^}]+\}", r"{\1}", route.path))
        for route in app.routes
        for method in getattr(route, "methods", ())
        if method not in AUTOMATIC
    }


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    with open_api(tmp_path_factory.mktemp("authz")) as api:
        yield api


def test_the_matrix_names_every_route_of_the_app(api: Api) -> None:
    listed = [row.key for row in ROWS]
    assert len(listed) == len(set(listed)), "a route is listed twice"
    served = app_routes(api.app)
    assert served - set(listed) == set(), "routes without a row in tests/security/routes.py"
    assert set(listed) - served == set(), "rows for routes the app does not serve"


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.method} {row.path}")
def test_each_role_gets_the_expected_status(api: Api, row: Row) -> None:
    world = build_world(api)
    url = row.url(world)
    got = {}
    for role in ROLES:
        kwargs = row.send(world) if row.send else {}
        headers = {**world.roles[role], **kwargs.pop("headers", {})}
        response = api.request(row.method, url, headers=headers, **kwargs)
        got[role] = response.status_code
        if response.status_code >= 400 and url.startswith("/api/"):
            body = response.json()
            assert {"error", "detail"} <= set(body), (role, body)
    assert got == dict(zip(ROLES, row.expected, strict=True)), url


@pytest.mark.parametrize("key", sorted(REVIEW_ONLY), ids=" ".join)
def test_a_review_only_participant_reads_but_writes_nothing_live(
    api: Api, key: tuple[str, str]
) -> None:
    row = next(row for row in ROWS if row.key == key)
    world = build_world(api)
    code = api.get(world.url(world.approved, "status/"), as_=world.roles["owner"]).json()
    joined = api.post("/api/learning/live/join/", json={"session_code": code["session_code"]})
    assert joined.status_code == 201 and joined.json()["review_only"] is True, joined.text
    reviewer = {"Authorization": f"Bearer {joined.json()['token']}"}
    url = row.url(world).replace(world.live, world.approved).replace(world.drafted, world.approved)
    kwargs = row.send(world) if row.send else {}
    headers = {**reviewer, **kwargs.pop("headers", {})}
    response = api.request(row.method, url, headers=headers, **kwargs)
    assert response.status_code == REVIEW_ONLY[key], (url, response.text)
    if response.status_code == 403:
        assert "error" in response.json()


@pytest.mark.parametrize("feed_path", FEED_PATHS)
def test_every_way_a_feed_is_answered_decides_alike(
    tmp_path_factory: pytest.TempPathFactory, feed_path: str
) -> None:
    feed = next(row for row in ROWS if row.path.endswith("/feed"))
    env, fast = FEED_PATHS[feed_path]
    with open_api(tmp_path_factory.mktemp("feed-paths"), env, fast=fast) as api:
        world = build_world(api)
        boards = api.app.state.boards
        reads = boards.reads
        for _ in range(2):  # the first polls may read a board, the next are answered from it
            got = {role: api.get(feed.url(world), as_=world.roles[role]) for role in ROLES}
            statuses = {role: response.status_code for role, response in got.items()}
            assert statuses == dict(zip(ROLES, feed.expected, strict=True)), feed_path
        # the path named is the path taken
        assert (boards.reads > reads) is (env.get("feed_max_age") != "0")


def test_an_empty_self_test_is_refused_by_role_and_session_first(api: Api) -> None:
    world = build_world(api)
    empty = {"answers": {}}
    other = api.post(world.url(world.approved, "self-test/"), as_=world.roles["other"], json=empty)
    unknown = world.url("no-such-session", "self-test/")
    missing = api.post(unknown, as_=world.roles["participant"], json=empty)
    assert (other.status_code, missing.status_code) == (403, 404)


def test_without_a_speech_engine_roles_are_still_checked_first(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # a stranger learns "forbidden" / "no such session", not how this server is set up
    with open_api(tmp_path_factory.mktemp("no-speech"), speech=False) as api:
        world = build_world(api)
        audio = next(row for row in ROWS if row.path.endswith("/stt/audio"))
        kwargs = audio.send(world) if audio.send else {}
        headers = kwargs.pop("headers")
        for role, status in [("student", 403), ("participant", 403), ("other", 403)]:
            as_role = {**world.roles[role], **headers}
            assert api.post(audio.url(world), headers=as_role, **kwargs).status_code == status
        owner = {**world.roles["owner"], **headers}
        unknown = audio.url(world).replace(world.live, "no-such-session")
        assert api.post(unknown, headers=owner, **kwargs).status_code == 404
        assert api.post(audio.url(world), headers=owner, **kwargs).status_code == 503
