"""Start-up benchmark: a petstore-sized spec on one page, full build.

Measures the wall time of ``python -m sphinx -E -b html`` *including* the
interpreter and Sphinx start-up (target: < 3 s), best of ``--repeat`` (3).
For reference it also times the same project with the extension not loaded
and no directive ("sphinx floor"): the difference is what the extension costs.

Usage::

    /tmp/venv/bin/python benchmarks/bench_small.py [--spec PATH] [--repeat 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from _harness import (
    CORPUS,
    DEFAULT_EXTENSION,
    RunResult,
    child_env,
    crash_excerpt,
    crash_summary,
    fmt_bytes,
    fmt_counter,
    format_table,
    load_note,
    parse_warnings,
    resolve_extension,
    rst_title,
    run,
    sphinx_cmd,
)

TARGET_S = 3.0
SPEC_NAME = "petstore"


def default_spec() -> Path:
    """petstore.yaml from the ReadMe examples, else the smallest 3.0 file."""
    base = CORPUS / "oas-examples" / "3.0"
    preferred = base / "yaml" / "petstore.yaml"
    if preferred.is_file():
        return preferred
    candidates = [p for p in base.rglob("*") if p.suffix in {".yaml", ".yml", ".json"}]
    if not candidates:
        raise SystemExit(f"no spec found under {base}; pass --spec")
    return min(candidates, key=lambda p: p.stat().st_size)


def write_project(srcdir: Path, spec: Path | None, extension: str | None) -> None:
    srcdir.mkdir(parents=True, exist_ok=True)
    conf = "project = 'apidocs start-up benchmark'\nhtml_theme = 'alabaster'\n"
    body = "Nothing but text.\n"
    if extension is not None and spec is not None:
        shutil.copyfile(spec, srcdir / spec.name)
        conf += f"extensions = [{extension!r}]\napidocs_specs = {{{SPEC_NAME!r}: {spec.name!r}}}\n"
        body = f".. api-spec:: {SPEC_NAME}\n"
    (srcdir / "conf.py").write_text(conf, "utf-8")
    (srcdir / "index.rst").write_text(rst_title("Pet store") + "\n" + body, "utf-8")


def measure(
    python: str, work: Path, env: dict[str, str], repeat: int, label: str
) -> list[RunResult]:
    runs = []
    for i in range(repeat):
        cmd = sphinx_cmd(python, work / label, work / "_build" / label, fresh_env=True)
        runs.append(run(cmd, cwd=work, env=env, log_dir=work / "logs", name=f"{label}-{i + 1}"))
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, help="spec (default: petstore.yaml)")
    parser.add_argument("--workdir", type=Path, help="project/build dir (kept); default: temp dir")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    parser.add_argument("--repeat", type=int, default=3, help="best of N (default 3)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--python", default=sys.executable, help="interpreter that runs sphinx")
    parser.add_argument("--no-floor", action="store_true", help="skip the no-extension run")
    parser.add_argument("--extension", default=DEFAULT_EXTENSION, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    spec: Path = (args.spec or default_spec()).resolve()
    ext_name, ext_paths = resolve_extension(args.extension)
    tmp = None
    if args.workdir:
        work = args.workdir.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="apidocs-bench-small-")
        work = Path(tmp)
    try:
        env = child_env(ext_paths, work / "tmp")
        load = load_note()
        for label in ("ext", "floor"):
            shutil.rmtree(work / "_build" / label, ignore_errors=True)
        write_project(work / "ext", spec, ext_name)
        runs = measure(args.python, work, env, args.repeat, "ext")
        floor: list[RunResult] = []
        if not args.no_floor:
            write_project(work / "floor", None, None)
            floor = measure(args.python, work, env, args.repeat, "floor")
        return report(args, spec, ext_name, runs, floor, work, load)
    finally:
        if tmp and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def report(
    args: argparse.Namespace,
    spec: Path,
    ext_name: str,
    runs: list[RunResult],
    floor: list[RunResult],
    work: Path,
    load: str,
) -> int:
    best = min(runs, key=lambda r: r.wall_s)
    warnings = parse_warnings(runs[0].stderr)
    failures = [r for r in runs + floor if r.crashed]
    html = work / "_build" / "ext" / "index.html"
    html_bytes = html.stat().st_size if html.is_file() else 0
    rows = [
        [
            "full build -E (with start-up)",
            f"{best.wall_s:.2f} s",
            ("OK" if best.wall_s < TARGET_S else "ABOVE")
            + f" target < {TARGET_S:.0f} s; runs: "
            + ", ".join(f"{r.wall_s:.2f}" for r in runs),
        ],
    ]
    result: dict[str, Any] = {
        "spec": str(spec),
        "spec_bytes": spec.stat().st_size,
        "extension": ext_name,
        "repeat": args.repeat,
        "full_build_s": round(best.wall_s, 3),
        "runs_s": [round(r.wall_s, 3) for r in runs],
        "cpu_s": round(min(r.cpu_s for r in runs), 3),
        "load_at_start": load,
        "target_s": TARGET_S,
        "peak_rss_bytes": max(r.maxrss_bytes for r in runs),
        "html_bytes": html_bytes,
        "exit_codes": [r.returncode for r in runs],
        "warnings": warnings.to_json(),
        "ok": not failures and best.wall_s < TARGET_S,
    }
    if floor:
        fbest = min(floor, key=lambda r: r.wall_s)
        rows.append(
            [
                "sphinx floor (no extension)",
                f"{fbest.wall_s:.2f} s",
                f"extension cost {best.wall_s - fbest.wall_s:+.2f} s",
            ]
        )
        result["floor_s"] = round(fbest.wall_s, 3)
    rows += [
        ["CPU (user+sys)", f"{min(r.cpu_s for r in runs):.2f} s", "best run"],
        ["peak RSS", fmt_bytes(result["peak_rss_bytes"]), ""],
        ["index.html", fmt_bytes(html_bytes), ""],
        ["exit codes", " ".join(str(r.returncode) for r in runs), ""],
        ["warnings", str(warnings.total), fmt_counter(warnings.by_type)],
    ]
    print(
        f"\nSmall spec: {spec.name} ({fmt_bytes(spec.stat().st_size)}), "
        f"best of {args.repeat}, extension {ext_name}, {load}"
    )
    print(format_table(rows, ["metric", "value", "notes"]))
    shown: set[str] = set()
    for r in failures:
        summary = crash_summary(r.stderr)
        print(f"\nFAILED (exit {r.returncode}): {summary}")
        if summary not in shown:
            shown.add(summary)
            print(crash_excerpt(r.stderr, 40))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
