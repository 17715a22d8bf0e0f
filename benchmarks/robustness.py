"""Build every spec of a folder with sphinxext_apidocs; report crashes and warnings.

Each spec (``*.json``, ``*.yaml``, ``*.yml`` found recursively; LICENSE files
skipped) becomes its own small Sphinx project -- ``index.rst`` holding
``.. api-spec:: spec`` and the spec copied into the project dir (plus any
relative ``$ref`` files it names, at the same relative place) -- built by
``python -m sphinx -E -T`` in a child process with a timeout.  ``--jobs``
projects are built at once.  A spec larger than ``--site-over`` bytes (20 MB)
is built as the manual tells its users to build one that size: a page tree
(``apidocs_pages``), its index in ``index.rst``'s toctree.

Per spec: exit code, wall time, timeout, traceback / ``Exception occurred`` /
``Sphinx error``, warnings by subtype.  Totals: specs, tracebacks, timeouts,
non-zero exits, warnings by subtype, slowest specs.  A log with the first
traceback lines of each failure is written under ``--out``, with
``summary.txt`` and ``summary.json``.  Exit status 1 if anything crashed.

With ``--mutate N --seed S`` each spec (up to ``--mutate-max-size`` bytes)
is also built as N mutated copies: the parsed JSON/YAML with 1 to
``--mutations`` random changes (a key or item deleted, a value of another
type, a ``$ref`` to an ancestor, a missing pointer, a file outside the project
or a URL, a subtree duplicated under a sibling), written as JSON under the
spec's own name.  Mutant ``i`` of ``path`` is drawn from
``random.Random(f"{seed}:{path}:{i}")``, so ``--filter PATH --seed S --mutant I``
builds it again.  Mutated builds are counted apart; their HTML must not hold
the live ``<script>`` payload nor the text of the file planted outside the
project.  (PyYAML is needed for this mode only.)

Usage::

    /tmp/venv/bin/python benchmarks/robustness.py [--dir DIR] [--filter SUBSTR]
        [--jobs 2] [--timeout 600] [--builder html|text|latex] [--out DIR]
        [--mutate N --seed S [--only-mutated] [--mutations 3] [--mutate-max-size BYTES]]
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import shlex
import shutil
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

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

# -- mutations ------------------------------------------------------------------------

MUTATION_KINDS = (
    "delete",
    "type",
    "ref-ancestor",
    "ref-missing",
    "ref-outside",
    "ref-remote",
    "duplicate",
)
DEFAULT_MUTATE_MAX_SIZE = 5_000_000
"""Larger specs are not mutated: only GitHub's REST API (13 MB; one page with all
1,223 operations takes 100-200 s and 3 GB).  The next largest, EC2 (4.7 MB), takes 25 s."""
OUTSIDE_FILE = "outside.yaml"
"""Planted in the work dir, beside the projects: outside every one of them."""
OUTSIDE_MARKER = "APIDOCS-OUTSIDE-SECRET"
SCRIPT_PAYLOAD = "<script>alert(1)</script>"
CONTROL_TEXT = (
    "ctl\x00\x01\x07\x08\x0b\x0c\x1b[31mred\x1b[0m\x7f\u0085 "
    "bidi \u202eevil\u202c \u2066iso\u2069 \u200b\u200e\u200f\ufeff\ufffe end\r\n\t"
)
TYPE_VALUES: tuple[tuple[str, Any], ...] = (
    ("null", lambda: None),
    ("true", lambda: True),
    ("false", lambda: False),
    ("10**30", lambda: 10**30),
    ("-1", lambda: -1),
    ("-2.5", lambda: -2.5),
    ("[]", lambda: []),
    ("{}", lambda: {}),
    ("'W'*10000", lambda: "W" * 10_000),
    ("control/bidi text", lambda: CONTROL_TEXT),
    (repr(SCRIPT_PAYLOAD), lambda: SCRIPT_PAYLOAD),
)
_DESCEND = 0.5
"""Share of targets picked by a random walk from the root (stopping at each level
with probability ``_STOP``): it favours the structure (``paths``, operations,
``components``); the rest are picked uniformly among all nodes (mostly leaves)."""
_STOP = 0.3

JsonPath = tuple[str | int, ...]


class Job(NamedTuple):
    spec: Path
    mutant: int | None = None
    """``None``: the spec as it is; ``i``: its mutant number ``i``."""
    seed: int = 0


def json_pointer(path: JsonPath) -> str:
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in path)


def _children(node: Any) -> list[tuple[str | int, Any]]:
    if isinstance(node, dict):
        return list(node.items())
    if isinstance(node, list):
        return list(enumerate(node))
    return []


def _walk_path(rng: random.Random, data: Any) -> JsonPath | None:
    path: JsonPath = ()
    node = data
    while True:
        kids = _children(node)
        if not kids or (path and rng.random() < _STOP):
            return path or None
        key, node = rng.choice(kids)
        path += (key,)


def _uniform_path(rng: random.Random, data: Any) -> JsonPath | None:
    """A node other than the root, each with the same chance (reservoir sampling)."""
    chosen: JsonPath | None = None
    seen = 0
    stack: list[tuple[JsonPath, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if path:
            seen += 1
            if rng.randrange(seen) == 0:
                chosen = path
        stack.extend(((*path, k), v) for k, v in _children(node))
    return chosen


def _short(text: str, limit: int = 160) -> str:
    text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def mutate(data: Any, rng: random.Random, count: int, outside_ref: str) -> list[str]:
    """Apply ``count`` random mutations to ``data`` in place; describe each."""
    done: list[str] = []
    for _ in range(count):
        kind = rng.choice(MUTATION_KINDS)
        path = _walk_path(rng, data) if rng.random() < _DESCEND else _uniform_path(rng, data)
        if path is None:
            break
        parent = data
        for token in path[:-1]:
            parent = parent[token]
        key = path[-1]
        node = parent[key]
        where = _short(json_pointer(path) or "/")
        if kind == "delete":
            del parent[key]
            done.append(f"delete {where}")
        elif kind == "type":
            label, make = rng.choice(TYPE_VALUES)
            parent[key] = make()
            done.append(f"type {where} := {label}")
        elif kind == "duplicate":
            twin = copy.deepcopy(node)
            if isinstance(parent, list):
                index = rng.randrange(len(parent) + 1)
                parent.insert(index, twin)
                target: str | int = index
            else:
                others = [k for k in parent if k != key]
                if others and rng.random() < 0.5:
                    target = rng.choice(others)  # overwrites a sibling
                else:
                    target = f"{key}-dup"
                    while target in parent:
                        target += "-dup"
                parent[target] = twin
            done.append(f"duplicate {where} to {_short(json_pointer((*path[:-1], target)))}")
        else:
            if kind == "ref-ancestor":  # itself included: a pure loop
                ref = "#" + json_pointer(path[: rng.randrange(len(path) + 1)])
            elif kind == "ref-missing":
                ref = rng.choice(
                    [
                        "#/components/schemas/ApidocsMissing",
                        "#/no/such/pointer",
                        "#" + json_pointer(path) + "/missing",
                    ]
                )
            elif kind == "ref-outside":
                ref = rng.choice(["../outside.yaml", outside_ref])
            else:
                ref = "http://example.com/x"
            if isinstance(node, dict) and rng.random() < 0.5:
                node["$ref"] = ref
                done.append(f"{kind} {where}/$ref = {_short(ref)} (beside {len(node) - 1} keys)")
            else:
                parent[key] = {"$ref": ref}
                done.append(f"{kind} {where} := {{$ref: {_short(ref)}}}")
    return done


def _yaml_loader() -> Any:
    """PyYAML's safe loader with the YAML 1.2 core schema, as the extension reads YAML:
    no YAML 1.1 ``yes``/``on`` booleans, timestamps, sexagesimal or ``0777`` octal
    numbers (a mutant must differ from its spec by its mutations only)."""
    import yaml  # only for --mutate: the script otherwise needs the standard library only

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc,valid-type]
        pass

    Loader.yaml_implicit_resolvers = {}
    for tag, pattern, first in (
        ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
        ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
        ("int", r"^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+|0o[0-7]+)$", list("-+0123456789")),
        (
            "float",
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+)"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
            list("-+.0123456789"),
        ),
        ("merge", r"^(?:<<)$", ["<"]),
    ):
        Loader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(pattern), first)
    return Loader


def load_data(spec: Path) -> tuple[Any, str]:
    """The spec as plain JSON data (aliases copied, keys as text), or why it is skipped."""
    try:
        text = spec.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return None, f"unreadable: {exc}"
    try:
        if spec.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            import yaml

            try:
                data = yaml.load(text, Loader=_yaml_loader())  # the safe loader, restricted
            except yaml.YAMLError as exc:
                return None, f"YAML: {_short(str(exc).splitlines()[0])}"
        data = json.loads(json.dumps(data, default=str))
    except (ValueError, TypeError, RecursionError) as exc:
        return None, f"{type(exc).__name__}: {_short(str(exc))}"
    if not isinstance(data, dict):
        return None, f"not a mapping ({type(data).__name__})"
    return data, ""


def make_mutant(
    spec: Path, rel: str, job: Job, max_mutations: int, outside_ref: str
) -> tuple[str, list[str], str]:
    """(the mutant's JSON text, its mutations, "") or ("", [], why it is skipped)."""
    data, why = load_data(spec)
    if why:
        return "", [], why
    rng = random.Random(f"{job.seed}:{rel}:{job.mutant}")
    mutations = mutate(data, rng, rng.randint(1, max(1, max_mutations)), outside_ref)
    text = json.dumps(data, indent=1, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate escape of the spec: keep it escaped
        text = json.dumps(data, indent=1)
    return text + "\n", mutations, ""


def output_leaks(outdir: Path) -> list[str]:
    """Files of a mutant's output holding the outside file's text or the live payload."""
    found = []
    for page in sorted(outdir.rglob("*")):  # doctrees and the pickled environment too
        if not page.is_file():
            continue
        data = page.read_bytes()
        rel = page.relative_to(outdir).as_posix()
        if OUTSIDE_MARKER.encode() in data:
            found.append(f"{rel}: text of {OUTSIDE_FILE}")
        if page.suffix == ".html" and SCRIPT_PAYLOAD.encode() in data:
            found.append(f"{rel}: {SCRIPT_PAYLOAD}")
    return found


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
    mutant: int | None = None
    """``None`` for the spec as it is, else the number of the mutated copy."""
    seed: int | None = None
    mutations: list[str] = field(default_factory=list)
    skipped: str = ""
    """A mutant not built: why (the spec does not parse as JSON/YAML)."""
    leaks: list[str] = field(default_factory=list)
    """Output files of a mutant holding the outside file's text or a live ``<script>``."""

    @property
    def label(self) -> str:
        return self.spec if self.mutant is None else f"{self.spec} [m{self.mutant}]"

    @property
    def failed(self) -> bool:
        if self.skipped:
            return False
        if self.findings_exit and self.returncode == 1 and not self.traceback:
            return self.timed_out or bool(self.leaks)
        return self.timed_out or self.traceback or self.returncode != 0 or bool(self.leaks)

    @property
    def status(self) -> str:
        if self.skipped:
            return "skipped"
        if self.timed_out:
            return "TIMEOUT"
        if self.traceback:
            return "TRACEBACK" if self.returncode else "TRACEBACK(rc0)"
        if self.leaks:
            return "LEAK"
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
            "mutant": self.mutant,
            "seed": self.seed,
            "mutations": self.mutations,
            "skipped": self.skipped,
            "leaks": self.leaks,
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


def write_project(
    project: Path, spec: Path, root: Path, extension: str, *, site: bool = False
) -> None:
    """The spec (and its $ref files) under ``project/specs/<path from root>``; with
    ``site``, documented as the manual recommends for a spec too large for one page: a
    page tree (``apidocs_pages``) instead of one ``api-spec`` page."""
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
        + ("apidocs_pages = {'spec': {}}\n" if site else "")
        + "exclude_patterns = ['_build', 'specs']\n",
        "utf-8",
    )
    body = ".. toctree::\n\n   api/spec/index\n" if site else ".. api-spec:: spec\n"
    (project / "index.rst").write_text(rst_title(spec.name) + "\n" + body, "utf-8")


def slug_for(rel: Path) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", rel.as_posix())


def reproducer(res: SpecResult, args: argparse.Namespace) -> str:
    """The command that builds this mutant again, alone."""
    cmd = [
        sys.executable,
        "benchmarks/robustness.py",
        "--filter",
        res.spec,
        "--seed",
        str(res.seed),
        "--mutant",
        str(res.mutant),
        "--mutations",
        str(args.mutations),
    ]
    if args.builder != "html":
        cmd += ["--builder", args.builder]
    if args.dir.resolve() != CORPUS.resolve():
        cmd += ["--dir", str(args.dir)]
    return shlex.join(cmd)


def build_one(
    job: Job,
    root: Path,
    work: Path,
    out: Path,
    args: argparse.Namespace,
    ext_name: str,
    ext_paths: list[Path],
) -> SpecResult:
    spec = job.spec
    rel = spec.relative_to(root)
    slug = slug_for(rel) + ("" if job.mutant is None else f"~m{job.mutant}")
    project = work / slug
    if project.exists():
        shutil.rmtree(project)
    size = spec.stat().st_size
    write_project(project, spec, root, ext_name, site=size > args.site_over)
    mutations: list[str] = []
    mutant_text = ""
    if job.mutant is not None:
        # from specs/<rel>: up to specs/, the project, the work dir holding OUTSIDE_FILE
        outside_ref = "../" * (len(rel.parts) + 1) + OUTSIDE_FILE + "#/secret"
        mutant_text, mutations, why = make_mutant(
            spec, rel.as_posix(), job, args.mutations, outside_ref
        )
        if why:
            shutil.rmtree(project, ignore_errors=True)
            return SpecResult(
                spec=rel.as_posix(), size=size, mutant=job.mutant, seed=job.seed, skipped=why
            )
        dest = project / "specs" / rel
        dest.write_text(mutant_text, "utf-8")
        size = dest.stat().st_size
    env = child_env(ext_paths, project / "tmp")
    outdir = project / "_build" / args.builder
    cmd = sphinx_cmd(args.python, project, outdir, builder=args.builder, fresh_env=True)
    result = run(
        cmd, cwd=project, env=env, log_dir=project / "logs", name="build", timeout=args.timeout
    )
    warnings = parse_warnings(result.stderr)
    res = SpecResult(
        spec=rel.as_posix(),
        size=size,
        returncode=result.returncode,
        wall_s=result.wall_s,
        maxrss_bytes=result.maxrss_bytes,
        cpu_s=result.cpu_s,
        timed_out=result.timed_out,
        findings_exit=(outdir / "apicheck.json").is_file(),
        traceback=has_crash_marker(result.stderr),
        warnings=warnings.by_type,
        apidocs=warnings.apidocs,
        apidocs_without_location=warnings.apidocs_without_location,
        samples=warnings.samples,
        errors=warnings.levels["ERROR"] + warnings.levels["CRITICAL"],
        mutant=job.mutant,
        seed=job.seed if job.mutant is not None else None,
        mutations=mutations,
    )
    if job.mutant is not None:
        res.leaks = output_leaks(outdir)
        if OUTSIDE_MARKER in result.stderr + result.stdout:
            res.leaks.append(f"the build's log: text of {OUTSIDE_FILE}")
    if res.failed:
        if res.timed_out:
            res.summary = f"timed out after {args.timeout:g} s"
        elif res.leaks and not res.traceback:
            res.summary = "leak: " + "; ".join(res.leaks[:3])
        else:
            res.summary = crash_summary(result.stderr)
        log = out / f"{LOG_PREFIX}{slug}.log"
        mutant_note = ""
        if job.mutant is not None:
            kept = out / f"{LOG_PREFIX}{slug}.mutant.json"
            kept.write_text(mutant_text, "utf-8")
            mutant_note = (
                f"mutant: {job.mutant} (seed {job.seed}), kept as {kept}\nmutations:\n"
                + "".join(f"  {m}\n" for m in mutations)
                + f"reproduce: {reproducer(res, args)}\n"
                + "".join(f"leak: {leak}\n" for leak in res.leaks)
            )
        log.write_text(
            f"spec: {spec}\n{mutant_note}command: {' '.join(cmd)}\nstatus: {res.status}\n"
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


def _totals(results: list[SpecResult], what: str) -> list[str]:
    """The totals table and the warnings by subtype of some builds."""
    built = [r for r in results if not r.skipped]
    total_apidocs: Counter[str] = Counter()
    total_types: Counter[str] = Counter()
    for r in built:
        total_apidocs.update(r.apidocs)
        total_types.update(r.warnings)
    other_types = Counter({k: v for k, v in total_types.items() if not k.startswith("apidocs.")})
    failed = [r for r in built if r.failed]
    rows = [
        [what, str(len(built)), ""],
        ["ok", str(len(built) - len(failed)), ""],
        ["tracebacks", str(sum(r.traceback for r in built)), ""],
        ["timeouts", str(sum(r.timed_out for r in built)), ""],
        [
            "non-zero exits",
            str(sum(r.returncode != 0 and not r.timed_out for r in built)),
            "(timeouts not counted)",
        ],
    ]
    if any(r.mutant is not None for r in built):
        rows.append(
            [
                "leaks",
                str(sum(bool(r.leaks) for r in built)),
                f"(text of {OUTSIDE_FILE} or a live {SCRIPT_PAYLOAD} in the output)",
            ]
        )
    rows += [
        [
            "apidocs warnings",
            str(sum(total_apidocs.values())),
            f"in {sum(bool(r.apidocs) for r in built)} {what}; "
            f"{sum(r.apidocs_without_location for r in built)} without location",
        ],
        [
            "other warnings/errors",
            str(sum(other_types.values())),
            fmt_counter(other_types, 8),
        ],
        [
            "peak RSS (max)",
            fmt_bytes(max((r.maxrss_bytes for r in built), default=0)),
            max(built, key=lambda r: r.maxrss_bytes).label if built else "",
        ],
    ]
    lines = [
        format_table(rows),
        "",
        "apidocs warnings by subtype:"
        if what == "specs"
        else f"apidocs warnings by subtype ({what}):",
    ]
    lines += [f"  {count:6d}  {sub}" for sub, count in total_apidocs.most_common()] or ["  none"]
    return lines


def report(results: list[SpecResult], args: argparse.Namespace, elapsed: float) -> str:
    lines: list[str] = []
    rows = []
    for r in sorted(results, key=lambda r: (r.spec, -1 if r.mutant is None else r.mutant)):
        top = fmt_counter(r.apidocs, 3)
        other = sum(v for k, v in r.warnings.items() if not k.startswith("apidocs."))
        label = r.label
        rows.append(
            [
                label if len(label) <= 60 else "..." + label[-57:],
                r.status,
                f"{r.wall_s:.1f}",
                str(sum(r.apidocs.values())),
                str(other),
                r.skipped or (top + (f" | {r.summary}" if r.summary else "")),
            ]
        )
    lines.append(format_table(rows, ["spec", "status", "sec", "apidocs", "other", "details"]))

    originals = [r for r in results if r.mutant is None]
    mutants = [r for r in results if r.mutant is not None]
    failed = [r for r in results if r.failed]
    lines += [
        "",
        f"Totals (builder {args.builder}, {args.jobs} at once, timeout {args.timeout:g} s, "
        f"{elapsed:.0f} s elapsed, {load_note()} at the end)",
    ]
    if originals:
        if mutants:
            lines.append("The specs as they are:")
        lines += _totals(originals, "specs")
    if mutants or args.mutate_requested:
        skipped = [r for r in mutants if r.skipped]
        kinds: Counter[str] = Counter()
        for r in mutants:
            kinds.update(m.split(" ", 1)[0] for m in r.mutations)
        lines += [
            "",
            f"Mutated copies (seed {args.seed}, "
            + (f"mutant {args.mutant}" if args.mutant is not None else f"{args.mutate} per spec")
            + f", 1-{args.mutations} mutations each; specs over "
            f"{args.mutate_max_size:,} bytes not mutated: "
            + (", ".join(args.too_big_to_mutate) or "none")
            + "):",
        ]
        lines += _totals(mutants, "mutated builds")
        lines += [
            "",
            f"mutations applied: {sum(kinds.values())} ({fmt_counter(kinds)})",
            f"not built (the spec does not parse): {len(skipped)}"
            + "".join(f"\n  {r.label}: {r.skipped}" for r in skipped),
        ]
    lines += ["", "slowest 5:"]
    lines += [
        f"  {r.wall_s:7.1f} s  {r.label} ({fmt_bytes(r.size)}, {r.status}, "
        f"CPU {r.cpu_s:.1f} s, RSS {fmt_bytes(r.maxrss_bytes)})"
        for r in sorted(results, key=lambda r: -r.wall_s)[:5]
    ]
    if failed:
        crash_kinds = Counter(_crash_kind(r.summary) for r in failed)
        lines += ["", f"failures ({len(failed)}), grouped by summary:"]
        lines += [f"  {count:3d}x  {summary}" for summary, count in crash_kinds.most_common()]
        lines += ["", f"logs: {failed[0].log and Path(failed[0].log).parent}"]
    internal = [r for r in mutants if r.apidocs.get("internal")]
    for title, group in (
        ("failing mutants", [r for r in mutants if r.failed]),
        ("mutants with an internal error (caught: the spec was skipped)", internal),
    ):
        if not group:
            continue
        lines += ["", f"{title} ({len(group)}):"]
        for r in sorted(group, key=lambda r: r.label):
            lines += [f"  {r.label}  seed {r.seed}  {r.status}  {r.summary}".rstrip()]
            lines += [f"      {m}" for m in r.mutations]
            lines += [f"      reproduce: {reproducer(r, args)}"]
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
    parser.add_argument(
        "--site-over",
        type=int,
        default=20_000_000,
        help="specs larger than this many bytes are built as a page tree (apidocs_pages), "
        "as the manual recommends, not on one page (20 MB: Microsoft Graph's 22,361 operations)",
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
    mutation = parser.add_argument_group("mutated copies")
    mutation.add_argument(
        "--mutate",
        type=int,
        default=0,
        metavar="N",
        help="also build N mutated copies of each spec (0: none)",
    )
    mutation.add_argument(
        "--seed", type=int, default=0, help="mutant i of PATH is drawn from Random('SEED:PATH:i')"
    )
    mutation.add_argument(
        "--only-mutated", action="store_true", help="build the mutated copies only"
    )
    mutation.add_argument(
        "--mutations",
        type=int,
        default=3,
        metavar="K",
        help="each mutant gets 1 to K mutations (3)",
    )
    mutation.add_argument(
        "--mutate-max-size",
        type=int,
        default=DEFAULT_MUTATE_MAX_SIZE,
        metavar="BYTES",
        help=f"larger specs are not mutated ({DEFAULT_MUTATE_MAX_SIZE:,}: all but GitHub's 13 MB)",
    )
    mutation.add_argument(
        "--mutant",
        type=int,
        metavar="I",
        help="build only mutant number I of each spec (implies --only-mutated)",
    )
    parser.add_argument("--extension", default=DEFAULT_EXTENSION, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.mutant is not None:
        args.only_mutated = True
        args.mutate = max(args.mutate, args.mutant + 1)
    if args.only_mutated and not args.mutate:
        parser.error("--only-mutated needs --mutate N (or --mutant I)")
    if args.mutate < 0 or args.mutations < 1 or (args.mutant is not None and args.mutant < 0):
        parser.error("--mutate, --mutant must be >= 0 and --mutations >= 1")
    args.mutate_requested = args.mutate > 0
    args.too_big_to_mutate = []
    return args


def _totals_json(results: list[SpecResult]) -> dict[str, Any]:
    built = [r for r in results if not r.skipped]
    apidocs: Counter[str] = Counter()
    for r in built:
        apidocs.update(r.apidocs)
    return {
        "specs": len(built),
        "failed": sum(r.failed for r in built),
        "tracebacks": sum(r.traceback for r in built),
        "timeouts": sum(r.timed_out for r in built),
        "nonzero_exits": sum(r.returncode != 0 and not r.timed_out for r in built),
        "leaks": sum(bool(r.leaks) for r in built),
        "skipped": len(results) - len(built),
        "apidocs": dict(apidocs.most_common()),
    }


def plan_jobs(specs: list[Path], root: Path, args: argparse.Namespace) -> list[Job]:
    """The builds to run, largest spec first (the long builds start early and the pool
    drains evenly), each spec before its mutants."""
    jobs: list[Job] = []
    if args.rerun_failed:
        previous = json.loads((args.out / "summary.json").read_text("utf-8"))
        args.mutations = previous.get("mutation", {}).get("mutations", args.mutations)
        failed = {
            (s["spec"], s.get("mutant"), s.get("seed"))
            for s in previous["specs"]
            if s["status"] not in ("ok", "skipped")
        }
        args.mutate_requested = any(mutant is not None for _, mutant, _ in failed)
        for spec in specs:
            rel = spec.relative_to(root).as_posix()
            jobs += [
                Job(spec, mutant, seed or 0)
                for name, mutant, seed in sorted(failed, key=lambda f: (f[1] is not None, f[1]))
                if name == rel
            ]
    else:
        indices = [args.mutant] if args.mutant is not None else list(range(args.mutate))
        for spec in specs:
            if not args.only_mutated:
                jobs.append(Job(spec))
            if indices and spec.stat().st_size > args.mutate_max_size:
                args.too_big_to_mutate.append(spec.relative_to(root).as_posix())
                continue
            jobs += [Job(spec, i, args.seed) for i in indices]
    return sorted(
        jobs, key=lambda j: (-j.spec.stat().st_size, j.spec, -1 if j.mutant is None else j.mutant)
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    root: Path = args.dir.resolve()
    specs = find_specs(root, args.filter)
    jobs = plan_jobs(specs, root, args) if specs else []
    if not jobs:
        print(
            f"nothing to build under {root}"
            + (f" matching {args.filter!r}" if args.filter else "")
            + (
                f" (over --mutate-max-size: {', '.join(args.too_big_to_mutate)})"
                if args.too_big_to_mutate
                else ""
            )
        )
        return 2
    ext_name, ext_paths = resolve_extension(args.extension)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for stale in [*out.glob(f"{LOG_PREFIX}*.log"), *out.glob(f"{LOG_PREFIX}*.mutant.json")]:
        stale.unlink()

    tmp = None
    if args.workdir:
        work = args.workdir.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="apidocs-robustness-")
        work = Path(tmp)
    if any(job.mutant is not None for job in jobs):
        # the target of the mutants' escaping $ref: outside every project
        (work / OUTSIDE_FILE).write_text(
            f"secret:\n  type: string\n  description: {OUTSIDE_MARKER}\n", "utf-8"
        )
    start = time.perf_counter()
    results: list[SpecResult] = []
    try:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {
                pool.submit(build_one, job, root, work, out, args, ext_name, ext_paths): job
                for job in jobs
            }
            for n, future in enumerate(as_completed(futures), 1):
                res = future.result()
                results.append(res)
                if not args.quiet:
                    print(
                        f"[{n}/{len(jobs)}] {res.status:9} {res.wall_s:6.1f} s  {res.label}"
                        + (
                            f"  -- {res.summary or res.skipped}"
                            if res.summary or res.skipped
                            else ""
                        ),
                        file=sys.stderr,
                        flush=True,
                    )
    finally:
        if tmp and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    elapsed = time.perf_counter() - start

    text = report(results, args, elapsed)
    print(text)
    originals = [r for r in results if r.mutant is None]
    mutants = [r for r in results if r.mutant is not None]
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
        "specs": [
            r.to_json()
            for r in sorted(results, key=lambda r: (r.spec, -1 if r.mutant is None else r.mutant))
        ],
    }
    if args.mutate_requested:
        summary["mutation"] = {
            "mutate": args.mutate,
            "mutant": args.mutant,
            "seed": args.seed,
            "mutations": args.mutations,
            "max_size": args.mutate_max_size,
            "only_mutated": args.only_mutated,
            "not_mutated_over_size": args.too_big_to_mutate,
            "totals_original": _totals_json(originals),
            "totals_mutated": _totals_json(mutants),
            "failing": [
                {
                    "spec": r.spec,
                    "mutant": r.mutant,
                    "seed": r.seed,
                    "status": r.status,
                    "summary": r.summary,
                    "mutations": r.mutations,
                    "reproduce": reproducer(r, args),
                }
                for r in mutants
                if r.failed or r.apidocs.get("internal")
            ],
        }
    (out / "summary.txt").write_text(text + "\n", "utf-8")
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    return 1 if any(r.failed for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
