"""Compare the findings of ``sphinx-build -b apicheck`` with ``redocly lint``, rule by rule.

For each spec (GitHub's REST API and three more from the corpus by default),
a project is generated with the spec copied in and one page holding
``.. api-spec:: NAME``; ``python -m sphinx -b apicheck -E`` and
``redocly lint --format=json`` (``recommended`` ruleset) run on the same file.

Printed per spec:

* a table of rule families (spec integrity, examples, docs/other, style):
  each Redocly rule and each apicheck rule with its count, corresponding rules
  on one row;
* for every pair of corresponding rules whose counts differ by more than
  ``--threshold`` (3): the findings diffed by JSON pointer (Redocly's
  ``location[0].pointer``, ours the spec location's pointer). A pointer of one
  side at, under or above a pointer of the other counts as the same place
  (Redocly reports per error, often deeper than our one finding per value).
  ``--show`` examples of each side's unmatched findings are printed, grouped by
  the shape of their pointer, so each disagreement can be explained.

``--markdown FILE`` writes the per-rule comparison as Markdown (for README.md);
``--json FILE`` everything, with every unmatched pointer.

Usage::

    /tmp/venv/bin/python benchmarks/compare_redocly.py [--spec NAME=PATH ...] [--show 3]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from _harness import (
    CORPUS,
    DEFAULT_EXTENSION,
    child_env,
    crash_summary,
    fmt_bytes,
    format_table,
    load_note,
    resolve_extension,
    rst_title,
    run,
    sphinx_cmd,
)
from bench_apicheck import (
    apicheck_failed,
    read_json,
    read_redocly,
    redocly_command,
    redocly_env,
    redocly_failed,
    redocly_lint_cmd,
    redocly_version,
    write_redocly_config,
)

DEFAULT_SPECS = {
    # GitHub's REST API: OpenAPI 3.0.3, 12 MB, 1,223 operations, 270 webhooks
    "github": CORPUS / "github" / "api.github.com.json",
    # Swagger 2.0: the corpus's apis-guru copies are all OpenAPI 3.0, so the largest
    # 2.0 document of oas-examples
    "petstore2": CORPUS / "oas-examples" / "2.0" / "json" / "petstore.json",
    # OpenAPI 3.0, medium size (361 KB, 70 paths, examples in most schemas)
    "economic": CORPUS / "apis-guru" / "e-conomic.com.json",
    # OpenAPI 3.1 (Redocly's own sample API)
    "traintravel": CORPUS / "oas-examples" / "3.1" / "json" / "train-travel.json",
}

SPEC, EXAMPLES, DOCS, STYLE = "spec integrity", "examples", "docs/other", "style"
FAMILY_ORDER = (SPEC, EXAMPLES, DOCS, STYLE)


@dataclass(frozen=True)
class Pair:
    """Rules of both tools that look for the same thing."""

    label: str
    redocly: tuple[str, ...]
    ours: tuple[str, ...]
    family: str = SPEC


#: corresponding rules; a Redocly id with ``:`` is one kind of its findings (see
#: :func:`redocly_rule`)
PAIRS = (
    Pair("structure", ("struct",), ("spec-structure", "spec-unreadable")),
    Pair("unresolved $ref", ("no-unresolved-refs",), ("ref-unresolved", "ref-remote")),
    Pair("spec-ref-siblings", ("spec-ref-siblings",), ()),
    Pair("duplicate operationId", ("operation-operationId-unique",), ("operation-id-duplicate",)),
    Pair("duplicate parameter", ("operation-parameters-unique",), ("parameter-duplicate",)),
    Pair(
        "path parameters",
        ("path-parameters-defined",),
        ("path-parameter-undeclared", "path-parameter-unused"),
    ),
    Pair("ambiguous paths", ("no-ambiguous-paths",), ("path-ambiguous",)),
    Pair("identical paths", ("no-identical-paths",), ("path-identical",)),
    Pair("undefined security scheme", ("security-defined:scheme",), ("security-undefined",)),
    Pair("undefined OAuth scope", ("security-scopes-defined",), ("security-scope-undefined",)),
    Pair(
        "server variables",
        ("no-undefined-server-variable", "no-server-variables-empty-enum"),
        ("server-variable-undefined",),
    ),
    Pair("enum vs type", ("no-enum-type-mismatch",), ("enum-type",)),
    Pair(
        "required property undefined",
        ("no-required-schema-properties-undefined",),
        ("required-undefined",),
    ),
    Pair("unused components", ("no-unused-components",), ("component-unused",)),
    Pair("discriminator mapping", (), ("discriminator-mapping",)),
    Pair("links", (), ("link-target",)),
    Pair(
        "invalid examples",
        (
            "no-invalid-media-type-examples",
            "no-invalid-parameter-examples",
            "no-invalid-schema-examples",
        ),
        (
            "example-invalid",
            "example-additional-property",
            "example-readonly-writeonly",
            "example-format",
        ),
        EXAMPLES,
    ),
    Pair(
        "example value and externalValue",
        ("no-example-value-and-externalValue",),
        (),
        EXAMPLES,
    ),
)

#: Redocly rules that check the description's integrity, which apicheck does not implement
REDOCLY_SPEC_ONLY = {
    "no-schema-type-mismatch",
    "nullable-type-sibling",
    "no-illogical-composition-keywords",
    "no-empty-servers",
    "path-declaration-must-exist",
    "path-not-include-query",
    "spec-components-invalid-map-name",
    "no-duplicated-enum-values",
    "no-duplicated-tag-names",
    "no-mixed-number-range-constraints",
    "spec-example-values",
    "component-name-unique",
    "path-params-defined",
}
#: Redocly rules about style or API design, not about whether the description holds together
REDOCLY_STYLE = {
    "info-license",
    "info-license-strict",
    "info-license-url",
    "info-contact",
    "operation-summary",
    "operation-description",
    "operation-2xx-response",
    "operation-4xx-response",
    "operation-4xx-problem-details-rfc7807",
    "operation-operationId",
    "operation-operationId-url-safe",
    "operation-singular-tag",
    "operation-tag-defined",
    "tag-description",
    "tags-alphabetical",
    "no-server-example.com",
    "no-server-trailing-slash",
    "no-path-trailing-slash",
    "no-http-verbs-in-paths",
    "paths-kebab-case",
    "path-segment-plural",
    "path-http-verbs-order",
    "parameter-description",
    "boolean-parameter-prefixes",
    "no-unsafe-markdown",
    "array-parameter-serialization",
    "request-mime-type",
    "response-mime-type",
    "response-contains-header",
    "response-contains-property",
    "scalar-property-missing-example",
    "required-string-property-missing-min-length",
    "spec-strict-refs",
    "security-defined:missing",
}
#: our rules' families when the SARIF report does not say (``spec``, ``examples``, ...)
OUR_FAMILIES = {"spec": SPEC, "examples": EXAMPLES}
OUR_SPEC_RULES = {r for p in PAIRS if p.family == SPEC for r in p.ours} | {
    "duplicate-key",
    "ref-cycle",
}
OUR_EXAMPLE_RULES = {
    "example-invalid",
    "example-additional-property",
    "example-readonly-writeonly",
    "example-format",
    "sample-invalid",
}


def redocly_rule(problem: dict[str, Any]) -> str:
    """The rule id, ``security-defined`` split by what it found: a requirement naming no
    scheme (``:scheme``, which apicheck checks) or an operation without any security
    (``:missing``, a policy apicheck does not have)."""
    rule = str(problem.get("ruleId"))
    if rule == "security-defined":
        message = str(problem.get("message", ""))
        return "security-defined:" + ("missing" if "should have security" in message else "scheme")
    return rule


@dataclass
class Side:
    """One tool's findings on one spec."""

    counts: Counter[str] = field(default_factory=Counter)
    places: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    """Rule -> (JSON pointer, message) per finding."""


def redocly_side(report: dict[str, Any] | None) -> Side:
    side = Side()
    for problem in (report or {}).get("problems", []):
        rule = redocly_rule(problem)
        side.counts[rule] += 1
        locations = problem.get("location") or [{}]
        pointer = str(locations[0].get("pointer") or "")
        pointer = unquote(pointer[1:] if pointer.startswith("#") else pointer)
        side.places[rule].append((pointer, str(problem.get("message", ""))))
    return side


def our_side(report: dict[str, Any] | None) -> Side:
    side = Side()
    for finding in (report or {}).get("findings", []):
        rule = str(finding.get("rule"))
        side.counts[rule] += 1
        pointer = next(
            (
                str(loc.get("pointer") or "")
                for loc in finding.get("locations", [])
                if loc.get("kind") == "spec"
            ),
            "",
        )
        side.places[rule].append((pointer, str(finding.get("message", ""))))
    return side


def our_families(sarif: dict[str, Any] | None) -> dict[str, str]:
    """Each rule's family from the SARIF report's rule descriptions."""
    out: dict[str, str] = {}
    for run_ in (sarif or {}).get("runs", []):
        for rule in run_.get("tool", {}).get("driver", {}).get("rules", []):
            tags = rule.get("properties", {}).get("tags") or []
            out[str(rule.get("id"))] = OUR_FAMILIES.get(tags[0] if tags else "", DOCS)
    return out


def our_family(rule: str, families: dict[str, str]) -> str:
    if rule in families:
        return families[rule]
    if rule in OUR_SPEC_RULES:
        return SPEC
    return EXAMPLES if rule in OUR_EXAMPLE_RULES else DOCS


def redocly_family(rule: str) -> str:
    for pair in PAIRS:
        if rule in pair.redocly:
            return pair.family
    if rule in REDOCLY_STYLE:
        return STYLE
    return SPEC if rule in REDOCLY_SPEC_ONLY else DOCS


# ------------------------------------------------------------------------- diffing


def segments(pointer: str) -> list[str]:
    return pointer.split("/")[1:] if pointer.startswith("/") else [pointer]


def prefixes(pointer: str) -> list[str]:
    """``/a/b/c`` -> ``/a``, ``/a/b``, ``/a/b/c``."""
    parts = segments(pointer)
    return ["/" + "/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def match(a: list[tuple[str, str]], b: list[tuple[str, str]]) -> tuple[list[bool], list[bool]]:
    """For each finding of ``a`` and of ``b``: is there one of the other side at the same
    pointer, above it or under it?"""

    def index(items: list[tuple[str, str]]) -> tuple[set[str], set[str]]:
        exact = {p for p, _ in items}
        above = {q for p in exact for q in prefixes(p)}
        return exact, above

    a_exact, a_all = index(a)
    b_exact, b_all = index(b)
    a_hit = [p in b_all or any(q in b_exact for q in prefixes(p)) for p, _ in a]
    b_hit = [p in a_all or any(q in a_exact for q in prefixes(p)) for p, _ in b]
    return a_hit, b_hit


_INDEX = re.compile(r"^\d+$")


def shape(pointer: str) -> str:
    """A pointer with its names generalised: ``/paths/*/get/responses/<status>/...``; what a
    group of unmatched findings has in common."""
    out: list[str] = []
    for i, part in enumerate(segments(pointer)):
        if i == 0 or part in _STRUCTURAL or (out and out[-1] == "components"):
            out.append(part)
        elif out and out[-1] == "responses":
            out.append("<status>")
        else:
            out.append("<n>" if _INDEX.match(part) else "*")
    return "/" + "/".join(out)


_STRUCTURAL = {
    *("get", "put", "post", "delete", "options", "head", "patch", "trace"),
    *("parameters", "requestBody", "responses", "content", "schema", "schemas", "properties"),
    *("items", "allOf", "anyOf", "oneOf", "not", "additionalProperties", "example", "examples"),
    *("value", "default", "headers", "required", "enum", "security", "servers", "variables"),
    *("x-webhooks", "webhooks", "definitions", "securityDefinitions", "callbacks", "links"),
}


@dataclass
class PairResult:
    pair: Pair
    redocly: int
    ours: int
    redocly_matched: int = 0
    ours_matched: int = 0
    only_redocly: list[tuple[str, str, str]] = field(default_factory=list)
    """(rule, pointer, message)."""
    only_ours: list[tuple[str, str, str]] = field(default_factory=list)


def compare_pair(pair: Pair, theirs: Side, ours: Side) -> PairResult:
    t = [(r, p, m) for r in pair.redocly for p, m in theirs.places.get(r, [])]
    o = [(r, p, m) for r in pair.ours for p, m in ours.places.get(r, [])]
    t_hit, o_hit = match([(p, m) for _, p, m in t], [(p, m) for _, p, m in o])
    return PairResult(
        pair,
        len(t),
        len(o),
        sum(t_hit),
        sum(o_hit),
        [x for x, hit in zip(t, t_hit, strict=True) if not hit],
        [x for x, hit in zip(o, o_hit, strict=True) if not hit],
    )


def groups(items: list[tuple[str, str, str]], show: int) -> list[str]:
    """Unmatched findings grouped by pointer shape (largest group first), ``show`` examples
    of each of the first groups."""
    by_shape: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for item in items:
        by_shape[shape(item[1])].append(item)
    lines = []
    for key, members in sorted(by_shape.items(), key=lambda kv: -len(kv[1]))[:6]:
        lines.append(f"      {len(members):>5}  {key}")
        for rule, pointer, message in members[:show]:
            lines.append(f"             {pointer}")
            lines.append(f"               [{rule}] {message[:220]}")
    if len(by_shape) > 6:
        rest = sum(len(m) for k, m in sorted(by_shape.items(), key=lambda kv: -len(kv[1]))[6:])
        lines.append(f"      {rest:>5}  in {len(by_shape) - 6} more shapes")
    return lines


#: why Redocly reports an example that apicheck does not: its message, and the cause
_REDOCLY_CAUSES = (
    ("Example validation errored", "Redocly could not compile the schema (not an example check)"),
    (
        "unevaluated properties",
        "a property the schema does not declare (allowAdditionalProperties: false)",
    ),
    (
        "must NOT be present in",
        "a readOnly/writeOnly property present (apicheck: allowed, not required)",
    ),
    ("must match format", "a `format` (apicheck: example-format, for the formats it asserts)"),
    ('tag "', "the discriminator property missing from the value"),
    ("must be string.", "a type mismatch"),
    ("must be integer.", "a type mismatch"),
    ("must be number.", "a type mismatch"),
    ("must be boolean.", "a type mismatch"),
    ("must be array.", "a type mismatch"),
    ("must be object.", "a type mismatch"),
    ("must be equal to one of the allowed values", "an enum value (e.g. null for a nullable enum)"),
    ("must have required property", "a required property missing"),
    ("must match a schema in anyOf", "no anyOf branch matches"),
    ("must match exactly one schema in oneOf", "not exactly one oneOf branch matches"),
    ("must be equal to constant", "a const value"),
)


def redocly_cause(message: str) -> str:
    for needle, cause in _REDOCLY_CAUSES:
        if needle in message:
            return cause
    return "other"


_OUR_AMBIGUOUS = re.compile(r"path (\S+) and path (\S+) can match")
_THEIR_AMBIGUOUS = re.compile(r"`([^`]+)` and `([^`]+)`")


def numeric_path_params(spec: dict[str, Any]) -> dict[tuple[str, str], bool]:
    """``(path, parameter)`` -> whether the path parameter's schema is an integer or number
    (a literal segment like ``comments`` cannot match it)."""

    def resolve(node: Any) -> Any:
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 20:
            ref, target = node["$ref"], spec
            if not ref.startswith("#/"):
                return {}
            for part in ref[2:].split("/"):
                part = unquote(part).replace("~1", "/").replace("~0", "~")
                target = target.get(part, {}) if isinstance(target, dict) else {}
            node, seen = target, seen + 1
        return node

    out: dict[tuple[str, str], bool] = {}
    for path, item in (spec.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        lists = [item.get("parameters")] + [
            op.get("parameters") for op in item.values() if isinstance(op, dict)
        ]
        for params in lists:
            for param in params if isinstance(params, list) else []:
                param = resolve(param)
                if not isinstance(param, dict) or param.get("in") != "path":
                    continue
                schema = resolve(param.get("schema")) if "schema" in param else param
                kind = schema.get("type") if isinstance(schema, dict) else None
                key = (path, str(param.get("name")))
                out[key] = out.get(key, True) and kind in ("integer", "number")
    return out


def impossible_ambiguity(a: str, b: str, numeric: dict[tuple[str, str], bool]) -> str | None:
    """Why paths ``a`` and ``b`` cannot match the same request after all: a literal segment
    of one facing an integer path parameter of the other (``comments`` vs ``{issue_number}``)."""
    for x, y in zip(a.split("/"), b.split("/"), strict=False):
        for literal, var, path in ((x, y, b), (y, x, a)):
            match_ = re.fullmatch(r"\{([^{}]+)\}", var)
            if (
                match_
                and "{" not in literal
                and not literal.isdigit()
                and numeric.get((path, match_[1]))
            ):
                return f"{literal!r} vs {var}"
    return None


def ambiguity_note(findings: list[tuple[str, str, str]], ours: bool, spec: Path) -> str:
    """How many of the ambiguous-path findings are impossible with integer path parameters."""
    try:
        data = json.loads(spec.read_text("utf-8"))
    except ValueError:
        return ""
    numeric = numeric_path_params(data)
    pattern = _OUR_AMBIGUOUS if ours else _THEIR_AMBIGUOUS
    total = impossible = 0
    example = ""
    for _rule, _pointer, message in findings:
        found = pattern.search(message)
        if found is None:
            continue
        total += 1
        why = impossible_ambiguity(found[1], found[2], numeric)
        if why:
            impossible += 1
            example = example or f"{found[1]} vs {found[2]}: {why}"
    if not total:
        return ""
    return (
        f"{impossible} of {total} cannot match the same request: a literal segment faces an "
        f"integer path parameter (e.g. {example})"
        if impossible
        else f"0 of {total} involve integer path parameters"
    )


# ------------------------------------------------------------------------ running


def write_project(srcdir: Path, name: str, spec: Path, extension: str) -> Path:
    srcdir.mkdir(parents=True, exist_ok=True)
    copy = srcdir / spec.name
    shutil.copyfile(spec, copy)
    (srcdir / "conf.py").write_text(
        f"project = {name!r}\n"
        f"extensions = [{extension!r}]\n"
        f"apidocs_specs = {{{name!r}: {spec.name!r}}}\n"
        "exclude_patterns = ['_build']\n",
        "utf-8",
    )
    (srcdir / "index.rst").write_text(rst_title(name) + f"\n.. api-spec:: {name}\n", "utf-8")
    return copy


@dataclass
class SpecResult:
    name: str
    path: Path
    version: str
    theirs: Side
    ours: Side
    families: dict[str, str]
    pairs: list[PairResult]
    apicheck_s: float
    redocly_s: float
    problems: list[str]


def spec_version(path: Path) -> str:
    try:
        data = json.loads(path.read_text("utf-8"))
    except ValueError:
        return "?"
    if "swagger" in data:
        return f"Swagger {data['swagger']}"
    return f"OpenAPI {data.get('openapi', '?')}"


def check_spec(
    name: str, spec: Path, work: Path, args: argparse.Namespace, r_base: list[str]
) -> SpecResult:
    ext_name, ext_paths = resolve_extension(args.extension)
    root = work / name
    srcdir, outdir, logs = root / "src", root / "_build" / "apicheck", root / "logs"
    if outdir.exists():
        shutil.rmtree(outdir)
    copy = write_project(srcdir, name, spec, ext_name)
    config = write_redocly_config(root)
    if args.open_examples:
        config.write_text(config.read_text("utf-8") + OPEN_EXAMPLES, "utf-8")
    print(f"  {name}: apicheck ...", file=sys.stderr, flush=True)
    a = run(
        sphinx_cmd(args.python, srcdir, outdir, builder="apicheck"),
        cwd=root,
        env=child_env(ext_paths, root / "tmp"),
        log_dir=logs,
        name="apicheck",
        timeout=args.timeout,
    )
    print(f"  {name}: redocly ...", file=sys.stderr, flush=True)
    r = run(
        redocly_lint_cmd(r_base, copy, config),
        cwd=root,
        env=redocly_env(),
        log_dir=logs,
        name="redocly",
        timeout=args.timeout,
    )
    problems = []
    if apicheck_failed(a):
        problems.append(f"apicheck failed (exit {a.returncode}): {crash_summary(a.stderr)}")
    if redocly_failed(r):
        problems.append(f"redocly failed (exit {r.returncode}): {r.stderr.strip()[-300:]}")
    report = read_json(outdir / "apicheck.json")
    if report is None:
        problems.append("no apicheck.json")
    theirs = redocly_side(read_redocly(r.stdout))
    ours = our_side(report)
    pairs = [compare_pair(p, theirs, ours) for p in PAIRS]
    return SpecResult(
        name,
        spec,
        spec_version(spec),
        theirs,
        ours,
        our_families(read_json(outdir / "apicheck.sarif")),
        pairs,
        a.wall_s,
        r.wall_s,
        problems,
    )


# ------------------------------------------------------------------------ reporting


def _rules_cell(counts: Counter[str], rules: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"{r} {counts[r]}" for r in rules) or "-"


def family_rows(res: SpecResult) -> list[list[str]]:
    """family, what, redocly rules and counts, ours and counts, totals."""
    rows: list[list[str]] = []
    paired_t = {r for p in PAIRS for r in p.redocly}
    paired_o = {r for p in PAIRS for r in p.ours}
    for family in FAMILY_ORDER:
        for pr in res.pairs:
            if pr.pair.family != family or not (pr.redocly or pr.ours):
                continue
            rows.append(
                [
                    family,
                    pr.pair.label,
                    _rules_cell(res.theirs.counts, pr.pair.redocly)
                    if pr.pair.redocly
                    else "(no such rule)",
                    _rules_cell(res.ours.counts, pr.pair.ours)
                    if pr.pair.ours
                    else "not implemented by apicheck",
                    f"{pr.redocly} / {pr.ours}",
                ]
            )
        for rule, n in sorted(res.theirs.counts.items()):
            if rule in paired_t or redocly_family(rule) != family:
                continue
            note = (
                "style, not implemented by apicheck"
                if family == STYLE
                else "not implemented by apicheck"
            )
            rows.append([family, rule, f"{rule} {n}", note, f"{n} / -"])
        for rule, n in sorted(res.ours.counts.items()):
            if rule in paired_o or our_family(rule, res.families) != family:
                continue
            rows.append([family, rule, "(no such rule)", f"{rule} {n}", f"- / {n}"])
    return rows


def print_spec(res: SpecResult, threshold: int, show: int) -> None:
    print()
    print(
        f"== {res.name}: {res.path.relative_to(CORPUS) if res.path.is_relative_to(CORPUS) else res.path}"
        f" ({res.version}, {fmt_bytes(res.path.stat().st_size)}); apicheck {res.apicheck_s:.1f} s, "
        f"redocly {res.redocly_s:.1f} s; findings: redocly {res.theirs.counts.total()}, "
        f"apicheck {res.ours.counts.total()}"
    )
    for problem in res.problems:
        print(f"   !! {problem}")
    print(
        format_table(
            family_rows(res), ["family", "check", "redocly", "apicheck", "redocly / apicheck"]
        )
    )
    for pr in res.pairs:
        if abs(pr.redocly - pr.ours) <= threshold or not (pr.pair.redocly and pr.pair.ours):
            continue
        print(
            f"\n  -- {pr.pair.label}: redocly {pr.redocly} ({pr.redocly_matched} at a place apicheck "
            f"also reports), apicheck {pr.ours} ({pr.ours_matched} at a place redocly also reports)"
        )
        if pr.pair.label == "ambiguous paths":
            for label, items, ours in (
                ("redocly", [x for r in pr.pair.redocly for x in _all(res.theirs, r)], False),
                ("apicheck", [x for r in pr.pair.ours for x in _all(res.ours, r)], True),
            ):
                note = ambiguity_note(items, ours, res.path)
                if note:
                    print(f"    {label}: {note}")
        if pr.only_redocly:
            print(f"    only redocly: {len(pr.only_redocly)}")
            if pr.pair.family == EXAMPLES:
                causes = Counter(redocly_cause(m) for _, _, m in pr.only_redocly)
                print("      by cause: " + "; ".join(f"{n} {c}" for c, n in causes.most_common()))
            print("\n".join(groups(pr.only_redocly, show)))
        if pr.only_ours:
            print(f"    only apicheck: {len(pr.only_ours)}")
            print("\n".join(groups(pr.only_ours, show)))


def _all(side: Side, rule: str) -> list[tuple[str, str, str]]:
    return [(rule, p, m) for p, m in side.places.get(rule, [])]


def markdown(results: list[SpecResult], threshold: int) -> str:
    """The per-rule comparison of every spec as one Markdown table."""
    head = ["check", "redocly rule(s)", "apicheck rule(s)"] + [r.name for r in results]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for i, pair in enumerate(PAIRS):
        if not pair.redocly or not pair.ours:
            continue
        cells = []
        for res in results:
            pr = res.pairs[i]
            flag = (
                f" **≠** (same place: {pr.redocly_matched} / {pr.ours_matched})"
                if abs(pr.redocly - pr.ours) > threshold
                else ""
            )
            cells.append(f"{pr.redocly} / {pr.ours}{flag}")
        lines.append(
            f"| {pair.label} | "
            + ", ".join(f"`{r}`" for r in pair.redocly)
            + " | "
            + ", ".join(f"`{r}`" for r in pair.ours)
            + " | "
            + " | ".join(cells)
            + " |"
        )
    return "\n".join(lines) + "\n"


def to_json(res: SpecResult) -> dict[str, Any]:
    return {
        "name": res.name,
        "path": str(res.path),
        "version": res.version,
        "apicheck_s": round(res.apicheck_s, 3),
        "redocly_s": round(res.redocly_s, 3),
        "redocly": dict(res.theirs.counts.most_common()),
        "apicheck": dict(res.ours.counts.most_common()),
        "problems": res.problems,
        "pairs": [
            {
                "label": pr.pair.label,
                "redocly_rules": pr.pair.redocly,
                "apicheck_rules": pr.pair.ours,
                "redocly": pr.redocly,
                "apicheck": pr.ours,
                "redocly_matched": pr.redocly_matched,
                "apicheck_matched": pr.ours_matched,
                "only_redocly": pr.only_redocly,
                "only_apicheck": pr.only_ours,
            }
            for pr in res.pairs
        ],
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--spec",
        action="append",
        metavar="NAME=PATH",
        help="spec to compare (repeatable; replaces the default four); NAME a Python identifier",
    )
    parser.add_argument(
        "--extra", action="append", metavar="NAME=PATH", help="spec to compare after the defaults"
    )
    parser.add_argument("--workdir", type=Path, help="projects and reports (kept); default: temp")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    parser.add_argument(
        "--threshold", type=int, default=3, help="diff pairs whose counts differ by more"
    )
    parser.add_argument("--show", type=int, default=3, help="examples per pointer shape (3)")
    parser.add_argument("--markdown", type=Path, help="write the per-rule table here")
    parser.add_argument("--json", type=Path, help="write everything as JSON here")
    parser.add_argument("--python", default=sys.executable, help="interpreter that runs sphinx")
    parser.add_argument("--redocly", help="command that runs Redocly CLI (see bench_apicheck.py)")
    parser.add_argument(
        "--open-examples",
        action="store_true",
        help="Redocly's no-invalid-media-type-examples with allowAdditionalProperties: true "
        "(JSON Schema's reading, as apicheck's), instead of recommended's false",
    )
    parser.add_argument("--timeout", type=float, default=1800, help="per run (s)")
    parser.add_argument("--extension", default=DEFAULT_EXTENSION, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


OPEN_EXAMPLES = """rules:
  no-invalid-media-type-examples:
    severity: warn
    allowAdditionalProperties: true
"""


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    specs: dict[str, Path] = {}
    for item in [*(args.spec or []), *(args.extra or [])]:
        name, sep, path = item.partition("=")
        if not sep or not name.isidentifier():
            sys.exit(f"--spec/--extra want NAME=PATH with NAME an identifier, got {item!r}")
        specs[name] = Path(path).resolve()
    if not args.spec:
        specs = {**DEFAULT_SPECS, **specs}
    missing = [str(p) for p in specs.values() if not p.is_file()]
    if missing:
        sys.exit(f"missing spec(s): {', '.join(missing)}")
    r_base = redocly_command(args.redocly)
    tmp = None
    if args.workdir:
        work = args.workdir.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="apidocs-compare-redocly-")
        work = Path(tmp)
    try:
        print(
            f"apicheck vs redocly {redocly_version(r_base, redocly_env())} (recommended"
            f"{', allowAdditionalProperties: true' if args.open_examples else ''}), "
            f"{len(specs)} specs, {load_note()}",
            file=sys.stderr,
        )
        results = [check_spec(name, path, work, args, r_base) for name, path in specs.items()]
    finally:
        if tmp and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp:
            print(f"kept {tmp}", file=sys.stderr)
    for res in results:
        print_spec(res, args.threshold, args.show)
    table = markdown(results, args.threshold)
    print("\nPer-rule comparison (redocly / apicheck):\n")
    print(table)
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(table, "utf-8")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([to_json(r) for r in results], indent=2) + "\n", "utf-8")
    return 1 if any(r.problems for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
