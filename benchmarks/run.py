"""Benchmark generation and the MkDocs build on synthetic sites of N briefings.

    make bench                                          # N = 10 and 200
    .venv/bin/python benchmarks/run.py --sizes 10,200,1000

For each N a throwaway project is laid out in a temporary folder (mkdocs.yml, the hand-written
docs, the corpus of benchmarks/corpus.py) and every measurement runs in a fresh Python process,
as a contributor's command would, reporting its own wall time, CPU time and peak memory. The
results are printed as a table and written to benchmarks/results/<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from measure import CHILDREN, VARIANTS, edit_title, peak_mb

from generator.write import MANIFEST, read_manifest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def run_child(task: str, project: Path, *args: str) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; its last line of output is its JSON result."""
    # The project's own copy of generator/ is imported, not the working tree's: a file saved in the
    # working tree meanwhile would change the code version, and so miss the cache being measured.
    env = {**os.environ, "PYTHONPATH": str(project)}
    result = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", task, str(project), *args],
                            cwd=project, env=env, capture_output=True, text=True, timeout=4 * 3600)
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-4000:])
        raise SystemExit(f"benchmark step {task} {' '.join(args)} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def lay_out(folder: Path, count: int) -> Path:
    """A project like the real one (mkdocs.yml, hand-written docs, hooks) with count briefings."""
    sys.path.insert(0, str(HERE))
    from corpus import write_corpus

    project = folder / f"site-{count}"
    project.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    owned = {*read_manifest(ROOT / "docs"), MANIFEST}

    def ignore(where: str, names: list[str]) -> set[str]:
        here = Path(where).resolve().relative_to((ROOT / "docs").resolve())
        return {n for n in names if (here / n).as_posix() in owned}

    shutil.copytree(ROOT / "docs", project / "docs", ignore=ignore)
    shutil.copytree(ROOT / "generator", project / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    write_corpus(project / "briefings", count)
    return project


def reset_generated(project: Path) -> None:
    """Back to a fresh checkout: no generated Markdown, no cache."""
    docs = project / "docs"
    manifest = docs / ".generated.json"
    if manifest.is_file():
        for name in json.loads(manifest.read_text())["files"]:
            (docs / name).unlink(missing_ok=True)
        manifest.unlink()
    for folder in sorted((p for p in docs.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(folder.iterdir()):
            folder.rmdir()
    shutil.rmtree(project / ".cache", ignore_errors=True)


def machine() -> dict[str, Any]:
    """Where the figures come from: cores, CPU, memory, load, versions."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kib = int(next(ln for ln in Path("/proc/meminfo").read_text().splitlines()
                           if ln.startswith("MemTotal")).split()[1])
    except (OSError, StopIteration, ValueError):
        mem_kib = 0
    from importlib.metadata import version

    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(mem_kib / 2**20, 1),
            "python": platform.python_version(), "mkdocs": version("mkdocs"),
            "mkdocs-material": version("mkdocs-material"), "loadavg_start": os.getloadavg()}


def bench_size(count: int, folder: Path, search_variants: bool, pdf: bool,
               say: Callable[[str], None], search: bool = False) -> dict[str, Any]:
    """Every measurement for a site of count briefings."""
    result: dict[str, Any] = {"briefings": count}
    say(f"[{count}] writing the corpus")
    project = lay_out(folder, count)
    result["input_mb"] = round(sum(p.stat().st_size for p in (project / "briefings").rglob("*.yaml")) / 2**20, 1)

    result["code_version"] = run_child("version", project)["code_version"][:12]
    say(f"[{count}] generation stages (no cache)")
    result["stages"] = run_child("stages", project)
    reset_generated(project)
    say(f"[{count}] cold generation, then no-op, then one edited file")
    result["generate_cold"] = run_child("generate", project)
    result["generate_noop"] = run_child("generate", project)
    edit_title(project, "one")
    result["generate_one_file"] = run_child("generate", project)
    # A file of briefing-0000 edited (in the child), then `check briefing-0000`: the cache as that generation left it.
    result["check_slug"] = run_child("check", project, "briefing-0000")
    shutil.rmtree(project / ".cache")
    edit_title(project, "two")
    result["generate_one_file_no_cache"] = run_child("generate", project)

    say(f"[{count}] full MkDocs build, twice")
    # The faster of two: the per-page ratio between sizes compares single builds, and one build's
    # noise on this machine (±10%) crossed its 1.1 limit with no change to MkDocs' work.
    result["build"] = min((run_child("mkdocs", project, "as-is") for _ in range(2)), key=lambda r: r["mkdocs"]["cpu"])
    if search_variants:
        for variant in list(VARIANTS)[1:]:
            say(f"[{count}] search index variant: {variant}")
            result.setdefault("search_variants", {})[variant] = run_child("mkdocs", project, variant)

    say(f"[{count}] cold `briefing build` (generation, site, search index), then a plain `mkdocs build` of its docs/")
    reset_generated(project)
    result["build_cold"] = run_child("build_cold", project)
    result["mkdocs_plain"] = run_child("mkdocs_plain", project)

    if search:
        say(f"[{count}] search: Material's built-in search and Pagefind on the same site, in Chromium")
        result["search"] = run_child("search", project)

    say(f"[{count}] save-to-preview: dirty rebuild with the cache, then a full rebuild without")
    result["preview_dirty"] = run_child("serve", project, "dirty")
    say(f"[{count}] save-to-preview: the first save after the preview is started again")
    result["preview_restart"] = run_child("serve", project, "restart")
    result["preview_full_no_cache"] = run_child("serve", project, "clean", "no-cache")
    if pdf:
        say(f"[{count}] PDF: every briefing's own PDF and the site PDF, in worker processes")
        result["pdf"] = run_child("pdf", project)
        say(f"[{count}] PDF: the site PDF as one document in one process, to compare with")
        result["pdf_single"] = run_child("pdf_single", project)
    return result


def ratios(results: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """The issue's targets, each with its measured value.

    Time ratios use CPU seconds: on a shared machine wall time swings with the other load, while a
    step's CPU time (its process's and its forked workers') stays put. Wall times are given alongside.
    """
    out = []

    def add(name: str, value: float | None, limit: float, detail: str, at_least: bool = False) -> None:
        met = value is not None and (value >= limit if at_least else value <= limit)
        out.append({"target": name, "value": None if value is None else round(value, 3), "limit": limit,
                    "met": met, "detail": detail, **({"at_least": True} if at_least else {})})

    def both(step: dict[str, float]) -> str:
        return f"{step['cpu']:.2f} s CPU / {step['wall']:.2f} s wall"

    for n, r in sorted(results.items()):
        cold = r["generate_cold"]["generate"]
        noop = r["generate_noop"]["generate"]
        mkdocs = r["build"]["mkdocs"]
        full = {k: cold[k] + mkdocs[k] for k in ("cpu", "wall")}
        add(f"N={n}: cold generation / full build", cold["cpu"] / full["cpu"], 0.05,
            f"{both(cold)} of {both(full)}")
        add(f"N={n}: cached generation / full build", noop["cpu"] / (noop["cpu"] + mkdocs["cpu"]), 0.05,
            f"{both(noop)} (a second `briefing build`)")
        add(f"N={n}: no-op regeneration / cold generation", noop["cpu"] / cold["cpu"], 0.10,
            f"{both(noop)} vs {both(cold)}")
        add(f"N={n}: files written by a no-op regeneration", r["generate_noop"]["written"], 0, "")
        one = r["generate_one_file"]["generate"]
        add(f"N={n}: one file edited, then generate / cold full build", one["cpu"] / full["cpu"], 0.03,
            f"{both(one)} vs {both(full)}")
        if "check_slug" in r:
            check = r["check_slug"]["check_slug"]
            add(f"N={n}: `briefing check SLUG` after an edit to SLUG, cache warm (s wall)", check["wall"], 1.0,
                both(check))
        median = r["preview_dirty"].get("save_to_preview_median")
        if median:  # wall time: what the analyst waits, from the save to the page on disk
            add(f"N={n}: save-to-preview, median of five kinds of edit (s wall)", median["wall"],
                1.0 if n <= 200 else 3.0, f"{median['cpu']:.2f} s CPU; " + ", ".join(
                    f"{kind} {e['save_to_preview']['wall']:.2f} s" for kind, e in r["preview_dirty"]["edits"].items()))
        restart = r.get("preview_restart")
        if restart:  # the first save after starting the preview again: the site was loaded after its first build
            add(f"N={n}: save-to-preview, the first save after the preview is started again (s wall)",
                restart["save_to_preview"]["wall"], 1.0 if n <= 200 else 3.0,
                f"the site loaded in the background in {restart['prepared']['wall']:.2f} s after the first build")
        preview = r["preview_dirty"]["save_to_preview"]
        add(f"N={n}: save-to-preview / full build", preview["cpu"] / full["cpu"], 0.15,
            f"{both(preview)} vs {both(full)}; before: {both(r['preview_full_no_cache']['save_to_preview'])}")
        cold_build, plain = r.get("build_cold"), r.get("mkdocs_plain")
        if cold_build and plain and n >= 200:  # the targets are at 1,000; startup costs dominate at 10
            ours, theirs = cold_build["build"], plain["mkdocs"]
            # Wall time, both in this run: what a second core buys is time.
            add(f"N={n}: cold `briefing build` / plain `mkdocs build` with Material's search (wall)",
                ours["wall"] / theirs["wall"], 0.6, f"{both(ours)} vs {both(theirs)}")
            add(f"N={n}: cores used by a cold `briefing build`, (user + sys) / wall", ours["cores"], 1.6,
                f"{ours['cpu']:.1f} s CPU in all its processes over {ours['wall']:.1f} s", at_least=True)
            # The largest process of each (a forked child's resident memory counts what it shares).
            add(f"N={n}: peak memory of a cold `briefing generate`, largest process (MB)",
                r["generate_cold"]["peak_mb"], 1024, "")
            add(f"N={n}: peak memory of a cold `briefing build`, largest process (MB)", cold_build["peak_mb"], 1024, "")
        search = r.get("search")
        if search:
            pf, mat = search["pagefind"], search["material"]
            typed = search.get("pagefind_typed")
            if typed:  # the most any of the queries typed at a reader's pace fetched
                add(f"N={n}: search payload per query, the most of {len(typed['queries'])} typed / 300 KB",
                    typed["max_sent"] / 300e3, 1.0,
                    f"Pagefind: median {typed['median_sent'] / 1e3:.0f} KB, most {typed['max_sent'] / 1e3:.0f} KB "
                    f"as sent, typed at {typed['typing_ms']} ms a key; pasted {pf['bytes_sent'] / 1e3:.0f} KB "
                    f"({pf['requests']} files); Material {mat['bytes_sent'] / 1e3:.0f} KB "
                    f"({mat['bytes'] / 1e3:.0f} KB uncompressed)")
            else:  # results from before the typed queries: the one pasted query
                add(f"N={n}: search payload per query / 300 KB", pf["bytes_sent"] / 300e3, 1.0,
                    f"Pagefind {pf['bytes_sent'] / 1e3:.0f} KB as sent, pasted; "
                    f"Material {mat['bytes_sent'] / 1e3:.0f} KB")
            add(f"N={n}: time to first result, Pagefind / Material", pf["first_result_ms"] / mat["first_result_ms"],
                0.2, f"{pf['first_result_ms']} ms vs {mat['first_result_ms']} ms, query {search['query']!r}")
        shipped = r["build"]
        if "index_bytes" not in shipped:  # Material's search plugin is off: its index is not built
            continue
        index = shipped["index_bytes"]
        naive = r.get("search_variants", {}).get("naive")
        if naive:  # everything indexed, built in the same run: the baseline
            add(f"N={n}: search index, as shipped / naive", index / naive["index_bytes"], 0.40,
                f"{index / 1e6:.1f} of {naive['index_bytes'] / 1e6:.1f} MB")
        add(f"N={n}: search index / 4 MB", index / 4e6, 1.0,
            f"{index / 1e6:.1f} MB as shipped, {shipped['index_gzip_bytes'] / 1e6:.1f} MB gzip-compressed")
        missing = shipped["quotes"] - shipped["quotes_found"] + shipped["originals"] - shipped["originals_found"]
        add(f"N={n}: quotes and originals not findable in the search index", missing, 0,
            f"{shipped['quotes_found']}/{shipped['quotes']} quotes, "
            f"{shipped['originals_found']}/{shipped['originals']} originals found")
        pdf, single = r.get("pdf", {}), r.get("pdf_single", {})
        if "all_pdfs" in pdf and "site_pdf" in single:
            ours, one = pdf["all_pdfs"], single["site_pdf"]
            # Wall time, not CPU: what the worker processes buy is time on the other cores.
            add(f"N={n}: whole-site PDF wall / single-process wall", ours["wall"] / one["wall"], 0.6,
                f"{ours['wall']:.0f} s ({ours['cpu_total']:.0f} s CPU in all processes) vs {one['wall']:.0f} s "
                f"({one['cpu']:.0f} s CPU), {pdf['site_pages']} pages")
            add(f"N={n}: whole-site PDF peak memory / 1 GB", pdf["peak_mb"] * 2**20 / 1e9, 1.0,
                f"{pdf['peak_main_mb']:.0f} MB main process, {pdf['peak_workers_mb']:.0f} MB largest worker; "
                f"single process: {single['peak_mb']:.0f} MB")
    if 200 in results and 1000 in results:
        small, large = results[200]["build"], results[1000]["build"]
        add("build CPU ms/page at 1000 / at 200", large["cpu_ms_per_page"] / small["cpu_ms_per_page"], 1.1,
            f"{large['cpu_ms_per_page']} vs {small['cpu_ms_per_page']} ms CPU; "
            f"{large['ms_per_page']} vs {small['ms_per_page']} ms wall")
    return out


def table(results: dict[int, dict[str, Any]]) -> str:
    """Metrics as rows, site sizes as columns."""
    sizes = sorted(results)

    def wall(path: str) -> Callable[[dict[str, Any]], str]:
        def get(r: dict[str, Any]) -> str:
            value: Any = r
            for key in path.split("."):
                value = value.get(key, {}) if isinstance(value, dict) else {}
            return f"{value['wall']:.2f} s" if isinstance(value, dict) and "wall" in value else "–"
        return get

    def field(path: str, unit: str = "") -> Callable[[dict[str, Any]], str]:
        def get(r: dict[str, Any]) -> str:
            value: Any = r
            for key in path.split("."):
                value = value.get(key) if isinstance(value, dict) else None
            return "–" if value is None else f"{value}{unit}"
        return get

    rows: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
        ("input YAML", field("input_mb", " MB")),
        ("pages (Markdown)", field("stages.pages")),
        ("generated text", field("stages.generated_mb", " MB")),
        ("load", wall("stages.load")),
        ("validate", wall("stages.validate")),
        ("render (+feeds, data)", wall("stages.render")),
        ("write", wall("stages.write")),
        ("generate, cold (no cache)", wall("generate_cold.generate")),
        ("generate, no-op", wall("generate_noop.generate")),
        ("  files written", field("generate_noop.written")),
        ("generate, 1 file edited", wall("generate_one_file.generate")),
        ("  files written", field("generate_one_file.written")),
        ("generate, 1 file, no cache", wall("generate_one_file_no_cache.generate")),
        ("MkDocs build", wall("build.mkdocs")),
        ("  ms per page (wall)", field("build.ms_per_page")),
        ("  ms per page (CPU)", field("build.cpu_ms_per_page")),
        ("  peak memory", field("build.peak_mb", " MB")),
        ("  briefing page HTML", field("build.briefing_page_bytes", " B")),
        ("cold `briefing build`", wall("build_cold.build")),
        ("  CPU, all processes", field("build_cold.build.cpu", " s")),
        ("  cores used", field("build_cold.build.cores")),
        ("plain `mkdocs build` + search", wall("mkdocs_plain.mkdocs")),
        ("search: query", field("search.query")),
        ("  Pagefind index build", field("search.pagefind_index_s", " s")),
        ("  Pagefind files on disk", field("search.pagefind_bytes_on_disk", " B")),
        ("  Pagefind bytes per query, typed: median", field("search.pagefind_typed.median_sent", " B")),
        ("    most", field("search.pagefind_typed.max_sent", " B")),
        ("  Pagefind bytes per query, pasted", field("search.pagefind.bytes_sent", " B")),
        ("    uncompressed", field("search.pagefind.bytes", " B")),
        ("  Pagefind first result", field("search.pagefind.first_result_ms", " ms")),
        ("  Material bytes per query", field("search.material.bytes_sent", " B")),
        ("    uncompressed", field("search.material.bytes", " B")),
        ("  Material first result", field("search.material.first_result_ms", " ms")),
        ("search index (Material)", field("build.index_bytes", " B")),
        ("  gzip-compressed", field("build.index_gzip_bytes", " B")),
        ("  quotes findable", field("build.quotes_found")),
        ("  originals findable", field("build.originals_found")),
        *((f"  {variant}", field(f"search_variants.{variant}.index_bytes", " B")) for variant in list(VARIANTS)[1:]),
        ("peak memory, cold generation", field("generate_cold.peak_mb", " MB")),
        ("  all stages held in one process", field("stages.peak_mb", " MB")),
        ("peak memory, cold `briefing build`", field("build_cold.peak_mb", " MB")),
        ("save-to-preview (dirty+cache)", wall("preview_dirty.save_to_preview")),
        ("  median of five kinds of edit", field("preview_dirty.save_to_preview_median.wall", " s")),
        ("check SLUG (cache warm)", wall("check_slug.check_slug")),
        ("  regenerate", wall("preview_dirty.regenerate")),
        ("  MkDocs dirty rebuild", wall("preview_dirty.mkdocs_rebuild")),
        ("  HTML files rebuilt", field("preview_dirty.html_rebuilt")),
        ("save-to-preview, first after a restart", wall("preview_restart.save_to_preview")),
        ("  site loaded in the background", wall("preview_restart.prepared")),
        ("save-to-preview (before)", wall("preview_full_no_cache.save_to_preview")),
        ("  regenerate, no cache", wall("preview_full_no_cache.regenerate")),
        ("  MkDocs full rebuild", wall("preview_full_no_cache.mkdocs_rebuild")),
        ("PDF, own PDFs + site PDF (workers)", wall("pdf.all_pdfs")),
        ("  CPU, all processes", field("pdf.all_pdfs.cpu_total", " s")),
        ("  per briefing (wall)", field("pdf.per_briefing_s", " s")),
        ("  peak memory, main process", field("pdf.peak_main_mb", " MB")),
        ("  peak memory, largest worker", field("pdf.peak_workers_mb", " MB")),
        ("  site PDF pages", field("pdf.site_pages")),
        ("  site PDF size", field("pdf.site_pdf_mb", " MB")),
        ("  a briefing's PDF", field("pdf.briefing_pdf_kb", " KB")),
        ("PDF, site as one document (1 proc.)", wall("pdf_single.site_pdf")),
        ("  CPU", field("pdf_single.site_pdf.cpu", " s")),
        ("  peak memory", field("pdf_single.peak_mb", " MB")),
        ("  site PDF size", field("pdf_single.site_pdf_mb", " MB")),
    ]
    width = max(len(name) for name, _ in rows) + 2
    lines = [f"{'N briefings':<{width}}" + "".join(f"{n:>16}" for n in sizes)]
    for name, get in rows:
        lines.append(f"{name:<{width}}" + "".join(f"{get(results[n]):>16}" for n in sizes))
    return "\n".join(lines)


def main() -> None:
    """Command line: run the benchmark for each size and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,200", help="site sizes in briefings [10,200]")
    parser.add_argument("--search-variants", default="200",
                        help="sizes at which to build the search-index variants too [200]")
    parser.add_argument("--pdf-sizes", default="10", help="sizes at which to time the PDFs [10]")
    parser.add_argument("--search-sizes", default="",
                        help="sizes at which to compare Pagefind with Material's search in Chromium, e.g. 200,1000")
    parser.add_argument("--out", type=Path, default=None, help="JSON file [benchmarks/results/<date>.json]")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        task, project, *rest = args.child
        out = CHILDREN[task](Path(project), rest)
        out["peak_mb"] = peak_mb()
        out["loadavg"] = os.getloadavg()
        print(json.dumps(out))
        return

    def numbers(text: str) -> list[int]:
        return [int(n) for n in text.split(",") if n.strip()]

    def say(line: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {line}", file=sys.stderr, flush=True)

    report: dict[str, Any] = {"date": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine()}
    results: dict[int, dict[str, Any]] = {}
    target: Path = args.out or HERE / "results" / f"{dt.date.today().isoformat()}.json"
    target.parent.mkdir(parents=True, exist_ok=True)

    def save() -> None:  # after each size: a long run stopped early keeps what it measured
        report["machine"]["loadavg_end"] = os.getloadavg()
        report["results"] = {str(n): r for n, r in results.items()}
        report["targets"] = ratios(results)
        target.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    folder = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    try:
        for count in numbers(args.sizes):
            results[count] = bench_size(count, folder, count in numbers(args.search_variants),
                                        count in numbers(args.pdf_sizes), say, count in numbers(args.search_sizes))
            save()
    finally:
        if args.keep:
            say(f"projects kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)

    m = report["machine"]
    print(f"\n{m['nproc']} cores, {m['cpu']}, {m['ram_gib']} GiB; load average "
          f"{m['loadavg_start'][0]:.1f} at start, {m['loadavg_end'][0]:.1f} at end; "
          f"MkDocs {m['mkdocs']}, Material {m['mkdocs-material']}\n")
    print(table(results))
    print("\nTargets:")
    for goal in report["targets"]:
        mark = "met " if goal["met"] else "MISS"
        bound = "at least" if goal.get("at_least") else "limit"
        print(f"  [{mark}] {goal['target']}: {goal['value']} ({bound} {goal['limit']}) {goal['detail']}")
    print(f"\nwritten {target}")


if __name__ == "__main__":
    main()
