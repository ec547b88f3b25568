"""Fit each cost and memory figure of a benchmark run to a + b·N, and project it to larger sites.

    .venv/bin/python benchmarks/run.py --sizes 200,1000,2000 --search-variants 0 --pdf-sizes 0 --out run.json
    .venv/bin/python benchmarks/scale.py run.json            # a Markdown table, as in docs/guide/performance.md
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

# (what, where in a size's results): the figures that grow with the site.
FIGURES = [
    ("cold generation, CPU s", "generate_cold.generate.cpu"),
    ("cold generation, wall s", "generate_cold.generate.wall"),
    ("generation, peak MB", "generate_cold.peak_mb"),
    ("MkDocs build in one process, CPU s", "build.mkdocs.cpu"),
    ("MkDocs build in one process, peak MB", "build.peak_mb"),
    ("cold `briefing build`, wall s", "build_cold.build.wall"),
    ("cold `briefing build`, CPU s in all processes", "build_cold.build.cpu"),
    ("cold `briefing build`, largest process MB", "build_cold.build.peak_process_mb"),
    ("plain `mkdocs build` with Material's search, wall s", "mkdocs_plain.mkdocs.wall"),
    ("plain `mkdocs build` with Material's search, peak MB", "mkdocs_plain.peak_mb"),
    ("built site, MB", "build.site_mb"),
    ("one file edited, then generate, CPU s", "generate_one_file.generate.cpu"),
    ("`check SLUG`, cache warm, wall s", "check_slug.check_slug.wall"),
    ("save-to-preview, median of five, wall s", "preview_dirty.save_to_preview_median.wall"),
]


def _get(result: dict[str, Any], path: str) -> float | None:
    value: Any = result
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return float(value)


def fit(sizes: list[int], values: list[float]) -> tuple[float, float]:
    """Least squares a + b·N."""
    mean_n, mean_v = sum(sizes) / len(sizes), sum(values) / len(values)
    b = sum((n - mean_n) * (v - mean_v) for n, v in zip(sizes, values, strict=True)) / sum(
        (n - mean_n) ** 2 for n in sizes)
    return mean_v - b * mean_n, b


def table(results: dict[str, Any], targets: list[int]) -> str:
    """The figures at each measured size, their cost per 1,000 briefings, and at each target size."""
    sizes = sorted(int(n) for n in results)
    head = ["figure", *(f"{n:,}" for n in sizes), "per 1,000", *(f"{n:,} (fit)" for n in targets)]
    lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    for name, path in FIGURES:
        values = [_get(results[str(n)], path) for n in sizes]
        if any(v is None for v in values) or len(sizes) < 2:
            continue
        measured = [v for v in values if v is not None]
        a, b = fit(sizes, measured)
        cells = [*measured, b * 1000, *(a + b * n for n in targets)]
        lines.append(f"| {name} | " + " | ".join(f"{c:,.1f}" if abs(c) < 100 else f"{c:,.0f}" for c in cells) + " |")
    return "\n".join(lines)


def main() -> None:
    """Command line: print the table for a results file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path, help="a JSON file written by benchmarks/run.py")
    parser.add_argument("--to", default="5000,10000", help="sizes to project to [5000,10000]")
    args = parser.parse_args()
    report = json.loads(args.results.read_text(encoding="utf-8"))
    print(table(report["results"], [int(n) for n in args.to.split(",")]))


if __name__ == "__main__":
    main()
