"""What the project says of findings: severities, the baseline, ``x-apicheck-ignore``
(pure Python, no Sphinx)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field, replace
from typing import Any

from ..diagnostics.rules import (
    BASELINE_STALE,
    RULES,
    Finding,
    Severity,
    Status,
    severity_rank,
)
from ..diagnostics.subtypes import Subtype
from ..spec.document import LoadedDocument
from ..spec.loader import load_document
from ..spec.prose import objects

IGNORE_KEY = "x-apicheck-ignore"
BASELINE_VERSION = 1
STALE_SHOWN = 10
"""Stale baseline entries reported one by one; the others are counted in one finding."""


@dataclass(frozen=True)
class Ignore:
    """``x-apicheck-ignore`` on the object at ``pointer`` of ``file``: these rules are not
    reported there or anywhere inside it."""

    file: str
    pointer: str
    rules: frozenset[str]

    def covers(self, finding: Finding) -> bool:
        spec = finding.spec
        if spec is None or spec.file != self.file or finding.rule not in self.rules:
            return False
        pointer = spec.pointer or ""
        return pointer == self.pointer or pointer.startswith(self.pointer + "/")


def ignores_in(file: str, data: Any) -> list[Ignore]:
    """Every ``x-apicheck-ignore: [rule, ...]`` in a document's data (a bare string is one
    rule); not in example data, where it is data."""
    out = []
    for pointer, obj, _extension in objects(data):
        rules = obj.get(IGNORE_KEY)
        if isinstance(rules, str):
            rules = [rules]
        if isinstance(rules, list):
            out.append(Ignore(file, pointer, frozenset(r for r in rules if isinstance(r, str))))
    return out


@dataclass(frozen=True)
class Baseline:
    """What a check needs of a baseline file: the rule of each accepted fingerprint, in
    the file's order (the messages and places in it are for people)."""

    rules: dict[str, str]
    skipped: int = 0
    """Entries without a fingerprint (ignored)."""
    skipped_line: int | None = None
    """The line of the first of them."""


def _entries(content: bytes, name: str, max_bytes: int) -> tuple[LoadedDocument, list[Any]]:
    """The baseline document in ``content`` (the file ``name``), parsed by the hardened
    loader (nesting and size are bounded), and its entries.  Raises ValueError saying
    why when it is not one."""
    doc = load_document(content, name, max_bytes=max_bytes)
    refused = [p for p in doc.problems if p.subtype != Subtype.NOT_OPENAPI]
    if doc.data is None and refused:
        where = f" (line {refused[0].line})" if refused[0].line else ""
        raise ValueError(refused[0].message + where)
    entries = doc.data.get("findings") if isinstance(doc.data, dict) else None
    if not isinstance(entries, list):
        raise ValueError('expected an object with a "findings" list')
    return doc, entries


def _fingerprint(entry: Any) -> str | None:
    fingerprint = entry.get("fingerprint") if isinstance(entry, dict) else None
    return fingerprint if isinstance(fingerprint, str) else None


def read_baseline(content: bytes, name: str, max_bytes: int) -> Baseline:
    """The baseline in ``content`` (the file ``name``); raises ValueError saying why when
    it is not one."""
    doc, entries = _entries(content, name, max_bytes)
    rules: dict[str, str] = {}
    skipped = 0
    skipped_line = None
    for index, entry in enumerate(entries):
        fingerprint = _fingerprint(entry)
        if fingerprint is not None:
            rule = entry.get("rule")
            rules[fingerprint] = sys.intern(rule) if isinstance(rule, str) else ""
        else:
            if not skipped:
                skipped_line = doc.line_of(f"/findings/{index}")
            skipped += 1
    return Baseline(rules, skipped, skipped_line)


def baseline_lines(
    content: bytes, name: str, max_bytes: int, fingerprints: Set[str]
) -> dict[str, int | None]:
    """The line of the entry of each of ``fingerprints`` in the baseline ``content``, which
    is parsed again: what a check keeps of a baseline is its fingerprints, and only the
    few entries a report names need a line."""
    doc, entries = _entries(content, name, max_bytes)
    lines: dict[str, int | None] = {}
    for index, entry in enumerate(entries):
        fingerprint = _fingerprint(entry)
        if fingerprint is not None and fingerprint in fingerprints:
            lines[fingerprint] = doc.line_of(f"/findings/{index}")
    return lines


def baseline_text(findings: Iterable[Finding]) -> str:
    """A baseline accepting ``findings`` (open and baselined ones), for the next run."""
    entries = {
        f.fingerprint: {
            "rule": f.rule,
            "fingerprint": f.fingerprint,
            "message": f.message,
            "where": f.where(),
        }
        for f in findings
        # a stale entry's note is not accepted: it would be stale itself next time
        if f.status in (Status.OPEN, Status.BASELINED)
        and not _fixed(f.rule)
        and f.rule != BASELINE_STALE
    }
    data = {"version": BASELINE_VERSION, "findings": sorted(entries.values(), key=_entry_order)}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _fixed(rule: str) -> bool:
    known = RULES.get(rule)
    return known is not None and known.fixed


def _entry_order(entry: Mapping[str, Any]) -> tuple[str, str, str]:
    return entry["rule"], entry["where"], entry["fingerprint"]


@dataclass
class Policy:
    severities: Mapping[str, str] = field(default_factory=dict)
    """Overrides by rule id: a severity, or ``off``."""
    fail_on: str = Severity.ERROR
    baseline: Mapping[str, str] = field(default_factory=dict)
    """The rule of each accepted fingerprint."""
    ignores: list[Ignore] = field(default_factory=list)
    matched: set[str] = field(default_factory=set)
    """Baseline fingerprints some finding matched."""

    def severity(self, rule: str) -> str | None:
        """The rule's severity for this project; None when it is off."""
        known = RULES.get(rule)
        if known is None:
            return Severity.ERROR
        if known.fixed:
            return known.severity
        chosen = self.severities.get(rule, known.severity)
        return None if chosen == "off" else chosen

    def apply(self, finding: Finding) -> Finding:
        """``finding`` with its status: ignored in the spec, baselined, or open.  A broken
        setup (a fixed rule) is always open: nothing accepts it."""
        if _fixed(finding.rule):
            return finding
        if any(ignore.covers(finding) for ignore in self.ignores):
            return replace(finding, status=Status.IGNORED)
        if finding.fingerprint in self.baseline:
            self.matched.add(finding.fingerprint)
            return replace(finding, status=Status.BASELINED)
        return finding

    def fails(self, findings: Iterable[Finding]) -> bool:
        if self.fail_on == "never":
            return False
        limit = severity_rank(self.fail_on)
        return any(f.status == Status.OPEN and severity_rank(f.severity) <= limit for f in findings)

    def stale(self) -> list[tuple[str, str]]:
        """(fingerprint, rule) of the baseline entries no finding matched, in file order."""
        return [(fp, rule) for fp, rule in self.baseline.items() if fp not in self.matched]
