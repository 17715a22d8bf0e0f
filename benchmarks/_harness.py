"""Shared plumbing for the benchmark and robustness scripts (stdlib only).

Runs ``python -m sphinx`` in a child process, measures its wall time and peak
RSS, and parses its stderr for warnings and crashes.  Nothing here imports
Sphinx or the extension: they only ever run in the child process.
"""

from __future__ import annotations

import atexit
import compileall
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS = REPO_ROOT.parent / "shared" / "corpus"
DEFAULT_EXTENSION = "sphinxext_apidocs"

# A warning/error record as Sphinx prints it: ``[location: ]LEVEL: message``.
_RECORD_START = re.compile(
    r"^(?:(?P<loc>\S.*?): )?(?P<level>WARNING|ERROR|CRITICAL|SEVERE): ", re.MULTILINE
)
# Sphinx (>= 8, show_warning_types) appends ``[type.subtype]`` to the message.
_TYPE_SUFFIX = re.compile(r"\[(?P<type>[A-Za-z][\w-]*(?:\.[\w-]+)*)\][ \t]*$", re.MULTILINE)
_APIDOCS = re.compile(r"\[apidocs\.(?P<sub>[\w.-]+)\]")  # apicheck: check.<rule>
_LOC_WITH_LINE = re.compile(r":\d+$")
_CRASH_MARKERS = (
    "Traceback (most recent call last)",
    "Exception occurred",
    "Sphinx error",
    "Extension error",
    "Recursion error",
    "Encoding error",
    "reStructuredText markup error",
    "The full traceback has been saved in",
)
_ENV_UPDATE = re.compile(
    r"updating environment: (?:\[[^\]]*\] )?(?P<added>\d+) added, "
    r"(?P<changed>\d+) changed, (?P<removed>\d+) removed"
)


@dataclass
class RunResult:
    """One finished (or killed) child process."""

    cmd: list[str]
    returncode: int
    wall_s: float
    maxrss_bytes: int
    stdout: str
    stderr: str
    timed_out: bool = False
    cpu_s: float = 0.0
    """User + system CPU time of the child and the descendants it reaped."""

    @property
    def crashed(self) -> bool:
        """A traceback, a Sphinx error banner, a timeout, or a non-zero exit."""
        return self.timed_out or self.returncode != 0 or has_crash_marker(self.stderr)


@dataclass
class Warnings:
    """Warnings/errors found in a Sphinx stderr."""

    by_type: Counter[str] = field(default_factory=Counter)
    """Every record, keyed by its ``[type.subtype]`` (``(untyped)`` if none)."""
    apidocs: Counter[str] = field(default_factory=Counter)
    """``apidocs`` records by subtype."""
    levels: Counter[str] = field(default_factory=Counter)
    """Records by level: WARNING, ERROR, CRITICAL."""
    apidocs_without_location: int = 0
    apidocs_without_line: int = 0
    samples: dict[str, str] = field(default_factory=dict)
    """The first line of the first record of each type."""

    @property
    def total(self) -> int:
        return sum(self.levels.values())

    def to_json(self) -> dict[str, object]:
        return {
            "total": self.total,
            "levels": dict(self.levels.most_common()),
            "by_type": dict(self.by_type.most_common()),
            "apidocs": dict(self.apidocs.most_common()),
            "apidocs_without_location": self.apidocs_without_location,
            "apidocs_without_line": self.apidocs_without_line,
            "samples": self.samples,
        }


def parse_warnings(stderr: str) -> Warnings:
    """Count the warning records of a Sphinx run by level and type."""
    result = Warnings()
    starts = list(_RECORD_START.finditer(stderr))
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(stderr)
        record = stderr[match.start() : end]
        result.levels[match["level"]] += 1
        suffix = _TYPE_SUFFIX.search(record)
        kind = suffix["type"] if suffix else "(untyped)"
        result.by_type[kind] += 1
        if kind not in result.samples:
            result.samples[kind] = record.splitlines()[0][:300]
        sub = _APIDOCS.search(record)
        if sub is not None:
            result.apidocs[sub["sub"]] += 1
            loc = match["loc"]
            if not loc:
                result.apidocs_without_location += 1
                result.apidocs_without_line += 1
            elif not _LOC_WITH_LINE.search(loc):
                result.apidocs_without_line += 1
    return result


def has_crash_marker(stderr: str) -> bool:
    return any(marker in stderr for marker in _CRASH_MARKERS)


def crash_excerpt(stderr: str, max_lines: int = 60) -> str:
    """The first traceback (or error banner) of a stderr, cut to *max_lines*."""
    lines = stderr.splitlines()
    start = None
    for marker in ("Traceback (most recent call last)", *_CRASH_MARKERS):
        for i, line in enumerate(lines):
            if marker in line:
                start = i
                break
        if start is not None:
            break
    if start is None:
        return "\n".join(lines[-max_lines:])
    return "\n".join(lines[start : start + max_lines])


def crash_summary(stderr: str) -> str:
    """One line naming the exception, e.g. ``KeyError: 'x' (at render/foo.py:12)``."""
    lines = [line.strip() for line in stderr.splitlines()]
    exc_line = ""
    where = ""
    exc_re = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Interrupt|Exit|Warning)\b.*)$")
    frame_re = re.compile(r'^File "([^"]+)", line (\d+), in (\S+)')
    last_frame_ours = ""
    for line in lines:
        frame = frame_re.match(line)
        if frame:
            path = frame[1]
            where = f"{Path(path).name}:{frame[2]} in {frame[3]}"
            if "sphinxext_apidocs" in path or "fake_apidocs" in path:
                idx = path.find("sphinxext_apidocs")
                shown = path[idx:] if idx >= 0 else Path(path).name
                last_frame_ours = f"{shown}:{frame[2]} in {frame[3]}"
        elif exc_re.match(line) and not exc_line:
            exc_line = line
    if not exc_line:
        for marker in _CRASH_MARKERS:
            for line in lines:
                if marker in line:
                    exc_line = line
                    break
            if exc_line:
                break
    at = last_frame_ours or where
    text = exc_line or "(no exception text)"
    if len(text) > 160:
        text = text[:157] + "..."
    return f"{text} (at {at})" if at else text


def env_update_counts(stdout: str) -> tuple[int, int, int] | None:
    """The ``updating environment: N added, M changed, K removed`` figures."""
    match = _ENV_UPDATE.search(stdout)
    if match is None:
        return None
    return int(match["added"]), int(match["changed"]), int(match["removed"])


_INSTALLED: list[Path] = []


def installed_package() -> Path:
    """A directory holding a copy of the package with its bytecode compiled, as
    ``pip install`` leaves it; made once per run of a script, removed at its end.

    The children run with ``PYTHONDONTWRITEBYTECODE=1`` (nothing is written into the
    repository), so from the repository itself every child would compile the package
    from source first: 0.2 s of each start-up that no installed copy pays.  The
    bytecode is this interpreter's (a ``--python`` of another version compiles).
    """
    if not _INSTALLED:
        root = Path(tempfile.mkdtemp(prefix="apidocs-site-"))
        atexit.register(shutil.rmtree, root, True)
        package = root / "sphinxext_apidocs"
        ignore = shutil.ignore_patterns("__pycache__")
        shutil.copytree(REPO_ROOT / "sphinxext_apidocs", package, ignore=ignore)
        compileall.compile_dir(package, quiet=1)
        _INSTALLED.append(root)
    return _INSTALLED[0]


def child_env(extension_paths: list[Path], tmpdir: Path) -> dict[str, str]:
    """Environment for the Sphinx child: the compiled copy of the package (and any
    stand-in) on PYTHONPATH.

    ``TMPDIR`` points into the work dir so that Sphinx's crash report
    (``sphinx-err-*.log``) does not land in the system temp dir.
    """
    env = dict(os.environ)
    paths = [str(p) for p in extension_paths] + [str(installed_package())]
    if env.get("PYTHONPATH"):
        paths.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    tmpdir.mkdir(parents=True, exist_ok=True)
    env["TMPDIR"] = str(tmpdir)
    env["NO_COLOR"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("SPHINXOPTS", None)
    return env


def resolve_extension(value: str) -> tuple[str, list[Path]]:
    """``--extension``: a module name, or a path to a module file or package dir.

    Returns the module name and the directories to put on PYTHONPATH.
    """
    if os.sep in value or value.endswith(".py"):
        path = Path(value).resolve()
        name = path.stem if path.suffix == ".py" else path.name
        return name, [path.parent]
    return value, []


def _maxrss_bytes(ru_maxrss: int) -> int:
    # Linux reports kilobytes, macOS bytes.
    return ru_maxrss if sys.platform == "darwin" else ru_maxrss * 1024


def run(
    cmd: list[str],
    *,
    cwd: Path,
    env: dict[str, str],
    log_dir: Path,
    name: str,
    timeout: float | None = None,
) -> RunResult:
    """Run *cmd*, returning its exit code, wall time and peak RSS.

    stdout/stderr go to ``log_dir/name.stdout|stderr`` (no pipe deadlocks on
    huge outputs).  The child is reaped with ``os.wait4`` so the resource usage
    is exactly this child's: on Linux, ``ru_maxrss`` of a reaped child is the
    peak RSS of the largest single process in its tree (the child itself or
    any descendant it reaped, e.g. ``-j`` workers), not the sum of them.
    On timeout the whole process group is killed.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    out_path = log_dir / f"{name}.stdout"
    err_path = log_dir / f"{name}.stderr"
    timed_out = threading.Event()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

        def kill() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer is not None:
            timer.daemon = True
            timer.start()
        try:
            while True:
                try:
                    _pid, status, usage = os.wait4(proc.pid, 0)
                    break
                except InterruptedError:  # pragma: no cover - PEP 475 retries
                    continue
        finally:
            if timer is not None:
                timer.cancel()
        wall = time.perf_counter() - start
        returncode = os.waitstatus_to_exitcode(status)
        proc.returncode = returncode  # already reaped: keep Popen from waiting
    return RunResult(
        cmd=cmd,
        returncode=returncode,
        wall_s=wall,
        maxrss_bytes=_maxrss_bytes(usage.ru_maxrss),
        stdout=out_path.read_text("utf-8", errors="replace"),
        stderr=err_path.read_text("utf-8", errors="replace"),
        timed_out=timed_out.is_set(),
        cpu_s=usage.ru_utime + usage.ru_stime,
    )


def sphinx_cmd(
    python: str,
    srcdir: Path,
    outdir: Path,
    *,
    builder: str = "html",
    fresh_env: bool = True,
    write_all: bool = False,
    jobs: int = 1,
) -> list[str]:
    """``python -m sphinx`` with full tracebacks (-T) and no colour (-N)."""
    cmd = [python, "-m", "sphinx", "-b", builder, "-N", "-T"]
    if fresh_env:
        cmd.append("-E")
    if write_all:
        cmd.append("-a")
    if jobs != 1:
        cmd += ["-j", str(jobs)]
    cmd += [str(srcdir), str(outdir)]
    return cmd


def load_note() -> str:
    """``load 1.2 on 2 CPUs``: wall times are only comparable on an idle machine."""
    try:
        load = os.getloadavg()[0]
    except OSError:  # pragma: no cover - not on every platform
        return "load ?"
    return f"load {load:.1f} on {os.cpu_count()} CPUs"


def rst_title(text: str, char: str = "=") -> str:
    line = char * max(len(text), 3)
    return f"{text}\n{line}\n"


def fmt_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"  # pragma: no cover


def fmt_counter(counter: Counter[str], limit: int = 0) -> str:
    items = counter.most_common(limit or None)
    return ", ".join(f"{k} {v}" for k, v in items) or "-"


def format_table(rows: list[list[str]], header: list[str] | None = None) -> str:
    """A plain-text table; the last column is left free (not padded)."""
    all_rows = ([header] if header else []) + rows
    if not all_rows:
        return ""
    ncols = max(len(r) for r in all_rows)
    widths = [0] * ncols
    for row in all_rows:
        for i, cell in enumerate(row[:-1]):
            widths[i] = max(widths[i], len(cell))
    lines = []
    for j, row in enumerate(all_rows):
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])] + [row[-1]]
        lines.append("  ".join(cells).rstrip())
        if header and j == 0:
            lines.append("  ".join("-" * max(w, 1) for w in widths[: ncols - 1]) + "  " + "-" * 8)
    return "\n".join(lines)


def corpus_specs(folder: Path, contains: str = "") -> list[Path]:
    """The spec files under ``folder`` (JSON and YAML, licences aside) whose path holds ``contains``."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix in (".json", ".yaml", ".yml")
        and contains in str(p)
        and not p.name.startswith("LICENSE")
    )
