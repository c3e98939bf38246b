"""Schemathesis over every operation of the server's own OpenAPI schema, in-process.

One test per operation, each on a world of its own (conftest.World) in one app per module. Each
example is sent as the lecture's owner or as a participant, drawn per example; half of the
examples keep generated path parameters (unknown ids), half use the world's real objects so
the fuzzer gets past the 404s into the handlers. Positive and negative (schema-breaking)
inputs are both generated. Every answer must be: no 5xx, a documented status, the documented
content type and headers, a body matching the documented schema.

Nothing is excluded: the binary answers (QR PNG, PDFs) are described by their media type,
which is all the content-type check needs, and the WAV upload gets a strategy of its own
(schemathesis has no generator for audio/wav bodies).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from reboot_adapters.wav import BYTES_PER_SECOND, wav_from_pcm
from reboot_http.fast_feed import FastFeed
from tests.security.conftest import FEED_PATHS, World, build_world, open_api
from tests.security.routes import ROWS, Row

# per operation and generation mode: ~45 operations x 2 modes x 25 is about 2,300 requests,
# some 10 s on two cores (300 per operation found nothing more when this was written)
MAX_EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# schemathesis' coverage phase would add hundreds of boundary cases per operation
CONFIG = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}})
OPERATIONS = [row for row in ROWS if row.path.startswith("/api/")]


def wav_bodies() -> st.SearchStrategy[bytes]:
    """Real chunks in the accepted format (silence or noise, up to 2 s) and arbitrary bytes."""
    pcm = st.one_of(
        st.integers(0, 2 * BYTES_PER_SECOND // 2).map(lambda samples: bytes(2 * samples)),
        st.binary(max_size=4096).map(lambda noise: noise[: len(noise) // 2 * 2]),
    )
    return st.one_of(pcm.map(wav_from_pcm), st.binary(max_size=512))


@dataclass
class Target:
    schema: schemathesis.BaseSchema
    worlds: dict[tuple[str, str], World]  # a world of its own for each operation


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Target:
    # schemathesis keeps media types in a process-wide registry; registering again is harmless
    schemathesis.openapi.media_type("audio/wav", wav_bodies())
    # the fuzzer sends many wrong join codes; a real limit would refuse the worlds' joins
    with open_api(tmp_path_factory.mktemp("fuzz"), {"join_rate_limit": "1000000/1s"}) as api:
        worlds = {row.key: build_world(api) for row in OPERATIONS}
    # the test client's lifespan has ended before schemathesis starts the app's next one (and
    # keeps it to the end of the process): background work never runs in two event loops
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", api.app, config=CONFIG)
    return Target(schema, worlds)


def test_the_schema_documents_exactly_the_api_routes(target: Target) -> None:
    documented = {(op.method.upper(), op.path) for op in _operations(target.schema)}
    assert documented == {row.key for row in OPERATIONS}


@pytest.mark.parametrize("row", OPERATIONS, ids=lambda row: f"{row.method} {row.path}")
def test_every_answer_conforms_to_the_schema(target: Target, row: Row) -> None:
    fuzz(target.schema, target.worlds[row.key], row)


FEED = next(row for row in OPERATIONS if row.path.endswith("/feed"))
# the module's app answers students' polls from boards through the feed route
OTHER_FEED_PATHS = [path for path in FEED_PATHS if path != "feed route, board"]


@pytest.mark.parametrize("feed_path", OTHER_FEED_PATHS)
def test_feed_answers_conform_on_every_path(
    tmp_path_factory: pytest.TempPathFactory, feed_path: str
) -> None:
    env, fast = FEED_PATHS[feed_path]
    with open_api(tmp_path_factory.mktemp("fuzz-feed"), env) as api:
        world = build_world(api)
    served = FastFeed(api.app) if fast else api.app
    boards = api.app.state.boards
    reads = boards.reads
    fuzz(schemathesis.openapi.from_asgi("/schema/openapi.json", served, config=CONFIG), world, FEED)
    assert (boards.reads > reads) is fast  # the path named is the path taken


def fuzz(schema: schemathesis.BaseSchema, world: World, row: Row) -> None:
    """Generated requests of one operation, as the owner or a participant of ``world``."""
    operation = schema[row.path][row.method]
    real = row.path_parameters(world)
    cases = st.one_of(
        *(operation.as_strategy(mode) for mode in GenerationMode),
        *(operation.as_strategy(mode, path_parameters=real) for mode in GenerationMode),
    )

    @given(case=cases, role=st.sampled_from(["owner", "participant"]))
    @settings(
        max_examples=MAX_EXAMPLES * 2,
        deadline=None,
        # a failing example is reported as found: shrinking it would cost most of the budget
        phases=[Phase.explicit, Phase.generate],
        # how fast cases generate depends on each operation's schema; the budget is the count
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def answers_conform(case: schemathesis.Case, role: str) -> None:
        case.call_and_validate(headers=world.roles[role], checks=CHECKS)

    answers_conform()


def _operations(schema: schemathesis.BaseSchema) -> list[schemathesis.APIOperation]:
    return [result.ok() for result in schema.get_all_operations()]
