"""Bodies of the auth routes."""

from __future__ import annotations

from typing import Literal

import msgspec

from reboot_core import Actor


class DevLoginIn(msgspec.Struct):
    """Development sign-in by name only (insecure; see docs/settings.md, REBOOT_DEV_LOGIN)."""

    name: str
    role: Literal["instructor", "student"] = "instructor"


class TokenOut(msgspec.Struct):
    token: str
    user_id: str
    role: str


class MeOut(msgspec.Struct):
    user_id: str
    role: str


def me_out(actor: Actor) -> MeOut:
    return MeOut(user_id=actor.user_id, role=actor.role.value)


__all__ = ["DevLoginIn", "MeOut", "TokenOut", "me_out"]
