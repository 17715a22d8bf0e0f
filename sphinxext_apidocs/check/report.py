"""The ``apicheck`` reports: text, JSON, JUnit XML, SARIF and GitHub annotations.

Pure Python (no Sphinx): everything here is a function of the findings, the
coverage of each spec and a few settings, so the same run always writes the
same bytes.  A finding's first location is the place of what it is about: the
spec file, line and JSON pointer when it has one (whatever the rule's family:
the problem is in the spec, and the page that renders it is the second
location), else the document.  Findings are ordered by that location, then
line, rule and message.  Messages are plain text in every format; characters a
format cannot carry (controls in XML, lone surrogates anywhere) are dropped or
replaced rather than breaking the file.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..diagnostics.controls import log_line
from ..diagnostics.rules import (
    RULES,
    SEVERITIES,
    DocPlace,
    Finding,
    Severity,
    SpecPlace,
    Status,
)

__all__ = [
    "FILES",
    "Coverage",
    "github_annotations",
    "summary_line",
    "totals",
    "write_reports",
]

FILES = ("apicheck.txt", "apicheck.json", "apicheck.junit.xml", "apicheck.sarif")
"""The reports :func:`write_reports` writes, in the order it returns them."""

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "sphinxext-apidocs apicheck"
TOOL_URI = "https://github.com/sphinxext-apidocs/sphinxext-apidocs"
FINGERPRINT_KEY = "apicheck/v1"

_SUPPRESSED = (Status.BASELINED, Status.IGNORED)
_GITHUB_COMMANDS: dict[str, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.NOTE: "notice",
}
_SARIF_SUPPRESSION: dict[str, str] = {Status.BASELINED: "external", Status.IGNORED: "inSource"}


@dataclass(frozen=True)
class Coverage:
    """How many operations of one spec some page renders."""

    spec: str
    """The spec's name."""
    file: str
    """The spec file, relative to the project."""
    operations: int
    documented: int
    undocumented: tuple[str, ...] = ()
    """The titles (``GET /pets``) of the operations no page renders."""

    @property
    def percent(self) -> float:
        """The share documented, 0-100; 100.0 for a spec without operations."""
        if self.operations <= 0:
            return 100.0
        return self.documented * 100 / self.operations


# -- counting ------------------------------------------------------------------


def _is_open(finding: Finding) -> bool:
    return finding.status == Status.OPEN


def totals(findings: Sequence[Finding]) -> dict[str, Any]:
    """The counts every report shows: open findings by severity and rule, and the
    suppressed ones by status.  Only open findings count towards a failure."""
    open_ = [f for f in findings if _is_open(f)]
    by_severity: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
    for f in open_:
        if f.severity in by_severity:
            by_severity[f.severity] += 1
    suppressed: dict[str, int] = dict.fromkeys(_SUPPRESSED, 0)
    for f in findings:
        if not _is_open(f):
            suppressed[f.status] = suppressed.get(f.status, 0) + 1
    return {
        "findings": len(findings),
        "open": len(open_),
        "by_severity": by_severity,
        "by_rule": dict(sorted(Counter(f.rule for f in open_).items())),
        "suppressed": suppressed,
    }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _percent_text(documented: int, operations: int) -> str:
    """One decimal, rounded down: 99.96% is not shown as 100.0%."""
    if operations <= 0:
        return "100.0%"
    tenths = documented * 1000 // operations
    return f"{tenths // 10}.{tenths % 10}%"


def _percent_value(cov: Coverage) -> float:
    """Two decimals, rounded down (integer arithmetic: no 28.999... surprises)."""
    if cov.operations <= 0:
        return 100.0
    return cov.documented * 10000 // cov.operations / 100


def summary_line(findings: Sequence[Finding], coverage: Sequence[Coverage]) -> str:
    """``apicheck: 3 errors, 1 warning, 0 notes (2 suppressed); coverage 97.5% (39/40
    operations)``; the suppressed count only when there are some, the coverage only
    when a spec was checked."""
    t = totals(findings)
    sev = t["by_severity"]
    line = "apicheck: " + ", ".join(_plural(sev[s], s) for s in SEVERITIES)
    suppressed = sum(t["suppressed"].values())
    if suppressed:
        line += f" ({suppressed} suppressed)"
    if coverage:
        ops = sum(c.operations for c in coverage)
        done = sum(c.documented for c in coverage)
        noun = "operation" if ops == 1 else "operations"
        line += f"; coverage {_percent_text(done, ops)} ({done}/{ops} {noun})"
    return line


# -- places and order ------------------------------------------------------------


def _path(file: str) -> str:
    return _text(file).replace("\\", "/")


def _line(line: int | None) -> int | None:
    return line if line is not None and line >= 1 else None


def _places(finding: Finding) -> list[SpecPlace | DocPlace]:
    """The finding's known places, the one it is about first: the spec place (a finding
    has one only when its problem is in a spec file), then the document place."""
    return [p for p in (finding.spec, finding.doc) if p is not None]


def _place_text(place: SpecPlace | DocPlace) -> str:
    """``file:line`` for the text report."""
    line = _line(place.line)
    file = _visible(_path(place.file), " ")
    return f"{file}:{line}" if line else file


def _sort_key(finding: Finding) -> tuple[Any, ...]:
    places = _places(finding)
    first = places[0] if places else None
    return (
        first is None,  # findings without a place last
        _path(first.file) if first else "",
        (_line(first.line) or 0) if first else 0,
        finding.rule,
        finding.message,
        finding.where(),
        finding.severity,
        finding.status,
        finding.fingerprint,
    )


def _ordered(findings: Sequence[Finding]) -> list[Finding]:
    return sorted(findings, key=_sort_key)


# -- text cleaning ----------------------------------------------------------------

_SURROGATES = re.compile("[\ud800-\udfff]")
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def _text(s: str) -> str:
    """Any string made encodable as UTF-8: lone surrogates become U+FFFD."""
    return _SURROGATES.sub("\ufffd", s)


def _xml(s: str) -> str:
    """Only the characters XML 1.0 allows (no C0 controls but tab and newlines)."""
    return _NOT_XML.sub("", s)


def _visible(s: str, indent: str) -> str:
    """Text for a terminal or editor: line breaks continue on an indented line, other
    control characters (escape sequences among them) are shown as ``\\xNN``."""
    return ("\n" + indent).join(log_line(line) for line in _NEWLINES.split(_text(s)))


# -- text -------------------------------------------------------------------------------


def _text_report(
    findings: list[Finding], coverage: list[Coverage], *, fail_on: str, failed: bool
) -> str:
    out = [summary_line(findings, coverage)]
    out.append(f"result: {'failed' if failed else 'passed'} (fails on: {fail_on})")
    open_ = [f for f in findings if _is_open(f)]
    suppressed = [f for f in findings if not _is_open(f)]

    out += ["", "Findings"]
    if not findings:
        out += ["", "  no findings"]
    elif not open_:
        out += ["", "  no open findings (the suppressed ones are listed below)"]
    group: str | None = None
    for f in open_:
        places = _places(f)
        head = _visible(_path(places[0].file), " ") if places else "(no location)"
        if head != group:
            out += ["", f"  {head}"]
            group = head
        out.append("    " + _finding_text(f, places, indent="      "))

    if suppressed:
        out += ["", "Suppressed", ""]
        for f in suppressed:
            places = _places(f)
            out.append(f"  ({f.status}) {_finding_text(f, places, indent='    ')}")

    out += ["", "Coverage", ""]
    if not coverage:
        out.append("  no spec checked")
    for c in coverage:
        name = _visible(c.spec, "    ")
        out.append(
            f"  {name} ({_visible(_path(c.file), ' ')}): {c.documented}/{c.operations} operations documented "
            f"({_percent_text(c.documented, c.operations)})"
        )
        if c.undocumented:
            out.append("    not documented:")
            out += [f"      {_visible(op, '        ')}" for op in c.undocumented]
    return "\n".join(out) + "\n"


def _finding_text(f: Finding, places: list[SpecPlace | DocPlace], *, indent: str) -> str:
    lead = f"{_place_text(places[0])}: " if places else ""
    lines = [f"{lead}{f.severity} [{f.rule}] {_visible(f.message, indent)}"]
    if places and isinstance(places[0], SpecPlace) and places[0].pointer is not None:
        lines.append(f"{indent}at #{_visible(places[0].pointer, indent)}")
    for other in places[1:]:
        if isinstance(other, SpecPlace):
            where = _place_text(other)
            if other.pointer is not None:
                where += f" #{_visible(other.pointer, indent)}"
            lines.append(f"{indent}spec: {where}")
        else:
            lines.append(f"{indent}doc: {_place_text(other)}")
    return "\n".join(lines)


# -- JSON ---------------------------------------------------------------------------


def _location(place: SpecPlace | DocPlace) -> dict[str, Any]:
    if isinstance(place, DocPlace):
        loc: dict[str, Any] = {"kind": "document", "file": _path(place.file)}
        loc["line"] = _line(place.line)
        loc["docname"] = place.docname
    else:
        loc = {"kind": "spec", "file": _path(place.file)}
        loc["line"] = _line(place.line)
        loc["pointer"] = place.pointer
    return {k: _text(v) if isinstance(v, str) else v for k, v in loc.items() if v is not None}


def _json_report(
    findings: list[Finding],
    coverage: list[Coverage],
    *,
    fail_on: str,
    failed: bool,
    version: str,
) -> dict[str, Any]:
    return {
        "version": version,
        "lines": "1-based",
        "fail_on": fail_on,
        "failed": failed,
        "totals": totals(findings),
        "coverage": [
            {
                "spec": _text(c.spec),
                "file": _path(c.file),
                "operations": c.operations,
                "documented": c.documented,
                "percent": _percent_value(c),
                "undocumented": [_text(op) for op in c.undocumented],
            }
            for c in coverage
        ],
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "message": _text(f.message),
                "status": f.status,
                "fingerprint": f.fingerprint,
                "locations": [_location(p) for p in _places(f)],
            }
            for f in findings
        ],
    }


def _dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- JUnit ------------------------------------------------------------------------


def _junit_report(findings: list[Finding], disabled: Set[str]) -> str:
    """One test case per enabled rule, a ``<failure>`` per open finding of that rule.
    ``failures`` counts the failed test cases (not the findings)."""
    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        if _is_open(f):
            by_rule.setdefault(f.rule, []).append(f)
    # a finding of a rule that is unknown (or disabled) still shows
    rules = [r for r in RULES if r not in disabled]
    rules += sorted(r for r in by_rule if r not in rules)
    failed = sum(1 for r in rules if r in by_rule)

    def counts(el: ET.Element) -> None:
        el.set("tests", str(len(rules)))
        el.set("failures", str(failed))
        el.set("errors", "0")

    root = ET.Element("testsuites", name="apicheck")
    counts(root)
    suite = ET.SubElement(root, "testsuite", name="apicheck")
    counts(suite)
    suite.set("skipped", "0")
    for rule_id in rules:
        rule = RULES.get(rule_id)
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"apicheck.{rule.family if rule else 'unknown'}",
            name=_xml(_text(rule_id)),
        )
        for f in by_rule.get(rule_id, ()):
            failure = ET.SubElement(
                case, "failure", type=_xml(f.severity), message=_xml(_text(f.message))
            )
            failure.text = _xml(_text(f.where()))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


# -- SARIF -----------------------------------------------------------------------------


def _sarif_level(severity: str) -> str:
    return severity if severity in SEVERITIES else Severity.NOTE


def _plain(rst: str) -> str:
    """A rule summary without its reST: ````x```` becomes ```x```."""
    return rst.replace("``", "`")


def _sarif_location(place: SpecPlace | DocPlace) -> dict[str, Any]:
    physical: dict[str, Any] = {
        "artifactLocation": {"uri": quote(_path(place.file), safe="/"), "uriBaseId": "%SRCROOT%"}
    }
    line = _line(place.line)
    if line:
        physical["region"] = {"startLine": line}
    loc: dict[str, Any] = {"physicalLocation": physical}
    if isinstance(place, SpecPlace) and place.pointer is not None:
        loc["message"] = {"text": "#" + _text(place.pointer)}
    return loc


def _sarif_report(
    findings: list[Finding], *, version: str, fallback_file: str | None
) -> dict[str, Any]:
    index = {rule_id: i for i, rule_id in enumerate(RULES)}
    rules = [
        {
            "id": r.id,
            "shortDescription": {"text": _plain(r.summary)},
            "defaultConfiguration": {"level": _sarif_level(r.severity)},
            "properties": {"tags": [r.family]},
        }
        for r in RULES.values()
    ]
    results = []
    for f in findings:
        result: dict[str, Any] = {"ruleId": f.rule}
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        result["level"] = _sarif_level(f.severity)
        result["message"] = {"text": _text(f.message)}
        places = _places(f)
        if places:
            result["locations"] = [_sarif_location(places[0])]
            if len(places) > 1:
                result["relatedLocations"] = [_sarif_location(p) for p in places[1:]]
        elif fallback_file:
            result["locations"] = [_sarif_location(DocPlace(fallback_file))]
        result["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
        if not _is_open(f):
            result["suppressions"] = [{"kind": _SARIF_SUPPRESSION.get(f.status, "external")}]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": version,
                        "informationUri": TOOL_URI,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }


# -- GitHub ---------------------------------------------------------------------------


def _gh_data(s: str) -> str:
    """Escaped as GitHub decodes a workflow command; other control characters shown."""
    s = _text(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return log_line(s)


def _gh_property(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def github_annotations(findings: Sequence[Finding], folder: str = "") -> list[str]:
    """A GitHub Actions workflow command per open finding, in report order:
    ``::error file=docs/api.rst,line=12,title=apicheck ref-unresolved::message``
    (``::warning`` for warnings, ``::notice`` for notes).  The file and line are the
    finding's first place, as in the other reports: the spec's when it has one, so
    the annotation shows on the line a pull request changes.  ``folder`` (``docs/``)
    is the project's folder in the repository, put before each file."""
    out = []
    for f in _ordered(findings):
        if not _is_open(f):
            continue
        props = []
        places = _places(f)
        if places:
            props.append(f"file={_gh_property(folder + _path(places[0].file))}")
            line = _line(places[0].line)
            if line:
                props.append(f"line={line}")
        props.append(f"title={_gh_property(f'apicheck {f.rule}')}")
        command = _GITHUB_COMMANDS.get(f.severity, "notice")
        out.append(f"::{command} {','.join(props)}::{_gh_data(f.message)}")
    return out


# -- writing -------------------------------------------------------------------------


def _write(path: Path, text: str) -> None:
    """Whole or not at all: a reader never sees half a report."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(text.encode("utf-8"))
    os.replace(tmp, path)


def write_reports(
    outdir: str | Path,
    findings: Sequence[Finding],
    coverage: Sequence[Coverage],
    *,
    fail_on: str,
    failed: bool,
    version: str,
    disabled: Set[str] = frozenset(),
    fallback_file: str | None = None,
) -> list[Path]:
    """Write ``apicheck.txt``, ``.json``, ``.junit.xml`` and ``.sarif`` into *outdir*
    (made if missing) and return their paths.

    *disabled*: the rules switched off, left out of the JUnit test cases.
    *fallback_file*: a project-relative file (``conf.py``, say) that the SARIF report
    gives a finding with no place of its own, since GitHub code scanning rejects a
    result without a location; without it such results have no ``locations``.
    """
    ordered = _ordered(findings)
    cov = sorted(coverage, key=lambda c: (c.spec, c.file))
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    texts = (
        _text_report(ordered, cov, fail_on=fail_on, failed=failed),
        _dump_json(_json_report(ordered, cov, fail_on=fail_on, failed=failed, version=version)),
        _junit_report(ordered, disabled),
        _dump_json(_sarif_report(ordered, version=version, fallback_file=fallback_file)),
    )
    paths = [out / name for name in FILES]
    for path, text in zip(paths, texts, strict=True):
        _write(path, text)
    return paths
