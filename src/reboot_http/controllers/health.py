"""Liveness for load balancers and the process test."""

from __future__ import annotations

from litestar import get

from reboot_http.schemas.common import HealthOut


@get("/api/health", tags=["health"], exclude_from_auth=True)
async def health() -> HealthOut:
    """Always ``{"status": "ok"}`` while the process serves requests."""
    return HealthOut(status="ok")
