"""A small learning platform that embeds Re:Boot Live: its own users, lectures, enrolments
and learning sessions, Django REST Framework with token and session sign-in.

``HOST_DATABASE_URL`` picks the database (default: ``var/host.sqlite3`` beside this project);
``postgresql://user@host:port/name`` makes it PostgreSQL. Re:Boot Live's storage follows the
host's database (its own schema there, or its own SQLite file beside the host's).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parents[1]
VAR_DIR = Path(os.environ.get("HOST_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("HOST_SECRET_KEY", "example-host-not-for-production")
DEBUG = os.environ.get("HOST_DEBUG") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "rest_framework",
    "rest_framework.authtoken",
    "school",
    "reboot_django",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "host.urls"
AUTH_USER_MODEL = "school.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Asia/Seoul"
LANGUAGE_CODE = "ko-kr"


def _database(url: str | None) -> dict:
    # HOST_TEST_DATABASE: the test database's name, unique per run so that runs sharing a
    # PostgreSQL server never drop each other's (pytest-django creates and drops it)
    test_name = os.environ.get("HOST_TEST_DATABASE")
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "host.sqlite3",
            # the test database needs a file too: the live storage's file sits beside it
            "TEST": {"NAME": VAR_DIR / f"{test_name or 'test_host'}.sqlite3"},
        }
    parts = urlsplit(url)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": parts.port or "",
        "TEST": {"NAME": test_name} if test_name else {},
    }


DATABASES = {"default": _database(os.environ.get("HOST_DATABASE_URL"))}
if os.environ.get("HOST_DATABASE_NAME"):
    # another process of a running test: the test database itself (tests/test_restart.py)
    DATABASES["default"]["NAME"] = os.environ["HOST_DATABASE_NAME"]

REST_FRAMEWORK = {
    # token first: its "Token" challenge goes with every 401
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}

# Re:Boot Live: the host's answers to "who is this", "who studies what" and "open my
# learning session"; storage, files and the job queue take their defaults.
REBOOT_LIVE = {
    "ACTOR": "school.live.actor_for",
    "LEARNING_SESSION_HOOK": "school.live.open_learning_session",
    "ROSTER": "school.live.is_enrolled",
    "GUEST": "school.live.new_guest",
    "FILES_DIR": VAR_DIR / "live-files",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
