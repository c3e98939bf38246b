"""Bodies shared by every route: errors and health."""

from __future__ import annotations

from typing import Any

import msgspec


class ErrorOut(msgspec.Struct, omit_defaults=True):
    """Every refusal: a stable machine code and a human-readable detail."""

    error: str
    detail: str
    fields: list[dict[str, Any]] | None = None


class HealthOut(msgspec.Struct):
    status: str


__all__ = ["ErrorOut", "HealthOut"]
