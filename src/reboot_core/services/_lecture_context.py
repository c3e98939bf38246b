"""What a lecture's language work is drawn from: its materials' sections and its glossary.

Materials do not change once uploaded, so their sections are read and extracted once per
process and kept by material id: a quiz draft must not re-parse a 100-page PDF.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence

from reboot_core.domain.glossary import LectureGlossary, term_key
from reboot_core.domain.material import LectureMaterial
from reboot_core.errors import DomainError
from reboot_core.ports.language import MaterialSection, Term
from reboot_core.services._context import Dependencies

log = logging.getLogger(__name__)
CACHED_MATERIALS = 256


class LectureContext:
    """Sections and glossary terms of a lecture, cached by material."""

    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps
        self._sections: OrderedDict[tuple[str, str], tuple[MaterialSection, ...]] = OrderedDict()
        self._terms: OrderedDict[tuple[str, ...], tuple[Term, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def sections(self, materials: Sequence[LectureMaterial]) -> tuple[MaterialSection, ...]:
        found: list[MaterialSection] = []
        for material in materials:
            with self._lock:
                # by file as well: a replaced material keeps its id, not its sections
                cached = self._sections.get((material.id, material.file_ref))
            if cached is None:
                try:
                    data = self._deps.files.read(material.file_ref)
                    cached = tuple(
                        self._deps.extractor.sections(
                            data, material.file_type, source=material.title
                        )
                    )
                except DomainError as error:  # an unreadable file leaves out its sections
                    log.info("material %s left out: %s", material.id, error)
                    cached = ()
                with self._lock:
                    self._sections[(material.id, material.file_ref)] = cached
                    while len(self._sections) > CACHED_MATERIALS:
                        self._sections.popitem(last=False)
            found.extend(cached)
        return tuple(found)

    def material_terms(self, materials: Sequence[LectureMaterial]) -> tuple[Term, ...]:
        """The terms the language model finds in the materials (best effort: none when it
        cannot say)."""
        key = tuple(sorted(f"{material.id}:{material.file_ref}" for material in materials))
        with self._lock:
            cached = self._terms.get(key)
        if cached is not None:
            return cached
        sections = self.sections(materials)
        try:
            terms = tuple(self._deps.language.lecture_terms(sections)) if sections else ()
        except DomainError as error:
            log.info("no material terms: %s", error)
            return ()
        with self._lock:
            self._terms[key] = terms
            while len(self._terms) > CACHED_MATERIALS:
                self._terms.popitem(last=False)
        return terms

    def glossary(
        self, own: LectureGlossary | None, materials: Sequence[LectureMaterial]
    ) -> tuple[Term, ...]:
        """The lecture's glossary: the instructor's terms first, then the materials'."""
        return merged(instructor_terms(own), self.material_terms(materials))


def instructor_terms(own: LectureGlossary | None) -> tuple[Term, ...]:
    return tuple(Term(text, source="instructor") for text in own.terms) if own else ()


def merged(instructor: Sequence[Term], material: Sequence[Term]) -> tuple[Term, ...]:
    """Instructor terms first (they were added on purpose), then the materials' others."""
    seen = {_key(term.text) for term in instructor}
    return (*instructor, *(term for term in material if _key(term.text) not in seen))


_key = term_key
