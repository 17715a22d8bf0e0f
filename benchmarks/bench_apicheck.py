"""Time ``sphinx-build -b apicheck`` against ``redocly lint`` on GitHub's REST API.

Generates the same project as bench_github.py (index + one page per tag, each
``.. api-spec:: github`` with ``:tags: <tag>``, the spec copied into it) and
runs, in the same run and alternately, ``--repeat`` times each:

* ``python -m sphinx -b apicheck -E src out`` (every rule on, default config);
* ``redocly lint <the same JSON file> --format=json`` with a ``redocly.yaml``
  that extends ``recommended`` (Redocly's default ruleset), Node start-up
  included, as a user runs it.

Printed: best wall time and CPU time (user + system) of each, their ratio
apicheck / redocly (target <= 0.5), peak RSS of each (target for apicheck:
<= 1 GB), the number of findings of each (by rule), and the figures of the
extension's ``apidocs-stats.json`` (loading and checking seconds).
``--profile FILE`` also runs apicheck once under cProfile and prints the top
cumulative entries of ``sphinxext_apidocs`` and Sphinx.

Usage::

    /tmp/venv/bin/python benchmarks/bench_apicheck.py [--repeat 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from _harness import (
    DEFAULT_EXTENSION,
    RunResult,
    child_env,
    crash_excerpt,
    crash_summary,
    fmt_bytes,
    fmt_counter,
    format_table,
    has_crash_marker,
    load_note,
    resolve_extension,
    run,
    sphinx_cmd,
)
from bench_github import DEFAULT_SPEC, count_operations, spec_tags, write_project

TIME_TARGET = 0.5
"""apicheck wall (and CPU) time / redocly's."""
RSS_TARGET = 1024**3
NPX_REDOCLY = "npx --yes @redocly/cli@latest"
REDOCLY_CONFIG = "extends:\n  - recommended\n"
MAX_PROBLEMS = 1_000_000
"""``--max-problems``: Redocly prints only the first 100 problems by default."""


def redocly_command(value: str | None) -> list[str]:
    """``--redocly``, else an installed ``redocly``, else ``npx --yes @redocly/cli@latest``."""
    if value:
        return shlex.split(value)
    found = shutil.which("redocly")
    return [found] if found else shlex.split(NPX_REDOCLY)


def redocly_env() -> dict[str, str]:
    """No telemetry, no update check (both network calls), no colour."""
    env = dict(os.environ)
    env.update(REDOCLY_TELEMETRY="off", REDOCLY_SUPPRESS_UPDATE_NOTICE="true", NO_COLOR="1")
    return env


def redocly_lint_cmd(base: list[str], spec: Path, config: Path) -> list[str]:
    return [
        *base,
        "lint",
        str(spec),
        "--format=json",
        f"--max-problems={MAX_PROBLEMS}",
        f"--config={config}",
    ]


def write_redocly_config(folder: Path) -> Path:
    path = folder / "redocly.yaml"
    path.write_text(REDOCLY_CONFIG, "utf-8")
    return path


def redocly_version(base: list[str], env: dict[str, str]) -> str:
    import subprocess

    try:
        out = subprocess.run(
            [*base, "--version"], capture_output=True, text=True, env=env, timeout=300
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"? ({exc})"
    return out.stdout.strip().splitlines()[-1] if out.stdout.strip() else "?"


def apicheck_failed(result: RunResult) -> bool:
    """Exit 1 is "findings at or above fail_on", not a crash."""
    return result.timed_out or result.returncode not in (0, 1) or has_crash_marker(result.stderr)


def redocly_failed(result: RunResult) -> bool:
    if result.timed_out or result.returncode not in (0, 1):
        return True
    return read_redocly(result.stdout) is None


def read_redocly(stdout: str) -> dict[str, Any] | None:
    """Redocly's ``--format=json`` report (``totals``, ``problems``), or None."""
    start = stdout.find("{")
    if start < 0:
        return None
    try:
        data = json.loads(stdout[start:])
    except ValueError:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("problems"), list) else None


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def redocly_counts(report: dict[str, Any] | None) -> Counter[str]:
    return Counter(str(p.get("ruleId")) for p in (report or {}).get("problems", []))


def apicheck_counts(report: dict[str, Any] | None) -> Counter[str]:
    return Counter(str(f.get("rule")) for f in (report or {}).get("findings", []))


def profile(
    python: str, srcdir: Path, outdir: Path, prof: Path, env: dict[str, str], logs: Path
) -> str:
    """One apicheck run under cProfile; the top cumulative entries of ours and Sphinx."""
    prof.parent.mkdir(parents=True, exist_ok=True)
    cmd = [python, "-m", "cProfile", "-o", str(prof), "-m", "sphinx", "-b", "apicheck"]
    cmd += ["-N", "-T", "-E", str(srcdir), str(outdir)]
    result = run(cmd, cwd=srcdir.parent, env=env, log_dir=logs, name="profile")
    if not prof.exists():
        return f"profile failed (exit {result.returncode}): {crash_summary(result.stderr)}"
    return profile_report(
        prof, f"profiled run: {result.wall_s:.1f} s wall (cProfile exits 0 whatever Sphinx returns)"
    )


def profile_report(prof: Path, title: str, limit: int = 15) -> str:
    """The top *limit* cumulative entries within ``sphinxext_apidocs`` and ``sphinx``, then
    within ``sphinxext_apidocs`` alone (Sphinx's driver frames fill the first list)."""
    import pstats

    stats = pstats.Stats(str(prof))
    entries = []
    for (filename, line, func), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        norm = filename.replace(os.sep, "/")
        for package in ("sphinxext_apidocs/", "sphinx/"):
            idx = norm.rfind(package)
            if idx >= 0:
                entries.append((cumtime, tottime, ncalls, f"{norm[idx:]}:{line}({func})"))
                break
    entries.sort(reverse=True)
    total = stats.total_tt  # type: ignore[attr-defined]
    out = [f"{title}; {total:.1f} s under the profiler ({prof})"]
    for label, chosen in (
        ("sphinxext_apidocs and sphinx", entries),
        ("sphinxext_apidocs", [e for e in entries if e[3].startswith("sphinxext_apidocs/")]),
    ):
        rows = [
            [f"{cum:.2f}", f"{tot:.2f}", str(n), where] for cum, tot, n, where in chosen[:limit]
        ]
        out.append(f"\ntop {limit} cumulative within {label}:")
        out.append(format_table(rows, ["cumtime", "tottime", "ncalls", "function"]))
    return "\n".join(out)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="spec to check (JSON)")
    parser.add_argument("--workdir", type=Path, help="project/build dir (kept); default: temp dir")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    parser.add_argument("--repeat", type=int, default=1, help="best of N per tool (default 1)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--python", default=sys.executable, help="interpreter that runs sphinx")
    parser.add_argument(
        "--redocly",
        help=f"command that runs Redocly CLI (default: `redocly` on PATH, else `{NPX_REDOCLY}`)",
    )
    parser.add_argument("--no-redocly", action="store_true", help="time apicheck only")
    parser.add_argument(
        "--profile", type=Path, metavar="FILE", help="also profile one apicheck run into FILE"
    )
    parser.add_argument("--timeout", type=float, default=1800, help="per run (s)")
    parser.add_argument("--extension", default=DEFAULT_EXTENSION, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    spec_path: Path = args.spec.resolve()
    spec = json.loads(spec_path.read_text("utf-8"))
    tmp = None
    if args.workdir:
        work = args.workdir.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="apidocs-bench-apicheck-")
        work = Path(tmp)
    try:
        return _bench(args, work, spec_path, spec)
    finally:
        if tmp and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp:
            print(f"kept {tmp}", file=sys.stderr)


def _bench(args: argparse.Namespace, work: Path, spec_path: Path, spec: dict[str, Any]) -> int:
    ext_name, ext_paths = resolve_extension(args.extension)
    srcdir, outdir, logs = work / "src", work / "_build" / "apicheck", work / "logs"
    if outdir.exists():
        shutil.rmtree(outdir)
    tags = spec_tags(spec)
    pages = write_project(srcdir, spec_path, tags, ext_name)
    spec_copy = srcdir / spec_path.name
    env = child_env(ext_paths, work / "tmp")
    r_env = redocly_env()
    r_base = redocly_command(args.redocly)
    r_config = write_redocly_config(work)
    r_version = "" if args.no_redocly else redocly_version(r_base, r_env)
    n_ops = count_operations(spec)
    print(
        f"apicheck vs redocly: {spec_path.name} ({fmt_bytes(spec_path.stat().st_size)}, "
        f"{n_ops} operations, {len(pages)} tag pages), best of {args.repeat}; "
        f"redocly {r_version or '-'}: {shlex.join(r_base)}",
        file=sys.stderr,
    )

    load = load_note()
    a_runs: list[RunResult] = []
    r_runs: list[RunResult] = []
    for i in range(args.repeat):
        cmd = sphinx_cmd(args.python, srcdir, outdir, builder="apicheck", fresh_env=True)
        print(f"  apicheck {i + 1}/{args.repeat} ...", file=sys.stderr, flush=True)
        a_runs.append(
            run(
                cmd, cwd=work, env=env, log_dir=logs, name=f"apicheck-{i + 1}", timeout=args.timeout
            )
        )
        print(f"    {a_runs[-1].wall_s:.1f} s, exit {a_runs[-1].returncode}", file=sys.stderr)
        if args.no_redocly:
            continue
        cmd = redocly_lint_cmd(r_base, spec_copy, r_config)
        print(f"  redocly {i + 1}/{args.repeat} ...", file=sys.stderr, flush=True)
        r_runs.append(
            run(
                cmd,
                cwd=work,
                env=r_env,
                log_dir=logs,
                name=f"redocly-{i + 1}",
                timeout=args.timeout,
            )
        )
        print(f"    {r_runs[-1].wall_s:.1f} s, exit {r_runs[-1].returncode}", file=sys.stderr)

    a_report = read_json(outdir / "apicheck.json")
    a_stats = read_json(outdir / "apidocs-stats.json") or {}
    r_report = read_redocly(r_runs[-1].stdout) if r_runs else None
    a_rules, r_rules = apicheck_counts(a_report), redocly_counts(r_report)
    a_best = min(a_runs, key=lambda r: r.wall_s)
    a_cpu = min(r.cpu_s for r in a_runs)
    a_rss = max(r.maxrss_bytes for r in a_runs)
    a_fail = [r for r in a_runs if apicheck_failed(r)]
    r_fail = [r for r in r_runs if redocly_failed(r)]

    results: dict[str, Any] = {
        "spec": str(spec_path),
        "spec_bytes": spec_path.stat().st_size,
        "operations": n_ops,
        "tag_pages": len(pages),
        "repeat": args.repeat,
        "load_at_start": load,
        "apicheck": {
            "wall_s": round(a_best.wall_s, 3),
            "cpu_s": round(a_cpu, 3),
            "peak_rss_bytes": a_rss,
            "runs_s": [round(r.wall_s, 3) for r in a_runs],
            "exit_codes": [r.returncode for r in a_runs],
            "findings": len((a_report or {}).get("findings", [])) if a_report else None,
            "totals": (a_report or {}).get("totals"),
            "coverage": (a_report or {}).get("coverage"),
            "stats": a_stats,
        },
        "targets": {"time_ratio": TIME_TARGET, "apicheck_rss_bytes": RSS_TARGET},
        "ok": not a_fail and not r_fail,
    }
    rows = [
        ["apicheck wall", f"{a_best.wall_s:.2f} s", _times(a_runs)],
        ["apicheck CPU", f"{a_cpu:.2f} s", "user+sys"],
        [
            "apicheck peak RSS",
            fmt_bytes(a_rss),
            "OK" if a_rss <= RSS_TARGET else f"above target {fmt_bytes(RSS_TARGET)}",
        ],
        [
            "apicheck findings",
            str(results["apicheck"]["findings"]),
            fmt_counter(a_rules, 8) + f"; exit {' '.join(str(r.returncode) for r in a_runs)}",
        ],
        [
            "  apidocs-stats",
            f"load {a_stats.get('load_seconds', '?')} s",
            f"check {a_stats.get('check_seconds', '?')} s, render "
            f"{a_stats.get('render_seconds', '?')} s, total in Sphinx "
            f"{a_stats.get('total_seconds', '?')} s; {a_stats.get('spec_loads', '?')} loads, "
            f"{a_stats.get('spec_cache_hits', '?')} cache hits",
        ],
    ]
    if r_runs:
        r_best = min(r_runs, key=lambda r: r.wall_s)
        r_cpu = min(r.cpu_s for r in r_runs)
        r_rss = max(r.maxrss_bytes for r in r_runs)
        ratio = a_best.wall_s / r_best.wall_s if r_best.wall_s else float("inf")
        ratio_cpu = a_cpu / r_cpu if r_cpu else float("inf")
        results["redocly"] = {
            "command": r_base,
            "version": r_version,
            "wall_s": round(r_best.wall_s, 3),
            "cpu_s": round(r_cpu, 3),
            "peak_rss_bytes": r_rss,
            "runs_s": [round(r.wall_s, 3) for r in r_runs],
            "exit_codes": [r.returncode for r in r_runs],
            "findings": len(r_report["problems"]) if r_report else None,
            "totals": (r_report or {}).get("totals"),
            "by_rule": dict(r_rules.most_common()),
        }
        results["ratio_wall"] = round(ratio, 3)
        results["ratio_cpu"] = round(ratio_cpu, 3)
        rows += [
            ["redocly wall", f"{r_best.wall_s:.2f} s", _times(r_runs)],
            ["redocly CPU", f"{r_cpu:.2f} s", "user+sys (Node)"],
            ["redocly peak RSS", fmt_bytes(r_rss), ""],
            [
                "redocly findings",
                str(results["redocly"]["findings"]),
                fmt_counter(r_rules, 8) + f"; exit {' '.join(str(r.returncode) for r in r_runs)}",
            ],
            [
                "ratio apicheck/redocly",
                f"{ratio:.2f}",
                ("OK" if ratio <= TIME_TARGET else f"above target {TIME_TARGET}")
                + f" (wall; CPU {ratio_cpu:.2f})",
            ],
        ]
    print()
    print(
        f"apicheck vs redocly lint: {spec_path.name}, {n_ops} operations, {len(pages)} pages, "
        f"best of {args.repeat}, {load}"
    )
    print(format_table(rows, ["metric", "value", "notes"]))
    for label, fails in (("apicheck", a_fail), ("redocly", r_fail)):
        for r in fails[:1]:
            print(f"\n{label} FAILED (exit {r.returncode}): {crash_summary(r.stderr)}")
            print(crash_excerpt(r.stderr, 40))
    if args.profile:
        report = profile(
            args.python, srcdir, work / "_build" / "profile", args.profile.resolve(), env, logs
        )
        print()
        print(report)
        results["profile"] = report
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0 if results["ok"] else 1


def _times(runs: list[RunResult]) -> str:
    return "runs: " + ", ".join(f"{r.wall_s:.2f}" for r in runs) if len(runs) > 1 else ""


if __name__ == "__main__":
    sys.exit(main())
