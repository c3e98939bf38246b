"""A lecture's instructor glossary on the wire."""

from __future__ import annotations

import msgspec

from reboot_core.services import GlossaryView


class GlossaryIn(msgspec.Struct):
    """The instructor's own terms: up to 300 entries of 1-100 characters ([] leaves only the
    materials' terms). Lengths are checked by the core, which answers 422 with the entry."""

    terms: list[str]


class GlossaryOut(msgspec.Struct):
    lecture_id: str
    # the instructor's terms, in their order; used first wherever the lecture's concepts are
    terms: list[str]
    # the terms found in the lecture's materials (headings, bold terms, table headers),
    # used as well; read-only here
    material_terms: list[str]


def glossary_out(view: GlossaryView) -> GlossaryOut:
    return GlossaryOut(
        lecture_id=view.lecture_id,
        terms=list(view.terms),
        material_terms=list(view.material_terms),
    )
