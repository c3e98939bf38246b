"""A student's feed poll through the Django app (reboot_django), in process, next to a bare
DRF view with the same token sign-in as the yardstick measured in the same run.

    .venv/bin/python bench/django_feed.py [--students 200] [--polls 400] [--runs 3]
    .venv/bin/python bench/django_feed.py --postgres postgresql://postgres@127.0.0.1:5432/test

Uses the example host (examples/django_host) on a fresh SQLite file in a temporary directory,
or on a new PostgreSQL database that is dropped afterwards. Prints, per kind of request, the
median time of one call in each run and the range over the runs; no HTTP server or network is
involved (Django's test client calls the WSGI handler), so these are the framework's and the
core's costs only. A poll every 5 s per student means (1 s / time per poll) x 5 students per
core at most.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = ROOT / "examples" / "django_host"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--polls", type=int, default=400, help="timed calls per kind and run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", default=None, help="server URL; a database is made")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        os.environ["HOST_VAR_DIR"] = var
        database = None
        if args.postgres:
            database = f"reboot_bench_{uuid.uuid4().hex[:8]}"
            _admin(args.postgres, f'CREATE DATABASE "{database}"')
            os.environ["HOST_DATABASE_URL"] = args.postgres.rsplit("/", 1)[0] + "/" + database
        try:
            return _bench(args)
        finally:
            from reboot_django import close_live

            close_live()
            if database:
                from django.db import connections

                connections.close_all()
                _admin(args.postgres, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _bench(args: argparse.Namespace) -> int:
    sys.path[:0] = [str(HOST), str(HOST / "tests"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "host.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import clear_url_caches, path
    from rest_framework.response import Response
    from rest_framework.views import APIView

    import host.urls
    from host_api import Api, lecture, ok  # type: ignore[import-not-found]
    from reboot_core import Actor
    from reboot_django import get_live

    class Bare(APIView):
        def get(self, request):  # the same sign-in, no core call
            return Response({"status": "ok"})

    host.urls.urlpatterns.append(path("bench/bare/", Bare.as_view()))
    clear_url_caches()
    setup_test_environment()
    call_command("migrate", verbosity=0)

    names = [f"bench-s{i}" for i in range(args.students)]
    lecture("bench-lecture", "bench-teacher", students=tuple(names))
    api = Api()
    teacher = api.auth("bench-teacher")
    body = {"lecture_id": "bench-lecture", "title": "bench"}
    session = ok(api.post("/api/learning/live/create/", as_=teacher, json=body), 201)
    feed = f"/api/learning/live/{session['id']}/feed/"
    ok(api.post(f"/api/learning/live/{session['id']}/start/", as_=teacher))
    students = [api.auth(name, "student") for name in names]
    for auth in students:
        code = {"session_code": session["session_code"]}
        ok(api.post("/api/learning/live/join/", as_=auth, json=code), 201)
    etag = api.get(feed, as_=students[0])["ETag"]
    client = Client()
    live = get_live().live
    actors = [Actor.student(name) for name in names]

    kinds = {
        "bare DRF view (yardstick)": lambda i: client.get("/bench/bare/", headers=students[i]),
        "student feed 200": lambda i: client.get(feed, headers=students[i]),
        "student feed 304": lambda i: client.get(
            feed, headers={**students[0], "If-None-Match": etag}
        ),
        "instructor feed 200": lambda i: client.get(feed, headers=teacher),
        # the core alone, without Django: the poll's read plus its presence write, and the read
        "core feed call": lambda i: _Ok(live.feeds.feed(actors[i], session["id"])),
        "core feed call, no presence": lambda i: _Ok(
            live.feeds.feed(actors[i], session["id"], record_presence=False)
        ),
    }
    print(f"backend: {'PostgreSQL' if args.postgres else 'SQLite'}; {args.students} students")
    for name, call in kinds.items():
        medians = []
        for _ in range(args.runs):
            times = []
            for i in range(args.polls):
                start = time.perf_counter()
                response = call(i % len(students))
                times.append(time.perf_counter() - start)
                assert response.status_code in (200, 304), response.status_code
            medians.append(statistics.median(times) * 1e6)
        shown = ", ".join(f"{m:.0f}" for m in medians)
        spread = f"{min(medians):.0f}-{max(medians):.0f}"
        print(f"{name:28s} median µs per call by run: {shown}  (range {spread})")
    return 0


class _Ok:
    status_code = 200

    def __init__(self, _: object) -> None:
        pass


def _admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(
        url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
    ) as db:
        db.execute(statement)


if __name__ == "__main__":
    sys.exit(main())
