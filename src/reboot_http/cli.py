"""The ``reboot`` command: ``serve``, ``token``, ``migrate`` and ``lti``.

Settings come from ``REBOOT_*`` environment variables (docs/settings.md); they are checked
here first, so a bad value prints one line and exits 2 instead of a worker traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import sys
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from reboot_core import Actor, DomainError
from reboot_core.domain.actor import Role
from reboot_http.settings import Settings, SettingsError, ensure_jwt_secret

APP_FACTORY = "reboot_http.app:create_app_from_env"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except SettingsError as exc:
        print(f"reboot: error: {exc}", file=sys.stderr)
        return 2
    except DomainError as exc:  # e.g. the database cannot be reached for migrations
        print(f"reboot: error: {exc.detail}", file=sys.stderr)
        return 1
    except OSError as exc:  # e.g. a data directory we may not write to
        print(f"reboot: error: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reboot",
        description="Re:Boot Live server. Settings: REBOOT_* environment variables.",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run migrations, then serve HTTP")
    serve.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1; 0.0.0.0 for a LAN")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=None, help="processes (default 1)")
    serve.add_argument("--log-level", default="info")
    serve.set_defaults(run=_serve)

    token = commands.add_parser("token", help="print a bearer token for a user")
    token.add_argument("--user", required=True, help="user id (the token's sub claim)")
    token.add_argument("--role", choices=[r.value for r in Role], required=True)
    token.add_argument("--hours", type=float, default=None, help="lifetime (REBOOT_TOKEN_TTL)")
    token.set_defaults(run=_token)

    migrate = commands.add_parser("migrate", help="create or upgrade the database schema")
    migrate.add_argument(
        "--url", default=None, help="a host's database instead of REBOOT_DATABASE_URL"
    )
    migrate.add_argument(
        "--schema", default=None, help="PostgreSQL schema of the tables (created when missing)"
    )
    migrate.set_defaults(run=_migrate)
    _lti_parser(commands)
    return parser


def _lti_parser(commands: Any) -> None:
    lti = commands.add_parser("lti", help="LTI 1.3: register LMS platforms, show the tool's URLs")
    actions = lti.add_subparsers(required=True, metavar="ACTION")
    add = actions.add_parser("add-platform", help="register (or update) an LMS platform")
    add.add_argument("--issuer", required=True, help="the platform's issuer (iss), e.g. its URL")
    add.add_argument("--client-id", required=True, help="the client id the LMS gave this tool")
    add.add_argument("--auth-login-url", required=True, help="OIDC authentication request URL")
    add.add_argument("--token-url", required=True, help="OAuth2 access token URL")
    add.add_argument("--jwks-url", required=True, help="the platform's public keyset URL")
    add.add_argument(
        "--deployment-id", action="append", default=[], help="a deployment id (repeatable)"
    )
    add.set_defaults(run=_lti_add)
    info = actions.add_parser("info", help="print the URLs to enter in Moodle or Canvas")
    info.add_argument("--url", default=None, help="public URL (default REBOOT_PUBLIC_URL)")
    info.set_defaults(run=_lti_info)
    rotate = actions.add_parser(
        "rotate-key", help="make a new signing key (the old one stays published)"
    )
    rotate.set_defaults(run=_lti_rotate)


def _settings(workers: int | None = None) -> Settings:
    if workers is not None:
        if workers < 1:
            raise SettingsError("--workers must be at least 1")
        # worker processes read the same environment: tell them how many they are
        os.environ["REBOOT_WORKERS"] = str(workers)
    settings = Settings.from_env(os.environ)
    # pin the data directory so every worker agrees, whatever its working directory
    os.environ["REBOOT_DATA_DIR"] = str(settings.data_dir)
    return settings


def _serve(args: argparse.Namespace) -> int:
    from reboot_http.bootstrap import migrate

    settings = _settings(args.workers)
    ensure_jwt_secret(settings)  # made once here, before workers race to make it
    migrate(settings)
    everywhere = args.host in {"0.0.0.0", "::"}
    shown = "127.0.0.1" if everywhere else args.host
    print(f"Re:Boot Live: http://{_url_host(shown)}:{args.port}/", flush=True)
    if everywhere and (lan := _lan_address()):
        print(f"  students on this network: http://{lan}:{args.port}/", flush=True)
    print(f"  data: {settings.data_dir}  database: {_redacted(settings.database_url)}", flush=True)
    if settings.dev_login and args.host not in {"127.0.0.1", "localhost", "::1"}:
        print("  warning: REBOOT_DEV_LOGIN is on while serving beyond this machine", flush=True)
    return _run_uvicorn(
        args.host, args.port, settings.workers, args.log_level, access_log=settings.access_log
    )


def _run_uvicorn(
    host: str, port: int, workers: int, log_level: str, *, access_log: bool = False
) -> int:
    """uvicorn with the app factory; one process per worker."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        access_log=access_log,
        proxy_headers=True,
        # uvicorn restarts a worker that misses its health check for 5 s; a worker opening
        # its storage and language models on a busy 2-core box took longer and was killed
        # over and over, so the server never came up
        timeout_worker_healthcheck=30,
    )
    if workers == 1:
        server = uvicorn.Server(config)
        # uvicorn shuts down gracefully on Ctrl+C, then re-raises the signal
        with contextlib.suppress(KeyboardInterrupt):
            server.run()
        return 0 if server.started else 3
    listener = config.bind_socket()
    # uvicorn binds this socket with proto 0, and asyncio then leaves Nagle on for accepted
    # connections: every keep-alive answer after the first waited ~40 ms for a delayed ACK
    # (Kludex/uvicorn#3149). Re-wrapping the descriptor as IPPROTO_TCP restores TCP_NODELAY.
    tcp = socket.socket(
        listener.family, listener.type, socket.IPPROTO_TCP, fileno=listener.detach()
    )
    with contextlib.suppress(KeyboardInterrupt):
        Multiprocess(config, sockets=[tcp]).run()
    return 0


def _token(args: argparse.Namespace) -> int:
    from reboot_http.auth import Tokens

    settings = _settings()
    ttl = timedelta(hours=args.hours) if args.hours else settings.token_ttl
    if ttl <= timedelta(0):
        raise SettingsError("--hours must be positive")
    tokens = Tokens(ensure_jwt_secret(settings), settings.token_ttl)
    print(tokens.mint(Actor(args.user, Role(args.role)), ttl))
    return 0


def _migrate(args: argparse.Namespace) -> int:
    if args.url is not None or args.schema is not None:
        # the library's tables inside a host's database (docs/library.md): no job-queue schema
        from reboot_adapters.durable import migrate_storage

        url = args.url or _settings().database_url
        try:
            migrate_storage(url, schema=args.schema)
        except ValueError as exc:
            raise SettingsError(f"cannot migrate {_redacted(url)}: {exc}") from exc
        where = f" (schema {args.schema})" if args.schema else ""
        print(f"database is up to date: {_redacted(url)}{where}")
        return 0
    from reboot_http.bootstrap import migrate

    settings = _settings()
    migrate(settings)
    print(f"database is up to date: {_redacted(settings.database_url)}")
    return 0


def _lti_add(args: argparse.Namespace) -> int:
    from reboot_adapters.lti import LtiPlatform
    from reboot_http.bootstrap import open_lti_store

    try:
        platform = LtiPlatform(
            issuer=args.issuer,
            client_id=args.client_id,
            auth_login_url=args.auth_login_url,
            token_url=args.token_url,
            jwks_url=args.jwks_url,
            deployment_ids=args.deployment_id,
        )
    except ValueError as exc:
        raise SettingsError(str(exc)) from exc
    store, close = open_lti_store(_settings())
    try:
        store.save_platform(platform)
    finally:
        close()
    deployments = ", ".join(platform.deployment_ids) or "none (launches will be refused)"
    print(
        f"registered {platform.issuer} (client id {platform.client_id}); deployments: {deployments}"
    )
    print("restart the server so the LMS may show the pages in an iframe")
    return 0


def _lti_info(args: argparse.Namespace) -> int:
    from reboot_adapters.lti import ToolUrls
    from reboot_http.bootstrap import open_lti_store

    settings = _settings()
    base = args.url or settings.public_url
    if not base:
        raise SettingsError(
            "give --url or set REBOOT_PUBLIC_URL (the https address the LMS reaches)"
        )
    urls = ToolUrls.at(base)
    print(f"Tool URL / Target link URI:     {urls.launch}")
    print(f"Initiate login URL:             {urls.login}")
    print(f"Redirection URI(s):             {urls.launch}")
    print(f"Public keyset URL (JWKS):       {urls.jwks}")
    print(f"Deep linking (content select):  {urls.deep_link}")
    if settings.uses_memory:
        return 0
    store, close = open_lti_store(settings)
    try:
        platforms = store.platforms()
    finally:
        close()
    for platform in platforms:
        shown = ", ".join(platform.deployment_ids) or "-"
        print(f"platform: {platform.issuer}  client id: {platform.client_id}  deployments: {shown}")
    return 0


def _lti_rotate(args: argparse.Namespace) -> int:
    from reboot_adapters.lti import ToolKeys
    from reboot_core.system import SystemClock
    from reboot_http.bootstrap import open_lti_store

    store, close = open_lti_store(_settings())
    try:
        key = ToolKeys(store, SystemClock().now).rotate()
    finally:
        close()
    print(f"new signing key {key.kid}; the previous key stays in the JWKS")
    return 0


def _lan_address() -> str | None:
    """This machine's address on its default route (a UDP connect sends no packet)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _redacted(url: str) -> str:
    # never print a database password
    scheme, sep, rest = url.partition("://")
    credentials, at, location = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}{sep}{credentials.split(':', 1)[0]}:***@{location}"


__all__ = ["main"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
