"""Issue 14 item 8: the type comes from the content, a mislabelled file is refused with a clear
message, and materials can be deleted and replaced."""

from __future__ import annotations

import io
import zipfile

from tests.http.conftest import Api
from tests.http.test_materials import MATERIALS, upload


def pptx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
    return buffer.getvalue()


def test_a_text_file_named_ppt_is_refused_with_a_clear_message(api: Api) -> None:
    teacher = api.auth("t1")
    for name in ("slides.ppt", "slides.pptx", "handout.pdf"):
        refused = upload(api, "그냥 글자입니다.\n".encode(), name=name, who=teacher)
        assert refused.status_code == 415, refused.text
        detail = refused.json()["detail"]
        assert "plain text" in detail and name[name.rindex(".") :] in detail
    # the same text under a text name is Markdown
    assert upload(api, "# 글\n".encode(), name="notes.txt", who=teacher).json()["file_type"] == "MD"
    # a real PPTX is accepted whatever it is called, except under a name promising a PDF
    assert upload(api, pptx_bytes(), name="deck.pptx", who=teacher).json()["file_type"] == "PPTX"
    assert upload(api, pptx_bytes(), name="deck.pdf", who=teacher).status_code == 415
    kinds = sorted(m["file_type"] for m in api.get(MATERIALS.format("L1"), as_=teacher).json())
    assert kinds == ["MD", "PPTX"]  # nothing refused was kept


def test_delete_and_replace_a_material(api: Api) -> None:
    teacher = api.auth("t1")
    first = upload(api, "# 1장\n".encode(), who=teacher, title="1장").json()
    second = upload(api, "# 2장\n".encode(), who=teacher, title="2장").json()
    url = f"{MATERIALS.format('L1')}{first['id']}"
    replaced = api.request(
        "PUT", url, headers=teacher, files={"file": ("ch1.pdf", b"%PDF-1.4\n", "application/pdf")}
    )
    assert replaced.status_code == 200, replaced.text
    body = replaced.json()
    assert (body["id"], body["title"], body["file_type"]) == (first["id"], "1장", "PDF")
    # a mislabelled replacement is refused and the material stays as it was
    bad = api.request("PUT", url, headers=teacher, files={"file": ("x.ppt", b"text", "text/plain")})
    assert bad.status_code == 415
    listed = api.get(MATERIALS.format("L1"), as_=teacher).json()
    # a replaced file counts as uploaded now, so the order of the list is not the point here
    assert {(m["id"], m["file_type"]) for m in listed} == {
        (first["id"], "PDF"),
        (second["id"], "MD"),
    }

    assert api.request("DELETE", url, headers=teacher).status_code == 204
    assert [m["id"] for m in api.get(MATERIALS.format("L1"), as_=teacher).json()] == [second["id"]]
    assert api.request("DELETE", url, headers=teacher).status_code == 404


def test_only_the_lecture_instructor_changes_materials(api: Api) -> None:
    material = upload(api, "# 1장\n".encode(), who=api.auth("t1")).json()
    url = f"{MATERIALS.format('L1')}{material['id']}"
    for who in (api.auth("t2"), api.auth("s1", "student")):
        assert api.request("DELETE", url, headers=who).status_code == 403
        files = {"file": ("a.md", b"# x\n", "text/markdown")}
        assert api.request("PUT", url, headers=who, files=files).status_code == 403
    # a material of another lecture is not reachable under this one
    other = f"{MATERIALS.format('L2')}{material['id']}"
    upload(api, b"# 2\n", who=api.auth("t1"), lecture="L2")
    assert api.request("DELETE", other, headers=api.auth("t1")).status_code == 404
