"""The real server process and headless Chromium, driven by Playwright.

Chromium is Debian's package at /usr/bin/chromium (``scripts/test`` installs it); Playwright
never downloads a browser here. Without Chromium or Playwright the browser tests skip, except
in CI (``CI=true``), where a missing browser is a broken machine and must fail.

``--docs-screenshots`` also writes the README's two screenshots into ``docs/``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
# no sandbox as root; the rest keeps Chromium off the (closed) network and quick to start
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # a fake microphone that plays a tone, granted without a prompt
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
]
# the pages poll every 5 s in class; the tests do not wait that long
TICK_MS = 250
DOCS = Path(__file__).resolve().parents[2] / "docs"
# the pulse buttons and icons are emoji: without a colour emoji font they render as boxes
EMOJI_FONT = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--docs-screenshots",
        action="store_true",
        help="also write docs/screenshot-instructor.png and docs/screenshot-student.png",
    )


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must have it: scripts/test installs it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def sync_playwright() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed (pip install -e '.[dev]')")
    return sync_playwright


# per module, not per session: Playwright's sync API keeps an event loop running on this
# thread while it is open, and a later test on the same xdist worker that calls asyncio.run
# would then fail with "cannot be called from a running event loop"
@pytest.fixture(scope="module")
def browser(sync_playwright: Any) -> Iterator[Any]:
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        # Playwright gives every launch a fresh temporary profile (--user-data-dir)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m reboot_http serve`` on a free port, SQLite in a temp dir, dev login on."""
    with running_server(tmp_path_factory.mktemp("server")) as base:
        yield base


@contextmanager
def running_server(data: Path, **env_changes: str) -> Iterator[str]:
    """The server as the ``server`` fixture runs it; ``env_changes`` (REBOOT_* variables)
    replace its settings, e.g. a speech engine."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REBOOT_")}
    env.update({"REBOOT_DATA_DIR": str(data), "REBOOT_STT_ENGINE": "none", "REBOOT_DEV_LOGIN": "1"})
    env.update(env_changes)
    port = free_port()
    log = (data / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "reboot_http", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited: {(data / 'server.log').read_text()}")
            try:
                if httpx.get(f"{base}/api/health/", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the server did not come up within 30 s")
            time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@dataclass
class Shots:
    """Screenshots of the main screens, in a temp dir (and the README's two in docs/)."""

    folder: Path
    docs: bool

    def take(self, page: Any, name: str, *, docs_name: str | None = None) -> Path:
        path = self.folder / f"{name}.png"
        page.mouse.move(0, 0)  # no hover highlight on whatever was clicked last
        # passing messages would cover the screen they describe (screenshot(style=) is no
        # help: the pages' Content-Security-Policy refuses injected styles)
        page.evaluate("document.querySelectorAll('.toast').forEach((t) => t.remove())")
        page.screenshot(path=str(path))
        if self.docs and docs_name:
            compress(path, DOCS / docs_name)
        return path


def compress(source: Path, target: Path) -> None:
    """A palette PNG: screenshots are flat UI colours, so 256 colours keep them sharp."""
    from PIL import Image

    with Image.open(source) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        small.save(target, optimize=True)


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Shots:
    folder = tmp_path_factory.mktemp("screenshots")
    docs = bool(request.config.getoption("--docs-screenshots"))
    if docs and not EMOJI_FONT.exists():
        pytest.fail(
            f"--docs-screenshots needs {EMOJI_FONT} (apt-get install fonts-noto-color-emoji)"
        )
    print(f"\nscreenshots: {folder}")
    return Shots(folder, docs)


@pytest.fixture
def open_page(browser: Any, server: str) -> Iterator[Any]:
    """Opens pages, each in a fresh context (its own localStorage: one person each) with fast
    polling; fails the test if any page threw an uncaught JavaScript error."""
    contexts: list[Any] = []
    errors: list[str] = []

    def open_page(path: str = "/", *, phone: bool = False) -> Any:
        if phone:
            options = {
                "viewport": {"width": 390, "height": 844},
                "is_mobile": True,
                "has_touch": True,
            }
        else:
            options = {"viewport": {"width": 1366, "height": 800}}  # a common laptop
        context = browser.new_context(base_url=server, locale="ko-KR", **options)
        context.add_init_script(f"window.REBOOT_TICK_MS = {TICK_MS};")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
        page.goto(path)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, errors
