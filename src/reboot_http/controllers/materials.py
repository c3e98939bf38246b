"""Lecture materials: multipart upload (PDF, PPTX, Markdown) and the list."""

from __future__ import annotations

from pathlib import PureWindowsPath
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath

from reboot_core import Reboot
from reboot_http.controllers._common import (
    NOT_MODIFIED,
    actor_of,
    instructor_only,
    refusals,
    run_core,
    run_slow,
)
from reboot_http.freshness import lecture_scope
from reboot_http.polling import Concerns, PollCache
from reboot_http.schemas.materials import MaterialOut, material_out


class MaterialUpload(msgspec.Struct):
    """multipart/form-data: the file, and a title (the file name when left out)."""

    file: UploadFile
    title: str = ""


class MaterialController(Controller):
    path = "/api/learning/lectures/{lecture_id:str}/materials"
    tags = ("materials",)

    # the body limit for uploads is set on the router that mounts this controller (app.py),
    # since it comes from settings
    @post(
        "/",
        status_code=201,
        guards=[instructor_only],
        concerns=Concerns.EVERYONE,  # of the lecture: its instructor and students list them
        responses=refusals(400, 403, 413, 415, 422),
    )
    async def upload(
        self,
        request: Request[Any, Any, Any],
        lecture_id: FromPath[str],
        data: Annotated[MaterialUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
        reboot: NamedDependency[Reboot],
    ) -> MaterialOut:
        """Upload a PDF, PPTX or Markdown file (form fields ``file`` and ``title``). The type
        is read from the bytes; legacy .ppt is refused with 415."""
        try:
            content = await data.file.read()
        finally:
            await data.file.close()
        # some browsers send the whole local path (C:\Users\kim\...): the Windows flavour
        # splits at both kinds of slash, so only the file's own name can become the title
        title = data.title.strip() or PureWindowsPath(data.file.filename or "").stem
        material = await run_slow(  # writes up to the size limit to disk
            request,
            reboot.materials.upload,
            actor_of(request),
            lecture_id,
            title,
            content,
            data.file.filename or "",
        )
        return material_out(material)

    @put(
        "/{material_id:str}",
        status_code=200,
        guards=[instructor_only],
        concerns=Concerns.EVERYONE,
        responses=refusals(400, 403, 404, 413, 415, 422),
    )
    async def replace(
        self,
        request: Request[Any, Any, Any],
        lecture_id: FromPath[str],
        material_id: FromPath[str],
        data: Annotated[MaterialUpload, Body(media_type=RequestEncodingType.MULTI_PART)],
        reboot: NamedDependency[Reboot],
    ) -> MaterialOut:
        """Replace a material's file (form fields ``file`` and ``title``; the title is kept
        when left out). The id stays; notes drafted from now on use the new content."""
        try:
            content = await data.file.read()
        finally:
            await data.file.close()
        material = await run_slow(
            request,
            reboot.materials.replace,
            actor_of(request),
            lecture_id,
            material_id,
            content,
            data.file.filename or "",
            data.title,
        )
        return material_out(material)

    @delete(
        "/{material_id:str}",
        status_code=204,
        concerns=Concerns.EVERYONE,
        responses=refusals(403, 404),
    )
    async def remove(
        self,
        request: Request[Any, Any, Any],
        lecture_id: FromPath[str],
        material_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> None:
        """Delete a material and its file (the lecture's instructor)."""
        await run_slow(request, reboot.materials.delete, actor_of(request), lecture_id, material_id)

    @get("/", responses={**refusals(403), **NOT_MODIFIED})
    async def list_materials(
        self,
        request: Request[Any, Any, Any],
        lecture_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        polls: NamedDependency[PollCache],
    ) -> Response[list[MaterialOut]]:
        """The lecture's materials, oldest first (its instructor and students)."""
        actor = actor_of(request)

        async def compute() -> bytes:
            materials = await run_core(request, reboot.materials.list, actor, lecture_id)
            return msgspec.json.encode([material_out(m) for m in materials])

        key = ("materials", lecture_id, actor)
        return await polls.answer(request, key, lecture_scope(lecture_id), compute)
