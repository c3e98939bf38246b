"""Re:Boot Live core: the pure domain of live lectures, its ports and use-case services.

Typical host-platform use::

    from reboot_core import Actor, in_memory
    live = in_memory()
    session = live.sessions.create(Actor.instructor("t1"), lecture_id="L1", title="ORM")
"""

from reboot_core.domain import *  # noqa: F403 - the domain's public names are the core's
from reboot_core.domain import __all__ as _domain_all
from reboot_core.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    TooLarge,
    Unavailable,
    UnsupportedType,
)
from reboot_core.memory import in_memory
from reboot_core.services import Dependencies, Reboot

__all__ = [
    *_domain_all,
    "Conflict",
    "Dependencies",
    "DomainError",
    "Forbidden",
    "Invalid",
    "NotFound",
    "Reboot",
    "TooLarge",
    "Unavailable",
    "UnsupportedType",
    "in_memory",
]
