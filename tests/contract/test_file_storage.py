"""FileStorage contract: the in-memory fake and the local-disk adapter behave the same."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from reboot_adapters.local_files import LocalFileStorage
from reboot_core.errors import Invalid, NotFound
from reboot_core.memory import MemoryFileStorage
from reboot_core.ports.documents import FileStorage

TRAVERSAL_REFS = [
    "../../etc/passwd",
    "/etc/passwd",
    "ab/../../outside.txt",
    "..",
    "",
    "./ab",
    "ab\\..\\..\\x",
    "ab//cd",
]


@pytest.fixture(params=["memory", "local"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FileStorage]:
    if request.param == "memory":
        yield MemoryFileStorage()
    else:
        yield LocalFileStorage(tmp_path / "files")


def test_saved_bytes_read_back_unchanged(storage: FileStorage) -> None:
    data = "강의 자료 ✓".encode() + bytes(range(256))
    ref = storage.save(data, suffix=".pdf")
    assert ref.endswith(".pdf")
    assert storage.read(ref) == data
    assert storage.exists(ref)


def test_each_save_gets_its_own_reference(storage: FileStorage) -> None:
    first = storage.save(b"same")
    second = storage.save(b"same")
    assert first != second
    assert storage.read(first) == storage.read(second) == b"same"


def test_empty_file_round_trips(storage: FileStorage) -> None:
    ref = storage.save(b"")
    assert storage.read(ref) == b""


def test_append_creates_then_grows(storage: FileStorage) -> None:
    ref = "recordings/live-1.webm"
    assert not storage.exists(ref)
    storage.append(ref, b"chunk-1;")
    storage.append(ref, b"chunk-2;")
    assert storage.read(ref) == b"chunk-1;chunk-2;"


def test_append_extends_a_saved_file(storage: FileStorage) -> None:
    ref = storage.save(b"head;", suffix=".wav")
    storage.append(ref, b"tail")
    assert storage.read(ref) == b"head;tail"


def test_delete_removes_and_is_idempotent(storage: FileStorage) -> None:
    ref = storage.save(b"x")
    storage.delete(ref)
    assert not storage.exists(ref)
    with pytest.raises(NotFound):
        storage.read(ref)
    storage.delete(ref)  # deleting twice is not an error


def test_unknown_reference_is_not_found(storage: FileStorage) -> None:
    assert not storage.exists("ab/0123456789abcdef0123456789abcdef.pdf")
    with pytest.raises(NotFound):
        storage.read("ab/0123456789abcdef0123456789abcdef.pdf")


@pytest.mark.parametrize("ref", TRAVERSAL_REFS)
def test_traversal_references_are_not_found(storage: FileStorage, ref: str) -> None:
    assert not storage.exists(ref)
    with pytest.raises(NotFound):
        storage.read(ref)
    storage.delete(ref)  # must not touch anything outside the storage


# --- LocalFileStorage specifics: what only a real file system can get wrong --------------------


@pytest.fixture
def local(tmp_path: Path) -> LocalFileStorage:
    return LocalFileStorage(tmp_path / "files")


def test_local_files_stay_inside_root_under_generated_names(
    local: LocalFileStorage, tmp_path: Path
) -> None:
    ref = local.save(b"data", suffix=".PDF")
    path = tmp_path / "files" / ref
    assert path.read_bytes() == b"data"
    assert ref.endswith(".pdf")
    # no temporary file is left next to it after the atomic rename
    assert [p.name for p in path.parent.iterdir()] == [path.name]


@pytest.mark.parametrize("suffix", ["/../x", ".p/df", "..", ".tar.gz", ". pdf"])
def test_local_rejects_a_suffix_that_could_become_a_path(
    local: LocalFileStorage, suffix: str
) -> None:
    with pytest.raises(Invalid):
        local.save(b"x", suffix=suffix)


@pytest.mark.parametrize("ref", TRAVERSAL_REFS)
def test_local_append_refuses_traversal(local: LocalFileStorage, tmp_path: Path, ref: str) -> None:
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(Invalid):
        local.append(ref, b"x")
    assert sorted(tmp_path.rglob("*")) == before


def test_local_does_not_follow_a_symlink_out_of_root(
    local: LocalFileStorage, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"secret")
    (tmp_path / "files" / "ab").mkdir(parents=True)
    os.symlink(secret, tmp_path / "files" / "ab" / "link")
    assert not local.exists("ab/link")
    with pytest.raises(NotFound):
        local.read("ab/link")
