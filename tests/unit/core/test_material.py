"""LectureMaterial: the type comes from the bytes, limits hold, refusals leave no file behind."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reboot_core import (
    Actor,
    FileType,
    Forbidden,
    Invalid,
    LivePolicy,
    NotFound,
    TooLarge,
    UnsupportedType,
    detect_file_type,
)
from tests.strategies import korean_text
from tests.unit.core._world import OTHER_TEACHER, TEACHER, RecordingFiles, core

LIMITS = {"max_bytes": 10_000, "max_unzipped_bytes": 50_000}
OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")


def pdf_bytes(body: bytes = b"") -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + body


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def pptx_bytes(**extra: bytes) -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "ppt/presentation.xml": b'<?xml version="1.0"?><p:presentation/>',
            "ppt/slides/slide1.xml": "<p:sld>장고 ORM</p:sld>".encode(),
            **{name.replace("__", "/"): data for name, data in extra.items()},
        }
    )


def docx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "word/document.xml": b"<w:document/>",
        }
    )


def files_core(**policy: int):
    files = RecordingFiles()
    return core(files=files, policy=LivePolicy(**policy)), files


# --- type from content ----------------------------------------------------------------------------

NAMED_WRONGLY = ["slides.pptx", "notes.md", "lecture.pdf", "a.docx", "noname"]


@pytest.mark.parametrize("title", NAMED_WRONGLY)
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (pdf_bytes(), FileType.PDF),
        (pptx_bytes(), FileType.PPTX),
        ("# 장고\n".encode(), FileType.MD),
    ],
)
def test_the_type_comes_from_the_content_not_the_name(
    title: str, data: bytes, expected: FileType
) -> None:
    live, files = files_core()
    material = live.materials.upload(TEACHER, "lecture-1", title, data)
    assert material.file_type is expected
    assert material.size == len(data)
    assert files.stored() == [material.file_ref]
    stored, content = live.materials.content(TEACHER, material.id)
    assert (stored.id, content) == (material.id, data)


def test_a_pdf_whose_header_follows_some_junk_is_still_a_pdf() -> None:
    assert detect_file_type(b"\r\n" + pdf_bytes(), **LIMITS) is FileType.PDF


def test_legacy_powerpoint_gets_a_message_pointing_to_pptx() -> None:
    with pytest.raises(UnsupportedType) as excinfo:
        detect_file_type(OLE2 + b"\x00" * 600, **LIMITS)
    assert ".pptx" in excinfo.value.detail
    assert ".ppt" in excinfo.value.detail


def test_an_empty_file_is_invalid_not_unsupported() -> None:
    with pytest.raises(Invalid) as excinfo:
        detect_file_type(b"", **LIMITS)
    assert type(excinfo.value) is Invalid


@given(extra=st.integers(1, 5000))
def test_a_file_over_the_limit_is_too_large(extra: int) -> None:
    with pytest.raises(TooLarge):
        detect_file_type(b"a" * (LIMITS["max_bytes"] + extra), **LIMITS)


def test_a_file_exactly_at_the_limit_is_accepted() -> None:
    assert detect_file_type(b"a" * LIMITS["max_bytes"], **LIMITS) is FileType.MD


@given(data=st.binary(min_size=1, max_size=2000))
def test_random_binary_is_unsupported(data: bytes) -> None:
    # binary: a NUL byte somewhere; not one of the accepted signatures
    data = data + b"\x00"
    assume(b"%PDF-" not in data[:1024])
    assume(not data.startswith((OLE2, b"PK\x03\x04")))
    with pytest.raises(UnsupportedType):
        detect_file_type(data, **LIMITS)


@given(data=st.binary(min_size=1, max_size=2000))
def test_bytes_are_always_classified_or_refused_with_a_domain_error(data: bytes) -> None:
    try:
        kind = detect_file_type(data, **LIMITS)
    except Invalid:  # TooLarge and UnsupportedType are Invalid too
        return
    assert kind in set(FileType)


_text_chars = st.characters(categories=["L", "N", "P", "S"]) | st.sampled_from(" \n\t")


@given(text=st.one_of(korean_text, st.text(_text_chars, min_size=1, max_size=500)))
def test_utf8_text_is_markdown(text: str) -> None:
    assume(text and "%PDF-" not in text)
    assert detect_file_type(text.encode("utf-8"), **LIMITS) is FileType.MD
    assert detect_file_type(b"\xef\xbb\xbf" + text.encode("utf-8"), **LIMITS) is FileType.MD


def test_a_zip_bomb_is_too_large_by_its_declared_sizes() -> None:
    # 200 KB of zeros deflates to a few hundred bytes: small upload, big inflation
    bomb = pptx_bytes(ppt__media__image1_bin=b"\x00" * 200_000)
    assert len(bomb) < LIMITS["max_bytes"]
    with pytest.raises(TooLarge):
        detect_file_type(bomb, **LIMITS)


def test_a_zip_that_is_not_a_presentation_is_unsupported() -> None:
    with pytest.raises(UnsupportedType):
        detect_file_type(docx_bytes(), **LIMITS)
    with pytest.raises(UnsupportedType):
        detect_file_type(zip_bytes({"ppt/presentation.xml": b"<p/>"}), **LIMITS)


def test_a_broken_zip_is_unsupported() -> None:
    with pytest.raises(UnsupportedType):
        detect_file_type(b"PK\x03\x04" + b"\x13" * 300, **LIMITS)


# --- refused uploads leave nothing ----------------------------------------------------------------

REFUSED = {
    "empty": (b"", Invalid),
    "too large": (b"a" * 2001, TooLarge),
    "legacy ppt": (OLE2 + b"\x00" * 100, UnsupportedType),
    "binary": (b"\x7fELF\x02\x01\x00\x00", UnsupportedType),
    "docx": (docx_bytes(), UnsupportedType),
    "zip bomb": (pptx_bytes(ppt__big_bin=b"\x00" * 100_000), TooLarge),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_uploads_leave_nothing_stored(case: str) -> None:
    data, error = REFUSED[case]
    live, files = files_core(max_material_bytes=2000, max_unzipped_bytes=50_000)
    with pytest.raises(error):
        live.materials.upload(TEACHER, "lecture-1", "자료", data)
    assert files.stored() == []
    assert live.materials.list(TEACHER, "lecture-1") == []


def test_another_instructors_lecture_is_forbidden_and_stores_nothing() -> None:
    live, files = files_core()
    mine = live.materials.upload(TEACHER, "lecture-1", "1주차", pdf_bytes())
    with pytest.raises(Forbidden):
        live.materials.upload(OTHER_TEACHER, "lecture-1", "끼어들기", pdf_bytes(b"x"))
    assert files.stored() == [mine.file_ref]
    assert [m.id for m in live.materials.list(TEACHER, "lecture-1")] == [mine.id]
    with pytest.raises(Forbidden):
        live.materials.list(OTHER_TEACHER, "lecture-1")
    with pytest.raises(Forbidden):
        live.materials.content(OTHER_TEACHER, mine.id)


def test_students_cannot_upload() -> None:
    live, files = files_core()
    with pytest.raises(Forbidden):
        live.materials.upload(Actor.student("stu_kim"), "lecture-1", "자료", pdf_bytes())
    assert files.stored() == []


@pytest.mark.parametrize("title", ["", "   ", "가" * 201])
def test_a_material_needs_a_reasonable_title(title: str) -> None:
    live, files = files_core()
    with pytest.raises(Invalid):
        live.materials.upload(TEACHER, "lecture-1", title, pdf_bytes())
    assert files.stored() == []


def test_unknown_material_is_not_found() -> None:
    live, _ = files_core()
    with pytest.raises(NotFound):
        live.materials.content(TEACHER, "no-such-material")


@pytest.mark.parametrize(("parts", "refused"), [(4990, False), (5010, True)])
def test_a_presentation_with_too_many_parts_is_refused_before_parsing(
    parts: int, refused: bool
) -> None:
    data = pptx_bytes(**{f"ppt/media/x{i}.xml": b"" for i in range(parts)})
    limits = {"max_bytes": 10_000_000, "max_unzipped_bytes": 50_000}
    if refused:
        with pytest.raises(TooLarge, match="parts"):
            detect_file_type(data, **limits)
    else:
        assert detect_file_type(data, **limits) is FileType.PPTX
