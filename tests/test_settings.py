"""The settings the generator reads from mkdocs.yml: checked when read, and all documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.config import read_config
from generator.exceptions import UsageError

from conftest import ROOT

CONFIG_CODE = ROOT / "generator" / "config.py"
CLI_PAGE = ROOT / "docs" / "guide" / "command-line.md"


def test_a_true_or_false_setting_must_be_true_or_false(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: S\nextra:\n  search_event_summaries: 'no'\n", encoding="utf-8")
    with pytest.raises(UsageError, match="search_event_summaries must be true or false"):
        read_config(tmp_path)
    config.write_text("site_name: S\nextra:\n  search_event_summaries: true\n", encoding="utf-8")
    assert read_config(tmp_path).search_event_summaries
    config.write_text("site_name: S\n", encoding="utf-8")
    assert read_config(tmp_path).search_event_summaries is None  # decided by the site's size


def test_every_setting_read_is_documented() -> None:
    code = CONFIG_CODE.read_text(encoding="utf-8")
    read = set(re.findall(r'data(?:\.get\(|\[)"(\w+)"', code)) - {"extra"}
    read |= {f"extra: {key}" for key in re.findall(r'(?:extra\.get\(|_flag\(extra, )"(\w+)"', code)}
    assert {"site_url", "extra: edit_branch", "extra: search_event_summaries"} <= read
    page = CLI_PAGE.read_text(encoding="utf-8")
    assert "<!-- settings -->\n" in page, "command-line.md has no <!-- settings --> table"
    rows = page.split("<!-- settings -->\n", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    documented = {row.split("|")[1].strip().strip("`") for row in rows}
    assert documented == read, "document each setting of generator/config.py in command-line.md's table"
