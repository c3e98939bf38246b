"""Bodies of lecture-material routes."""

from __future__ import annotations

from datetime import datetime

import msgspec
from litestar.datastructures import UploadFile

from reboot_core import LectureMaterial


class MaterialUpload(msgspec.Struct):
    """multipart/form-data: the file, and a title (the file name when left out)."""

    file: UploadFile
    title: str = ""


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


__all__ = ["MaterialOut", "MaterialUpload", "material_out"]
