"""Trust furniture: licence, corrections line, bylines, related briefings, the language of native names."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from generator.config import Corrections, Licence, read_config
from generator.exceptions import UsageError
from generator.model.briefing import Briefing
from generator.pipeline import resolved_site
from generator.resolve.related import related_briefings

from conftest import FIXTURES, make_project, run_cli

CC_BY = "https://creativecommons.org/licenses/by/4.0/"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The valid fixture generated with a licence, a corrections address and site_url."""
    root = make_project(tmp_path_factory.mktemp("trust"), FIXTURES / "valid" / "briefings")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "  # corrections: {url:", "  corrections: {url:")
    config.write_text(text + "\nsite_url: https://example.org/\n", encoding="utf-8")
    result = run_cli("generate", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


def test_licence_and_corrections_are_read_and_checked(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: S\nextra:\n  licence: {{name: CC BY 4.0, url: '{CC_BY}'}}\n"
                      "  corrections: mailto:desk@example.org?subject=Correction\n", encoding="utf-8")
    settings = read_config(tmp_path)
    assert settings.licence == Licence("CC BY 4.0", CC_BY)
    assert settings.corrections == Corrections("mailto:desk@example.org?subject=Correction", "desk@example.org")
    config.write_text("site_name: S\nextra:\n  licence: CC0-1.0\n  corrections: {url: 'https://example.org/c',"
                      " text: our corrections page}\n", encoding="utf-8")
    settings = read_config(tmp_path)
    assert settings.licence == Licence("CC0-1.0")
    assert settings.corrections == Corrections("https://example.org/c", "our corrections page")
    for bad, message in [("licence: {name: X, url: 'javascript:alert(1)'}", "must be an address"),
                         ("licence: [CC BY]", "extra: licence must be"),
                         ("corrections: desk@example.org", "extra: corrections must be an address")]:
        config.write_text(f"site_name: S\nextra:\n  {bad}\n", encoding="utf-8")
        with pytest.raises(UsageError, match=re.escape(message)):
            read_config(tmp_path)


def test_the_bundled_site_states_its_licence() -> None:
    root = Path(__file__).resolve().parent.parent
    assert read_config(root).licence == Licence("CC BY 4.0", CC_BY)


def test_a_briefing_page_shows_byline_terms_related_briefings_and_native_name_languages(generated: Path) -> None:
    page = (generated / "docs" / "briefings" / "baltic-cable-damage.md").read_text(encoding="utf-8")
    assert '<p class="briefing-byline">By Anna Virtanen and Jaan Tamm</p>' in page
    assert 'Corrections: <a class="corrections-link" href="mailto:corrections@example.org">' in page
    assert f'published under <a href="{CC_BY}" rel="license">CC BY 4.0</a>' in page
    related = page.split("## Related briefings", 1)[1]
    assert 'href="../briefings/grain-corridor.html">The Black Sea grain corridor</a>' in related
    assert "unfinished-draft" not in related  # a draft is never linked from a public page
    # Every native name carries a language: its own, or "unknown" (lang=""), never the page's English.
    names = re.findall(r'<span class="native-name"( lang="[^"]*")?>', page)
    assert names and all(names), "a native name without lang"
    assert '<span class="native-name" lang="et">Eesti</span>' in page
    actors = (generated / "docs" / "actors" / "index.md").read_text(encoding="utf-8")
    assert '<span class="native-name" lang="ko">김민지</span>' in actors


def test_structured_data_feeds_and_data_files_name_the_licence_and_authors(generated: Path) -> None:
    docs = generated / "docs"
    page = (docs / "briefings" / "baltic-cable-damage.md").read_text(encoding="utf-8")
    ld = json.loads(re.search(r"^jsonld: '(.*)'$", page, re.M).group(1).replace("''", "'"))  # type: ignore[union-attr]
    assert ld["license"] == CC_BY
    assert ld["author"] == [{"@type": "Person", "name": "Anna Virtanen"}, {"@type": "Person", "name": "Jaan Tamm"}]
    atom = (docs / "feeds" / "atom.xml").read_text(encoding="utf-8")
    assert f"<rights>CC BY 4.0 ({CC_BY})</rights>" in atom
    assert "<name>Anna Virtanen</name>" in atom
    feed = json.loads((docs / "feeds" / "feed.json").read_text(encoding="utf-8"))
    assert feed["_briefing"]["licence"] == {"name": "CC BY 4.0", "url": CC_BY}
    baltic = [item for item in feed["items"] if "baltic-cable-damage" in item["url"]]
    assert baltic and all(item["authors"] == [{"name": "Anna Virtanen"}, {"name": "Jaan Tamm"}] for item in baltic)
    data = json.loads((docs / "data" / "briefings.json").read_text(encoding="utf-8"))
    assert data["license"] == {"path": CC_BY, "title": "CC BY 4.0"}
    own = json.loads((docs / "data" / "baltic-cable-damage.json").read_text(encoding="utf-8"))
    assert own["license"] == data["license"] and own["briefing"]["authors"] == ["Anna Virtanen", "Jaan Tamm"]
    open_data = (docs / "data" / "index.md").read_text(encoding="utf-8")
    assert f'the same terms as the\nbriefings: <a href="{CC_BY}" rel="license">CC BY 4.0</a>.' in open_data


def test_related_briefings_put_the_chosen_first_then_rank_by_what_is_shared() -> None:
    site, _ = resolved_site(make_project(Path(__import__("tempfile").mkdtemp()), FIXTURES / "valid" / "briefings"))
    by_slug = {b.slug: b for b in site.briefings}
    baltic, grain = by_slug["baltic-cable-damage"], by_slug["grain-corridor"]

    def variant(base: Briefing, slug: str, tags: list[str], related: list[str] | None = None) -> Briefing:
        meta = base.meta.model_copy(update={"tags": tags, "related": related or []})
        return dataclasses.replace(base, slug=slug, meta=meta, events=(), quotes=(), figures=(), actors=())

    # A shares a rare tag with the subject, B only a tag every briefing has: A ranks first.
    subject = variant(grain, "subject", ["everywhere", "rare"])
    a = variant(grain, "a", ["rare", "everywhere"])
    b = variant(grain, "b", ["everywhere"])
    c = variant(grain, "c", ["everywhere"], related=["b", "nowhere", "c"])
    unrelated = variant(baltic, "z", ["other"])
    chosen = related_briefings([subject, a, b, c, unrelated])
    assert chosen["subject"][:2] == ("a", "b") or chosen["subject"][0] == "a"
    assert chosen["c"][0] == "b"  # its own related: list first; unknown slugs and itself left out
    assert "z" not in chosen["subject"] and chosen["z"] == ()
    assert related_briefings([subject, a, b, c, unrelated]) == chosen  # the same data, the same lists
    assert all(len(slugs) <= 4 for slugs in chosen.values())
