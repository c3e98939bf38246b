"""LectureMaterial and deciding a file's type from its bytes, never from its name."""

from __future__ import annotations

import enum
import io
import zipfile
from datetime import datetime

import attrs

from reboot_core.errors import Invalid, TooLarge, UnsupportedType

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_EOCD_MAGIC = b"PK\x05\x06"
_EOCD_SEARCH = 22 + 65535  # the record plus the longest zip comment
# a large deck has a few thousand parts; more is a crafted archive
MAX_ZIP_ENTRIES = 5000


class FileType(enum.StrEnum):
    PDF = "PDF"
    PPTX = "PPTX"
    MD = "MD"


@attrs.frozen
class LectureMaterial:
    id: str
    lecture_id: str
    title: str
    file_type: FileType
    uploaded_by: str
    uploaded_at: datetime
    file_ref: str
    size: int


def detect_file_type(data: bytes, *, max_bytes: int, max_unzipped_bytes: int) -> FileType:
    """Decide PDF / PPTX / Markdown from content.

    Raises TooLarge over ``max_bytes`` (or a zip that inflates past ``max_unzipped_bytes``),
    Invalid for an empty file, UnsupportedType for anything else (legacy .ppt gets its own
    message).
    """
    if len(data) == 0:
        raise Invalid("the file is empty")
    if len(data) > max_bytes:
        raise TooLarge(f"the file is larger than {max_bytes} bytes")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(_PDF_MAGIC):
        return FileType.PDF
    if data.startswith(_OLE2_MAGIC):
        raise UnsupportedType(
            "legacy PowerPoint (.ppt) files are not supported: save it as .pptx and upload again"
        )
    if data.startswith(_ZIP_MAGIC):
        _check_pptx(data, max_unzipped_bytes)
        return FileType.PPTX
    if _looks_like_text(data):
        return FileType.MD
    raise UnsupportedType("only PDF, PPTX and Markdown files are accepted")


# names that promise a binary document: a text file under one of them was mislabelled, and
# accepting it as Markdown hides the mistake (issue 14 item 8)
_BINARY_SUFFIXES = {".pdf": FileType.PDF, ".pptx": FileType.PPTX, ".ppt": None, ".key": None}


def check_declared_name(filename: str, detected: FileType) -> None:
    """Refuse a file whose name promises PDF/PPT/PPTX/Keynote while its bytes are something
    else. The type stays the content's; the name can only make a mismatch visible."""
    name = filename.strip().lower().replace("\\", "/").rsplit("/", 1)[-1]
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if suffix not in _BINARY_SUFFIXES:
        return
    promised = _BINARY_SUFFIXES[suffix]
    if promised is detected:
        return
    found = {
        FileType.PDF: ("PDF", "a PDF"),
        FileType.PPTX: ("PPTX", "a PPTX"),
        FileType.MD: ("일반 텍스트", "plain text"),
    }[detected]
    raise UnsupportedType(
        f"파일 이름은 {suffix}인데 내용은 {found[0]}입니다. 내용에 맞는 이름으로 바꾸거나 "
        f".pptx/.pdf로 저장해 다시 올려 주세요: the file is named {suffix} but its content "
        f"is {found[1]}"
    )


def _declared_entries(data: bytes) -> int | None:
    """Entry count from the zip's end-of-central-directory record, read without parsing the
    central directory (which costs time and memory per entry). None when there is no record."""
    at = data.rfind(_EOCD_MAGIC, max(0, len(data) - _EOCD_SEARCH))
    if at < 0 or at + 12 > len(data):
        return None
    return int.from_bytes(data[at + 10 : at + 12], "little")


def _check_pptx(data: bytes, max_unzipped_bytes: int) -> None:
    entries = _declared_entries(data)
    # 0xFFFF means "see the zip64 record": no real presentation needs that many parts
    if entries is not None and entries > MAX_ZIP_ENTRIES:
        raise TooLarge(f"the presentation has more than {MAX_ZIP_ENTRIES} parts")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnsupportedType("the file looks like a zip archive but cannot be read") from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise TooLarge(f"the presentation has more than {MAX_ZIP_ENTRIES} parts")
    if "[Content_Types].xml" not in names or "ppt/presentation.xml" not in names:
        raise UnsupportedType("only PDF, PPTX and Markdown files are accepted (zip is not a PPTX)")
    # declared sizes are what an extractor would inflate to; refuse bombs before anyone reads
    if sum(info.file_size for info in infos) > max_unzipped_bytes:
        raise TooLarge("the presentation inflates beyond the allowed size")


def _looks_like_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
    return printable >= 0.95 * len(text)
