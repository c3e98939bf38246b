"""Issue 14 item 4: a hall behind one NAT address is not locked out by one mistyping phone.

Wrong codes are counted per device (cookie or header) with back-off for the offender only,
under a generous ceiling per address; joins carrying the QR link's token are never counted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.security.conftest import World, build_world, call_asgi, open_api

HALL = "203.0.113.10"  # every phone of the hall, behind one NAT address
LIMIT, CEILING = 10, 30


def _join(
    api, code: str, *, device: str | None = None, cookie: bool = False, token: str | None = None
) -> tuple[int, dict[str, str], dict]:
    headers = {"content-type": "application/json"}
    if device is not None and cookie:
        headers["cookie"] = f"reboot_device={device}"
    elif device is not None:
        headers["x-reboot-device"] = device
    body: dict[str, str] = {"session_code": code}
    if token is not None:
        body["join_token"] = token
    answer = call_asgi(
        api,
        "POST",
        "/api/learning/live/join",
        headers=headers,
        body=json.dumps(body).encode(),
        client_host=HALL,
    )
    return answer.status, answer.headers, json.loads(answer.body)


@pytest.fixture
def hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    env = {"join_rate_limit": f"{LIMIT}/1m", "join_address_ceiling": str(CEILING)}
    with open_api(tmp_path_factory.mktemp("hall"), env) as api:
        yield build_world(api)


def _wrong(world: World) -> str:
    return next(code for code in ("000000", "111111") if code != world.live_code)


def test_one_mistyping_phone_does_not_lock_out_the_hall(hall: World) -> None:
    world, api = hall, hall.api
    wrong = _wrong(world)
    statuses = [_join(api, wrong, device="mistyping-phone")[0] for _ in range(LIMIT)]
    assert statuses == [404] * LIMIT
    # the offender is locked out, even with the right code
    status, headers, body = _join(api, world.live_code, device="mistyping-phone")
    assert status == 429 and body["error"] == "too_many_requests"
    assert 1 <= int(headers["retry-after"]) <= 60
    # the classmates behind the same address join: by header, by cookie
    assert _join(api, world.live_code, device="classmate-phone-1")[0] == 201
    assert _join(api, world.live_code, device="classmate-phone-2", cookie=True)[0] == 201


def test_the_qr_link_token_is_exempt_and_bound_to_its_session(hall: World) -> None:
    world, api = hall, hall.api
    owner = world.roles["owner"]
    created = api.post(
        "/api/learning/live/create/", as_=owner, json={"lecture_id": "L-nat", "title": "QR"}
    ).json()
    query = parse_qs(urlsplit(created["join_url"]).query)
    code, token = query["code"][0], query["t"][0]
    assert code == created["session_code"] and len(token) == 22
    for _ in range(LIMIT):
        _join(api, _wrong(world), device="shared-tablet")
    assert _join(api, code, device="shared-tablet")[0] == 429
    # the same locked device, scanning the QR link, gets in
    assert _join(api, code, device="shared-tablet", token=token)[0] == 201
    # another session's token does not open this one's limit
    status, _, _ = _join(api, world.live_code, device="shared-tablet", token=token)
    assert status == 429


def test_the_offender_backs_off_longer_each_time(hall: World) -> None:
    api = hall.api
    guard = api.litestar.state.join_guard
    clock = [1000.0]
    guard.devices._clock = guard.devices._recent._clock = lambda: clock[0]
    waits = []
    for _ in range(3):
        for _ in range(LIMIT):
            _join(api, _wrong(hall), device="repeat-offender")
        status, headers, _ = _join(api, _wrong(hall), device="repeat-offender")
        assert status == 429
        waits.append(int(headers["retry-after"]))
        clock[0] += waits[-1] + 1  # wait the lock-out out, then offend again at once
    assert waits == [60, 120, 240]


def test_scripted_guessing_with_fresh_device_ids_hits_the_address_ceiling(hall: World) -> None:
    world, api = hall, hall.api
    statuses = [_join(api, _wrong(world), device=f"script-{n:04d}")[0] for n in range(CEILING)]
    assert statuses == [404] * CEILING
    status, headers, _ = _join(api, world.live_code, device="script-fresh")
    assert status == 429 and int(headers["retry-after"]) >= 1
    # no device id at all: counted by address, under the same ceiling
    assert _join(api, world.live_code)[0] == 429


def test_malformed_device_ids_count_by_address(hall: World) -> None:
    world, api = hall, hall.api
    for _ in range(LIMIT):
        _join(api, _wrong(world), device="x")  # too short to be an id: the address's bucket
    assert _join(api, world.live_code, device="y")[0] == 429
    assert _join(api, world.live_code, device="well-formed-device")[0] == 201
