"""The live preview, served for real: a save shows at once, broken data shows on the page, a fix recovers."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import make_project

pytestmark = pytest.mark.slow

BUNDLED = "north-korean-troops-in-russia"
TITLE = "North Korean troops in Russia"
BANNER = "The briefings have errors"
PATIENCE = 120  # seconds before a poll gives up: a bound against hanging, not a timing assertion
# Loopback only, and never through a proxy the environment may name.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Server:
    project: Path
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def briefing(self) -> Path:
        return self.project / "briefings" / BUNDLED / "briefing.yaml"

    def fetch(self, page: str = f"briefings/{BUNDLED}.html") -> str | None:
        try:
            with OPENER.open(f"http://127.0.0.1:{self.port}/{page}", timeout=10) as response:
                return str(response.read().decode("utf-8"))
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None  # not up yet, or between a rebuild's cleaning and writing

    def wait_for(self, wanted: Callable[[str], bool], what: str, page: str = f"briefings/{BUNDLED}.html") -> str:
        """Poll the page until wanted(html) holds; fail, with the server's output, if it never does."""
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the server stopped:\n{self.log.read_text()}"
            html = self.fetch(page)
            if html is not None and wanted(html):
                return html
            time.sleep(0.3)
        pytest.fail(f"the page never showed {what}; the server said:\n{self.log.read_text()}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    project = make_project(tmp_path_factory.mktemp("serve"))
    log = project.parent / "serve.log"
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                   cwd=project, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    try:
        running = Server(project, port, process, log)
        running.wait_for(lambda html: TITLE in html, "the bundled briefing")
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # what Ctrl-C sends: MkDocs removes its temporary site
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)


def banner(html: str) -> str:
    """The error box of a page, or '' when it has none."""
    match = re.search(r'<div class="briefing-errors".*?</div>', html, re.S)
    return match.group(0) if match else ""


def test_a_saved_title_shows_without_a_restart(server: Server) -> None:
    original = server.briefing.read_text(encoding="utf-8")
    server.briefing.write_text(original.replace(f"title: {TITLE}", "title: Edited while serving"), encoding="utf-8")
    html = server.wait_for(lambda html: "Edited while serving" in html, "the new title")
    assert banner(html) == ""
    server.briefing.write_text(original, encoding="utf-8")
    server.wait_for(lambda html: TITLE in html and "Edited while serving" not in html, "the title restored")


def test_the_preview_is_indexed_for_search(server: Server) -> None:
    # The hook runs Pagefind after each of the preview's builds: the search works in `briefing serve`.
    server.wait_for(lambda text: "export" in text and "search" in text, "Pagefind's API", page="pagefind/pagefind.js")
    entry = server.wait_for(lambda text: '"languages"' in text, "Pagefind's index", page="pagefind/pagefind-entry.json")
    assert '"en"' in entry


def test_a_broken_file_shows_its_errors_on_every_page_until_fixed(server: Server) -> None:
    original = server.briefing.read_text(encoding="utf-8")
    broken = original.replace(f"title: {TITLE}\n", f"title: {TITLE}\ncolour: <b>red</b>\n")
    line = broken.split("\n").index("colour: <b>red</b>") + 1
    server.briefing.write_text(broken, encoding="utf-8")

    html = server.wait_for(lambda html: "unknown field &#x27;colour&#x27;" in banner(html), "the error box")
    box = banner(html)
    assert BANNER in box
    assert f"briefings/{BUNDLED}/briefing.yaml:{line}:1: error: unknown field &#x27;colour&#x27;" in box
    assert "colour: &lt;b&gt;red&lt;/b&gt;" in box  # the file's text is escaped, never markup
    assert "<b>red</b>" not in html
    assert "warning:" not in box  # the bundled briefing's warnings would push the error out of sight
    assert re.search(rf"<h1[^>]*>{TITLE}", html), "the last good version of the page stays"
    server.wait_for(lambda html: "unknown field &#x27;colour&#x27;" in banner(html), "the error box on the home page",
                    page="index.html")
    assert f"{BUNDLED}/briefing.yaml:{line}:1: error: unknown field 'colour'" in server.log.read_text()
    assert server.process.poll() is None

    server.briefing.write_text(original.replace(f"title: {TITLE}", "title: Fixed while serving"), encoding="utf-8")
    server.wait_for(lambda html: BANNER not in html and "Fixed while serving" in html, "the fixed page")
    server.wait_for(lambda html: BANNER not in html, "the home page without errors", page="index.html")
    server.briefing.write_text(original, encoding="utf-8")
    server.wait_for(lambda html: TITLE in html and "Fixed while serving" not in html, "the title restored")


def test_a_folder_removed_as_the_error_box_says_clears_the_box(server: Server) -> None:
    # An emptied briefing folder is an error ("has no briefing.yaml … or remove the folder"); removing the
    # folder changed no file, and MkDocs' watcher, which ignores folders, left the box up.
    folder = server.project / "briefings" / "half-started"
    folder.mkdir()
    (folder / "events.yaml").write_text("[]\n", encoding="utf-8")
    server.wait_for(lambda html: "half-started" in banner(html), "the error box about the folder", page="index.html")
    (folder / "events.yaml").unlink()
    server.wait_for(lambda html: "half-started" in banner(html), "the box up, the folder empty", page="index.html")
    time.sleep(1.5)  # the watcher's rebuild for the removed file has run: what follows is the folder's alone
    folder.rmdir()
    server.wait_for(lambda html: BANNER not in html, "the home page without errors", page="index.html")
