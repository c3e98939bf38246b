"""Each lecture's instructor glossary: the terms an instructor adds beside the materials'."""

from __future__ import annotations

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.glossary import LectureGlossary
from reboot_core.services._context import Dependencies, claim_lecture
from reboot_core.services._lecture_context import LectureContext


@attrs.frozen
class GlossaryView:
    """A lecture's glossary as its instructor edits it: their own terms, and (read-only)
    the terms found in the materials, which are used too."""

    lecture_id: str
    terms: tuple[str, ...]
    material_terms: tuple[str, ...]


class GlossaryService:
    def __init__(self, deps: Dependencies, context: LectureContext) -> None:
        self._deps = deps
        self._context = context

    def glossary(self, actor: Actor, lecture_id: str) -> GlossaryView:
        """The lecture's glossary (its instructor; any instructor for a lecture nobody has
        claimed yet, who sees an empty one)."""
        actor.require_instructor()
        with self._deps.reader() as uow:
            lecture = uow.lectures.get(lecture_id)
            if lecture is not None:
                lecture.require_owner(actor)
            own = uow.glossary.get(lecture_id)
            materials = list(uow.materials.list_for_lecture(lecture_id))
        return self._view(lecture_id, own, materials)

    def set_glossary(self, actor: Actor, lecture_id: str, terms: object) -> GlossaryView:
        """Replace the lecture's own terms (claims an unclaimed lecture, as uploads do).

        Raises Invalid for an empty or over-long entry (100 characters) or more than 300
        entries; [] leaves only the materials' terms."""
        deps = self._deps
        chosen = LectureGlossary.choose(lecture_id, terms, deps.clock.now())
        with deps.uow() as uow:
            claim_lecture(uow, actor, lecture_id, deps.clock.now())
            uow.glossary.put(chosen)
            materials = list(uow.materials.list_for_lecture(lecture_id))
            uow.commit()
        return self._view(lecture_id, chosen, materials)

    def _view(self, lecture_id: str, own: LectureGlossary | None, materials: list) -> GlossaryView:
        mine = own.terms if own is not None else ()
        found = tuple(term.text for term in self._context.material_terms(materials))
        return GlossaryView(lecture_id, mine, found)
