"""Hostile material uploads: too big, wrong type, zip bombs dressed as .pptx, path-traversal
file names, truncated or abandoned multipart bodies.

Files go to the server's own LocalFileStorage under the test's data directory, so "nothing
written" is checked on disk: after every refusal the data directory holds exactly the files it
held before, and the lecture lists no new material. tests/http/test_materials.py already covers
the plain refusals (student, legacy .ppt, junk bytes, empty file, no file field, 413 status).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from reboot_core import LivePolicy
from reboot_http.app import UPLOAD_SLACK
from tests.http.conftest import Api
from tests.security.conftest import LECTURE, OWNER, call_asgi, open_api

MATERIALS = f"/api/learning/lectures/{LECTURE}/materials/"
LIMIT = 2 * 1024 * 1024  # REBOOT_MAX_UPLOAD_BYTES for these tests
UNZIPPED_LIMIT = 1024 * 1024  # the policy's cap on what a PPTX may inflate to
BOUNDARY = "reboot-test-boundary"
MARKDOWN = "# 1장\n\n쿼리셋은 지연 평가됩니다.\n".encode()
# what LocalFileStorage names a stored file: a 2-hex-digit folder, 32 hex digits, a suffix
STORED = re.compile(r"data/files/[0-9a-f]{2}/[0-9a-f]{32}\.(pdf|pptx|md)")


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    policy = LivePolicy(max_material_bytes=LIMIT, max_unzipped_bytes=UNZIPPED_LIMIT)
    env = {"max_upload_bytes": str(LIMIT)}
    with open_api(tmp_path / "data", env, disk=True, policy=policy) as api:
        yield api


def tree(root: Path) -> set[str]:
    """Every file below ``root`` (the JWT secret and stored uploads), relative to it."""
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def upload(api: Api, data: bytes, name: str = "notes.md") -> httpx.Response:
    files = {"file": (name, data, "application/octet-stream")}
    return api.post(MATERIALS, as_=api.auth(OWNER), files=files)


def materials(api: Api) -> list[dict[str, Any]]:
    return api.get(MATERIALS, as_=api.auth(OWNER)).json()


@pytest.fixture
def unchanged(api: Api, tmp_path: Path) -> Iterator[None]:
    """The test's refusals leave the disk and the material list as they were."""
    # one material that must survive; it also claims the lecture for the owner
    assert upload(api, MARKDOWN, "kept.md").status_code == 201
    files_before, listed_before = tree(tmp_path), materials(api)
    yield
    assert tree(tmp_path) == files_before
    assert materials(api) == listed_before


# --- size -----------------------------------------------------------------------------------


def asgi_post(api: Api, receive: Any, headers: dict[str, str]) -> int:
    """POST an upload whose body the app pulls through ``receive``; the answer's status."""
    content_type = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}
    all_headers = {**api.auth(OWNER), **content_type, **headers}
    return call_asgi(api, "POST", MATERIALS, headers=all_headers, receive=receive).status


def streamed(api: Api, chunks: Iterator[bytes], headers: dict[str, str]) -> tuple[int, int]:
    """(status, how many chunks the app pulled) for a body that never ends."""
    pulled = 0

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": next(chunks), "more_body": True}

    return asgi_post(api, receive, headers), pulled


def endless_file(chunk: int = 16 * 1024) -> Iterator[bytes]:
    yield (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.md"\r\n'
        "Content-Type: text/markdown\r\n\r\n"
    ).encode()
    while True:
        yield b"#" * chunk


def test_a_declared_oversize_body_is_refused_before_any_of_it_is_read(
    api: Api, unchanged: None
) -> None:
    status, pulled = streamed(api, endless_file(), {"content-length": str(100 * LIMIT)})
    assert (status, pulled) == (413, 0)


def test_an_undeclared_oversize_body_is_refused_once_it_passes_the_limit(
    api: Api, unchanged: None
) -> None:
    # chunked upload without Content-Length: read up to the limit (+ multipart slack), no further
    status, pulled = streamed(api, endless_file(16 * 1024), {})
    assert status == 413
    assert pulled * 16 * 1024 <= LIMIT + UPLOAD_SLACK + 2 * 16 * 1024


def test_a_file_over_the_material_limit_inside_the_body_limit_is_413(
    api: Api, unchanged: None
) -> None:
    assert upload(api, b"#" * (LIMIT + 1)).status_code == 413


# --- type -----------------------------------------------------------------------------------


def zip_of(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


PPTX_PARTS = {"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p:presentation/>"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(17)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("slides.pdf", PNG),  # an image named like a PDF
        ("setup.md", b"MZ\x90\x00\x03" + bytes(64)),  # a Windows executable named like Markdown
        ("tool.md", b"\x7fELF\x02\x01\x01" + bytes(64)),
        ("report.pptx", zip_of({"word/document.xml": b"<w:document/>"})),  # a .docx
        ("archive.pptx", b"\x1f\x8b\x08\x00" + bytes(32)),  # gzip
        ("utf16.md", "# 제목".encode("utf-16")),  # text, but not UTF-8
    ],
    ids=["png-as-pdf", "exe-as-md", "elf-as-md", "docx-as-pptx", "gzip-as-pptx", "utf16-md"],
)
def test_the_type_comes_from_the_bytes_and_others_are_415(
    api: Api, unchanged: None, name: str, data: bytes
) -> None:
    response = upload(api, data, name)
    assert response.status_code == 415, response.text
    assert response.json()["error"] == "unsupported_type"


# --- zip bombs --------------------------------------------------------------------------------


def with_declared_size(archive: bytes, member: str, size: int) -> bytes:
    """``archive`` with one member's uncompressed size in the central directory replaced."""
    out = bytearray(archive)
    position = out.find(b"PK\x01\x02")
    while position != -1:
        name_length = struct.unpack_from("<H", out, position + 28)[0]
        if out[position + 46 : position + 46 + name_length].decode() == member:
            struct.pack_into("<I", out, position + 24, size)
            return bytes(out)
        position = out.find(b"PK\x01\x02", position + 4)
    raise AssertionError(f"{member} is not in the archive")


def test_a_pptx_declaring_a_huge_inflated_size_is_413(api: Api, unchanged: None) -> None:
    bomb = with_declared_size(
        zip_of({**PPTX_PARTS, "ppt/media/a.bin": b"x"}), "ppt/media/a.bin", 2**32 - 1
    )
    response = upload(api, bomb, "lecture.pptx")
    assert response.status_code == 413, response.text


def test_a_pptx_that_really_inflates_past_the_cap_is_413(api: Api, unchanged: None) -> None:
    bomb = zip_of({**PPTX_PARTS, "ppt/media/zeros.bin": bytes(2 * UNZIPPED_LIMIT)})
    assert len(bomb) < LIMIT  # small on the wire, so only the inflated size can refuse it
    response = upload(api, bomb, "lecture.pptx")
    assert response.status_code == 413, response.text


MANY = 6_000  # over the 5,000 parts the PPTX text extractor accepts


def test_a_pptx_with_thousands_of_parts_is_refused(api: Api) -> None:
    parts = {**PPTX_PARTS, **{f"ppt/x/{index}": b"" for index in range(MANY)}}
    archive = zip_of(parts, zipfile.ZIP_STORED)
    assert len(archive) < LIMIT  # only the number of parts can refuse it
    response = upload(api, archive, "lecture.pptx")
    assert response.status_code in (413, 415), response.text


# --- file names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.md",
        "/etc/passwd.md",
        "..\\..\\windows\\passwd.md",
        "C:\\Users\\kim\\Desktop\\passwd.md",
        "....//....//passwd.md",
        "%2e%2e%2fpasswd.md",
        # ends in .md: a text file under a name promising a PDF is refused (415) by design
        "passwd.pdf\x00.md",
    ],
)
def test_a_client_file_name_never_becomes_a_path(api: Api, tmp_path: Path, name: str) -> None:
    before = tree(tmp_path)
    response = upload(api, MARKDOWN, name)
    assert response.status_code == 201, response.text
    written = sorted(tree(tmp_path) - before)
    assert len(written) == 1 and STORED.fullmatch(written[0]), written
    assert not list(tmp_path.parent.rglob("*passwd*"))
    # the title is the file's own name: no folders of the uploader's machine
    title = response.json()["title"]
    assert "passwd" in title and not re.search(r"[/\\]|\.\.|Users", title), title


# --- truncated bodies ------------------------------------------------------------------------


def multipart(data: bytes) -> bytes:
    return (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.md"\r\n'
            "Content-Type: text/markdown\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


@pytest.mark.parametrize("cut", [8, 40, 100, 200])
def test_a_truncated_multipart_body_is_400(api: Api, unchanged: None, cut: int) -> None:
    body = multipart(MARKDOWN * 4)
    response = api.post(
        MATERIALS,
        as_=api.auth(OWNER),
        content=body[:-cut],
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )
    assert response.status_code == 400, response.text


def test_multipart_without_its_boundary_is_400(api: Api, unchanged: None) -> None:
    response = api.post(
        MATERIALS,
        as_=api.auth(OWNER),
        content=multipart(MARKDOWN),
        headers={"Content-Type": "multipart/form-data"},
    )
    assert response.status_code == 400, response.text


def test_an_upload_abandoned_midway_is_a_quiet_400(
    api: Api, unchanged: None, caplog: pytest.LogCaptureFixture
) -> None:
    body = multipart(MARKDOWN * 50)
    events = [{"type": "http.request", "body": body[:100], "more_body": True}]

    async def receive() -> dict[str, Any]:
        # then the phone leaves the lecture hall's Wi-Fi
        return events.pop(0) if events else {"type": "http.disconnect"}

    assert asgi_post(api, receive, {"content-length": str(len(body))}) == 400
    # the client's doing, not a server fault: no error record, no traceback
    assert not [record for record in caplog.records if record.levelname == "ERROR"]
