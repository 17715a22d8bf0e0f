"""Build GitHub's REST API description with sphinxext_apidocs and measure it.

Generates a Sphinx project (index + one page per tag, each
``.. api-spec:: github`` with ``:tags: <tag>``) around a copy of the spec and
runs ``python -m sphinx`` in a child process:

* full build (``-E -b html``) wall time, best of ``--repeat``;
* write-only rebuild (``-a -b html``, pickled environment reused) wall time;
* the ratio full / write-only (target: <= 1.3);
* peak RSS of each build (``os.wait4`` rusage of the child);
* total and largest HTML output;
* warnings by type/subtype, tracebacks, exit codes.

``--petstore`` runs the small start-up benchmark instead (see bench_small.py).

Usage::

    /tmp/venv/bin/python benchmarks/bench_github.py [--jobs N] [--repeat N] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from _harness import (
    CORPUS,
    DEFAULT_EXTENSION,
    RunResult,
    child_env,
    crash_excerpt,
    crash_summary,
    env_update_counts,
    fmt_bytes,
    fmt_counter,
    format_table,
    has_crash_marker,
    load_note,
    parse_warnings,
    resolve_extension,
    rst_title,
    run,
    sphinx_cmd,
)

DEFAULT_SPEC = CORPUS / "github" / "api.github.com.json"
SPEC_NAME = "github"
RATIO_TARGET = 1.3


def spec_tags(spec: dict[str, Any]) -> list[str]:
    """The spec's ``tags`` list, then any tag used only by operations."""
    tags: list[str] = []
    seen: set[str] = set()

    def add(tag: object) -> None:
        if isinstance(tag, str) and tag and tag not in seen:
            seen.add(tag)
            tags.append(tag)

    for entry in spec.get("tags") or []:
        if isinstance(entry, dict):
            add(entry.get("name"))
    for item in (spec.get("paths") or {}).values():
        if not isinstance(item, dict):
            continue
        for op in item.values():
            if isinstance(op, dict):
                for tag in op.get("tags") or []:
                    add(tag)
    return tags


def count_operations(spec: dict[str, Any]) -> int:
    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return sum(
        1
        for item in (spec.get("paths") or {}).values()
        if isinstance(item, dict)
        for method in item
        if method in methods
    )


def slugify(tag: str, used: set[str]) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in tag.lower()).strip("-") or "tag"
    base, n = slug, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def write_project(srcdir: Path, spec_path: Path, tags: list[str], extension: str) -> list[str]:
    """Write conf.py, index.rst and one page per tag; return the page names."""
    srcdir.mkdir(parents=True, exist_ok=True)
    spec_copy = srcdir / spec_path.name
    shutil.copyfile(spec_path, spec_copy)
    (srcdir / "conf.py").write_text(
        "project = 'GitHub REST API (apidocs benchmark)'\n"
        f"extensions = [{extension!r}]\n"
        f"apidocs_specs = {{{SPEC_NAME!r}: {spec_copy.name!r}}}\n"
        "html_theme = 'alabaster'\n"
        "exclude_patterns = ['_build']\n",
        "utf-8",
    )
    (srcdir / "tags").mkdir(exist_ok=True)
    used: set[str] = set()
    pages = []
    for tag in tags:
        slug = slugify(tag, used)
        pages.append(f"tags/{slug}")
        escaped = tag.replace(",", "\\,")
        (srcdir / "tags" / f"{slug}.rst").write_text(
            rst_title(tag) + f"\n.. api-spec:: {SPEC_NAME}\n   :tags: {escaped}\n", "utf-8"
        )
    toctree = "".join(f"   {page}\n" for page in pages)
    (srcdir / "index.rst").write_text(
        rst_title("GitHub REST API")
        + f"\n{len(tags)} tags.\n\n.. toctree::\n   :maxdepth: 1\n\n{toctree}",
        "utf-8",
    )
    return pages


def html_stats(outdir: Path) -> dict[str, Any]:
    sizes = {
        str(p.relative_to(outdir)): p.stat().st_size
        for p in outdir.rglob("*.html")
        if ".doctrees" not in p.parts
    }
    largest = max(sizes.items(), key=lambda kv: kv[1], default=("", 0))
    return {
        "html_files": len(sizes),
        "html_bytes": sum(sizes.values()),
        "largest_page": largest[0],
        "largest_page_bytes": largest[1],
    }


def run_summary(result: RunResult) -> dict[str, Any]:
    warnings = parse_warnings(result.stderr)
    env_counts = env_update_counts(result.stdout)
    return {
        "returncode": result.returncode,
        "wall_s": round(result.wall_s, 3),
        "cpu_s": round(result.cpu_s, 3),
        "maxrss_bytes": result.maxrss_bytes,
        "traceback": has_crash_marker(result.stderr),
        "crash": crash_summary(result.stderr) if result.crashed else None,
        "env_update": list(env_counts) if env_counts else None,
        "warnings": warnings.to_json(),
    }


def best(runs: list[RunResult]) -> RunResult:
    return min(runs, key=lambda r: r.wall_s)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="spec to build (JSON)")
    parser.add_argument("--workdir", type=Path, help="project/build dir (kept); default: temp dir")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    parser.add_argument("--jobs", "-j", type=int, default=1, help="sphinx -j (default 1)")
    parser.add_argument("--repeat", type=int, default=1, help="best of N per timing (default 1)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--python", default=sys.executable, help="interpreter that runs sphinx")
    parser.add_argument("--petstore", action="store_true", help="run bench_small.py instead")
    parser.add_argument("--extension", default=DEFAULT_EXTENSION, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    raw = sys.argv[1:] if argv is None else argv
    args = parse_args(raw)
    if args.petstore:
        import bench_small

        forwarded = [a for a in raw if a != "--petstore"]
        return bench_small.main(_strip_github_only(forwarded))

    spec_path: Path = args.spec.resolve()
    spec = json.loads(spec_path.read_text("utf-8"))
    tags = spec_tags(spec)
    n_ops = count_operations(spec)
    ext_name, ext_paths = resolve_extension(args.extension)

    tmp = None
    if args.workdir:
        work = args.workdir.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="apidocs-bench-github-")
        work = Path(tmp)
    try:
        return _bench(args, work, spec_path, tags, n_ops, ext_name, ext_paths)
    finally:
        if tmp and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp:
            print(f"kept {tmp}", file=sys.stderr)


def _strip_github_only(argv: list[str]) -> list[str]:
    """Drop options bench_small.py does not know (``--spec``, ``--jobs``)."""
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in {"--spec", "--jobs", "-j"}:
            skip = True
            continue
        if arg.startswith(("--spec=", "--jobs=")):
            continue
        out.append(arg)
    return out


def _bench(
    args: argparse.Namespace,
    work: Path,
    spec_path: Path,
    tags: list[str],
    n_ops: int,
    ext_name: str,
    ext_paths: list[Path],
) -> int:
    srcdir = work / "src"
    outdir = work / "_build" / "html"
    logs = work / "logs"
    if outdir.exists():
        shutil.rmtree(outdir)
    pages = write_project(srcdir, spec_path, tags, ext_name)
    env = child_env(ext_paths, work / "tmp")
    print(
        f"GitHub benchmark: {spec_path.name} ({fmt_bytes(spec_path.stat().st_size)}, "
        f"{n_ops} operations, {len(pages)} tag pages), -j {args.jobs}, best of {args.repeat}",
        file=sys.stderr,
    )

    load = load_note()
    full_runs: list[RunResult] = []
    for i in range(args.repeat):
        cmd = sphinx_cmd(args.python, srcdir, outdir, fresh_env=True, jobs=args.jobs)
        print(f"  full build {i + 1}/{args.repeat} ...", file=sys.stderr, flush=True)
        full_runs.append(run(cmd, cwd=work, env=env, log_dir=logs, name=f"full-{i + 1}"))
        print(f"    {full_runs[-1].wall_s:.1f} s, exit {full_runs[-1].returncode}", file=sys.stderr)
    stats = html_stats(outdir)

    write_runs: list[RunResult] = []
    for i in range(args.repeat):
        cmd = sphinx_cmd(
            args.python, srcdir, outdir, fresh_env=False, write_all=True, jobs=args.jobs
        )
        print(f"  write-only rebuild {i + 1}/{args.repeat} ...", file=sys.stderr, flush=True)
        write_runs.append(run(cmd, cwd=work, env=env, log_dir=logs, name=f"write-{i + 1}"))
        print(
            f"    {write_runs[-1].wall_s:.1f} s, exit {write_runs[-1].returncode}", file=sys.stderr
        )

    full, write = best(full_runs), best(write_runs)
    ratio = full.wall_s / write.wall_s if write.wall_s > 0 else float("inf")
    full_w = parse_warnings(full_runs[0].stderr)
    write_w = parse_warnings(write_runs[0].stderr)
    failures = [r for r in full_runs + write_runs if r.crashed]
    full_cpu = min(r.cpu_s for r in full_runs)
    write_cpu = min(r.cpu_s for r in write_runs)
    ratio_cpu = full_cpu / write_cpu if write_cpu > 0 else float("inf")

    results: dict[str, Any] = {
        "spec": str(spec_path),
        "spec_bytes": spec_path.stat().st_size,
        "operations": n_ops,
        "tag_pages": len(pages),
        "jobs": args.jobs,
        "repeat": args.repeat,
        "extension": ext_name,
        "full_build_s": round(full.wall_s, 3),
        "write_only_s": round(write.wall_s, 3),
        "ratio_full_over_write": round(ratio, 3),
        "ratio_target": RATIO_TARGET,
        "full_build_cpu_s": round(full_cpu, 3),
        "write_only_cpu_s": round(write_cpu, 3),
        "ratio_cpu": round(ratio_cpu, 3),
        "load_at_start": load,
        "peak_rss_full_bytes": max(r.maxrss_bytes for r in full_runs),
        "peak_rss_write_bytes": max(r.maxrss_bytes for r in write_runs),
        **stats,
        "full_runs": [run_summary(r) for r in full_runs],
        "write_runs": [run_summary(r) for r in write_runs],
        "ok": not failures,
    }

    env_counts = env_update_counts(write_runs[0].stdout)
    reread = (
        f"{env_counts[0]} added, {env_counts[1]} changed, {env_counts[2]} removed"
        if env_counts
        else "?"
    )
    rows = [
        ["full build (-E)", f"{full.wall_s:.2f} s", _times(full_runs)],
        ["write-only (-a)", f"{write.wall_s:.2f} s", _times(write_runs)],
        [
            "ratio full/write",
            f"{ratio:.2f}",
            "OK" if ratio <= RATIO_TARGET else f"above target {RATIO_TARGET}",
        ],
        [
            "CPU full / write",
            f"{full_cpu:.1f} / {write_cpu:.1f} s",
            f"ratio {ratio_cpu:.2f} (user+sys, incl. -j workers; less noisy on a busy machine)",
        ],
        ["write-only re-read", reread, "(expect 0 added, 0 changed)"],
        ["peak RSS full", fmt_bytes(results["peak_rss_full_bytes"]), "largest process"],
        ["peak RSS write-only", fmt_bytes(results["peak_rss_write_bytes"]), ""],
        ["HTML total", fmt_bytes(stats["html_bytes"]), f"{stats['html_files']} files"],
        ["largest page", fmt_bytes(stats["largest_page_bytes"]), stats["largest_page"]],
        [
            "exit codes",
            " ".join(str(r.returncode) for r in full_runs + write_runs),
            "full..., write...",
        ],
        ["tracebacks", str(sum(has_crash_marker(r.stderr) for r in full_runs + write_runs)), ""],
        ["warnings full", str(full_w.total), fmt_counter(full_w.levels)],
        ["  apidocs subtypes", str(sum(full_w.apidocs.values())), fmt_counter(full_w.apidocs)],
        [
            "  without location",
            str(full_w.apidocs_without_location),
            f"{full_w.apidocs_without_line} without a line number",
        ],
        [
            "  other types",
            str(full_w.total - sum(full_w.apidocs.values())),
            fmt_counter(
                Counter({k: v for k, v in full_w.by_type.items() if not k.startswith("apidocs.")}),
                8,
            ),
        ],
        ["warnings write-only", str(write_w.total), fmt_counter(write_w.by_type, 8)],
    ]
    print()
    print(
        f"GitHub REST API: {n_ops} operations, {len(pages)} pages, -j {args.jobs}, "
        f"best of {args.repeat}, extension {ext_name}, {load}"
    )
    print(format_table(rows, ["metric", "value", "notes"]))
    shown: set[str] = set()
    for r in failures:
        label = "full" if r in full_runs else "write-only"
        summary = crash_summary(r.stderr)
        print(f"\n{label} build FAILED (exit {r.returncode}): {summary}")
        if summary not in shown:
            shown.add(summary)
            print(crash_excerpt(r.stderr, 40))
    if failures:
        print(
            f"logs: {work / 'logs'}"
            + ("" if args.workdir or args.keep else " (temp, removed; use --keep or --workdir)")
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 1 if failures else 0


def _times(runs: list[RunResult]) -> str:
    return "runs: " + ", ".join(f"{r.wall_s:.2f}" for r in runs) if len(runs) > 1 else ""


if __name__ == "__main__":
    sys.exit(main())
