"""Re:Boot Live inside a Django / Django REST Framework project.

Add ``"reboot_django"`` to ``INSTALLED_APPS``, ``path("", include("reboot_django.urls"))`` to
the URLconf, and (optionally) a ``REBOOT_LIVE`` dict to the settings that names the host's
functions by dotted path (docs/library.md, "Inside a Django project"):

* ``ACTOR``: ``(user) -> Actor | None`` — who ``request.user`` is to the core;
* ``LEARNING_SESSION_HOOK``: ``(*, student_id, lecture_id, live_session_id) -> str`` — the
  host's personal learning session, opened when a student joins;
* ``ROSTER``: ``(student_id, lecture_id) -> bool`` — who studies which lecture;
* ``ENQUEUE``: ``(session_id) -> None`` — the host's task runner for the end-of-session job
  (it calls ``reboot_django.run_end_job``); by default a thread of the Django process runs it.

The routes are the bundled server's (``/api/learning/live/...``), with the same status codes
and JSON bodies: both encode the msgspec Structs of ``reboot_http.schemas``.
"""

from __future__ import annotations

from reboot_django.runtime import close_live, get_live, run_end_job

__all__ = ["close_live", "get_live", "run_end_job"]
