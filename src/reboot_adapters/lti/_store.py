"""The LTI store port and its in-memory adapter; the SQL adapter is
``reboot_adapters.sql._repositories.lti.SqlLtiStore``."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from reboot_adapters.lti._records import (
    LineItem,
    LoginState,
    LtiCourse,
    LtiPlatform,
    PlacedSession,
    ToolKey,
    newest,
)


class LtiStore(Protocol):
    """Platforms, tool keys, pending logins, used nonces and placed sessions.

    Every method is its own transaction. ``take_state`` and ``use_nonce`` are the replay
    guards: each answers a given state or nonce once, also under concurrent calls.
    """

    def save_platform(self, platform: LtiPlatform) -> None:
        """Add or replace the registration of (issuer, client id)."""

    def platform(self, issuer: str, client_id: str | None) -> LtiPlatform | None:
        """The registration; with no client id, the issuer's only one (None if several)."""

    def platforms(self) -> Sequence[LtiPlatform]: ...

    def add_key(self, key: ToolKey) -> None: ...

    def signing_keys(self) -> Sequence[ToolKey]:
        """The tool's keys, newest first."""

    def put_state(self, state: LoginState) -> None: ...

    def prune(self, now: datetime) -> None:
        """Forget logins that never came back and nonces whose tokens have expired."""

    def take_state(self, state: str, now: datetime) -> LoginState | None:
        """The pending login of ``state`` if it has not expired, removed so it works once."""

    def use_nonce(self, issuer: str, nonce: str, expires_at: datetime) -> bool:
        """Record a nonce; False when the issuer's nonce was already used."""

    def place(self, placed: PlacedSession) -> PlacedSession:
        """Record where a resource link points, unless it already points somewhere: the
        placement that is stored afterwards is returned."""

    def placed(self, issuer: str, resource_link_id: str) -> PlacedSession | None: ...

    def save_course(self, course: LtiCourse) -> None:
        """Add or replace what the latest launch said about the lecture's course."""

    def course(self, lecture_id: str) -> LtiCourse | None: ...

    def save_line_item(self, item: LineItem) -> LineItem:
        """Keep the first line item made for (session, kind); the stored one is returned."""

    def line_item(self, session_id: str, kind: str) -> LineItem | None: ...


class MemoryLtiStore:
    """LtiStore in a dict, for tests and ``memory://`` servers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._platforms: dict[tuple[str, str], LtiPlatform] = {}
        self._keys: dict[str, ToolKey] = {}
        self._states: dict[str, LoginState] = {}
        self._nonces: dict[tuple[str, str], datetime] = {}
        self._placed: dict[tuple[str, str], PlacedSession] = {}
        self._courses: dict[str, LtiCourse] = {}
        self._items: dict[tuple[str, str], LineItem] = {}

    def save_platform(self, platform: LtiPlatform) -> None:
        with self._lock:
            self._platforms[platform.issuer, platform.client_id] = platform

    def platform(self, issuer: str, client_id: str | None) -> LtiPlatform | None:
        with self._lock:
            if client_id is not None:
                return self._platforms.get((issuer, client_id))
            found = [p for (iss, _), p in self._platforms.items() if iss == issuer]
        return found[0] if len(found) == 1 else None

    def platforms(self) -> Sequence[LtiPlatform]:
        with self._lock:
            return sorted(self._platforms.values(), key=lambda p: (p.issuer, p.client_id))

    def add_key(self, key: ToolKey) -> None:
        with self._lock:
            self._keys[key.kid] = key

    def signing_keys(self) -> Sequence[ToolKey]:
        with self._lock:
            return newest(list(self._keys.values()))

    def put_state(self, state: LoginState) -> None:
        with self._lock:
            self._states[state.state] = state

    def prune(self, now: datetime) -> None:
        with self._lock:
            self._states = {k: v for k, v in self._states.items() if v.expires_at > now}
            self._nonces = {k: v for k, v in self._nonces.items() if v > now}

    def take_state(self, state: str, now: datetime) -> LoginState | None:
        with self._lock:
            found = self._states.pop(state, None)
        return found if found is not None and found.expires_at > now else None

    def use_nonce(self, issuer: str, nonce: str, expires_at: datetime) -> bool:
        with self._lock:
            if (issuer, nonce) in self._nonces:
                return False
            self._nonces[issuer, nonce] = expires_at
            return True

    def place(self, placed: PlacedSession) -> PlacedSession:
        with self._lock:
            return self._placed.setdefault((placed.issuer, placed.resource_link_id), placed)

    def placed(self, issuer: str, resource_link_id: str) -> PlacedSession | None:
        with self._lock:
            return self._placed.get((issuer, resource_link_id))

    def save_course(self, course: LtiCourse) -> None:
        with self._lock:
            self._courses[course.lecture_id] = course

    def course(self, lecture_id: str) -> LtiCourse | None:
        with self._lock:
            return self._courses.get(lecture_id)

    def save_line_item(self, item: LineItem) -> LineItem:
        with self._lock:
            return self._items.setdefault((item.session_id, item.kind), item)

    def line_item(self, session_id: str, kind: str) -> LineItem | None:
        with self._lock:
            return self._items.get((session_id, kind))


__all__ = ["LtiStore", "MemoryLtiStore"]
