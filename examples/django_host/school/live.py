"""What the host tells Re:Boot Live (named in settings.REBOOT_LIVE by dotted path)."""

from __future__ import annotations

import secrets

from rest_framework.authtoken.models import Token

from reboot_core import Actor
from school.models import Enrollment, LearningSession, Lecture, User


def actor_for(user: User) -> Actor | None:
    """Usernames are the ids Re:Boot Live keeps; the host's role decides the rest."""
    if not user.is_active:
        return None
    if user.role == User.Role.INSTRUCTOR:
        return Actor.instructor(user.username)
    return Actor.student(user.username)


def open_learning_session(*, student_id: str, lecture_id: str, live_session_id: str) -> str:
    """The student's learning session for this live session (idempotent: a repeated or
    racing join finds the same row)."""
    session, _ = LearningSession.objects.get_or_create(
        student=User.objects.get(username=student_id),
        live_session_id=live_session_id,
        defaults={"lecture": Lecture.objects.filter(code=lecture_id).first()},
    )
    return str(session.pk)


def is_enrolled(student_id: str, lecture_id: str) -> bool:
    return Enrollment.objects.filter(
        student__username=student_id, lecture__code=lecture_id
    ).exists()


def new_guest(request) -> tuple[User, str]:
    """A student account for someone who scanned the QR code without signing in."""
    user = User(username=f"guest-{secrets.token_hex(8)}", role=User.Role.STUDENT, is_guest=True)
    user.set_unusable_password()
    user.save()
    return user, Token.objects.create(user=user).key
