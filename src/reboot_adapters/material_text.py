"""TextExtractor for lecture materials: PDF (pypdf), PPTX (python-pptx) and Markdown."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence

import pptx
import pypdf
from pptx.shapes.base import BaseShape
from pptx.slide import Slide

from reboot_core.domain.material import FileType
from reboot_core.errors import DomainError, Invalid, TooLarge, UnsupportedType
from reboot_core.ports.language import MaterialSection, Term

_MIB = 1024 * 1024


class MaterialTextExtractor:
    """Headings and text of an uploaded material, one section per PDF page, slide or MD heading.

    Parsers of hostile files can fail in any way, so every failure inside pypdf or python-pptx
    becomes Invalid; the limits keep a crafted file from making us inflate or parse without end.
    """

    def __init__(
        self,
        *,
        max_pages: int = 1_000,
        max_unzipped_bytes: int = 256 * _MIB,
        max_zip_members: int = 5_000,
        max_chars: int = 2_000_000,
    ) -> None:
        self._max_pages = max_pages
        self._max_unzipped_bytes = max_unzipped_bytes
        self._max_zip_members = max_zip_members
        self._max_chars = max_chars

    def sections(
        self, data: bytes, file_type: FileType, *, source: str
    ) -> Sequence[MaterialSection]:
        if file_type is FileType.MD:
            return self._bounded(markdown_sections(_decode_text(data), source=source))
        if file_type is FileType.PDF:
            reader = self._pdf_pages
        elif file_type is FileType.PPTX:
            reader = self._pptx_slides
        else:  # pragma: no cover - FileType is closed, but a new member must not pass silently
            raise UnsupportedType(f"cannot extract text from {file_type}")
        try:
            return self._bounded(_section(source, lines) for lines in reader(data))
        except DomainError:
            raise
        except Exception as exc:
            # pypdf and python-pptx raise anything on hostile input (KeyError, struct.error,
            # lxml errors...): for the user it is always the same thing, a file we cannot read
            raise Invalid(
                f"the {file_type.value} file is damaged or not readable "
                f"({type(exc).__name__}); export it again and re-upload"
            ) from exc

    def _bounded(self, sections: Iterable[MaterialSection | None]) -> list[MaterialSection]:
        kept: list[MaterialSection] = []
        total = 0
        for section in sections:
            if section is None:
                continue
            total += len(section.heading) + len(section.text)
            if total > self._max_chars:
                raise TooLarge(f"the material has more than {self._max_chars} characters of text")
            kept.append(section)
        return kept

    def _pdf_pages(self, data: bytes) -> Iterator[list[str]]:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Invalid("the PDF is password-protected; upload a copy without a password")
        if len(reader.pages) > self._max_pages:
            raise TooLarge(f"the PDF has more than {self._max_pages} pages")
        for page in reader.pages:
            yield (page.extract_text() or "").splitlines()

    def _pptx_slides(self, data: bytes) -> Iterator[list[str]]:
        self._check_zip(data)
        presentation = pptx.Presentation(io.BytesIO(data))
        if len(presentation.slides) > self._max_pages:
            raise TooLarge(f"the presentation has more than {self._max_pages} slides")
        for slide in presentation.slides:
            yield _slide_lines(slide)

    def _check_zip(self, data: bytes) -> None:
        # python-pptx inflates every part into memory; zipfile stops at each member's declared
        # size, so checking the declared sizes bounds what will be inflated
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                infos = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise Invalid("the PPTX file is damaged (not a readable zip archive)") from exc
        if len(infos) > self._max_zip_members:
            raise TooLarge(f"the presentation has more than {self._max_zip_members} parts")
        if sum(info.file_size for info in infos) > self._max_unzipped_bytes:
            raise TooLarge("the presentation inflates beyond the allowed size")


def _section(source: str, lines: Iterable[str]) -> MaterialSection | None:
    """First non-empty line is the heading; the rest is the text. None for an empty page."""
    kept = [line.strip() for line in lines]
    kept = [line for line in kept if line]
    if not kept:
        return None
    return MaterialSection(source=source, heading=kept[0], text="\n".join(kept[1:]))


def _slide_lines(slide: Slide) -> list[str]:
    """Title first, then every shape's text in reading order, then the speaker notes."""
    title_shape = slide.shapes.title
    title = _text_lines(title_shape.text_frame.text) if title_shape is not None else []
    # joined into one line: a title that wraps onto two lines is still one heading
    lines = [" ".join(title)] if title else []
    for shape in _reading_order(slide.shapes):
        if title_shape is None or shape.shape_id != title_shape.shape_id:
            lines.extend(_shape_lines(shape))
    if slide.has_notes_slide:
        frame = slide.notes_slide.notes_text_frame
        if frame is not None:
            lines.extend(_text_lines(frame.text))
    return lines


def _reading_order(shapes: Iterable[BaseShape]) -> list[BaseShape]:
    # z-order is drawing order, not reading order: read top to bottom, then left to right
    return sorted(shapes, key=lambda shape: (shape.top or 0, shape.left or 0))


def _shape_lines(shape: BaseShape) -> list[str]:
    if shape.has_text_frame:
        return _text_lines(shape.text_frame.text)  # type: ignore[attr-defined]
    if getattr(shape, "has_table", False):
        rows = []
        for row in shape.table.rows:  # type: ignore[attr-defined]
            cells = [" ".join(_text_lines(cell.text)) for cell in row.cells]
            if any(cells):
                rows.append(" | ".join(cells))
        return rows
    children = getattr(shape, "shapes", None)  # a group shape
    if children is not None:
        return [line for child in _reading_order(children) for line in _shape_lines(child)]
    return []


def _text_lines(text: str) -> list[str]:
    # python-pptx writes a soft line break inside a paragraph as a vertical tab
    return [line.strip() for line in text.replace("\v", "\n").splitlines() if line.strip()]


def _decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid("the Markdown file is not UTF-8 text; save it as UTF-8") from exc


_ATX_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*")
_FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})")


def markdown_sections(text: str, *, source: str) -> list[MaterialSection]:
    """Split Markdown at ATX headings; text before the first heading is headed by ``source``.

    Lines inside fenced code blocks are never headings (a ``# comment`` in Python code is not).
    """
    sections: list[MaterialSection] = []
    heading: str | None = None
    body: list[str] = []
    fence: str | None = None

    def close() -> None:
        content = "\n".join(body).strip("\n")
        if heading is not None or content.strip():
            sections.append(MaterialSection(source=source, heading=heading or source, text=content))

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening["fence"]
        elif fence is not None and opening and opening["fence"].startswith(fence[0] * len(fence)):
            fence = None
        elif fence is None and (match := _ATX_HEADING.fullmatch(line)):
            close()
            heading, body = (match["text"] or "").strip(), []
            continue
        body.append(line.rstrip())
    close()
    return sections


# an identifier as code writes it: dotted or with an underscore (copy.deepcopy, select_related)
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|[A-Za-z]\w*_\w+")


def without_code(text: str) -> str:
    """Markdown with each fenced code block reduced to the identifiers in it: "for x in
    range" is code, not a phrase the text names a concept with; ``copy.deepcopy`` is a name."""
    kept: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening["fence"]
        elif fence is not None and opening and opening["fence"].startswith(fence[0] * len(fence)):
            fence = None
        elif fence is not None:
            kept.append(" ".join(_IDENTIFIER.findall(line)))
        else:
            kept.append(line)
    return "\n".join(kept)


_BOLD = re.compile(r"\*\*(?P<a>[^*\n]{1,60}?)\*\*|__(?P<b>[^_\n]{1,60}?)__")
# "**수신 윈도우**(rwnd)": a marked name and, in brackets, another name for the same thing
_BOLD_ALIAS = re.compile(r"\*\*(?P<name>[^*\n]{1,60}?)\*\*\s?\((?P<alias>[^()\n,;]{1,30})\)")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_NUMBERING = re.compile(r"^\s*(?:\d+[.)]|[-*+]|[IVX]+\.)\s+")
MAX_TERM_CHARS = 60


def _cells(line: str) -> list[str]:
    return [cell.strip().strip("*").strip() for cell in line.strip().strip("|").split("|")]


def table_headers(text: str) -> list[str]:
    """Header cells of Markdown tables, and of the "a | b" rows a PPTX table becomes."""
    lines = text.splitlines()
    headers: list[str] = []
    for index, line in enumerate(lines):
        if "|" not in line:
            continue
        previous = lines[index - 1] if index else ""
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _TABLE_RULE.match(following) or ("|" not in previous and "|" in following):
            headers.extend(cell for cell in _cells(line) if cell)
    return headers


def _term_text(text: str) -> str:
    """A marked text as a term: numbering, extra spaces and stray emphasis marks removed."""
    return " ".join(_NUMBERING.sub("", text).split()).strip("*_ ")


def bold_terms(sections: Sequence[MaterialSection]) -> list[str]:
    """What the materials write in bold, as ``material_terms`` gives it: the terms they
    define, where a heading or a table header only names a topic."""
    found: list[str] = []
    for section in sections:
        for match in _BOLD.finditer(section.text):
            text = _term_text(match["a"] or match["b"])
            if text and text not in found:
                found.append(text)
    return found


def material_terms(sections: Sequence[MaterialSection]) -> list[Term]:
    """What the materials mark as their vocabulary, in order of appearance: headings, bold
    terms, table headers, and names given with another name in brackets (an alias)."""
    found: dict[str, Term] = {}

    def add(text: str, aliases: tuple[str, ...] = ()) -> None:
        text = _term_text(text)
        if not text or len(text) > MAX_TERM_CHARS or text.isdigit():
            return
        key = text.casefold()
        known = found.get(key)
        merged = tuple(dict.fromkeys((*(known.aliases if known else ()), *aliases)))
        found[key] = Term(text, merged)

    for section in sections:
        add(section.heading)
        for match in _BOLD.finditer(section.text):
            add(match["a"] or match["b"])
        for header in table_headers(section.text):
            add(header)
        for match in _BOLD_ALIAS.finditer(section.text):
            alias = " ".join(match["alias"].split())
            if not alias.replace(".", "").isdigit():
                add(match["name"], (alias,))
    return list(found.values())


__all__ = [
    "MaterialTextExtractor",
    "bold_terms",
    "markdown_sections",
    "material_terms",
    "table_headers",
    "without_code",
]
