"""Editor schemas against the models and the data, and the repository's hooks and workflows."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import ValidationError

from generator.authoring.editor_schemas import generate_schemas, stale_schemas
from generator.exceptions import Problem
from generator.load.reader import load_document
from generator.model import contract as model

from conftest import FIXTURES, ROOT, make_project, run_cli

SCHEMAS = ROOT / "schemas"


def yaml_data(path: Path) -> Any:
    """A YAML file read the way the generator reads it (YAML 1.2, as editors read it too)."""
    problems: list[Problem] = []
    doc = load_document(path, path.name, problems)
    assert doc is not None and not problems, problems
    return doc.data


def validator(kind: str) -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def errors(kind: str, data: Any) -> list[str]:
    return [e.message for e in validator(kind).iter_errors(data)]


# (a) The committed schemas are the models' -------------------------------------------------

def test_committed_schemas_are_up_to_date() -> None:
    generated = generate_schemas()
    assert sorted(generated) == sorted(p.name for p in SCHEMAS.glob("*.json"))
    for name, text in generated.items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == text, f"run 'briefing schema': {name} is stale"
    assert stale_schemas(ROOT) == []


def test_field_help_is_the_models() -> None:
    event = json.loads((SCHEMAS / "events.schema.json").read_text())["$defs"]["Event"]["properties"]
    for name, info in model.Event.model_fields.items():
        assert event[name]["description"] == info.description


def test_schema_command_writes_and_checks(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = run_cli("schema", "--check", cwd=project)
    assert result.returncode == 1
    assert "schemas/briefing.schema.json is out of date: run 'briefing schema'" in result.stderr
    assert run_cli("schema", cwd=project).returncode == 0
    assert run_cli("schema", "--check", cwd=project).returncode == 0
    for name in generate_schemas():
        assert (project / "schemas" / name).read_bytes() == (SCHEMAS / name).read_bytes()
    stale = project / "schemas" / "events.schema.json"
    stale.write_text(stale.read_text().replace("Unique id", "Unique ID"))
    result = run_cli("schema", "--check", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "schemas/events.schema.json is out of date: run 'briefing schema' and commit it")


# (b) The schemas accept the real data, and refuse what the validator refuses ---------------

def schema_kind(path: Path) -> str:
    return "briefing" if path.name == "briefing.yaml" else path.stem


@pytest.mark.parametrize("path", sorted((ROOT / "briefings").rglob("*.yaml")), ids=lambda p: p.name)
def test_bundled_files_name_their_schema_and_match_it(path: Path) -> None:
    kind = schema_kind(path)
    up = "../" if path.parent.name == "briefings" else "../../"
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == f"# yaml-language-server: $schema={up}schemas/{kind}.schema.json"
    assert (path.parent / up / "schemas" / f"{kind}.schema.json").resolve().is_file()
    assert errors(kind, yaml_data(path)) == []


def test_fixture_briefings_match_their_schemas() -> None:
    for path in sorted((FIXTURES / "valid" / "briefings").rglob("*.yaml")):
        assert errors(schema_kind(path), yaml_data(path)) == [], path


def test_schema_refuses_unknown_keys_wrong_choices_and_missing_fields() -> None:
    briefing = yaml_data(ROOT / "briefings" / "north-korean-troops-in-russia" / "briefing.yaml")
    assert errors("briefing", {**briefing, "colour": "red"}) == [
        "Additional properties are not allowed ('colour' was unexpected)"]
    assert errors("briefing", {**briefing, "status": "publish"}) == [
        "'publish' is not one of ['draft', 'published', 'archived']"]
    assert errors("briefing", {k: v for k, v in briefing.items() if k != "updated"}) == [
        "'updated' is a required property"]
    sources = yaml_data(ROOT / "briefings" / "north-korean-troops-in-russia" / "sources.yaml")
    broken = [dict(sources[0], kind="blog"), dict(sources[1], reliability="G9"), *sources[2:]]
    found = errors("sources", broken)
    assert len(found) == 2
    assert any("'blog' is not valid" in e or "'blog' is not one of" in e for e in found), found
    assert any("'G9'" in e for e in found), found
    events = yaml_data(ROOT / "briefings" / "north-korean-troops-in-russia" / "events.yaml")
    assert errors("events", [{**events[0], "titel": "x"}]) == [
        "Additional properties are not allowed ('titel' was unexpected)"]


# Values the validator accepts although YAML gives them another type: an editor must not flag them.
LENIENT = [
    ("events", [{"id": "a", "date": 2024, "title": 1984, "sources": ["s"]}]),  # bare year, number as text
    ("events", [{"id": "a", "date": "2024-10~", "title": "x", "summary": None, "tags": [2024]}]),
    ("figures", [{"id": "f", "measure": "m", "value": [10000, 12000.5], "as_of": 2023}]),
    ("briefing", {"title": "t", "summary": "s", "updated": 2024, "created": "2023/2024"}),
    ("sources", [{"id": "s", "title": "t", "publisher": 7, "published": "2024-10-28", "language": "zh-Hant"}]),
]


@pytest.mark.parametrize(("kind", "data"), LENIENT)
def test_schema_accepts_what_the_validator_accepts(kind: str, data: Any) -> None:
    if kind == "briefing":
        model.BriefingFile.model_validate(data)
    else:
        for item in data:
            model.ITEM_MODELS[kind].model_validate(item)
    assert errors(kind, data) == []


def test_a_date_the_schema_refuses_is_refused_by_the_validator_too() -> None:
    for date in (True, 12, [2024], "yesterday"):
        assert errors("events", [{"id": "a", "date": date, "title": "t"}]), date
        with pytest.raises(ValidationError):
            model.Event.model_validate({"id": "a", "date": date, "title": "t"})


# (c) The repository's hooks and workflows --------------------------------------------------

def load_yaml(name: str) -> Any:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def steps(job: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The commands a job runs and the actions it uses."""
    runs = [s["run"] for s in job["steps"] if "run" in s]
    uses = [s["uses"].split("@")[0] for s in job["steps"] if "uses" in s]
    return runs, uses


def test_pre_commit_hook_for_other_repositories() -> None:
    (hook,) = load_yaml(".pre-commit-hooks.yaml")
    assert hook["id"] == "briefing-check"
    assert hook["entry"] == "briefing check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert all(re.search(hook["files"], f) for f in ("briefings/a/events.yaml", "briefings/sources.yml"))
    assert not re.search(hook["files"], "docs/briefings/a.yaml")


def test_pre_commit_config_of_this_repository() -> None:
    config = load_yaml(".pre-commit-config.yaml")
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert {"ruff-check", "briefing-check", "briefing-schema"} <= set(hooks)
    assert hooks["briefing-check"]["entry"].endswith("briefing check")
    # The schemas' hook fires on a change to the models they are made from (it named generator/model.py,
    # which the models had left for the package generator/model/) and to the schemas themselves.
    models = [str(p.relative_to(ROOT)) for p in (ROOT / "generator" / "model").glob("*.py")]
    schemas = [str(p.relative_to(ROOT)) for p in (ROOT / "schemas").glob("*.json")]
    assert models and schemas
    assert all(re.search(hooks["briefing-schema"]["files"], f) for f in [*models, *schemas])


def test_pull_request_workflow() -> None:
    workflow = load_yaml(".github/workflows/pr.yml")
    assert "pull_request" in workflow[True]  # PyYAML reads the key 'on' as true (YAML 1.1)
    (job,) = workflow["jobs"].values()
    runs, uses = steps(job)
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    assert uses[-1] == "actions/upload-artifact"
    python = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    assert str(python["with"]["python-version"]) == "3.11"
    commands = "\n".join(runs)
    order = ["fonts-noto-cjk", "pip install -e .", "briefing check --format github", "briefing schema --check",
             "briefing build", "briefing pdf"]
    assert [commands.index(c) for c in order] == sorted(commands.index(c) for c in order)
    upload = job["steps"][-1]
    assert upload["with"]["path"].rstrip("/") == "site"


def test_pages_workflow() -> None:
    workflow = load_yaml(".github/workflows/pages.yml")
    assert workflow[True]["push"]["branches"] == ["main"]
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs, uses = steps(build)
    assert "actions/upload-pages-artifact" in uses
    assert any("briefing build" in r for r in runs)
    assert deploy["needs"] == "build"
    assert steps(deploy)[1] == ["actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"

