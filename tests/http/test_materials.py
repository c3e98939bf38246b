"""Material upload (multipart) and listing."""

from __future__ import annotations

from pathlib import Path

from reboot_core.ports.language import Term
from tests.http.conftest import Api, assert_error, build_api

MATERIALS = "/api/learning/lectures/{}/materials/"
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")


def upload(
    api: Api,
    data: bytes,
    name: str = "ch1.md",
    *,
    who: dict,
    lecture: str = "L1",
    title: str | None = None,
):
    form = {"title": title} if title is not None else None
    return api.post(
        MATERIALS.format(lecture),
        as_=who,
        files={"file": (name, data, "application/octet-stream")},
        data=form,
    )


def test_upload_and_list(api: Api) -> None:
    teacher = api.auth("t1")
    md = upload(api, "# 1장 ORM\n\n쿼리셋은 지연 평가됩니다.\n".encode(), who=teacher, title="1장")
    assert md.status_code == 201, md.text
    assert md.json()["file_type"] == "MD" and md.json()["title"] == "1장"
    api.clock.advance(seconds=1)  # the list is oldest first
    pdf = upload(api, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", name="slides.pdf", who=teacher)
    assert pdf.status_code == 201 and pdf.json()["file_type"] == "PDF"
    assert pdf.json()["title"] == "slides"  # the file name when no title is given
    listed = api.get(MATERIALS.format("L1"), as_=teacher)
    assert [m["title"] for m in listed.json()] == ["1장", "slides"]
    # students of the lecture may list too (the bundled server's roster is open)
    assert api.get(MATERIALS.format("L1"), as_=api.auth("s1", "student")).status_code == 200


def test_list_etag_changes_after_upload(api: Api) -> None:
    teacher = api.auth("t1")
    upload(api, b"# a\n", who=teacher)
    first = api.get(MATERIALS.format("L1"), as_=teacher)
    same = api.get(MATERIALS.format("L1"), as_={**teacher, "If-None-Match": first.headers["etag"]})
    assert same.status_code == 304
    upload(api, b"# b\n", who=teacher)
    changed = api.get(
        MATERIALS.format("L1"), as_={**teacher, "If-None-Match": first.headers["etag"]}
    )
    assert changed.status_code == 200 and len(changed.json()) == 2


def test_upload_refusals(api: Api) -> None:
    teacher = api.auth("t1")
    assert_error(upload(api, b"# x", who=api.auth("s1", "student")), 403, "forbidden")
    assert_error(
        upload(api, OLE2 + b"\x00" * 600, name="old.ppt", who=teacher), 415, "unsupported_type"
    )
    assert_error(upload(api, b"\x00\x01\x02binary", name="a.bin", who=teacher), 415)
    assert_error(upload(api, b"PK\x03\x04 not a zip", name="x.pptx", who=teacher), 415)
    assert_error(upload(api, b"", who=teacher), 422, "invalid")
    assert_error(api.post(MATERIALS.format("L1"), as_=teacher, data={"title": "no file"}), 400)
    assert_error(upload(api, b"# x", who={}), 401)
    upload(api, b"# mine", who=teacher)
    assert_error(upload(api, b"# x", who=api.auth("t2")), 403)
    assert_error(api.get(MATERIALS.format("L1"), as_=api.auth("t2")), 403)


def test_oversized_uploads_are_413(tmp_path: Path) -> None:
    for api in build_api(tmp_path, max_upload_bytes="1K"):
        teacher = api.auth("t1")
        # over the material limit but inside the body limit: the core refuses it
        assert_error(upload(api, b"a" * 2048, who=teacher), 413, "too_large")
        # far over the body limit: refused from Content-Length, before the body is read
        assert_error(upload(api, b"a" * 200_000, who=teacher), 413, "too_large")


def test_json_bodies_are_limited_to_64k(api: Api) -> None:
    response = api.post(
        "/api/learning/live/create/",
        as_=api.auth("t1"),
        json={"lecture_id": "L1", "title": "x" * 70_000},
    )
    assert_error(response, 413, "too_large")


def test_each_lecture_has_an_instructor_glossary(api: Api) -> None:
    url = "/api/learning/lectures/L1/glossary/"
    md = "# 전송 계층\n\n**흐름 제어**는 수신자를 지킵니다.\n".encode()
    uploaded = upload(api, md, "tcp.md", who=api.auth("t1"), title="TCP")
    api.language.terms.append([Term("흐름 제어")])  # what the model finds in the material
    assert uploaded.status_code == 201, uploaded.text
    listed = api.get(url, as_=api.auth("t1")).json()
    assert listed["terms"] == [] and "흐름 제어" in listed["material_terms"]
    chosen = api.request(
        "PUT", url, as_=api.auth("t1"), json={"terms": [" 혼잡  제어 ", "혼잡제어", "RTO"]}
    )
    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["terms"] == ["혼잡 제어", "RTO"]
    for bad, said in (
        ([""], "1번째 용어가 비어"),
        (["RTO", "   "], "2번째 용어가 비어"),
        (["가" * 101], "100자를 넘습니다"),
        ([f"용어 {i}" for i in range(301)], "300개까지"),
    ):
        refused = api.request("PUT", url, as_=api.auth("t1"), json={"terms": bad})
        assert_error(refused, 422)
        assert said in refused.json()["detail"]
    assert_error(api.request("PUT", url, as_=api.auth("t1"), json={"terms": "RTO"}), 400)
    assert_error(api.request("PUT", url, as_=api.auth("t2"), json={"terms": ["남의 강의"]}), 403)
    assert_error(api.get(url, as_=api.auth("t2")), 403)
    assert_error(api.get(url, as_=api.auth("s1", "student")), 403)
    assert api.get(url, as_=api.auth("t1")).json()["terms"] == ["혼잡 제어", "RTO"]
