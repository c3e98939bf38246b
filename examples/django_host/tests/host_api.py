"""Helpers of the example host's tests: a client that speaks as the host's users (token
sign-in), the host's lectures and enrolments, and waiting for the job thread."""

from __future__ import annotations

import json
import threading
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from rest_framework.authtoken.models import Token

from reboot_core.memory import ScriptedLanguageModel
from reboot_django import get_live
from school.models import Enrollment, Lecture, User

LIVE = "/api/learning/live"


def wait_for_jobs() -> None:
    """Let the bundled job thread finish the end-of-session jobs queued so far."""
    jobs = get_live().jobs
    assert jobs.wait_idle(timeout=300), "the end-of-session job did not finish"  # type: ignore[attr-defined]


class Api:
    """Django's test client, with the host's token sign-in per user."""

    def __init__(self) -> None:
        self.client = Client()

    def auth(self, username: str, role: str = "instructor") -> dict[str, str]:
        user, _ = User.objects.get_or_create(username=username, defaults={"role": role})
        token, _ = Token.objects.get_or_create(user=user)
        return {"Authorization": f"Token {token.key}"}

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        json: Any = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
        data: dict[str, str] | None = None,
        content: bytes | None = None,
    ) -> Any:
        headers = dict(headers or {})
        kwargs: dict[str, Any] = {}
        if json is not None:
            kwargs = {"data": _dumps(json), "content_type": "application/json"}
        elif files is not None:
            form: dict[str, Any] = dict(data or {})
            for field, (name, body, kind) in files.items():
                form[field] = SimpleUploadedFile(name, body, content_type=kind)
            kwargs = {"data": form}  # the test client encodes it as multipart/form-data...
            if method.upper() != "POST":  # ...for POST only: PUT gets it encoded here
                body = encode_multipart(BOUNDARY, form)
                kwargs = {"data": body, "content_type": MULTIPART_CONTENT}
        elif content is not None:
            kwargs = {
                "data": content,
                "content_type": headers.pop("Content-Type", "application/octet-stream"),
            }
        call = getattr(self.client, method.lower())
        return call(url, headers=headers, **kwargs)

    def get(self, url: str, *, as_: dict[str, str] | None = None, **kwargs: Any) -> Any:
        return self.request("GET", url, headers=as_, **kwargs)

    def post(self, url: str, *, as_: dict[str, str] | None = None, **kwargs: Any) -> Any:
        return self.request("POST", url, headers=as_, **kwargs)

    def put(self, url: str, *, as_: dict[str, str] | None = None, **kwargs: Any) -> Any:
        return self.request("PUT", url, headers=as_, **kwargs)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def ok(response: Any, *statuses: int) -> Any:
    assert response.status_code in (statuses or (200, 201)), (
        response.request["REQUEST_METHOD"],
        response.request["PATH_INFO"],
        response.status_code,
        response.content[:500],
    )
    return response.json() if response.content else None


def lecture(code: str, teacher: str, students: tuple[str, ...] = ()) -> Lecture:
    """The host's lecture with its instructor and enrolled students (made when missing)."""
    owner, _ = User.objects.get_or_create(username=teacher, defaults={"role": "instructor"})
    found, _ = Lecture.objects.get_or_create(
        code=code, defaults={"title": code, "instructor": owner}
    )
    for name in students:
        student, _ = User.objects.get_or_create(username=name, defaults={"role": "student"})
        Enrollment.objects.get_or_create(student=student, lecture=found)
    return found


# a host task runner for tests: remembers what it was asked to run
QUEUED: list[str] = []


def remember_job(session_id: str) -> None:
    QUEUED.append(session_id)


# core parts a test swaps in through REBOOT_LIVE["DEPENDENCIES"]
SCRIPTED = ScriptedLanguageModel()


def scripted_language() -> dict[str, object]:
    return {"language": SCRIPTED}


class PreparingLanguage(ScriptedLanguageModel):
    """Scripted, plus the offline model's optional ``prepare_questions``: remembers what it
    was given and on which thread."""

    def __init__(self) -> None:
        super().__init__()
        self.prepared: list[tuple[str, str]] = []

    def prepare_questions(self, texts: list[str]) -> None:
        self.prepared.extend((text, threading.current_thread().name) for text in texts)


PREPARING = PreparingLanguage()


def preparing_language() -> dict[str, object]:
    return {"language": PREPARING}


def broken_actor(user: object) -> None:
    raise RuntimeError("the host's actor function broke")


__all__ = [
    "LIVE",
    "PREPARING",
    "QUEUED",
    "Api",
    "broken_actor",
    "lecture",
    "ok",
    "preparing_language",
    "remember_job",
    "wait_for_jobs",
]
