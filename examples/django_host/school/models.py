"""The host platform's own models: Re:Boot Live only ever sees ids of them."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    class Role(models.TextChoices):
        INSTRUCTOR = "instructor", "강사"
        STUDENT = "student", "학생"

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.STUDENT)
    # made on the spot for a student who joined a live session by its code without an account
    is_guest = models.BooleanField(default=False)


class Lecture(models.Model):
    # what Re:Boot Live calls the lecture id
    code = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=200)
    instructor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="lectures")


class Enrollment(models.Model):
    student = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrollments")
    lecture = models.ForeignKey(Lecture, on_delete=models.CASCADE, related_name="enrollments")

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["student", "lecture"], name="one_enrollment_each"),
        )


class LearningSession(models.Model):
    """A student's personal study session; one per live session they joined."""

    student = models.ForeignKey(User, on_delete=models.CASCADE, related_name="learning_sessions")
    lecture = models.ForeignKey(Lecture, on_delete=models.SET_NULL, null=True)
    live_session_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["student", "live_session_id"], name="one_learning_session_per_live"
            ),
        )
