"""Lecture materials: uploaded before (or during) the lecture, feeding the summary note."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.material import LectureMaterial, check_declared_name, detect_file_type
from reboot_core.errors import Forbidden, Invalid, NotFound
from reboot_core.services._context import Dependencies, claim_lecture

_SUFFIX = {"PDF": ".pdf", "PPTX": ".pptx", "MD": ".md"}
MAX_MATERIAL_TITLE = 200


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise Invalid("a material needs a title")
    if len(title) > MAX_MATERIAL_TITLE:
        raise Invalid(f"title is longer than {MAX_MATERIAL_TITLE} characters")
    return title


class MaterialService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def upload(
        self, actor: Actor, lecture_id: str, title: str, data: bytes, filename: str = ""
    ) -> LectureMaterial:
        """Check and store a PDF, PPTX or Markdown file for a lecture the actor manages.

        The type comes from the bytes, never from a file name. Raises Invalid (empty, bad
        title), TooLarge, UnsupportedType (incl. legacy .ppt), Forbidden.
        """
        deps = self._deps
        actor.require_instructor()
        title = _clean_title(title)
        file_type = self._file_type(data, filename)
        # check ownership before writing any file, so refused uploads leave nothing behind
        with deps.uow() as uow:
            claim_lecture(uow, actor, lecture_id, deps.clock.now())
            uow.commit()
        ref = deps.files.save(data, suffix=_SUFFIX[file_type.value])
        try:
            with deps.uow() as uow:
                claim_lecture(uow, actor, lecture_id, deps.clock.now())
                material = LectureMaterial(
                    id=deps.ids.new_id(),
                    lecture_id=lecture_id,
                    title=title,
                    file_type=file_type,
                    uploaded_by=actor.user_id,
                    uploaded_at=deps.clock.now(),
                    file_ref=ref,
                    size=len(data),
                )
                uow.materials.add(material)
                uow.commit()
                return material
        except BaseException:
            deps.files.delete(ref)  # no orphan file when the record could not be stored
            raise

    def _file_type(self, data: bytes, filename: str):
        policy = self._deps.policy
        file_type = detect_file_type(
            data,
            max_bytes=policy.max_material_bytes,
            max_unzipped_bytes=policy.max_unzipped_bytes,
        )
        check_declared_name(filename, file_type)
        return file_type

    def _owned(self, uow, actor: Actor, lecture_id: str, material_id: str) -> LectureMaterial:
        actor.require_instructor()
        lecture = uow.lectures.get(lecture_id)
        material = uow.materials.get(material_id)
        if lecture is None or material is None or material.lecture_id != lecture_id:
            raise NotFound("no such material")
        lecture.require_owner(actor)
        return material

    def delete(self, actor: Actor, lecture_id: str, material_id: str) -> None:
        """Remove a material and its file (the lecture's instructor). Notes drafted from now
        on no longer draw on it."""
        deps = self._deps
        with deps.uow() as uow:
            material = self._owned(uow, actor, lecture_id, material_id)
            uow.materials.remove(material.id)
            uow.commit()
        deps.files.delete(material.file_ref)

    def replace(
        self,
        actor: Actor,
        lecture_id: str,
        material_id: str,
        data: bytes,
        filename: str = "",
        title: str = "",
    ) -> LectureMaterial:
        """Put a new file (and optionally a new title) under the same material id; the old
        file is deleted once the new one is recorded."""
        deps = self._deps
        with deps.uow() as uow:
            current = self._owned(uow, actor, lecture_id, material_id)
        new_title = _clean_title(title) if title.strip() else current.title
        file_type = self._file_type(data, filename)
        ref = deps.files.save(data, suffix=_SUFFIX[file_type.value])
        try:
            with deps.uow() as uow:
                current = self._owned(uow, actor, lecture_id, material_id)
                replaced = attrs.evolve(
                    current,
                    title=new_title,
                    file_type=file_type,
                    uploaded_by=actor.user_id,
                    uploaded_at=deps.clock.now(),
                    file_ref=ref,
                    size=len(data),
                )
                uow.materials.update(replaced)
                uow.commit()
        except BaseException:
            deps.files.delete(ref)
            raise
        deps.files.delete(current.file_ref)
        return replaced

    def list(self, actor: Actor, lecture_id: str) -> Sequence[LectureMaterial]:
        """The lecture's instructor and its students may list materials."""
        deps = self._deps
        with deps.uow() as uow:
            lecture = uow.lectures.get(lecture_id)
            if actor.is_instructor:
                if lecture is not None:
                    lecture.require_owner(actor)
            elif not deps.roster.is_student_of(actor.user_id, lecture_id):
                raise Forbidden("you are not a student of this lecture")
            return list(uow.materials.list_for_lecture(lecture_id))

    def content(self, actor: Actor, material_id: str) -> tuple[LectureMaterial, bytes]:
        deps = self._deps
        with deps.uow() as uow:
            material = uow.materials.get(material_id)
            if material is None:
                raise NotFound("no such material")
        self.list(actor, material.lecture_id)  # same visibility rule
        return material, deps.files.read(material.file_ref)
