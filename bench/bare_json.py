"""A bare Litestar JSON route, served the way ``reboot serve`` serves the real app.

The yardstick for the feed's 304 path (bench/load.py --compare-bare): same framework, same
uvicorn settings and worker model, but no auth, no dependencies and no storage. The body is
about the size of a small student feed.

Usage::

    .venv/bin/python bench/bare_json.py --port 8100 --workers 2    # GET /json and /api/health/
"""

from __future__ import annotations

import argparse
import contextlib
import socket

from litestar import Litestar, get

BODY = {
    "role": "student",
    "session_id": "0" * 32,
    "status": "LIVE",
    "title": "부하 시험",
    "pending_quizzes": [],
    "my_pulse": "UNDERSTAND",
    "questions": [],
    "note_available": False,
}


@get("/json", sync_to_thread=False)
def json_route() -> dict[str, object]:
    return BODY


@get("/api/health", sync_to_thread=False)
def health() -> dict[str, str]:
    return {"status": "ok"}


app = Litestar([json_route, health], debug=False)


def serve(port: int, workers: int) -> None:
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(
        "bare_json:app", host="127.0.0.1", port=port, workers=workers, log_level="warning"
    )
    if workers == 1:
        with contextlib.suppress(KeyboardInterrupt):
            uvicorn.Server(config).run()
        return
    # as in reboot serve: a socket uvicorn binds with proto 0 leaves Nagle on for accepted
    # connections in its worker processes, which would slow this yardstick down unfairly
    bound = config.bind_socket()
    listener = socket.socket(bound.family, bound.type, socket.IPPROTO_TCP, fileno=bound.detach())
    with contextlib.suppress(KeyboardInterrupt):
        Multiprocess(config, sockets=[listener]).run()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    serve(args.port, args.workers)


if __name__ == "__main__":
    main()
