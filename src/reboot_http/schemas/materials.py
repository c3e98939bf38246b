"""Bodies of lecture-material routes."""

from __future__ import annotations

from datetime import datetime

import msgspec

from reboot_core import LectureMaterial


class MaterialOut(msgspec.Struct):
    id: str
    lecture_id: str
    title: str
    file_type: str
    size: int
    uploaded_at: datetime


def material_out(material: LectureMaterial) -> MaterialOut:
    return MaterialOut(
        id=material.id,
        lecture_id=material.lecture_id,
        title=material.title,
        file_type=material.file_type.value,
        size=material.size,
        uploaded_at=material.uploaded_at,
    )


__all__ = ["MaterialOut", "material_out"]
