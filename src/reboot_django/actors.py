"""Who ``request.user`` is to the core: an ``Actor`` (user id and role), or nobody.

The ``ACTOR`` setting names a function ``(user) -> Actor | None``. ``None`` means the user has
no part in live lectures (403). Anonymous users never reach it: they get 401.
"""

from __future__ import annotations

from typing import Any

from reboot_core import Actor


def staff_are_instructors(user: Any) -> Actor | None:
    """The default: staff users teach, every other active user learns; the id is the pk."""
    if not getattr(user, "is_active", False):
        return None
    user_id = str(user.pk)
    return Actor.instructor(user_id) if user.is_staff else Actor.student(user_id)


__all__ = ["staff_are_instructors"]
