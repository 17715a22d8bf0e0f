"""Build the same spec with sphinxext_apidocs and with ``redocly build-docs``, in the same run.

Issue 17's figures: Stripe's spec as one ``api-spec`` page and GitHub's spec as one
page per tag, each against Redocly's single HTML file of the same spec: full build
wall and CPU time, their ratio to Redocly's (target <= 4), peak RSS (target <= 1 GB),
largest page (target <= 5 MB) and all HTML written.

Each ``--spec NAME=PATH:LAYOUT`` (``LAYOUT`` ``one`` or ``tags``) gets a project in
the work dir: the spec copied in, ``conf.py`` (alabaster), and either ``index.rst``
holding ``.. api-spec::`` or one page per tag as :mod:`bench_github` writes them.
Ours: ``python -m sphinx -E -b html`` (``--jobs``); Redocly: ``build-docs`` of the
same copy (``--redocly``, default the ``redocly`` that ``benchmarks/pages`` installs,
else on ``PATH``, else ``npx``). Runs alternate, ``--repeat`` times, best wall time of each.

Usage::

    python benchmarks/bench_vs_redocly.py                         # Stripe one page, GitHub per tag
    python benchmarks/bench_vs_redocly.py --spec docker=../shared/corpus/x.json:one --json out.json
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from _harness import (
    CORPUS,
    DEFAULT_EXTENSION,
    REPO_ROOT,
    RunResult,
    child_env,
    fmt_bytes,
    format_table,
    load_note,
    resolve_extension,
    rst_title,
    run,
    sphinx_cmd,
)
from bench_apicheck import redocly_env
from bench_github import spec_tags
from bench_github import write_project as write_tag_pages

DEFAULT_SPECS = [
    f"stripe={CORPUS.parent / 'large' / 'stripe.com.json'}:one",
    f"github={CORPUS / 'github' / 'api.github.com.json'}:tags",
]
LOCAL_REDOCLY = REPO_ROOT / "benchmarks" / "pages" / "node_modules" / ".bin" / "redocly"
TARGETS = {"wall_ratio": 4.0, "peak_rss_bytes": 1 << 30, "largest_page_bytes": 5_000_000}


def parse_spec(value: str) -> tuple[str, Path, str]:
    name, _, rest = value.partition("=")
    path, _, layout = rest.rpartition(":")
    if not name or not path or layout not in ("one", "tags"):
        raise argparse.ArgumentTypeError(f"NAME=PATH:one|tags, not {value!r}")
    return name, Path(path), layout


def write_one_page(srcdir: Path, spec: Path, extension: str) -> None:
    srcdir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(spec, srcdir / spec.name)
    (srcdir / "conf.py").write_text(
        f"extensions = [{extension!r}]\n"
        f"apidocs_specs = {{'spec': {spec.name!r}}}\n"
        "html_theme = 'alabaster'\n"
        "exclude_patterns = ['_build']\n",
        "utf-8",
    )
    (srcdir / "index.rst").write_text(rst_title(spec.stem) + "\n.. api-spec:: spec\n", "utf-8")


def html_sizes(outdir: Path) -> tuple[int, int, str]:
    """All HTML bytes, the largest page's bytes and its name."""
    pages = [(p.stat().st_size, p) for p in outdir.rglob("*.html")]
    if not pages:
        return 0, 0, "-"
    size, page = max(pages)
    return sum(s for s, _ in pages), size, page.relative_to(outdir).as_posix()


def best(runs: list[RunResult]) -> RunResult:
    return min(runs, key=lambda r: r.wall_s)


def bench(
    name: str, spec: Path, layout: str, work: Path, args: argparse.Namespace
) -> dict[str, Any]:
    ext_name, ext_paths = resolve_extension(args.extension)
    srcdir, outdir, logs = work / name / "src", work / name / "html", work / name / "logs"
    if layout == "one":
        write_one_page(srcdir, spec, ext_name)
    else:
        write_tag_pages(srcdir, spec, spec_tags(json.loads(spec.read_text("utf-8"))), ext_name)
    env = child_env(ext_paths, work / name / "tmp")
    redoc_out = work / name / "redoc.html"
    redocly = [*args.redocly, "build-docs", str(srcdir / spec.name), "-o", str(redoc_out)]
    ours: list[RunResult] = []
    theirs: list[RunResult] = []
    for i in range(args.repeat):
        shutil.rmtree(outdir, ignore_errors=True)
        cmd = sphinx_cmd(args.python, srcdir, outdir, jobs=args.jobs)
        ours.append(run(cmd, cwd=srcdir, env=env, log_dir=logs, name=f"ours-{i}"))
        theirs.append(
            run(redocly, cwd=work / name, env=redocly_env(), log_dir=logs, name=f"redocly-{i}")
        )
        print(
            f"  {name} {i + 1}/{args.repeat}: ours {ours[-1].wall_s:.1f} s, "
            f"Redocly {theirs[-1].wall_s:.1f} s",
            file=sys.stderr,
        )
    total, largest, page = html_sizes(outdir)
    a, b = best(ours), best(theirs)
    return {
        "spec": name,
        "layout": layout,
        "ours_wall_s": round(a.wall_s, 2),
        "ours_cpu_s": round(a.cpu_s, 2),
        "ours_peak_rss_bytes": max(r.maxrss_bytes for r in ours),
        "ours_html_bytes": total,
        "ours_largest_page_bytes": largest,
        "ours_largest_page": page,
        "ours_failed": any(r.crashed for r in ours),
        "redocly_wall_s": round(b.wall_s, 2),
        "redocly_cpu_s": round(b.cpu_s, 2),
        "redocly_peak_rss_bytes": max(r.maxrss_bytes for r in theirs),
        "redocly_html_bytes": redoc_out.stat().st_size if redoc_out.exists() else 0,
        "redocly_failed": any(r.returncode != 0 for r in theirs),
        "wall_ratio": round(a.wall_s / b.wall_s, 2) if b.wall_s else None,
    }


def verdict(row: dict[str, Any]) -> str:
    misses = []
    if row["wall_ratio"] is None or row["wall_ratio"] > TARGETS["wall_ratio"]:
        misses.append("time")
    if row["ours_peak_rss_bytes"] > TARGETS["peak_rss_bytes"]:
        misses.append("RSS")
    if row["ours_largest_page_bytes"] > TARGETS["largest_page_bytes"]:
        misses.append("page")
    if row["ours_failed"]:
        misses.append("build failed")
    return "met" if not misses else "not met: " + ", ".join(misses)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--spec", action="append", type=parse_spec, help="NAME=PATH:one|tags (repeatable)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="best of N (1)")
    parser.add_argument("--jobs", "-j", type=int, default=1, help="sphinx -j (1)")
    parser.add_argument("--redocly", help="the Redocly CLI command")
    parser.add_argument("--workdir", type=Path, help="kept work dir (default: a temp dir)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--python", default=sys.executable, help="interpreter that runs sphinx")
    parser.add_argument("--extension", default=DEFAULT_EXTENSION, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.spec = args.spec or [parse_spec(s) for s in DEFAULT_SPECS]
    if args.redocly:
        args.redocly = shlex.split(args.redocly)
    elif LOCAL_REDOCLY.exists():
        args.redocly = [str(LOCAL_REDOCLY)]
    else:
        found = shutil.which("redocly")
        args.redocly = [found] if found else ["npx", "--yes", "@redocly/cli@latest"]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    missing = [str(path) for _, path, _ in args.spec if not path.is_file()]
    if missing:
        print("no such spec: " + ", ".join(missing), file=sys.stderr)
        return 2
    work = args.workdir or Path(tempfile.mkdtemp(prefix="apidocs-vs-redocly-"))
    print(f"{load_note()}; work dir {work}", file=sys.stderr)
    rows = [bench(name, path.resolve(), layout, work, args) for name, path, layout in args.spec]
    print(
        format_table(
            [
                [
                    f"{r['spec']} ({r['layout']})",
                    f"{r['ours_wall_s']} s / {r['ours_cpu_s']} s",
                    f"{r['redocly_wall_s']} s / {r['redocly_cpu_s']} s",
                    f"{r['wall_ratio']}x",
                    f"{fmt_bytes(r['ours_peak_rss_bytes'])} / "
                    f"{fmt_bytes(r['redocly_peak_rss_bytes'])}",
                    f"{fmt_bytes(r['ours_largest_page_bytes'])} ({r['ours_largest_page']})",
                    f"{fmt_bytes(r['ours_html_bytes'])} / {fmt_bytes(r['redocly_html_bytes'])}",
                    verdict(r),
                ]
                for r in rows
            ],
            header=[
                "spec",
                "ours wall / CPU",
                "Redocly wall / CPU",
                "ratio (<= 4)",
                "peak RSS ours / Redocly (<= 1 GB)",
                "largest page (<= 5 MB)",
                "HTML ours / Redocly",
                "targets",
            ],
        )
    )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", "utf-8")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if any(r["ours_failed"] or r["redocly_failed"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
