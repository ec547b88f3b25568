"""`briefing check SLUG` loads only SLUG and the site-wide files, and reports what the whole check reports for it.

The other briefings stand in by the site index (validate/site_index.py): each site here is checked
whole, then briefing by briefing with the index warm, cold, and after an edit, and the problems
shown must be the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pipeline
from generator.exceptions import DataError, Problem
from generator.load.reader import RawSite
from generator.validate import scope, site_index

from conftest import run_cli

REGISTRIES = {
    "actors.yaml": "- id: kim-jong-un\n  name: Kim Jong Un\n  kind: person\n",
    # src-lonely is cited nowhere; delta names it as text, so its warning is delta's to see.
    "sources.yaml": "- id: src-shared\n  title: Shared report\n  publisher: Wire\n  url: https://example.org/shared\n"
                    "- id: src-lonely\n  title: Lonely report\n  publisher: Wire\n  url: https://example.org/lonely\n",
}
VALID = {
    "alpha/briefing.yaml": "title: Alpha\nsummary: A summary [@src-a].\nupdated: 2024-11-01\nrelated: [beta]\n",
    "alpha/events.yaml": "- id: ev-one\n  date: 2024-10-28\n  title: Something happened\n  actors: [kim-jong-un]\n"
                         "  sources: [src-a, src-shared]\n",
    "alpha/sources.yaml": "- id: src-a\n  title: A report\n  publisher: Agency\n  url: https://example.org/a\n",
    # src-b has no link; src-b2 has alpha's src-a's; ev-b is dated after today.
    "beta/briefing.yaml": "title: Beta\nsummary: Beta [@src-b].\nupdated: 2024-11-01\n",
    "beta/sources.yaml": "- id: src-b\n  title: B\n  publisher: P\n"
                         "- id: src-b2\n  title: B2\n  publisher: P\n  url: https://www.example.org/a/\n",
    "beta/events.yaml": "- id: ev-b\n  date: 2031-01-01\n  title: Later\n  sources: [src-b2]\n",
    # A draft with a placeholder, and an actor with the site-wide actor's name under another id.
    "gamma/briefing.yaml": "title: Gamma\nstatus: draft\nsummary: 'TODO: the bottom line [@src-g].'\n"
                           "updated: 2024-11-01\nrelated: [alpha, beta]\n",
    "gamma/actors.yaml": "- id: kju\n  name: Kim Jong Un\n  kind: person\n",
    "gamma/sources.yaml": "- id: src-g\n  title: G\n  publisher: P\n  url: https://example.org/g\n",
    "gamma/events.yaml": "- id: ev-g\n  date: 2024-01-01\n  title: G happened\n  actors: [kju]\n  sources: [src-g]\n",
    "delta/briefing.yaml": "title: Delta\nsummary: Delta [@src-d].\nupdated: 2024-11-01\n",
    "delta/events.yaml": "- id: ev-d\n  date: 2024-01-01\n  title: src-lonely\n  sources: [src-d]\n",
    "delta/sources.yaml": "- id: src-d\n  title: D\n  publisher: P\n  url: https://example.org/d\n",
}
BROKEN = {
    **VALID,
    # ev-one is alpha's id; src-shared is a site-wide source's id (the event's date is warned about there).
    "beta/events.yaml": VALID["beta/events.yaml"]
    + "- id: ev-one\n  date: 2024-01-02\n  title: Twice\n  sources: [src-b2]\n"
    + "- id: src-shared\n  date: 2031-05-01\n  title: Clash\n  sources: [src-b2]\n",
    # Published with a placeholder; an unknown briefing and actor (with did-you-mean); beta's event as evidence.
    "gamma/briefing.yaml": VALID["gamma/briefing.yaml"].replace("status: draft", "status: published")
    .replace("[alpha, beta]", "[alpah]"),
    "gamma/events.yaml": VALID["gamma/events.yaml"].replace("[kju]", "[kju, kim-jong-im]"),
    "gamma/assessments.yaml": "- id: as-g\n  text: Likely.\n  likelihood: probable\n  confidence: low\n"
                              "  date: 2024-01-02\n  evidence: [ev-b]\n  sources: [src-g]\n",
    "epsilon/briefing.yaml": "title: Epsilon\nsummary: E.\nupdated: 2024-11-01\n",
    "epsilon/events.yaml": "- id: ev-e\n  title: [unclosed\n",
    "zeta/briefing.yaml": "title: Zeta\nsummary: [oops\n",
    "zeta/events.yaml": "- id: ev-z\n  date: 2024-01-01\n  title: Z\n  sources: [src-shared]\n",
}


def lay_out(root: Path, files: dict[str, str]) -> Path:
    for name, text in {**REGISTRIES, **files}.items():
        path = root / "briefings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def whole_site(root: Path, slug: str) -> list[Problem]:
    """What `briefing check` reports, split as scope.split decides for slug."""
    try:
        problems = pipeline.check(root)
    except DataError as err:
        problems = err.problems
    return sorted(scope.split(problems, root, [slug])[0])


def scoped(root: Path, slug: str) -> list[Problem]:
    return sorted(pipeline.check_briefings(root, [slug])[1])


def slugs(files: dict[str, str]) -> list[str]:
    return sorted({name.split("/")[0] for name in files})


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_TODAY", "2026-11-30")


@pytest.mark.parametrize("files", [VALID, BROKEN], ids=["warnings", "errors"])
def test_a_scoped_check_shows_what_the_whole_check_shows(tmp_path: Path, files: dict[str, str]) -> None:
    root = lay_out(tmp_path, files)
    for slug in slugs(files):
        cold = scoped(root, slug)  # no index yet: every briefing is loaded
        expected = whole_site(root, slug)  # also fills the index
        assert cold == expected, slug
        assert scoped(root, slug) == expected, slug
        # The contributor's case: a file of the briefing edited since the index was written.
        edited = root / "briefings" / slug / "briefing.yaml"
        edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        assert scoped(root, slug) == whole_site(root, slug), slug


def test_the_broken_site_reports_each_kind_of_problem_to_its_briefing(tmp_path: Path) -> None:
    root = lay_out(tmp_path, BROKEN)
    whole_site(root, "alpha")
    said = {slug: "\n".join(f"{p.file}:{p.line}: {p.message} ({p.hint})" for p in scoped(root, slug))
            for slug in slugs(BROKEN)}
    assert "the id 'ev-one' is also used by an event in briefings/alpha/events.yaml:1" in said["beta"]
    # And the briefing read first is told too: the newer of the two may be either (here: which to rename).
    assert "the id 'ev-one' is also used by an event in briefings/beta/events.yaml:5" in said["alpha"]
    assert "the id 'src-shared' is also used by a source in briefings/sources.yaml:1" in said["beta"]
    # beta's event with a site-wide source's id is dated after today: the warning stands where the
    # event is written, in beta's file, not at the source that took the id first.
    assert "briefings/beta/events.yaml:10: the date 2031-05-01" in said["beta"]
    assert "2031-05-01" not in said["alpha"]
    assert "the source 'src-b2' has the same url as 'src-a'" in said["beta"]
    assert "unknown briefing 'alpah' (did you mean 'alpha'?)" in said["gamma"]
    assert "unknown actor 'kim-jong-im' (did you mean 'kim-jong-un'?)" in said["gamma"]
    assert "the event 'ev-b' belongs to the briefing 'beta'" in said["gamma"]
    assert "'summary' still holds the placeholder" in said["gamma"]
    assert "the actor 'kju' has the name of the site-wide actor 'kim-jong-un'" in said["gamma"]
    assert "briefings/epsilon/events.yaml:2:" in said["epsilon"]
    assert "briefings/zeta/briefing.yaml:2:" in said["zeta"]
    valid = lay_out(tmp_path / "valid", VALID)
    whole_site(valid, "alpha")
    assert "the source 'src-lonely' is never cited" in "\n".join(p.message for p in scoped(valid, "delta"))


def test_only_the_named_briefing_and_those_sharing_its_ids_are_loaded(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = lay_out(tmp_path, BROKEN)
    whole_site(root, "alpha")
    loaded: list[list[str]] = []
    load_scoped = site_index.load_scoped

    def spy(*args: object) -> tuple[RawSite, site_index.Unloaded]:
        raw, unloaded = load_scoped(*args)  # type: ignore[arg-type]
        loaded.append([b.slug for b in raw.briefings])
        return raw, unloaded

    monkeypatch.setattr(site_index, "load_scoped", spy)
    # beta writes ids that alpha and sources.yaml hold: its checks may report there.
    assert pipeline.check_briefings(root, ["alpha"])[2] == 5
    assert loaded[-1] == ["alpha", "beta"]
    pipeline.check_briefings(root, ["delta"])
    assert loaded[-1] == ["beta", "delta"]
    # A briefing edited since the index was written is loaded as before.
    (root / "briefings" / "gamma" / "events.yaml").write_text(BROKEN["gamma/events.yaml"] + "# edited\n")
    pipeline.check_briefings(root, ["delta"])
    assert loaded[-1] == ["beta", "delta", "gamma"]


def test_the_summary_line_says_the_other_briefings_were_not_checked(tmp_path: Path) -> None:
    root = lay_out(tmp_path, VALID)
    result = run_cli("check", "alpha", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.endswith("not checked: the 3 other briefings; run 'briefing check' to check the whole site\n"
                                  "alpha: valid\n")
    broken = lay_out(tmp_path / "broken", BROKEN)
    assert run_cli("check", "delta", cwd=broken).returncode == 0  # epsilon's and zeta's errors are not delta's
    assert run_cli("check", "zeta", cwd=broken).returncode == 1


def test_a_site_wide_error_the_briefing_does_not_meet_is_counted_not_hidden(tmp_path: Path) -> None:
    """'valid', and the build then stopped on a site-wide actor no named briefing uses: the check says so."""
    files = {**VALID, "actors.yaml": REGISTRIES["actors.yaml"] + "- id: mark-rutte\n  name: Mark Rutte\n  rol: oops\n"}
    root = lay_out(tmp_path, files)
    result = run_cli("check", "alpha", cwd=root)
    assert result.returncode == 0, result.stderr  # not alpha's to fix
    assert ("the site-wide files have 1 error in items alpha does not use (the first at briefings/actors.yaml:6), "
            "on which the build stops; run 'briefing check' to see it\n") in result.stderr, result.stderr
    assert result.stderr.endswith("alpha: valid\n")
    assert "rol" not in result.stderr  # shown by the whole site's check, not here


def test_the_preview_keeps_the_index_of_what_a_save_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = lay_out(tmp_path, VALID)
    pipeline.resolved_site(root, show_drafts=True)
    put: list[str] = []
    original = site_index.SiteIndex.put

    def spy(self: site_index.SiteIndex, folder: Path, summary: site_index.Summary) -> str | None:
        put.append(folder.name)
        return original(self, folder, summary)

    monkeypatch.setattr(site_index.SiteIndex, "put", spy)
    edited = root / "briefings" / "gamma" / "events.yaml"
    edited.write_text(VALID["gamma/events.yaml"] + "# saved\n", encoding="utf-8")
    pipeline.resolved_site(root, show_drafts=True)  # the same process: the unchanged briefings are not keyed again
    assert put == ["gamma"]
    loaded: list[str] = []
    monkeypatch.setattr(site_index, "load_site", lambda *a, **k: _spy_load(loaded, *a, **k))
    pipeline.check_briefings(root, ["alpha"])
    assert loaded == ["alpha"]


def _spy_load(loaded: list[str], *args: object, **kwargs: object) -> RawSite:
    from generator.load.reader import load_site

    raw = load_site(*args, **kwargs)  # type: ignore[arg-type]
    loaded.extend(b.slug for b in raw.briefings if b.documents)
    return raw


@pytest.mark.parametrize("moment", ["before the index is kept", "before the documents are read"])
def test_a_save_while_the_site_is_checked_never_files_a_summary_under_the_wrong_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    """A briefing saved between loading and keeping its summary (a preview's save, an editor's) is not
    summarised as it was: the next scoped check would take the old content for the new."""
    # alpha names delta's actor-to-be: unknown before the save, another briefing's after it.
    root = lay_out(tmp_path, {**VALID, "alpha/events.yaml": VALID["alpha/events.yaml"].replace(
        "[kim-jong-un]", "[kim-jong-un, envoy]")})
    delta_actor = root / "briefings" / "delta" / "actors.yaml"
    original_record, original_parse = site_index.record, pipeline.cache.reader.load_document

    def save() -> None:
        if not delta_actor.exists():  # once
            delta_actor.write_text("- id: envoy\n  name: An envoy\n  kind: person\n", encoding="utf-8")

    def record_after_a_save(*args: object, **kwargs: object) -> None:
        save()
        original_record(*args, **kwargs)  # type: ignore[arg-type]

    def parse_after_a_save(file: Path, *args: object) -> object:
        if file.name == "events.yaml" and file.parent.name == "delta":
            save()  # the events were hashed before the save, and are read after it
            (root / "briefings" / "delta" / "events.yaml").write_text(
                VALID["delta/events.yaml"].replace("[src-d]", "[src-d]\n  actors: [envoy]"), encoding="utf-8")
        return original_parse(file, *args)  # type: ignore[arg-type]

    if moment == "before the index is kept":
        monkeypatch.setattr(site_index, "record", record_after_a_save)
    else:
        monkeypatch.setattr(pipeline.cache.reader, "load_document", parse_after_a_save)
        monkeypatch.setattr(pipeline.cache.DocumentCache, "__init__", _parse_with(parse_after_a_save))
    whole_site(root, "alpha")  # loads, then the save lands, then the index is kept
    monkeypatch.undo()
    monkeypatch.setenv("BRIEFING_TODAY", "2026-11-30")
    for slug in ("alpha", "delta"):
        assert scoped(root, slug) == whole_site(root, slug), slug
        assert scoped(root, slug) == whole_site(root, slug), slug  # and with the index the whole check kept


def _parse_with(parse: object) -> object:
    original = pipeline.cache.DocumentCache.__init__

    def init(self: pipeline.cache.DocumentCache, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        self.parse = parse  # type: ignore[assignment]
    return init
