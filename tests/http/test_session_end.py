"""Ending a session over HTTP: the end-of-session job and everything it makes.

A 23-minute Korean lecture on the Django ORM runs through the API on in-memory storage with
the offline defaults (built-in language model, real PDF/PPTX/Markdown extraction): slides
uploaded, transcript chunks posted, pulses, quizzes and questions from six students. Then the
instructor ends it and the queued job is run here, synchronously, so each test can look at
exactly one state.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from reboot_adapters.material_text import MaterialTextExtractor
from reboot_adapters.offline_language import OfflineLanguageModel
from reboot_core import Unavailable
from reboot_core.memory import ManualClock, MemoryFileStorage, RecordingJobQueue, memory_uow_factory
from reboot_core.ports.language import NoteRequest
from reboot_http.app import create_app
from tests.fixtures import korean_lecture as lecture
from tests.http.conftest import LIVE, Api, assert_error, make_settings

STUDENTS = ("s1", "s2", "s3", "s4", "s5", "s6")
ABSENT = "s9"  # a student of the lecture who never joined
LECTURE_ID = "django-orm"
STEPS = ["transcript", "materials", "note", "report", "summaries", "grades"]
# the last quiz is sent in the lecture's final minute: nobody answers it before the end
LAST_QUIZ = lecture.QuizSpec(
    5,
    "조회수를 1 올릴 때 경쟁 조건을 피하려면 무엇을 쓰나요?",
    ("F 객체", "Q 객체", "annotate", "values"),
    "F 객체",
    "F 객체는 데이터베이스 안에서 계산하므로 동시에 올려도 값이 사라지지 않습니다.",
    ("F 객체",),
)
# who answers which quiz, and whether correctly
ANSWERS = {
    0: {"s1": True, "s2": True, "s3": True, "s4": False, "s5": False},
    1: {"s1": True, "s2": False, "s3": True, "s4": True, "s5": True, "s6": False},
    2: {"s1": False, "s2": False, "s3": True, "s4": False, "s5": True},
}


class SwitchableLanguage:
    """The offline model, with a switch that makes note drafts fail (a broken service) and
    a hook called before each draft (to look at the job from inside a step)."""

    def __init__(self) -> None:
        self.offline = OfflineLanguageModel(embedder=None)
        self.broken = False
        self.before_note: Callable[[], None] | None = None
        self.note_calls = 0

    def draft_quiz(self, request) -> Any:
        return self.offline.draft_quiz(request)

    def cluster_questions(self, questions, *, glossary=(), lecture=None) -> list[int]:
        return self.offline.cluster_questions(questions, glossary=glossary, lecture=lecture)

    def lecture_terms(self, sections) -> Any:
        return self.offline.lecture_terms(sections)

    def draft_note(self, request: NoteRequest) -> str:
        self.note_calls += 1
        if self.before_note is not None:
            self.before_note()
        if self.broken:
            raise Unavailable("언어 모델 서버가 응답하지 않습니다 (timeout)")
        return self.offline.draft_note(request)


@dataclass
class Ended:
    """A lecture that ran and ended; its job is queued, not run yet."""

    api: Api
    session_id: str
    quizzes: list[dict] = field(default_factory=list)

    def url(self, tail: str) -> str:
        return f"{LIVE}/{self.session_id}/{tail}"

    @property
    def teacher(self) -> dict[str, str]:
        return self.api.auth("t1")

    def student(self, name: str) -> dict[str, str]:
        return self.api.auth(name, "student")

    def run_job(self) -> None:
        self.api.jobs.run_pending(self.api.container.reboot)

    def status(self) -> dict:
        response = self.api.get(self.url("end/status/"), as_=self.teacher)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="module")
def materials() -> dict[str, bytes]:
    if shutil.which("pdftotext") is None:
        reason = "poppler-utils (pdftotext, pdffonts, pdftoppm) is not installed"
        (pytest.fail if os.environ.get("CI") == "true" else pytest.skip)(reason)
    return {
        "slides-1.pdf": lecture.slides_pdf(),
        "slides-2.pptx": lecture.slides_pptx(),
        "handout.md": lecture.handout_md(),
    }


@pytest.fixture
def language() -> SwitchableLanguage:
    return SwitchableLanguage()


@pytest.fixture
def api(tmp_path: Path, language: SwitchableLanguage) -> Iterator[Api]:
    clock, jobs = ManualClock(), RecordingJobQueue()
    app = create_app(
        # snapshots are not reused, so each poll sees the job's latest state
        make_settings(tmp_path, feed_max_age="0"),
        uow=memory_uow_factory(),
        files=MemoryFileStorage(),
        language=language,
        extractor=MaterialTextExtractor(),
        clock=clock,
        jobs=jobs,
    )
    with TestClient(app) as client:
        yield Api(client, clock, language, jobs)  # type: ignore[arg-type]


def run_lecture(api: Api, materials: dict[str, bytes]) -> Ended:
    teacher = api.auth("t1")
    for name, data in materials.items():
        api.clock.advance(1)  # uploaded one after another: the note follows this order
        uploaded = api.post(
            f"/api/learning/lectures/{LECTURE_ID}/materials/",
            as_=teacher,
            files={"file": (name, data, "application/octet-stream")},
            data={"title": name.rsplit(".", 1)[0]},
        )
        assert uploaded.status_code == 201, uploaded.text
    created = api.post(
        f"{LIVE}/create/", as_=teacher, json={"lecture_id": LECTURE_ID, "title": lecture.TITLE}
    )
    assert created.status_code == 201, created.text
    session = created.json()
    ended = Ended(api, session["id"])
    assert api.post(ended.url("start/"), as_=teacher).status_code == 200
    started = api.clock.now()
    for student in STUDENTS:
        api.join(session["session_code"], student=student)

    def pulse(student: str, kind: str) -> None:
        sent = api.post(ended.url("pulse/"), as_=ended.student(student), json={"pulse_type": kind})
        assert sent.status_code == 201, sent.text

    chunks = lecture.lecture_chunks()
    quizzes = {spec.after_topic: spec for spec in (*lecture.QUIZZES, LAST_QUIZ)}
    questions = {topic: [text for t, text in lecture.QUESTIONS if t == topic] for topic in range(6)}
    position = 0  # chunk index within its topic
    for index, chunk in enumerate(chunks):
        position = position + 1 if index and chunks[index - 1].topic == chunk.topic else 0
        api.clock.advance(
            (started + timedelta(seconds=chunk.end) - api.clock.now()).total_seconds()
        )
        posted = api.post(
            ended.url("stt/text/"),
            as_=teacher,
            json={"text": chunk.text, "start": chunk.start, "end": chunk.end},
        )
        assert posted.status_code == 201, posted.text
        if index % 3 == 0:  # a steady trickle of "got it" from the front row
            for student in STUDENTS[:3]:
                pulse(student, "UNDERSTAND")
        if chunk.topic == 1 and position == 4:  # the migration analogy loses two students
            for student in ("s2", "s3"):
                pulse(student, "CONFUSED")
        if chunk.topic == 4 and position == 2:  # N+1: most of the class is lost
            for student in ("s1", "s2", "s3", "s4"):
                pulse(student, "CONFUSED")
            pulse("s5", "UNDERSTAND")
        if position == 3:
            for offset, text in enumerate(questions[chunk.topic]):
                asker = STUDENTS[(chunk.topic + offset) % len(STUDENTS)]
                asked = api.post(
                    ended.url("questions/"), as_=ended.student(asker), json={"question_text": text}
                )
                assert asked.status_code == 201, asked.text
                for voter in STUDENTS[: 2 + chunk.topic % 3]:
                    if voter != asker:
                        api.post(
                            ended.url(f"questions/{asked.json()['id']}/upvote/"),
                            as_=ended.student(voter),
                        )
        last_of_topic = index + 1 == len(chunks) or chunks[index + 1].topic != chunk.topic
        if last_of_topic and chunk.topic in quizzes:
            spec = quizzes[chunk.topic]
            quiz = api.quiz(
                ended.session_id,
                question_text=spec.question_text,
                options=list(spec.options),
                correct_answer=spec.correct_answer,
                explanation=spec.explanation,
                concept_tags=list(spec.concept_tags),
            )
            ended.quizzes.append(quiz)
            wrong = next(o for o in spec.options if o != spec.correct_answer)
            for student, right in ANSWERS.get(len(ended.quizzes) - 1, {}).items():
                answer = spec.correct_answer if right else wrong
                answered = api.post(
                    ended.url(f"quiz/{quiz['id']}/answer/"),
                    as_=ended.student(student),
                    json={"answer": answer},
                )
                assert answered.status_code == 200, answered.text
    clustered = api.post(ended.url("questions/cluster/"), as_=teacher)
    assert clustered.status_code == 200, clustered.text
    first = clustered.json()[0]
    assert api.post(ended.url(f"questions/{first['id']}/answered/"), as_=teacher).status_code == 200
    api.clock.advance(20)
    assert api.post(ended.url("end/"), as_=teacher).status_code == 200
    return ended


@pytest.fixture
def ended(api: Api, materials: dict[str, bytes]) -> Ended:
    return run_lecture(api, materials)


@pytest.fixture
def done(ended: Ended) -> Ended:
    ended.run_job()
    assert ended.status()["status"] == "DONE"
    return ended


def approve(ended: Ended) -> dict:
    approved = ended.api.post(ended.url("note/approve/"), as_=ended.teacher)
    assert approved.status_code == 200, approved.text
    return approved.json()


# the job


def test_end_returns_at_once_and_the_status_progresses_to_done(
    ended: Ended, language: SwitchableLanguage
) -> None:
    queued = ended.status()
    assert queued["status"] == "QUEUED" and queued["progress"] == 0 and queued["runs"] == 1
    assert [s["step"] for s in queued["steps"]] == STEPS
    assert {s["status"] for s in queued["steps"]} == {"PENDING"}
    assert ended.api.jobs.queued == [ended.session_id]  # end/ only queued it

    seen: list[dict] = []
    language.before_note = lambda: seen.append(ended.status())
    ended.run_job()

    during = seen[0]
    assert during["status"] == "RUNNING" and during["progress"] == pytest.approx(
        2 / len(STEPS), abs=1e-3
    )
    by_step = {s["step"]: s for s in during["steps"]}
    assert by_step["transcript"]["status"] == by_step["materials"]["status"] == "DONE"
    assert by_step["note"]["status"] == "RUNNING" and by_step["report"]["status"] == "PENDING"

    final = ended.status()
    assert final["status"] == "DONE" and final["progress"] == 1
    steps = {s["step"]: s for s in final["steps"]}
    assert all(
        s["status"] == "DONE" and s["attempts"] == 1 and s["error"] == "" for s in final["steps"]
    )
    assert all(s["finished_at"] for s in final["steps"])
    # no recording and no speech engine in this server: the live chunks are the transcript
    assert "live transcript" in steps["transcript"]["detail"]
    assert steps["materials"]["detail"].startswith("3 materials, 9 sections")
    assert steps["note"]["detail"].startswith("draft of ")
    assert steps["summaries"]["detail"] == "6 personal summaries"


def test_end_status_answers_304_while_unchanged_and_only_to_the_instructor(ended: Ended) -> None:
    api = ended.api
    first = api.get(ended.url("end/status/"), as_=ended.teacher)
    etag = first.headers["ETag"]
    again = api.get(ended.url("end/status/"), as_=ended.teacher, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    ended.run_job()
    changed = api.get(ended.url("end/status/"), as_=ended.teacher, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert_error(api.get(ended.url("end/status/"), as_=ended.student("s1")), 403)
    assert_error(api.get(ended.url("end/status/"), as_=api.auth("t2")), 403)


def test_status_is_404_before_the_session_ends(api: Api) -> None:
    session = api.open_session()
    assert_error(api.get(f"{LIVE}/{session['id']}/end/status/", as_=api.auth("t1")), 404)


def test_a_failing_step_reports_its_reason_keeps_earlier_steps_and_reruns(
    ended: Ended, language: SwitchableLanguage
) -> None:
    language.broken = True
    ended.run_job()
    failed = ended.status()
    steps = {s["step"]: s for s in failed["steps"]}
    assert failed["status"] == "FAILED" and failed["progress"] == pytest.approx(
        2 / len(STEPS), abs=1e-3
    )
    assert steps["note"]["status"] == "FAILED" and steps["note"]["attempts"] == 1
    assert language.note_calls == 2  # tried again once within the run before giving up
    assert "응답하지 않습니다" in steps["note"]["error"]
    assert steps["transcript"]["status"] == steps["materials"]["status"] == "DONE"
    assert steps["report"]["status"] == steps["summaries"]["status"] == "PENDING"
    assert_error(ended.api.get(ended.url("note/"), as_=ended.teacher), 404)

    assert_error(ended.api.post(ended.url("end/rerun/"), as_=ended.student("s1")), 403)
    language.broken = False
    rerun = ended.api.post(ended.url("end/rerun/"), as_=ended.teacher)
    assert rerun.status_code == 202, rerun.text
    assert rerun.json()["status"] == "QUEUED" and rerun.json()["runs"] == 2
    assert_error(ended.api.post(ended.url("end/rerun/"), as_=ended.teacher), 409)  # queued
    ended.run_job()
    final = ended.status()
    steps = {s["step"]: s for s in final["steps"]}
    assert final["status"] == "DONE" and final["runs"] == 2
    assert steps["transcript"]["attempts"] == 1 and steps["materials"]["attempts"] == 1  # kept
    # a re-run starts failed steps afresh (attempts count from the re-run)
    assert steps["note"]["attempts"] == 1 and steps["note"]["error"] == ""
    assert ended.api.get(ended.url("note/"), as_=ended.teacher).status_code == 200


# the note


def test_note_draft_follows_the_materials_with_what_was_said(done: Ended) -> None:
    note = done.api.get(done.url("note/"), as_=done.teacher)
    assert note.status_code == 200, note.text
    body = note.json()
    assert body["is_approved"] is False and body["revision"] == 1
    content = body["content_text"]
    assert content.startswith(f"# {lecture.TITLE}")
    headings = [line[3:] for line in content.splitlines() if line.startswith("## ")]
    slide_headings = [topic.heading for topic in lecture.TOPICS]
    # the materials' structure, in the materials' order: PDF pages, slides, handout sections
    assert headings[: len(slide_headings)] == slide_headings
    assert {"실습 1: 블로그 모델 만들기", "실습 2: N+1 쿼리 고치기"} <= set(headings)
    assert headings[-2:] == ["수업 중 퀴즈", "자주 나온 질문"]
    sections = dict(_sections(content))
    spoken = {text for chunk in lecture.lecture_chunks() for text in [chunk.text]}
    for topic in lecture.TOPICS:
        body = sections[topic.heading]
        # the slide's own text first, then what was said about it
        said_part = body[body.index("**강의 설명**") :] if "**강의 설명**" in body else []
        bullets = [line[2:] for line in said_part if line.startswith("- ")]
        # real sentences of the lecture under each slide, not a template
        assert len(bullets) >= 2, (topic.heading, sections[topic.heading])
        assert all(any(b in said for said in spoken) for b in bullets), [
            b for b in bullets if not any(b in said for said in spoken)
        ]
    assert any("select_related" in b for b in sections[lecture.TOPICS[4].heading])
    assert any("makemigrations" in line for line in sections[lecture.TOPICS[1].heading])
    assert lecture.QUIZZES[0].question_text in sections["수업 중 퀴즈"][0]
    assert any("select_related" in line for line in sections["자주 나온 질문"])


def _sections(markdown: str) -> Iterator[tuple[str, list[str]]]:
    heading, lines = "", []
    for line in markdown.splitlines():
        if line.startswith("## "):
            yield heading, lines
            heading, lines = line[3:], []
        elif line.strip():
            lines.append(line)
    yield heading, lines


def test_instructor_edits_and_approves_and_students_read_only_the_approved_note(
    done: Ended,
) -> None:
    api = done.api
    joined, absent = done.student("s1"), done.student(ABSENT)
    assert_error(api.get(done.url("note/"), as_=joined), 404)
    assert_error(api.get(done.url("note/"), as_=absent), 404)
    draft = api.get(done.url("note/"), as_=done.teacher)
    etag = draft.headers["ETag"]
    assert (
        api.get(done.url("note/"), as_=done.teacher, headers={"If-None-Match": etag}).status_code
        == 304
    )

    edited_text = (
        draft.json()["content_text"] + "\n## 강사 메모\n\n- 다음 시간: 트랜잭션과 원시 SQL\n"
    )
    edited = api.request(
        "PUT", done.url("note/"), as_=done.teacher, json={"content_text": edited_text}
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["revision"] == 2 and edited.json()["content_text"] == edited_text
    assert_error(api.request("PUT", done.url("note/"), as_=joined, json={"content_text": "x"}), 403)
    assert_error(
        api.request("PUT", done.url("note/"), as_=done.teacher, json={"content_text": " "}), 422
    )
    after_edit = api.get(done.url("note/"), as_=done.teacher, headers={"If-None-Match": etag})
    assert after_edit.status_code == 200 and after_edit.json()["revision"] == 2

    assert_error(api.post(done.url("note/approve/"), as_=joined), 403)
    approved = approve(done)
    assert approved["is_approved"] is True and approved["approved_at"]
    for reader in (joined, absent):  # joined or not, students of the lecture may read it
        read = api.get(done.url("note/"), as_=reader)
        assert read.status_code == 200, read.text
        assert read.json()["content_text"] == edited_text and "approved_by" not in read.json()
    assert_error(api.post(done.url("note/approve/"), as_=done.teacher), 409)
    assert_error(
        api.request("PUT", done.url("note/"), as_=done.teacher, json={"content_text": "x"}), 409
    )
    assert_error(api.get(done.url("note/"), as_=api.auth("t2")), 403)


def test_a_published_note_is_withdrawn_corrected_and_approved_again(done: Ended) -> None:
    api = done.api
    joined, absent = done.student("s1"), done.student(ABSENT)
    assert_error(api.post(done.url("note/withdraw/"), as_=done.teacher), 409)  # still a draft
    first = approve(done)
    seen = api.get(done.url("note/"), as_=joined)
    assert seen.status_code == 200
    for intruder in (joined, api.auth("t2")):
        assert_error(api.post(done.url("note/withdraw/"), as_=intruder), 403)
        assert_error(api.get(done.url("note/revisions/"), as_=intruder), 403)
    withdrawn = api.post(done.url("note/withdraw/"), as_=done.teacher)
    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["is_approved"] is False and withdrawn.json()["approved_at"] is None
    for reader in (joined, absent):  # the same answer as before approval, not a stale copy
        assert_error(
            api.get(done.url("note/"), as_=reader, headers={"If-None-Match": seen.headers["ETag"]}),
            404,
        )
    assert api.get(done.url("feed/"), as_=joined).json()["note_available"] is False
    # the questions drafted from the withdrawn text leave the self-test too, as before approval
    sources = {q["source"] for q in api.get(done.url("self-test/"), as_=absent).json()["questions"]}
    assert sources == {"quiz"}
    corrected = first["content_text"].replace("# ", "# [정정] ", 1)
    saved = api.request(
        "PUT", done.url("note/"), as_=done.teacher, json={"content_text": corrected}
    )
    assert saved.status_code == 200, saved.text
    again = approve(done)
    assert again["is_approved"] is True and again["content_text"] == corrected
    assert api.get(done.url("note/"), as_=absent).json()["content_text"] == corrected
    sources = {q["source"] for q in api.get(done.url("self-test/"), as_=absent).json()["questions"]}
    assert sources == {"quiz", "note"}  # drafted anew from the corrected note
    kept = api.get(done.url("note/revisions/"), as_=done.teacher)
    assert kept.status_code == 200, kept.text
    rows = [(r["number"], r["content_text"], r["is_approved"], r["saved_by"]) for r in kept.json()]
    teacher_id = rows[1][3]
    assert teacher_id and rows == [
        (1, first["content_text"], False, None),  # the generated draft
        (2, first["content_text"], True, teacher_id),
        (3, corrected, False, teacher_id),
        (4, corrected, True, teacher_id),
    ]
    assert again["revision"] == 4


# the report and summaries


def test_report_shows_participation_timeline_peaks_quizzes_and_clusters(done: Ended) -> None:
    api = done.api
    assert_error(api.get(done.url("report/"), as_=done.student("s1")), 403)
    response = api.get(done.url("report/"), as_=done.teacher)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["title"] == lecture.TITLE
    assert report["participant_count"] == 6 and report["duration_minutes"] == 23
    assert report["question_count"] == len(lecture.QUESTIONS)
    assert len(report["timeline"]) == 24
    assert [m["minute"] for m in report["timeline"]] == list(range(24))
    assert sum(m["understand"] for m in report["timeline"]) > 20
    # the N+1 moment is the worst, and its excerpt is what was being said then
    worst = max(report["confusion_peaks"], key=lambda p: p["confused"])
    assert worst["confused"] == 4 and worst["confused_ratio"] > 0.5
    assert "N+1" in worst["excerpt"] or "select_related" in worst["excerpt"]
    assert any(
        "마이그레이션" in p["excerpt"] or "migrate" in p["excerpt"]
        for p in report["confusion_peaks"]
    )
    quizzes = report["quizzes"]
    assert [q["question_text"] for q in quizzes] == [
        *(spec.question_text for spec in lecture.QUIZZES),
        LAST_QUIZ.question_text,
    ]
    assert (quizzes[0]["response_count"], quizzes[0]["correct_count"]) == (5, 3)
    assert quizzes[0]["correct_ratio"] == pytest.approx(0.6)
    assert quizzes[1]["correct_ratio"] == pytest.approx(4 / 6, abs=1e-3)
    assert quizzes[3]["response_count"] == 0 and quizzes[3]["correct_ratio"] is None
    clusters = report["question_clusters"]
    assert sum(c["size"] for c in clusters) == len(lecture.QUESTIONS)
    assert max(c["size"] for c in clusters) >= 2  # paraphrases were grouped
    assert sum(c["answered"] for c in clusters) == 1
    assert all("s1" not in str(value) for value in report.values())  # no student ids


def test_summary_is_personal_and_only_for_participants(done: Ended) -> None:
    api = done.api
    mine = api.get(done.url("summary/"), as_=done.student("s4"))
    assert mine.status_code == 200, mine.text
    summary = mine.json()
    assert "student_id" not in summary
    assert summary["confused_count"] == 1 and summary["confused_minutes"]
    outcomes = summary["quizzes"]
    assert [q["is_correct"] for q in outcomes] == [False, True, False, False]
    assert outcomes[0]["answer"] != outcomes[0]["correct_answer"]
    assert outcomes[3]["answer"] is None and summary["correct_count"] == 1
    assert {"마이그레이션", "N+1 문제", "F 객체"} <= set(summary["concepts_to_review"])
    assert "QuerySet 지연 평가" not in summary["concepts_to_review"]
    other = api.get(done.url("summary/"), as_=done.student("s1")).json()
    assert other["quizzes"][0]["is_correct"] is True and other != summary
    assert_error(api.get(done.url("summary/"), as_=done.student(ABSENT)), 403)
    assert_error(api.get(done.url("summary/"), as_=done.teacher), 403)


def test_summary_and_report_are_404_until_the_job_made_them(ended: Ended) -> None:
    assert_error(ended.api.get(ended.url("summary/"), as_=ended.student("s1")), 404)
    assert_error(ended.api.get(ended.url("report/"), as_=ended.teacher), 404)


# self-tests and the gap map


def test_self_test_for_a_student_who_never_joined_feeds_the_gap_map(done: Ended) -> None:
    api = done.api
    absent = done.student(ABSENT)
    before = api.get(done.url("self-test/"), as_=absent)
    assert before.status_code == 200, before.text
    assert {q["source"] for q in before.json()["questions"]} == {"quiz"}  # note not approved
    approve(done)
    questions = api.get(done.url("self-test/"), as_=absent).json()["questions"]
    assert {q["source"] for q in questions} == {"quiz", "note"}
    assert all("correct_answer" not in q for q in questions)
    by_text = {q["question_text"]: q for q in questions}
    migration = by_text[lecture.QUIZZES[0].question_text]
    lazy = by_text[lecture.QUIZZES[1].question_text]
    assert api.get("/api/learning/gap-map/", as_=absent).json() == {"concepts": [], "weak": []}

    answers = {migration["id"]: lecture.QUIZZES[0].correct_answer, lazy["id"]: "서버를 켤 때"}
    graded = api.post(done.url("self-test/"), as_=absent, json={"answers": answers})
    assert graded.status_code == 200, graded.text
    result = graded.json()
    # every question is listed; the ones left blank count as unanswered, not skipped
    assert result["total"] == len(questions) and result["correct_count"] == 1
    assert result["unanswered_count"] == len(questions) - 2
    assert sum(not r["answered"] for r in result["results"]) == len(questions) - 2
    wrong = next(r for r in result["results"] if not r["is_correct"])
    assert wrong["correct_answer"] == lecture.QUIZZES[1].correct_answer and wrong["explanation"]
    note_question = next(q for q in questions if q["source"] == "note")
    assert (
        api.post(
            done.url("self-test/"),
            as_=absent,
            json={"answers": {note_question["id"]: note_question["options"][0]}},
        ).status_code
        == 200
    )

    gap = api.get("/api/learning/gap-map/", as_=absent).json()
    concepts = {c["concept"]: c for c in gap["concepts"]}
    assert concepts["마이그레이션"]["attempts"] == 1 and concepts["마이그레이션"]["correct"] == 1
    assert concepts["QuerySet 지연 평가"]["is_weak"] and "QuerySet 지연 평가" in gap["weak"]
    assert gap["concepts"][0]["mastery"] <= gap["concepts"][-1]["mastery"]  # weakest first

    assert_error(api.post(done.url("self-test/"), as_=absent, json={"answers": {}}), 422)
    assert_error(
        api.post(
            done.url("self-test/"), as_=absent, json={"answers": {migration["id"]: "없는 보기"}}
        ),
        422,
    )
    assert_error(api.post(done.url("self-test/"), as_=absent, json={"answers": {"nope": "x"}}), 404)
    assert_error(api.get(done.url("self-test/"), as_=done.teacher), 403)
    assert_error(api.get("/api/learning/gap-map/", as_=done.teacher), 403)


def test_gap_map_counts_live_quiz_answers_and_self_tests_together(done: Ended) -> None:
    api = done.api
    s4 = done.student("s4")
    live = {c["concept"]: c for c in api.get("/api/learning/gap-map/", as_=s4).json()["concepts"]}
    # live answers: migration wrong, lazy QuerySets right, N+1 wrong (last quiz unanswered)
    assert (live["마이그레이션"]["attempts"], live["마이그레이션"]["correct"]) == (1, 0)
    assert (live["QuerySet 지연 평가"]["attempts"], live["QuerySet 지연 평가"]["correct"]) == (1, 1)
    assert live["N+1 문제"]["is_weak"] and "F 객체" not in live
    questions = api.get(done.url("self-test/"), as_=s4).json()["questions"]
    migration = next(q for q in questions if q["question_text"] == lecture.QUIZZES[0].question_text)
    for _ in range(2):  # retaken: every attempt is evidence
        api.post(
            done.url("self-test/"),
            as_=s4,
            json={"answers": {migration["id"]: lecture.QUIZZES[0].correct_answer}},
        )
    after = {c["concept"]: c for c in api.get("/api/learning/gap-map/", as_=s4).json()["concepts"]}
    assert (after["마이그레이션"]["attempts"], after["마이그레이션"]["correct"]) == (3, 2)
    assert after["마이그레이션"]["mastery"] == pytest.approx(2 / 3, abs=1e-4)  # counts' ratio


# PDFs


def _pdf_checks(data: bytes, tmp_path: Path, name: str) -> str:
    assert data.startswith(b"%PDF")
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True)
    rows = [line.split() for line in fonts.stdout.splitlines()[2:] if line.strip()]
    assert rows, fonts.stdout
    # columns end with: emb sub uni object-id generation; every font must be embedded
    assert all(row[-5] == "yes" for row in rows), fonts.stdout
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", str(path), str(tmp_path / name)],
        check=True,
        capture_output=True,
    )
    assert list(tmp_path.glob(f"{name}*.png"))
    return text


def test_note_pdf_has_korean_text_an_embedded_font_and_renders(done: Ended, tmp_path: Path) -> None:
    api = done.api
    assert_error(api.get(done.url("note.pdf"), as_=done.student("s1")), 404)  # not approved
    response = api.get(done.url("note.pdf"), as_=done.teacher)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert "attachment" in response.headers["content-disposition"]
    text = _pdf_checks(response.content, tmp_path, "note")
    flat = " ".join(text.split())
    assert "장고 ORM 심화" in flat and "초안" in flat
    assert "마이그레이션: makemigrations와 migrate" in flat
    assert "관계 필드와 N+1 문제" in flat and "자주 나온 질문" in flat
    approve(done)
    student_copy = api.get(done.url("note.pdf"), as_=done.student(ABSENT))
    assert student_copy.status_code == 200
    assert "승인됨" in " ".join(_pdf_checks(student_copy.content, tmp_path, "approved").split())


def test_report_pdf_has_korean_text_a_chart_and_renders(done: Ended, tmp_path: Path) -> None:
    api = done.api
    assert_error(api.get(done.url("report.pdf"), as_=done.student("s1")), 403)
    response = api.get(done.url("report.pdf"), as_=done.teacher)
    assert response.status_code == 200, response.text
    text = " ".join(_pdf_checks(response.content, tmp_path, "report").split())
    assert lecture.TITLE in text
    for heading in ("요약", "이해도 흐름", "혼란 구간", "체크포인트 퀴즈", "학생 질문 묶음"):
        assert heading in text, heading
    assert "참여 학생 6명" in text and "60%" in text and "–" in text  # unanswered quiz
    assert "헷갈림 4명" in text


def test_pdfs_are_404_before_the_job(ended: Ended) -> None:
    assert_error(ended.api.get(ended.url("note.pdf"), as_=ended.teacher), 404)
    assert_error(ended.api.get(ended.url("report.pdf"), as_=ended.teacher), 404)


def test_openapi_documents_the_after_session_routes(api: Api) -> None:
    schema = api.get("/schema/openapi.json").json()
    documented = {(m, p) for p, ops in schema["paths"].items() for m in ops}
    live = "/api/learning/live/{session_id}"
    assert documented >= {
        ("get", f"{live}/end/status"),
        ("post", f"{live}/end/rerun"),
        ("get", f"{live}/note"),
        ("put", f"{live}/note"),
        ("post", f"{live}/note/approve"),
        ("post", f"{live}/note/withdraw"),
        ("get", f"{live}/note/revisions"),
        ("get", f"{live}/note.pdf"),
        ("get", f"{live}/report"),
        ("get", f"{live}/report.pdf"),
        ("get", f"{live}/summary"),
        ("get", f"{live}/self-test"),
        ("post", f"{live}/self-test"),
        ("get", "/api/learning/gap-map"),
    }
    for polled in (f"{live}/end/status", f"{live}/note"):
        assert "304" in schema["paths"][polled]["get"]["responses"]
