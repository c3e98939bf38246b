"""Sign-in helpers: development login by name, and who-am-I."""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from reboot_core import Actor, Forbidden, Invalid
from reboot_core.domain.actor import Role
from reboot_http.auth import GUEST_PREFIX, Tokens
from reboot_http.controllers._common import actor_of, client_address, refusals
from reboot_http.polling import Concerns
from reboot_http.schemas.auth import DevLoginIn, MeOut, TokenOut, me_out

log = logging.getLogger(__name__)

MAX_NAME = 64


class MeController(Controller):
    path = "/api/auth"
    tags = ("auth",)

    @get("/me", responses=refusals())
    async def me(self, request: Request[Any, Any, Any]) -> MeOut:
        """The caller's user id and role, as the token says."""
        return me_out(actor_of(request))


class DevLoginController(Controller):
    """Registered only when REBOOT_DEV_LOGIN is on. Insecure by design: anyone who can reach
    it becomes whoever they name, so instructors may use it from this machine only."""

    path = "/api/auth"
    tags = ("auth",)

    @post(
        "/dev-login",
        status_code=200,
        exclude_from_auth=True,
        concerns=Concerns.NOBODY,
        responses=refusals(400, 403, 422),
    )
    async def dev_login(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[DevLoginIn],
        tokens: NamedDependency[Tokens],
    ) -> TokenOut:
        """Development only: a token for a name and role, no password."""
        name = " ".join(data.name.split())
        if not name or len(name) > MAX_NAME or name.startswith(GUEST_PREFIX):
            raise Invalid(f"name must be 1 to {MAX_NAME} characters and not start with 'guest-'")
        role = Role(data.role)
        address = client_address(request)
        if role is Role.INSTRUCTOR and not _is_loopback(address):
            # a student on the lecture-hall network could otherwise sign in as the teacher
            raise Forbidden("instructor dev login works only from the server's own machine")
        log.info("dev login as %s (%s) from %s", name, role.value, address)
        actor = Actor(name, role)
        return TokenOut(token=tokens.mint(actor), user_id=actor.user_id, role=role.value)


def _is_loopback(address: str) -> bool:
    """True unless the client is at an IP address of another machine.

    Addresses that are not IPs come from unix sockets or in-process clients: both local.
    """
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return True


__all__ = ["DevLoginController", "MeController"]
