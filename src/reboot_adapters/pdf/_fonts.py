"""Locating and registering an embeddable Korean TrueType font for reportlab."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from reboot_core.errors import Unavailable

FONT_ENV_VAR = "REBOOT_PDF_FONT"

_NANUM = Path("/usr/share/fonts/truetype/nanum")
# (regular, bold) pairs in order of preference; all ship in Debian's fonts-nanum (OFL)
DEFAULT_CANDIDATES: tuple[tuple[Path, Path | None], ...] = (
    (_NANUM / "NanumGothic.ttf", _NANUM / "NanumGothicBold.ttf"),
    (_NANUM / "NanumBarunGothic.ttf", _NANUM / "NanumBarunGothicBold.ttf"),
    (_NANUM / "NanumSquareR.ttf", _NANUM / "NanumSquareB.ttf"),
    (_NANUM / "NanumMyeongjo.ttf", _NANUM / "NanumMyeongjoBold.ttf"),
)

REGULAR = "RebootKorean"
BOLD = "RebootKorean-Bold"


@attrs.frozen
class FontFiles:
    regular: Path
    bold: Path | None


def find_font_files(
    env: Mapping[str, str],
    candidates: Sequence[tuple[Path, Path | None]] = DEFAULT_CANDIDATES,
) -> FontFiles:
    """The font to embed: ``REBOOT_PDF_FONT`` when set, else the first installed candidate.

    Raises Unavailable when none is there, telling the user how to get one.
    """
    configured = env.get(FONT_ENV_VAR, "").strip()
    if configured:
        path = Path(configured).expanduser()
        if not path.is_file():
            raise Unavailable(
                f"{FONT_ENV_VAR} points to {configured!r}, which is not a readable font file"
            )
        # one file given: bold text is drawn with it too rather than guessing a sibling
        return FontFiles(regular=path, bold=None)
    for regular, bold in candidates:
        if regular.is_file():
            return FontFiles(regular=regular, bold=bold if bold and bold.is_file() else None)
    raise Unavailable(
        "no Korean font for PDFs: install the Debian/Ubuntu package fonts-nanum "
        f"(apt-get install fonts-nanum) or set {FONT_ENV_VAR} to a Korean .ttf file"
    )


_lock = threading.Lock()
_registered = False


def korean_fonts() -> tuple[str, str]:
    """Register the Korean font once per process; returns the (regular, bold) names to use.

    A TTFont is embedded (as a subset) in every PDF that uses it, unlike reportlab's CID fonts,
    which viewers without Korean fonts show as blank boxes.
    """
    global _registered
    with _lock:
        if not _registered:
            _register(find_font_files(os.environ))
            _registered = True
    return REGULAR, BOLD


def _register(files: FontFiles) -> None:
    try:
        pdfmetrics.registerFont(TTFont(REGULAR, str(files.regular)))
        pdfmetrics.registerFont(TTFont(BOLD, str(files.bold or files.regular)))
    except (TTFError, OSError) as exc:
        raise Unavailable(f"cannot use {files.regular} as a PDF font: {exc}") from exc
    # lets <b> inside a Paragraph switch to the bold face
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
