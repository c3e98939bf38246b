"""A draft's explanation: the answer, what the materials say of it, what the instructor said.

A student who chose wrong needs more than their own sentence back: the line of the lecture's
materials that states the answer (a bullet or a sentence of the notes, a slide line) says it
in the words the course wrote down.
"""

from __future__ import annotations

from collections.abc import Sequence

from reboot_adapters.korean.analysis import concept_key
from reboot_core.domain.note import prose_of
from reboot_core.ports.language import MaterialSection

MIN_LINE_CHARS = 15
MAX_LINE_CHARS = 160


def explanation(answer: str, quoted: Sequence[str], sections: Sequence[MaterialSection]) -> str:
    lines = [f"정답은 ‘{answer}’입니다."]
    written = material_line(answer, quoted, sections)
    if written:
        lines.append(f"강의 자료: {written}")
    lines += ["", "강의에서 이렇게 설명했습니다:", *(f"“{text}”" for text in quoted)]
    return "\n".join(lines)


def material_line(
    answer: str, quoted: Sequence[str], sections: Sequence[MaterialSection]
) -> str | None:
    """The first line of the materials that names the answer and says something of it; not
    one the instructor's quoted sentence already says."""
    wanted = concept_key(answer)
    said = concept_key(" ".join(quoted))
    for section in sections:
        for line in prose_of(section.text).splitlines():
            line = line.strip()
            key = concept_key(line)
            if not MIN_LINE_CHARS <= len(line) <= MAX_LINE_CHARS or wanted not in key:
                continue
            if key == wanted or key in said:
                continue  # the name alone, or what the quote already says
            return line
    return None
