"""Names and roles, and grades, through the whole flow with the test platform: instructor and
students launch, a quiz is answered, the session ends; the report counts roster students who
never came, the platform receives a line item and each student's score, and a failing
gradebook is retried and shows in the end job's status."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from reboot_adapters.lti import LtiPlatform, subject_of, user_id_of
from reboot_core.memory import (
    ManualClock,
    MemoryFileStorage,
    RecordingJobQueue,
    ScriptedLanguageModel,
    memory_uow_factory,
)
from reboot_http.app import create_app
from tests.http.conftest import make_settings
from tests.http.test_lti import bearer, launch, signed_in
from tests.support.lti_platform import MEMBERSHIP, TestPlatform

LIVE = "/api/learning/live"
LEARNER = [MEMBERSHIP + "Learner"]


@pytest.fixture
def platform() -> Iterator[TestPlatform]:
    server = TestPlatform().start()
    server.members = [
        {"user_id": "u-teacher", "roles": [MEMBERSHIP + "Instructor"], "status": "Active"},
        {"user_id": "u-s1", "roles": LEARNER, "status": "Active"},
        {"user_id": "u-s2", "roles": LEARNER, "status": "Active"},
        {"user_id": "u-s3", "roles": LEARNER, "status": "Active"},
        {"user_id": "u-s4", "roles": LEARNER, "status": "Active"},
        {"user_id": "u-gone", "roles": LEARNER, "status": "Inactive"},
    ]
    yield server
    server.stop()


@pytest.fixture
def jobs() -> RecordingJobQueue:
    return RecordingJobQueue()


@pytest.fixture
def client(tmp_path: Path, platform: TestPlatform, jobs) -> Iterator[TestClient[Litestar]]:
    language = ScriptedLanguageModel()
    language.notes.extend(["# 정리\n\nORM은 객체와 테이블을 잇습니다."] * 3)
    app = create_app(
        make_settings(tmp_path),
        uow=memory_uow_factory(),
        files=MemoryFileStorage(),
        language=language,
        clock=ManualClock(),
        jobs=jobs,
    )
    container = app.state.container
    container.lti.store.save_platform(LtiPlatform(**platform.registration()))
    with TestClient(app, base_url="https://testserver.local") as test_client:
        platform.tool_jwks = lambda: test_client.get("/lti/jwks").json()
        yield test_client


def run_lecture(client, platform, jobs) -> tuple[dict, list[dict]]:
    teacher = signed_in(launch(client, platform).text)
    students = [
        signed_in(launch(client, platform, sub=sub, roles=LEARNER).text) for sub in ("u-s1", "u-s2")
    ]
    session = teacher["session-id"]
    assert (
        client.post(f"{LIVE}/{session}/start", headers=bearer(teacher["token"])).status_code == 200
    )
    for student in students:
        joined = client.post(
            f"{LIVE}/join",
            json={"session_code": student["session-code"]},
            headers=bearer(student["token"]),
        )
        assert joined.status_code in {200, 201}, joined.text
    quiz = client.post(
        f"{LIVE}/{session}/quiz/create",
        headers=bearer(teacher["token"]),
        json={
            "question_text": "ORM은 무엇의 약자인가요?",
            "options": ["Object Relational Mapping", "Open Resource Model"],
            "correct_answer": "Object Relational Mapping",
            "explanation": "객체와 테이블을 잇습니다.",
        },
    ).json()
    for student, answer in zip(
        students, ["Object Relational Mapping", "Open Resource Model"], strict=True
    ):
        answered = client.post(
            f"{LIVE}/{session}/quiz/{quiz['id']}/answer",
            json={"answer": answer},
            headers=bearer(student["token"]),
        )
        assert answered.status_code in {200, 201}, answered.text
    assert client.post(f"{LIVE}/{session}/end", headers=bearer(teacher["token"])).status_code == 200
    return teacher, students


def job_of(client, teacher) -> dict:
    response = client.get(
        f"{LIVE}/{teacher['session-id']}/end/status", headers=bearer(teacher["token"])
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_roster_and_grades_reach_the_report_and_the_platform(client, platform, jobs) -> None:
    teacher, _ = run_lecture(client, platform, jobs)
    jobs.run_pending(client.app.state.container.reboot)
    job = job_of(client, teacher)
    assert job["status"] == "DONE", job
    grades = next(step for step in job["steps"] if step["step"] == "grades")
    assert grades["detail"] == "2 scores sent to the LMS"
    report = client.get(
        f"{LIVE}/{teacher['session-id']}/report", headers=bearer(teacher["token"])
    ).json()
    # u-s3 and u-s4 are enrolled and never came; the inactive member and the teacher are not
    assert report["participant_count"] == 2
    assert report["absent_student_count"] == 2
    [item] = platform.line_items
    assert item["scoreMaximum"] == 1 and item["resourceId"] == teacher["session-id"]
    assert item["tag"] == "checkpoint"
    scores = {s["userId"]: (s["scoreGiven"], s["scoreMaximum"]) for s in platform.scores}
    assert scores == {"u-s1": (1, 1), "u-s2": (0, 1)}
    assert all(s["lineitem"] == item["id"] for s in platform.scores)
    # every service call authenticated with a JWT the tool signed (checked by the platform)
    assert platform.assertions and all(a["iss"] == platform.client_id for a in platform.assertions)


def test_a_failing_gradebook_is_retried_and_shown_in_the_job(client, platform, jobs) -> None:
    teacher, _ = run_lecture(client, platform, jobs)
    # the step tries twice, each call three times: six failures in a row fail the step
    platform.fail_next_scores = 6
    services = client.app.state.container.reboot.deps.grades._services
    services._sleep = lambda seconds: None
    jobs.run_pending(client.app.state.container.reboot)
    job = job_of(client, teacher)
    assert job["status"] == "FAILED"
    grades = next(step for step in job["steps"] if step["step"] == "grades")
    assert grades["status"] == "FAILED" and "HTTP 503" in grades["error"]
    assert platform.scores == []
    # the LMS is back: re-running the job sends the scores
    rerun = client.post(
        f"{LIVE}/{teacher['session-id']}/end/rerun", headers=bearer(teacher["token"])
    )
    assert rerun.status_code in {200, 202}, rerun.text
    jobs.run_pending(client.app.state.container.reboot)
    assert job_of(client, teacher)["status"] == "DONE"
    assert {s["userId"] for s in platform.scores} == {"u-s1", "u-s2"}
    assert len(platform.line_items) == 1  # the line item made the first time is reused


def test_a_transient_failure_is_retried_within_the_step(client, platform, jobs) -> None:
    teacher, _ = run_lecture(client, platform, jobs)
    platform.fail_next_scores = 2
    client.app.state.container.reboot.deps.grades._services._sleep = lambda seconds: None
    jobs.run_pending(client.app.state.container.reboot)
    assert job_of(client, teacher)["status"] == "DONE"
    assert len(platform.scores) == 2


def test_subjects_come_back_only_from_this_platforms_users() -> None:
    assert subject_of("https://a", user_id_of("https://a", "42")) == "42"
    assert subject_of("https://b", user_id_of("https://a", "42")) is None
    assert subject_of("https://a", "guest-abc") is None


def test_an_absent_roster_student_reads_the_note_and_their_self_test_is_graded(
    client, platform, jobs
) -> None:
    teacher, _ = run_lecture(client, platform, jobs)
    jobs.run_pending(client.app.state.container.reboot)
    session = teacher["session-id"]
    approved = client.post(f"{LIVE}/{session}/note/approve", headers=bearer(teacher["token"]))
    assert approved.status_code == 200, approved.text
    # u-s3 never came; after the end the activity opens the review page
    response = launch(client, platform, sub="u-s3", roles=LEARNER)
    absent = signed_in(response.text)
    assert absent["target"] == f"/review?session={session}"
    note = client.get(f"{LIVE}/{session}/note", headers=bearer(absent["token"]))
    assert note.status_code == 200, note.text
    test = client.get(f"/api/learning/live/{session}/self-test", headers=bearer(absent["token"]))
    assert test.status_code == 200, test.text
    questions = test.json()["questions"]
    answers = {q["id"]: q["options"][0] for q in questions}
    submitted = client.post(
        f"/api/learning/live/{session}/self-test",
        json={"answers": answers},
        headers=bearer(absent["token"]),
    )
    assert submitted.status_code in {200, 201}, submitted.text
    [item] = [i for i in platform.line_items if i["tag"] == "self_test"]
    assert item["scoreMaximum"] == len(questions)
    [score] = [s for s in platform.scores if s["lineitem"] == item["id"]]
    assert score["userId"] == "u-s3"
    assert score["scoreGiven"] == submitted.json()["correct_count"]
    assert score["scoreMaximum"] == submitted.json()["total"]
