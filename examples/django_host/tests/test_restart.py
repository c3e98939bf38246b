"""Nothing is lost when the Django process restarts, the host's own task runner can run the
note job, and the live tables keep out of the host's (own schema / own SQLite file)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from sqlalchemy import create_engine, inspect
from sqlalchemy.pool import NullPool

from host_api import LIVE, PREPARING, QUEUED, SCRIPTED, Api, lecture, ok, wait_for_jobs
from host_lecture import ANA, COURSE, TEACHER, run_lecture
from reboot_adapters.sql._tables import METADATA
from reboot_core import QuizDraft
from reboot_django import close_live, get_live
from reboot_django.conf import live_settings
from reboot_django.runtime import in_background

HOST = Path(__file__).resolve().parents[1]

# reads of the ended lecture that must be the same before and after a restart
AFTER = ("note/", "questions/", "end/status/", "report/", "quiz/", "status/")

# another Django process of this host on the same (test) database: it reads, then approves
_OTHER_PROCESS = """
import json, os, sys
import django
django.setup()
from django.test import Client
reads, approve, token = json.loads(sys.argv[1])
client = Client()
auth = {"Authorization": f"Token {token}"}
out = {path: client.get(path, headers=auth).content.decode() for path in reads}
out["approve"] = client.post(approve, headers=auth).status_code
print(json.dumps(out))
"""


def _ended_lecture(api: Api) -> tuple[str, dict[str, str]]:
    ids = run_lecture(api)
    ok(api.post(ids["url"] + "end/", as_=api.auth(TEACHER)))
    wait_for_jobs()
    return ids["url"], api.auth(TEACHER)


def test_new_core_objects_read_back_everything(api: Api) -> None:
    url, teacher = _ended_lecture(api)
    before = {tail: api.get(url + tail, as_=teacher).content for tail in AFTER}
    first = get_live()
    close_live()  # what stopping the process does; the next request opens a new core
    assert get_live() is not first
    assert {tail: api.get(url + tail, as_=teacher).content for tail in AFTER} == before
    assert json.loads(before["end/status/"])["status"] == "DONE"


def test_another_django_process_sees_and_changes_the_same_lecture(api: Api) -> None:
    url, teacher = _ended_lecture(api)
    before = {url + tail: api.get(url + tail, as_=teacher).content.decode() for tail in AFTER}
    token = teacher["Authorization"].removeprefix("Token ")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "host.settings",
        "HOST_DATABASE_NAME": str(connection.settings_dict["NAME"]),
        "PYTHONPATH": os.pathsep.join([str(HOST), *sys.path]),
    }
    payload = json.dumps([list(before), url + "note/approve/", token])
    result = subprocess.run(
        [sys.executable, "-c", _OTHER_PROCESS, payload],
        cwd=HOST,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen.pop("approve") == 200
    assert seen == before
    # and this process sees what the other one did
    assert ok(api.get(url + "note/", as_=api.auth(ANA, "student")))["is_approved"] is True


def test_the_hosts_task_runner_runs_the_note_job(api: Api) -> None:
    ids = run_lecture(api)
    teacher = api.auth(TEACHER)
    close_live()
    conf = {**settings.REBOOT_LIVE, "ENQUEUE": "host_api.remember_job"}
    try:
        with override_settings(REBOOT_LIVE=conf):
            ok(api.post(ids["url"] + "end/", as_=teacher))
            session_id = ids["session"]["id"]
            assert QUEUED[-1] == session_id
            assert ok(api.get(ids["url"] + "end/status/", as_=teacher))["status"] == "QUEUED"
            call_command("reboot_run_job", session_id)  # what the host's worker runs
            assert ok(api.get(ids["url"] + "end/status/", as_=teacher))["status"] == "DONE"
            assert ok(api.get(ids["url"] + "note/", as_=teacher))["content_text"].strip()
    finally:
        close_live()


def test_live_tables_stay_out_of_the_hosts_tables(api: Api) -> None:
    run_lecture(api)
    conf = live_settings()
    host_tables = set(connection.introspection.table_names())
    assert "school_lecture" in host_tables and not host_tables & set(METADATA.tables)
    engine = create_engine(conf.database_url, poolclass=NullPool)
    try:
        if connection.vendor == "postgresql":
            assert conf.schema == "reboot_live"
            live_tables = set(inspect(engine).get_table_names(schema="reboot_live"))
        else:
            assert conf.schema is None
            beside = Path(str(connection.settings_dict["NAME"])).parent
            assert Path(engine.url.database or "").parent == beside
            live_tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert live_tables >= set(METADATA.tables) and not live_tables & host_tables


def test_core_parts_come_from_the_hosts_dependencies_function(api: Api) -> None:
    ids = run_lecture(api)
    teacher = api.auth(TEACHER)
    close_live()
    conf = {**settings.REBOOT_LIVE, "DEPENDENCIES": "host_api.scripted_language"}
    try:
        with override_settings(REBOOT_LIVE=conf):
            SCRIPTED.quizzes.append(QuizDraft.create("스크립트 퀴즈?", ["예", "아니요"], "예"))
            draft = ok(api.post(ids["url"] + "quiz/generate/", as_=teacher))
            assert draft["question_text"] == "스크립트 퀴즈?"
            # the scripted model has nothing more: the core's Unavailable is a 503
            empty = api.post(ids["url"] + "quiz/generate/", as_=teacher)
            assert (empty.status_code, empty.json()["error"]) == (503, "unavailable")
    finally:
        close_live()


def test_an_asked_question_is_prepared_for_grouping_off_the_request_thread(api: Api) -> None:
    close_live()
    conf = {**settings.REBOOT_LIVE, "DEPENDENCIES": "host_api.preparing_language"}
    lecture(COURSE, TEACHER, students=(ANA,))
    teacher, ana = api.auth(TEACHER), api.auth(ANA, "student")
    text = "지연 평가는 언제 실행되나요?"
    try:
        with override_settings(REBOOT_LIVE=conf):
            body = {"lecture_id": COURSE, "title": "ORM"}
            session = ok(api.post(f"{LIVE}/create/", as_=teacher, json=body), 201)
            url = f"{LIVE}/{session['id']}/"
            ok(api.post(url + "start/", as_=teacher))
            ok(
                api.post(f"{LIVE}/join/", as_=ana, json={"session_code": session["session_code"]}),
                201,
            )
            ok(api.post(url + "questions/", as_=ana, json={"question_text": text}), 201)
            in_background(lambda: None).result(timeout=10)  # what was queued before has run
            assert [t for t, _ in PREPARING.prepared] == [text]
            assert PREPARING.prepared[0][1].startswith("reboot-prepare")
    finally:
        close_live()
