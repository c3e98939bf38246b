"""Who is acting: the host platform (or the bundled server's auth) tells the core."""

from __future__ import annotations

import enum

import attrs

from reboot_core.errors import Forbidden, Invalid


class Role(enum.StrEnum):
    INSTRUCTOR = "instructor"
    STUDENT = "student"


@attrs.frozen
class Actor:
    """An authenticated user as the core sees them: an opaque id and one role."""

    user_id: str
    role: Role

    def __attrs_post_init__(self) -> None:
        if not self.user_id or not self.user_id.strip():
            raise Invalid("user id must not be empty")

    @classmethod
    def instructor(cls, user_id: str) -> Actor:
        return cls(user_id, Role.INSTRUCTOR)

    @classmethod
    def student(cls, user_id: str) -> Actor:
        return cls(user_id, Role.STUDENT)

    @property
    def is_instructor(self) -> bool:
        return self.role is Role.INSTRUCTOR

    def require_instructor(self) -> None:
        if not self.is_instructor:
            raise Forbidden("only instructors may do this")

    def require_student(self) -> None:
        if self.is_instructor:
            raise Forbidden("only students may do this")
