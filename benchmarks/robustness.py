"""Build every spec of a folder with sphinxext_apidocs; report crashes and warnings.

Each spec (``*.json``, ``*.yaml``, ``*.yml`` found recursively; LICENSE files
skipped) becomes its own small Sphinx project -- ``index.rst`` holding
``.. api-spec:: spec`` and the spec copied into the project dir (plus any
relative ``$ref`` files it names, at the same relative place) -- built by
``python -m sphinx -E -T`` in a child process with a timeout.  ``--jobs``
projects are built at once.

Per spec: exit code, wall time, timeout, traceback / ``Exception occurred`` /
``Sphinx error``, warnings by subtype.  Totals: specs, tracebacks, timeouts,
non-zero exits, warnings by subtype, slowest specs.  A log with the first
traceback lines of each failure is written under ``--out``, with
``summary.txt`` and ``summary.json``.  Exit status 1 if anything crashed.

Usage::

    /tmp/venv/bin/python benchmarks/robustness.py [--dir DIR] [--filter SUBSTR]
        [--jobs 2] [--timeout 600] [--builder html|text|latex] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _harness import (
    CORPUS,
    DEFAULT_EXTENSION,
    REPO_ROOT,
    child_env,
    crash_excerpt,
    crash_summary,
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

SUFFIXES = {".json", ".yaml", ".yml"}
DEFAULT_OUT = REPO_ROOT / "benchmarks" / "out" / "robustness"
LOG_PREFIX = "fail-"
# "$ref": "other.yaml#/x"  or  $ref: './other.yaml'  (not "#/..." and not a URL)
_EXTERNAL_REF = re.compile(
    r"""["']?\$ref["']?\s*:\s*["']?(?P<ref>(?![#"']|[a-zA-Z][\w+.-]*://)[^"'#\s,}]+)"""
)


@dataclass
class SpecResult:
    spec: str
    """Path relative to the scanned folder."""
    size: int
    returncode: int = 0
    wall_s: float = 0.0
    maxrss_bytes: int = 0
    cpu_s: float = 0.0
    timed_out: bool = False
    traceback: bool = False
    summary: str = ""
    warnings: Counter[str] = field(default_factory=Counter)
    apidocs: Counter[str] = field(default_factory=Counter)
    apidocs_without_location: int = 0
    samples: dict[str, str] = field(default_factory=dict)
    errors: int = 0
    log: str = ""
    findings_exit: bool = False
    """apicheck: exit status 1 means "findings at or above the threshold", and the
    reports were written -- not a failure of the build."""

    @property
    def failed(self) -> bool:
        if self.findings_exit and self.returncode == 1 and not self.traceback:
            return self.timed_out
        return self.timed_out or self.traceback or self.returncode != 0

    @property
    def status(self) -> str:
        if self.timed_out:
            return "TIMEOUT"
        if self.traceback:
            return "TRACEBACK" if self.returncode else "TRACEBACK(rc0)"
        if self.returncode == 1 and self.findings_exit:
            return "findings"
        if self.returncode:
            return f"EXIT {self.returncode}"
        return "ok"

    def to_json(self) -> dict[str, Any]:
        return {
            "spec": self.spec,
            "size": self.size,
            "status": self.status,
            "returncode": self.returncode,
            "wall_s": round(self.wall_s, 3),
            "cpu_s": round(self.cpu_s, 3),
            "maxrss_bytes": self.maxrss_bytes,
            "timed_out": self.timed_out,
            "traceback": self.traceback,
            "summary": self.summary,
            "warnings_by_type": dict(self.warnings.most_common()),
            "apidocs": dict(self.apidocs.most_common()),
            "apidocs_without_location": self.apidocs_without_location,
            "warning_samples": self.samples,
            "errors": self.errors,
            "log": self.log,
        }


def find_specs(root: Path, substr: str | None) -> list[Path]:
    specs = [
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SUFFIXES
        and not p.name.upper().startswith("LICENSE")
        and (substr is None or substr in str(p.relative_to(root)))
    ]
    return sorted(specs)


def referenced_files(spec: Path, root: Path) -> set[Path]:
    """Files reachable through relative ``$ref``s that stay inside *root*."""
    found: set[Path] = set()
    todo = [spec]
    while todo:
        current = todo.pop()
        try:
            text = current.read_text("utf-8", errors="replace")
        except OSError:
            continue
        for match in _EXTERNAL_REF.finditer(text):
            target = (current.parent / match["ref"]).resolve()
            if (
                target.is_file()
                and target not in found
                and target != spec
                and target.is_relative_to(root)
            ):
                found.add(target)
                todo.append(target)
    return found


def write_project(project: Path, spec: Path, root: Path, extension: str) -> None:
    """The spec (and its $ref files) under ``project/specs/<path from root>``."""
    specs_dir = project / "specs"
    for source in {spec, *referenced_files(spec, root)}:
        dest = specs_dir / source.relative_to(root)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
    rel = (specs_dir / spec.relative_to(root)).relative_to(project).as_posix()
    (project / "conf.py").write_text(
        "project = 'apidocs robustness'\n"
        f"extensions = [{extension!r}]\n"
        f"apidocs_specs = {{'spec': {rel!r}}}\n"
        "exclude_patterns = ['_build', 'specs']\n",
        "utf-8",
    )
    (project / "index.rst").write_text(rst_title(spec.name) + "\n.. api-spec:: spec\n", "utf-8")


def slug_for(rel: Path) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", rel.as_posix())


def build_one(
    spec: Path,
    root: Path,
    work: Path,
    out: Path,
    args: argparse.Namespace,
    ext_name: str,
    ext_paths: list[Path],
) -> SpecResult:
    rel = spec.relative_to(root)
    slug = slug_for(rel)
    project = work / slug
    if project.exists():
        shutil.rmtree(project)
    write_project(project, spec, root, ext_name)
    env = child_env(ext_paths, project / "tmp")
    cmd = sphinx_cmd(
        args.python,
        project,
        project / "_build" / args.builder,
        builder=args.builder,
        fresh_env=True,
    )
    result = run(
        cmd, cwd=project, env=env, log_dir=project / "logs", name="build", timeout=args.timeout
    )
    warnings = parse_warnings(result.stderr)
    res = SpecResult(
        spec=rel.as_posix(),
        size=spec.stat().st_size,
        returncode=result.returncode,
        wall_s=result.wall_s,
        maxrss_bytes=result.maxrss_bytes,
        cpu_s=result.cpu_s,
        timed_out=result.timed_out,
        findings_exit=(project / "_build" / args.builder / "apicheck.json").is_file(),
        traceback=has_crash_marker(result.stderr),
        warnings=warnings.by_type,
        apidocs=warnings.apidocs,
        apidocs_without_location=warnings.apidocs_without_location,
        samples=warnings.samples,
        errors=warnings.levels["ERROR"] + warnings.levels["CRITICAL"],
    )
    if res.failed:
        res.summary = (
            f"timed out after {args.timeout:g} s" if res.timed_out else crash_summary(result.stderr)
        )
        log = out / f"{LOG_PREFIX}{slug}.log"
        log.write_text(
            f"spec: {spec}\ncommand: {' '.join(cmd)}\nstatus: {res.status}\n"
            f"exit code: {res.returncode}\nwall: {res.wall_s:.1f} s\n"
            f"summary: {res.summary}\n\n--- first traceback lines ---\n"
            f"{crash_excerpt(result.stderr, args.traceback_lines)}\n\n"
            f"--- last 20 lines of stderr ---\n"
            + "\n".join(result.stderr.splitlines()[-20:])
            + "\n",
            "utf-8",
        )
        res.log = str(log)
    if not args.keep:
        shutil.rmtree(project, ignore_errors=True)
    return res


def report(results: list[SpecResult], args: argparse.Namespace, elapsed: float) -> str:
    lines: list[str] = []
    rows = []
    for r in sorted(results, key=lambda r: r.spec):
        top = fmt_counter(r.apidocs, 3)
        other = sum(v for k, v in r.warnings.items() if not k.startswith("apidocs."))
        rows.append(
            [
                r.spec if len(r.spec) <= 60 else "..." + r.spec[-57:],
                r.status,
                f"{r.wall_s:.1f}",
                str(sum(r.apidocs.values())),
                str(other),
                (top + (f" | {r.summary}" if r.summary else "")),
            ]
        )
    lines.append(format_table(rows, ["spec", "status", "sec", "apidocs", "other", "details"]))

    total_apidocs: Counter[str] = Counter()
    total_types: Counter[str] = Counter()
    for r in results:
        total_apidocs.update(r.apidocs)
        total_types.update(r.warnings)
    other_types = Counter({k: v for k, v in total_types.items() if not k.startswith("apidocs.")})
    tracebacks = sum(r.traceback for r in results)
    timeouts = sum(r.timed_out for r in results)
    nonzero = sum(r.returncode != 0 and not r.timed_out for r in results)
    failed = [r for r in results if r.failed]
    lines += [
        "",
        f"Totals (builder {args.builder}, {args.jobs} at once, timeout {args.timeout:g} s, "
        f"{elapsed:.0f} s elapsed, {load_note()} at the end)",
        format_table(
            [
                ["specs", str(len(results)), ""],
                ["ok", str(len(results) - len(failed)), ""],
                ["tracebacks", str(tracebacks), ""],
                ["timeouts", str(timeouts), ""],
                ["non-zero exits", str(nonzero), "(timeouts not counted)"],
                [
                    "apidocs warnings",
                    str(sum(total_apidocs.values())),
                    f"in {sum(bool(r.apidocs) for r in results)} specs; "
                    f"{sum(r.apidocs_without_location for r in results)} without location",
                ],
                [
                    "other warnings/errors",
                    str(sum(other_types.values())),
                    fmt_counter(other_types, 8),
                ],
                [
                    "peak RSS (max)",
                    fmt_bytes(max((r.maxrss_bytes for r in results), default=0)),
                    max(results, key=lambda r: r.maxrss_bytes).spec if results else "",
                ],
            ]
        ),
        "",
        "apidocs warnings by subtype:",
    ]
    lines += [f"  {count:6d}  {sub}" for sub, count in total_apidocs.most_common()] or ["  none"]
    lines += ["", "slowest 5:"]
    lines += [
        f"  {r.wall_s:7.1f} s  {r.spec} ({fmt_bytes(r.size)}, {r.status}, "
        f"CPU {r.cpu_s:.1f} s, RSS {fmt_bytes(r.maxrss_bytes)})"
        for r in sorted(results, key=lambda r: -r.wall_s)[:5]
    ]
    if failed:
        crash_kinds = Counter(_crash_kind(r.summary) for r in failed)
        lines += ["", f"failures ({len(failed)}), grouped by summary:"]
        lines += [f"  {count:3d}x  {summary}" for summary, count in crash_kinds.most_common()]
        lines += ["", f"logs: {failed[0].log and Path(failed[0].log).parent}"]
    return "\n".join(lines)


def _crash_kind(summary: str) -> str:
    """``KeyError: 'x' (at a.py:3 in f)`` -> ``KeyError (at a.py:3 in f)``."""
    match = re.match(r"^(?P<exc>[\w.]+)(?::.*)? (?P<at>\(at [^()]+\))$", summary)
    return f"{match['exc']} {match['at']}" if match else summary


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--dir",
        type=Path,
        default=CORPUS,
        help="folder scanned recursively (default ../shared/corpus)",
    )
    parser.add_argument("--filter", help="only specs whose relative path contains SUBSTR")
    parser.add_argument("--jobs", "-j", type=int, default=2, help="specs built at once (2)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=600,
        help="seconds per spec (600: one page with all of GitHub's 1,223 operations needs about 250 s)",
    )
    parser.add_argument("--builder", "-b", default="html", help="html (default), text, latex...")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="logs and summaries")
    parser.add_argument("--workdir", type=Path, help="where projects are built (default temp)")
    parser.add_argument("--keep", action="store_true", help="keep the built projects")
    parser.add_argument("--json", type=Path, help="also write summary JSON here")
    parser.add_argument("--traceback-lines", type=int, default=60, help="lines per failure log")
    parser.add_argument("--python", default=sys.executable, help="interpreter that runs sphinx")
    parser.add_argument(
        "--rerun-failed",
        action="store_true",
        help="only the specs that failed in the last run (OUT/summary.json)",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="no per-spec progress")
    parser.add_argument("--extension", default=DEFAULT_EXTENSION, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    root: Path = args.dir.resolve()
    specs = find_specs(root, args.filter)
    if args.rerun_failed:
        previous = json.loads((args.out / "summary.json").read_text("utf-8"))
        failed = {s["spec"] for s in previous["specs"] if s["status"] != "ok"}
        specs = [p for p in specs if p.relative_to(root).as_posix() in failed]
    if not specs:
        print(f"no specs under {root}" + (f" matching {args.filter!r}" if args.filter else ""))
        return 2
    ext_name, ext_paths = resolve_extension(args.extension)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(f"{LOG_PREFIX}*.log"):
        stale.unlink()

    tmp = None
    if args.workdir:
        work = args.workdir.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="apidocs-robustness-")
        work = Path(tmp)
    start = time.perf_counter()
    results: list[SpecResult] = []
    try:
        # Largest first: the long builds start early and the pool drains evenly.
        ordered = sorted(specs, key=lambda p: -p.stat().st_size)
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {
                pool.submit(build_one, spec, root, work, out, args, ext_name, ext_paths): spec
                for spec in ordered
            }
            for n, future in enumerate(as_completed(futures), 1):
                res = future.result()
                results.append(res)
                if not args.quiet:
                    print(
                        f"[{n}/{len(specs)}] {res.status:9} {res.wall_s:6.1f} s  {res.spec}"
                        + (f"  -- {res.summary}" if res.summary else ""),
                        file=sys.stderr,
                        flush=True,
                    )
    finally:
        if tmp and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    elapsed = time.perf_counter() - start

    text = report(results, args, elapsed)
    print(text)
    summary = {
        "root": str(root),
        "builder": args.builder,
        "extension": ext_name,
        "timeout_s": args.timeout,
        "jobs": args.jobs,
        "elapsed_s": round(elapsed, 1),
        "totals": {
            "specs": len(results),
            "failed": sum(r.failed for r in results),
            "tracebacks": sum(r.traceback for r in results),
            "timeouts": sum(r.timed_out for r in results),
            "nonzero_exits": sum(r.returncode != 0 and not r.timed_out for r in results),
        },
        "specs": [r.to_json() for r in sorted(results, key=lambda r: r.spec)],
    }
    (out / "summary.txt").write_text(text + "\n", "utf-8")
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    return 1 if any(r.failed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
