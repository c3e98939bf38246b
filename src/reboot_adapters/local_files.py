"""FileStorage on the local file system: uploads and recordings under one root directory."""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from pathlib import Path

from reboot_core.errors import Invalid, NotFound, Unavailable

# A reference is a short relative path of plain segments. Anything else (absolute paths, "..",
# backslashes, hidden names such as our own ".tmp-" files) is not a reference we could have made.
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}(\.[A-Za-z0-9]{1,16})?")
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,16}")
_MAX_DEPTH = 4


class LocalFileStorage:
    """Stores bytes under generated names inside ``root``.

    ``save`` picks the name itself (``"ab/ab12…ef.pdf"``), so a client-supplied file name never
    becomes a path. ``append`` also accepts references the core builds (``"recordings/s1.webm"``)
    as long as they are plain relative segments. Malformed references read as NotFound.
    """

    def __init__(self, root: Path) -> None:
        self._root = Path(root).resolve()

    def save(self, data: bytes, *, suffix: str = "") -> str:
        if suffix and not _SUFFIX.fullmatch(suffix):
            raise Invalid(f"file suffix {suffix!r} is not allowed (expected e.g. '.pdf')")
        token = secrets.token_hex(16)
        ref = f"{token[:2]}/{token}{suffix.lower()}"
        path = self._path(ref)
        assert path is not None, "generated references are always valid"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._write_atomically(path, data)
        except OSError as exc:
            raise Unavailable(f"cannot write to file storage: {exc.strerror}") from exc
        return ref

    def append(self, ref: str, data: bytes) -> None:
        path = self._path(ref)
        if path is None:
            raise Invalid(f"{ref!r} is not a valid file reference")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("ab") as handle:
                handle.write(data)
                handle.flush()
                # a recording chunk the client saw acknowledged must survive a crash
                os.fsync(handle.fileno())
        except IsADirectoryError as exc:
            raise Invalid(f"{ref!r} is not a valid file reference") from exc
        except OSError as exc:
            raise Unavailable(f"cannot append to file storage: {exc.strerror}") from exc

    def read(self, ref: str) -> bytes:
        path = self._path(ref)
        if path is None:
            raise NotFound(f"no stored file {ref!r}")
        try:
            return path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise NotFound(f"no stored file {ref!r}") from exc
        except OSError as exc:
            raise Unavailable(f"cannot read from file storage: {exc.strerror}") from exc

    def exists(self, ref: str) -> bool:
        path = self._path(ref)
        return path is not None and path.is_file()

    def delete(self, ref: str) -> None:
        """Remove a stored file; deleting what is not there is not an error."""
        path = self._path(ref)
        if path is None:
            return
        try:
            path.unlink(missing_ok=True)
        except IsADirectoryError:
            return
        except OSError as exc:
            raise Unavailable(f"cannot delete from file storage: {exc.strerror}") from exc

    def _path(self, ref: str) -> Path | None:
        if not isinstance(ref, str):
            return None
        segments = ref.split("/")
        if len(segments) > _MAX_DEPTH or not all(_SEGMENT.fullmatch(s) for s in segments):
            return None
        path = (self._root / ref).resolve()
        # the pattern already rules out traversal; this also refuses symlinks that lead outside
        if not path.is_relative_to(self._root):
            return None
        return path

    @staticmethod
    def _write_atomically(path: Path, data: bytes) -> None:
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    # makes the new directory entry durable; not possible on every platform, so best effort
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


__all__ = ["LocalFileStorage"]
