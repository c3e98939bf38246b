"""LTI rules of the adapter: course roles to instructor/student, and the ids a launch maps to."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reboot_adapters.lti import lecture_id_of, teaches, user_id_of

MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership"
TEACHING = ["Instructor", "TeachingAssistant", "ContentDeveloper"]
OTHER_MEMBERSHIP = ["Learner", "Mentor", "Administrator", "Member", "Manager", "Officer"]

unknown_roles = st.one_of(
    st.text(max_size=40).filter(lambda r: r not in TEACHING and not r.startswith(MEMBERSHIP)),
    st.sampled_from(OTHER_MEMBERSHIP).map(lambda r: f"{MEMBERSHIP}#{r}"),
    # institution and system roles say nothing about this course
    st.sampled_from(TEACHING).map(
        lambda r: f"http://purl.imsglobal.org/vocab/lis/v2/institution/person#{r}"
    ),
    st.sampled_from(TEACHING).map(
        lambda r: f"http://purl.imsglobal.org/vocab/lis/v2/system/person#{r}"
    ),
)
teaching_roles = st.one_of(
    st.sampled_from(TEACHING),
    st.sampled_from(TEACHING).map(lambda r: f"{MEMBERSHIP}#{r}"),
    st.sampled_from(TEACHING).map(lambda r: f"{MEMBERSHIP}/Instructor#{r}"),
)


@given(st.lists(st.one_of(unknown_roles, st.integers(), st.none()), max_size=6))
def test_roles_without_a_teaching_course_role_are_students(roles: list[object]) -> None:
    assert not teaches(roles)


@given(st.lists(unknown_roles, max_size=5), teaching_roles, st.data())
def test_any_teaching_course_role_makes_an_instructor(roles: list[str], role: str, data) -> None:
    at = data.draw(st.integers(min_value=0, max_value=len(roles)))
    assert teaches([*roles[:at], role, *roles[at:]])


@given(st.text(min_size=1), st.text(min_size=1), st.text(min_size=1))
def test_ids_keep_platforms_apart(issuer: str, other: str, subject: str) -> None:
    assert user_id_of(issuer, subject) == user_id_of(issuer, subject)
    assert lecture_id_of(issuer, subject) == lecture_id_of(issuer, subject)
    if issuer != other:
        assert user_id_of(issuer, subject) != user_id_of(other, subject)
        assert lecture_id_of(issuer, subject) != lecture_id_of(other, subject)
