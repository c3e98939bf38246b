"""Ports for files: storage of uploads and recordings, text extraction, QR codes, PDFs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from reboot_core.domain.material import FileType
from reboot_core.ports.language import MaterialSection


class FileStorage(Protocol):
    def save(self, data: bytes, *, suffix: str = "") -> str:
        """Store bytes under a new reference and return it."""

    def append(self, ref: str, data: bytes) -> None:
        """Append to a stored file, creating it when missing (recordings grow chunk by chunk)."""

    def read(self, ref: str) -> bytes:
        """Raises NotFound for an unknown reference."""

    def exists(self, ref: str) -> bool: ...

    def delete(self, ref: str) -> None: ...


class TextExtractor(Protocol):
    def sections(
        self, data: bytes, file_type: FileType, *, source: str
    ) -> Sequence[MaterialSection]:
        """Headings and text in reading order; raises Invalid when the file cannot be read."""


class QrEncoder(Protocol):
    def png(self, data: str) -> bytes: ...

    def svg(self, data: str) -> str: ...
