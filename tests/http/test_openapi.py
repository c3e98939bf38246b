"""The schema at /schema documents every route, the bearer scheme and the error body."""

from __future__ import annotations

from tests.http.conftest import Api

EXPECTED = {
    ("post", "/api/learning/live/create"),
    ("post", "/api/learning/live/{session_id}/start"),
    ("post", "/api/learning/live/{session_id}/end"),
    ("get", "/api/learning/live/{session_id}/qr.png"),
    ("get", "/api/learning/live/{session_id}/qr.svg"),
    ("post", "/api/learning/live/join"),
    ("get", "/api/learning/live/{session_id}/status"),
    ("post", "/api/learning/live/{session_id}/heartbeat"),
    ("post", "/api/learning/lectures/{lecture_id}/materials"),
    ("get", "/api/learning/lectures/{lecture_id}/materials"),
    ("post", "/api/learning/live/{session_id}/pulse"),
    ("get", "/api/learning/live/{session_id}/pulse-stats"),
    ("post", "/api/learning/live/{session_id}/quiz/create"),
    ("post", "/api/learning/live/{session_id}/quiz/generate"),
    ("get", "/api/learning/live/{session_id}/quiz/pending"),
    ("post", "/api/learning/live/{session_id}/quiz/{quiz_id}/answer"),
    ("get", "/api/learning/live/{session_id}/quiz/{quiz_id}/results"),
    ("post", "/api/learning/live/{session_id}/questions"),
    ("get", "/api/learning/live/{session_id}/questions"),
    ("post", "/api/learning/live/{session_id}/questions/{question_id}/upvote"),
    ("post", "/api/learning/live/{session_id}/questions/{question_id}/answered"),
    ("post", "/api/learning/live/{session_id}/questions/cluster"),
    ("get", "/api/learning/live/{session_id}/feed"),
    ("post", "/api/auth/dev-login"),
    ("get", "/api/health"),
}


def test_schema_lists_every_route(api: Api) -> None:
    response = api.get("/schema/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    documented = {(m, p) for p, ops in schema["paths"].items() for m in ops}
    assert documented >= EXPECTED, EXPECTED - documented
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "Bearer"
    feed = schema["paths"]["/api/learning/live/{session_id}/feed"]["get"]["responses"]
    assert {"200", "304", "401", "403", "404"} <= set(feed)
    assert "ErrorOut" in schema["components"]["schemas"]
    assert {"StudentFeedOut", "InstructorFeedOut"} <= set(schema["components"]["schemas"])
    upload = schema["paths"]["/api/learning/lectures/{lecture_id}/materials"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]


def test_schema_page_is_served(api: Api) -> None:
    assert api.get("/schema").status_code == 200
