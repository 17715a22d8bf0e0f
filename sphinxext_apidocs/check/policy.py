"""What the project says of findings: severities, the baseline, ``x-apicheck-ignore``
(pure Python, no Sphinx)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..spec.prose import objects
from .rules import RULES, Finding, severity_rank

IGNORE_KEY = "x-apicheck-ignore"
BASELINE_VERSION = 1


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


def read_baseline(text: str) -> dict[str, dict[str, Any]]:
    """Baseline entries by fingerprint.  Raises ValueError when the text is not one."""
    data = json.loads(text)
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ValueError('expected an object with a "findings" list')
    out = {}
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str):
            out[entry["fingerprint"]] = entry
    return out


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
        if f.status in ("open", "baselined") and not _fixed(f.rule)
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
    fail_on: str = "error"
    baseline: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Accepted findings by fingerprint."""
    ignores: list[Ignore] = field(default_factory=list)
    matched: set[str] = field(default_factory=set)
    """Baseline fingerprints some finding matched."""

    def severity(self, rule: str) -> str | None:
        """The rule's severity for this project; None when it is off."""
        known = RULES.get(rule)
        if known is None:
            return "error"
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
            return replace(finding, status="ignored")
        if finding.fingerprint in self.baseline:
            self.matched.add(finding.fingerprint)
            return replace(finding, status="baselined")
        return finding

    def fails(self, findings: Iterable[Finding]) -> bool:
        if self.fail_on == "never":
            return False
        limit = severity_rank(self.fail_on)
        return any(f.status == "open" and severity_rank(f.severity) <= limit for f in findings)

    def stale(self) -> list[Mapping[str, Any]]:
        """Baseline entries no finding matched."""
        return [e for fp, e in self.baseline.items() if fp not in self.matched]
