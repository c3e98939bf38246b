"""Fixtures of the example host's tests (helpers are in host_api.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from host_api import Api
from reboot_django import close_live


@pytest.fixture(scope="session", autouse=True)
def live_core(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Set up after the test database, so torn down before it is dropped: the core's pooled
    connections would keep PostgreSQL from dropping it."""
    yield
    close_live()


@pytest.fixture
def api(transactional_db: Any) -> Api:
    # transactional: the live core has connections of its own, and a restarted process
    # (a subprocess) must see the host's rows, so they are really committed
    return Api()
