"""Each lecture's instructor glossary: the terms drafts, notes and the self-test use first."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from reboot_core import Reboot
from reboot_http.controllers._common import actor_of, refusals, run_slow
from reboot_http.polling import Concerns
from reboot_http.schemas.glossary import GlossaryIn, GlossaryOut, glossary_out


class GlossaryController(Controller):
    path = "/api/learning/lectures/{lecture_id:str}/glossary"
    tags = ("materials",)

    # both answers list the materials' terms, which may mean reading uploaded files once:
    # they run on the slow threads

    @get("/", responses=refusals(403))
    async def get_glossary(
        self,
        request: Request[Any, Any, Any],
        lecture_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> GlossaryOut:
        """The lecture's glossary (its instructor): the terms they added and, read-only, the
        terms found in its materials. Quiz drafts, the note's key terms and the self-test
        use both, the instructor's first."""
        view = await run_slow(request, reboot.glossary.glossary, actor_of(request), lecture_id)
        return glossary_out(view)

    @put(
        "/",
        status_code=200,
        concerns=Concerns.NOBODY,  # read when a draft or note is made, not shown by any poll
        responses=refusals(400, 403, 422),
    )
    async def put_glossary(
        self,
        request: Request[Any, Any, Any],
        lecture_id: FromPath[str],
        data: JSONBody[GlossaryIn],
        reboot: NamedDependency[Reboot],
    ) -> GlossaryOut:
        """Replace the lecture's own terms (its instructor): at most 300 entries of 1-100
        characters, none empty (422 otherwise, naming the entry); [] removes them all."""
        view = await run_slow(
            request, reboot.glossary.set_glossary, actor_of(request), lecture_id, data.terms
        )
        return glossary_out(view)
