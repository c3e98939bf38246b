"""The bundled web UI: plain HTML pages and their CSS/JS, straight from the package.

There is no build step: ``web/`` holds the files as they are served. Pages are public (their
scripts send the bearer token with each API call), so every route here opts out of the JWT
middleware. The student page lives at ``links.JOIN_PATH``, where join QR codes point; the
review page at ``report_pdf.REVIEW_PATH``, where the note PDF's QR code points.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path

from litestar import Response, Router, get
from litestar.datastructures import CacheControlHeader
from litestar.response import File
from litestar.static_files import create_static_files_router

from reboot_http.links import JOIN_PATH
from reboot_http.report_pdf import REVIEW_PATH  # the note PDF's QR code points there

# the package is installed as a directory (setuptools, editable or wheel), so this is a path
WEB_DIR = Path(str(files("reboot_http").joinpath("web")))
STATIC_PATH = "/static"
ASSET_FOLDERS = ("css", "js", "img")

# everything is same-origin and there are no inline scripts: a strict policy costs nothing
# (blob: for QR images and PDF downloads fetched with the token)
CSP = (
    "default-src 'self'; img-src 'self' blob: data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
# unversioned file names: browsers must revalidate, or an upgrade would mix old and new modules
NO_CACHE = CacheControlHeader(no_cache=True)
PUBLIC = {"exclude_from_auth": True}


def _page(name: str) -> File:
    return File(
        WEB_DIR / name,
        filename=name,
        content_disposition_type="inline",
        media_type="text/html",
        headers={"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"},
    )


@get("/", include_in_schema=False, opt=PUBLIC, cache_control=NO_CACHE)
async def landing() -> File:
    """Enter a session code, or go to the instructor's sign-in."""
    return _page("index.html")


@get(JOIN_PATH, include_in_schema=False, opt=PUBLIC, cache_control=NO_CACHE)
async def student() -> File:
    """Join (code from ``?code=``), then the live page; phones first."""
    return _page("student.html")


@get(REVIEW_PATH, include_in_schema=False, opt=PUBLIC, cache_control=NO_CACHE)
async def review() -> File:
    """A student's after-session page: note, summary, self-test, gap map (``?session=``)."""
    return _page("review.html")


@get("/instructor", include_in_schema=False, opt=PUBLIC, cache_control=NO_CACHE)
async def instructor() -> File:
    """Sign-in, lectures, materials, new sessions."""
    return _page("instructor.html")


@get("/instructor/live", include_in_schema=False, opt=PUBLIC, cache_control=NO_CACHE)
async def live() -> File:
    """The live dashboard for the projector (``?session=``)."""
    return _page("live.html")


@get("/instructor/after", include_in_schema=False, opt=PUBLIC, cache_control=NO_CACHE)
async def after() -> File:
    """Job progress, note editor and approval, insight report (``?session=``)."""
    return _page("after.html")


def pages_router(frame_ancestors: Sequence[str] = ()) -> Router:
    """Every page, and the assets under ``/static/css``, ``/static/js`` and ``/static/img``
    (only those folders: the pages themselves are served above, with their headers).

    ``frame_ancestors``: origins (LTI platforms) that may show the pages in an iframe.
    """
    assets = [
        create_static_files_router(
            path=f"{STATIC_PATH}/{folder}",
            directories=[WEB_DIR / folder],
            opt=PUBLIC,
            cache_control=NO_CACHE,
            include_in_schema=False,
            name=f"web-{folder}",
        )
        for folder in ASSET_FOLDERS
    ]
    pages = [landing, student, review, instructor, live, after]
    if not frame_ancestors:
        return Router(path="/", route_handlers=[*pages, *assets])
    framed = CSP.replace(
        "frame-ancestors 'none'", f"frame-ancestors 'self' {' '.join(frame_ancestors)}"
    )

    def allow_frames(response: Response) -> Response:
        if "Content-Security-Policy" in response.headers:
            response.headers["Content-Security-Policy"] = framed
        return response

    return Router(path="/", route_handlers=[*pages, *assets], after_request=allow_frames)


__all__ = ["STATIC_PATH", "WEB_DIR", "pages_router"]
