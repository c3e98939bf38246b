"""Lecture ownership as the core knows it.

Host platforms own their lectures; the core only records which instructor manages a lecture id
so materials and reports are not open to every instructor. The bundled server lets the first
instructor who uses a lecture id claim it.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.errors import Forbidden


@attrs.frozen
class Lecture:
    id: str
    owner_id: str
    created_at: datetime

    def require_owner(self, actor: Actor) -> None:
        if not (actor.is_instructor and actor.user_id == self.owner_id):
            raise Forbidden("only this lecture's instructor may do this")
