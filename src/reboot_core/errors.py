"""The domain's error tree.

Adapters translate vendor exceptions into these; the HTTP layer maps each class to one status
code in a single place. Every error carries a human-readable ``detail`` (Korean-first product,
but details are written for developers and may be shown to users as they are).
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the core raises on purpose."""

    code = "domain_error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(DomainError):
    """The thing asked for does not exist (or the caller may not know it exists)."""

    code = "not_found"


class Forbidden(DomainError):
    """The caller is known but not allowed to do this."""

    code = "forbidden"


class Conflict(DomainError):
    """The request contradicts stored state: a duplicate, or a transition not allowed now."""

    code = "conflict"


class Invalid(DomainError):
    """The request is malformed or breaks a domain rule about values."""

    code = "invalid"


class TooLarge(Invalid):
    """A payload is over its configured size limit."""

    code = "too_large"


class UnsupportedType(Invalid):
    """A payload's content is of a type the domain does not accept."""

    code = "unsupported_type"


class Unavailable(DomainError):
    """A dependency (storage, speech, language model) or a finite resource is not available now."""

    code = "unavailable"


__all__ = [
    "Conflict",
    "DomainError",
    "Forbidden",
    "Invalid",
    "NotFound",
    "TooLarge",
    "Unavailable",
    "UnsupportedType",
]
