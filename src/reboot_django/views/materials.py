"""Lecture materials: multipart upload (PDF, PPTX, Markdown) and the list."""

from __future__ import annotations

from pathlib import PureWindowsPath

from django.http import HttpResponse
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request

from reboot_django.errors import BadBody
from reboot_django.views._base import LiveView, json_response, polled_json
from reboot_http.schemas.glossary import GlossaryIn, glossary_out
from reboot_http.schemas.materials import material_out


class MaterialsView(LiveView):
    parser_classes = (MultiPartParser,)

    def get(self, request: Request, lecture_id: str) -> HttpResponse:
        materials = self.live.materials.list(self.me, lecture_id)
        return polled_json(request, [material_out(m) for m in materials])

    def post(self, request: Request, lecture_id: str) -> HttpResponse:
        """Form fields ``file`` and ``title``; the type is read from the bytes."""
        # students are refused before the upload is read (the core still decides the rest)
        self.me.require_instructor()
        upload = request.FILES.get("file")
        if upload is None:
            raise BadBody("send the file as the multipart form field 'file'")
        try:
            content = upload.read()
        finally:
            upload.close()
        # some browsers send the whole local path: keep only the file's own name
        title = str(request.data.get("title", "")).strip() or PureWindowsPath(upload.name).stem
        material = self.live.materials.upload(self.me, lecture_id, title, content)
        return json_response(material_out(material), 201)


def _upload_of(request: Request) -> tuple[bytes, str]:
    upload = request.FILES.get("file")
    if upload is None:
        raise BadBody("send the file as the multipart form field 'file'")
    try:
        return upload.read(), upload.name or ""
    finally:
        upload.close()


class MaterialView(LiveView):
    """One material: replaced in place (same id) or deleted, by the lecture's instructor."""

    parser_classes = (MultiPartParser,)

    def put(self, request: Request, lecture_id: str, material_id: str) -> HttpResponse:
        self.me.require_instructor()
        content, filename = _upload_of(request)
        title = str(request.data.get("title", "")).strip()
        material = self.live.materials.replace(
            self.me, lecture_id, material_id, content, filename, title
        )
        return json_response(material_out(material))

    def delete(self, request: Request, lecture_id: str, material_id: str) -> HttpResponse:
        self.live.materials.delete(self.me, lecture_id, material_id)
        return HttpResponse(status=204)


class GlossaryView(LiveView):
    """The lecture's instructor glossary, as the bundled server's glossary routes."""

    def get(self, request: Request, lecture_id: str) -> HttpResponse:
        return json_response(glossary_out(self.live.glossary.glossary(self.me, lecture_id)))

    def put(self, request: Request, lecture_id: str) -> HttpResponse:
        data = self.body(request, GlossaryIn)
        return json_response(
            glossary_out(self.live.glossary.set_glossary(self.me, lecture_id, data.terms))
        )
