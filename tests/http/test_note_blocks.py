"""The note as a block tree: served with the note, previewed for its instructor, and holding
nothing of a hostile note but text."""

from __future__ import annotations

import json

from tests.http.conftest import LIVE, Api, assert_error

HOSTILE_NOTE = """# 노트 <script>alert(1)</script>

| 항목 | 링크 |
|---|---|
| <img src=x onerror=alert(1)> | [누르기](javascript:alert(1)) |

3. 셋째
4. 넷째

[문서](https://docs.djangoproject.com/ko/) <b>굵게?</b>
"""


def drafted(api: Api) -> str:
    session = api.open_session()
    ended = api.post(f"{LIVE}/{session['id']}/end/", as_=api.auth("t1"))
    assert ended.status_code in (200, 202), ended.text
    api.container.reboot.notes.put_draft(session["id"], "# 초안\n\n내용")
    return session["id"]


def links_and_types(blocks: list[dict]) -> tuple[list[str], set[str]]:
    text = json.dumps(blocks, ensure_ascii=False)
    hrefs: list[str] = []
    types: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            types.add(value.get("type", ""))
            if value.get("type") == "link":
                hrefs.append(value["href"])
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(blocks)
    assert "<script>" in text  # kept, as text
    return hrefs, types


def test_a_hostile_note_is_served_as_text_blocks(api: Api) -> None:
    session_id = drafted(api)
    teacher = api.auth("t1")
    saved = api.request(
        "PUT", f"{LIVE}/{session_id}/note/", as_=teacher, json={"content_text": HOSTILE_NOTE}
    )
    assert saved.status_code == 200, saved.text
    blocks = saved.json()["content_blocks"]
    hrefs, types = links_and_types(blocks)
    assert hrefs == ["https://docs.djangoproject.com/ko/"]
    assert types <= {"heading", "table", "list", "paragraph", "text", "link", ""}
    ordered = next(b for b in blocks if b["type"] == "list")
    assert (ordered["ordered"], ordered["start"]) == (True, 3)
    read = api.get(f"{LIVE}/{session_id}/note/", as_=teacher).json()
    assert read["content_blocks"] == blocks


def test_the_preview_parses_unsaved_text_for_the_instructor_only(api: Api) -> None:
    session_id = drafted(api)
    url = f"{LIVE}/{session_id}/note/preview/"
    body = {"content_text": "| a | b |\n|---|---|\n| 1 | 2 |"}
    preview = api.post(url, as_=api.auth("t1"), json=body)
    assert preview.status_code == 200, preview.text
    [table] = preview.json()["content_blocks"]
    assert table["type"] == "table" and len(table["rows"]) == 1
    # nothing was saved
    note = api.get(f"{LIVE}/{session_id}/note/", as_=api.auth("t1")).json()
    assert note["content_text"] == "# 초안\n\n내용"
    assert_error(api.post(url, as_=api.auth("t2"), json=body), 403)
    assert_error(api.post(url, as_=api.auth("s1", "student"), json=body), 403)
    # a body past the JSON limit is refused before anything is parsed
    too_long = {"content_text": "a" * 200_001}
    assert_error(api.post(url, as_=api.auth("t1"), json=too_long), 413)
