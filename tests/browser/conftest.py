"""Browser fixtures: the bundled site built once, served on 127.0.0.1, and one Debian Chromium.

Chromium is Debian's (/usr/bin/chromium), never a Playwright download. Where it is missing the
suite is skipped with the reason; under CI=true a missing Chromium or npm fails instead.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
BRIEFING = "briefings/north-korean-troops-in-russia.html"
DESKTOP = {"width": 1280, "height": 900}

# True when a scrolled-to element is in the viewport and not hidden under Material's sticky header.
IN_VIEW_JS = """el => {
  const r = el.getBoundingClientRect();
  const header = document.querySelector('.md-header');
  const top = header ? header.getBoundingClientRect().bottom : 0;
  return r.bottom > top && r.top >= top - 1 && r.top < window.innerHeight;
}"""


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _missing(reason: str) -> NoReturn:
    """Skip here, fail in CI: CI must never pass by testing nothing."""
    if _in_ci():
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def _root_conftest() -> Any:
    # tests/ is no package and both files are named conftest.py: load the shared one by path.
    spec = importlib.util.spec_from_file_location("_tests_root_conftest", HERE.parent / "conftest.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Site:
    """The built site and the server in front of it."""

    root: Path
    base: str
    pages: list[str] = field(default_factory=list)
    briefing: str = BRIEFING

    def url(self, path: str) -> str:
        """The served address of a site path such as 'briefings/x.html#id'."""
        return f"{self.base}/{path.lstrip('/')}"

    def path_of(self, url: str) -> str:
        """The site path of a served address, without query or fragment."""
        return urlsplit(url).path.lstrip("/")

    def built(self, pattern: str) -> list[str]:
        """Site paths of built pages matching a glob such as 'actors/*.html'."""
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.glob(pattern))


def _pages(out: Path) -> list[str]:
    """The site's built pages, home first (not 404, nor Material's or Pagefind's own files)."""
    built = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")
                   if p.name != "404.html" and not {"assets", "pagefind"} & set(p.relative_to(out).parts))
    pages = sorted(built, key=lambda p: (p != "index.html", p))
    # Actor pages share one template: three of them (first, middle, last) stand for all, since
    # every page costs each looping test seconds of a 2-core machine.
    actors = [p for p in pages if p.startswith("actors/") and p != "actors/index.html"]
    keep = {actors[0], actors[len(actors) // 2], actors[-1]} if actors else set()
    return [p for p in pages if p not in actors or p in keep]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing page gets the site's 404.html, with its status, as static hosts serve it."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """Serve folder on 127.0.0.1 at a free port for the length of the block; yields its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def built_and_served(fixture: str | None, tmp_path_factory: pytest.TempPathFactory,
                     edit: Callable[[Path], None] | None = None) -> Iterator[str]:
    """A fixture's briefings (tests/fixtures/<fixture>/briefings; None: the bundled ones) built like the
    bundled site, and served.

    edit: changes the copy's briefings/ folder first (what a test adds to the fixture).
    """
    shared = _root_conftest()
    briefings = ROOT / "tests" / "fixtures" / fixture / "briefings" if fixture else None
    project = shared.make_project(tmp_path_factory.mktemp(fixture or "bundled"), briefings)
    if edit:
        edit(project / "briefings")
    out = project.parent / "site"
    result = shared.run_cli("build", "--site-dir", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    with served(out) as address:
        yield address


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium, checked before anything is built."""
    if not CHROMIUM.exists():
        _missing("Chromium not found: apt-get install chromium")
    return CHROMIUM


@pytest.fixture(scope="session")
def site(chromium_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Build the bundled briefings once and serve them on 127.0.0.1 at a free port."""
    shared = _root_conftest()
    project = shared.make_project(tmp_path_factory.mktemp("browser"))
    out = project.parent / "site"
    result = shared.run_cli("build", "--pdf", "--site-dir", str(out), cwd=project)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    pages = _pages(out)
    with served(out) as address:
        yield Site(out, address, pages)


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Any]:
    """One headless Debian Chromium for the whole session."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watch:
    """What went wrong on the wire and in the console while a context was open."""

    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_status: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Every recorded problem, one line each."""
        return ([f"console error: {m}" for m in self.console_errors]
                + [f"request failed: {m}" for m in self.failed]
                + [f"HTTP error: {m}" for m in self.bad_status]
                + [f"request left 127.0.0.1: {m}" for m in self.external])

    def clear(self) -> None:
        """Forget what was recorded so far."""
        for records in (self.console_errors, self.failed, self.bad_status, self.external):
            records.clear()


@pytest.fixture
def watch() -> Watch:
    """The problems recorded by this test's context."""
    return Watch()


def _local(url: str) -> bool:
    return urlsplit(url).hostname in (None, "127.0.0.1")


@pytest.fixture
def context(browser: Any, site: Site, watch: Watch) -> Iterator[Any]:
    """A fresh desktop browser context; requests off 127.0.0.1 are blocked and recorded."""
    ctx = browser.new_context(viewport=DESKTOP, base_url=site.base)

    def route(r: Any) -> None:
        if not _local(r.request.url):
            watch.external.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    def console(message: Any) -> None:
        if message.type == "error":
            where = message.location
            watch.console_errors.append(f"{message.text} at {where.get('url')}:{where.get('lineNumber')}")

    def failed(request: Any) -> None:
        if _local(request.url):  # blocked ones are already recorded as external
            watch.failed.append(f"{request.url}: {request.failure}")

    def response(resp: Any) -> None:
        if resp.status >= 400:
            watch.bad_status.append(f"{resp.status} {resp.url}")

    # Only web addresses: data: and blob: URLs never leave the machine.
    ctx.route(lambda url: url.startswith(("http:", "https:", "ws:", "wss:")), route)
    ctx.on("console", console)
    ctx.on("weberror", lambda error: watch.console_errors.append(f"uncaught: {error.error}"))
    ctx.on("requestfailed", failed)
    ctx.on("response", response)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    """A page in the test's context."""
    return context.new_page()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe.min.js from npm (tests/browser/package.json), installed on first use."""
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            _missing("npm not found (needed for axe-core): apt-get install npm")
        command = [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"]
        result = subprocess.run(command, cwd=HERE, capture_output=True, text=True, timeout=300)
        if result.returncode != 0 or not AXE.exists():
            _missing(f"npm ci for axe-core failed:\n{result.stdout}\n{result.stderr}")
    return AXE


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """test-artifacts/screenshots/ (gitignored), for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def in_view() -> Callable[[Any], bool]:
    """Whether a locator's element is in the viewport, below the sticky header."""
    return lambda locator: bool(locator.evaluate(IN_VIEW_JS))
