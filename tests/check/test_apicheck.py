"""The ``apicheck`` builder: one planted defect per rule, found once, at its place."""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.context
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxext_apidocs.diagnostics.rules import INTERNAL_ERROR, RULES

from ..helpers import copy_root, spec_project
from ..spec.test_unsupported import SPEC_32

#: rule -> where its planted defect is: ("spec", file, pointer) or ("doc", file, line)
PLANTED: dict[str, tuple[str, str, Any]] = {
    "spec-unreadable": ("spec", "broken.yaml", None),
    "duplicate-key": ("spec", "planted.yaml", "/components/schemas/Pet/properties/name"),
    "ref-unresolved": (
        "spec",
        "planted.yaml",
        "/paths/~1toys/get/responses/200/content/application~1json/schema/$ref",
    ),
    "ref-remote": (
        "spec",
        "planted.yaml",
        "/paths/~1toys/get/responses/404/content/application~1json/schema/$ref",
    ),
    "ref-cycle": ("spec", "planted.yaml", None),
    "spec-structure": ("spec", "planted.yaml", "/paths/~1pets/get/parameters/2"),
    "spec-unsupported": (
        "spec",
        "planted.yaml",
        "/components/schemas/Owner/properties/title/maxlength",
    ),
    "operation-id-duplicate": ("spec", "planted.yaml", "/paths/~1pets/post/operationId"),
    "path-parameter-undeclared": ("spec", "planted.yaml", "/paths/~1pets~1{petId}/get"),
    "path-parameter-unused": ("spec", "planted.yaml", "/paths/~1pets~1{petId}/get/parameters/0"),
    "path-identical": ("spec", "planted.yaml", "/paths/~1pets~1{name}"),
    "path-ambiguous": ("spec", "planted.yaml", "/paths/~1owners~1mine~1{kind}"),
    "parameter-duplicate": ("spec", "planted.yaml", "/paths/~1pets/get/parameters/1"),
    "security-undefined": ("spec", "planted.yaml", "/paths/~1pets/post/security"),
    "security-scope-undefined": ("spec", "planted.yaml", "/security/0/oauth/0"),
    "server-variable-undefined": ("spec", "planted.yaml", "/servers/0/url"),
    "discriminator-mapping": (
        "spec",
        "planted.yaml",
        "/components/schemas/Animal/discriminator/mapping/dog",
    ),
    "required-undefined": ("spec", "planted.yaml", "/components/schemas/Owner/required/0"),
    "enum-type": ("spec", "planted.yaml", "/components/schemas/Size/enum/2"),
    "component-unused": ("spec", "planted.yaml", "/components/schemas/OldPet"),
    "link-target": (
        "spec",
        "planted.yaml",
        "/paths/~1pets/get/responses/200/links/owner/operationId",
    ),
    "example-invalid": (
        "spec",
        "planted.yaml",
        "/paths/~1pets/get/responses/200/content/application~1json/example",
    ),
    "example-additional-property": (
        "spec",
        "planted.yaml",
        "/paths/~1pets/post/requestBody/content/application~1json/example",
    ),
    "example-readonly-writeonly": (
        "spec",
        "planted.yaml",
        "/paths/~1pets~1{name}/get/responses/403/content/application~1json/example",
    ),
    "example-format": ("spec", "planted.yaml", "/components/schemas/Pet/properties/born/example"),
    "example-unchecked": (
        "spec",
        "planted.yaml",
        "/components/schemas/Pet/properties/born/pattern",
    ),
    "schema-unsatisfiable": ("spec", "planted.yaml", "/components/schemas/Impossible"),
    "sample-invalid": ("spec", "planted.yaml", "/components/schemas/Locked"),
    "operation-undocumented": ("spec", "planted.yaml", "/paths/~1owners~1mine~1{kind}/get"),
    "code-sample-language": ("doc", "endpoints/pets.md", 13),
    "rendering": ("spec", "planted.yaml", "/info/description"),
    "operation-duplicate": ("doc", "other.rst", 4),
    "markdown-unmatched": ("doc", "endpoints/pets.md", 17),
    "markdown-mismatch": ("doc", "endpoints/pets.md", 9),
    "markdown-syntax": ("doc", "endpoints/pets.md", 21),
    "xref-unresolved": ("doc", "other.rst", 7),
    "anchor-unresolved": ("doc", "index.rst", 11),
    "link-root-relative": ("spec", "planted.yaml", "/paths/~1pets/post/responses/409/description"),
    "filter-empty": ("doc", "index.rst", 13),
    "directive-invalid": ("doc", "other.rst", 9),
    "config-invalid": ("doc", "conf.py", None),
    "translation-stale": ("doc", "locales/de/LC_MESSAGES/index.po", 9),
    "baseline-stale": ("none", "", None),
    "breaking-change": ("spec", "history/planted-0.yaml", "/paths/~1retired/get"),
}


def test_every_rule_has_a_planted_defect() -> None:
    assert set(PLANTED) | {INTERNAL_ERROR} == set(RULES)


def _report(outdir: Path) -> dict[str, Any]:
    return json.loads((outdir / "apicheck.json").read_text(encoding="utf-8"))


def _place(finding: dict[str, Any], kind: str) -> dict[str, Any] | None:
    return next((p for p in finding["locations"] if p["kind"] == kind), None)


@pytest.mark.sphinx("apicheck", testroot="apicheck")
def test_each_planted_defect_is_found_once_at_its_place(app: SphinxTestApp) -> None:
    app.build()
    report = _report(Path(app.outdir))
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for finding in report["findings"]:
        by_rule.setdefault(finding["rule"], []).append(finding)
    assert sorted(by_rule) == sorted(PLANTED), json.dumps(by_rule, indent=1)
    for rule, (kind, file, where) in PLANTED.items():
        (finding,) = by_rule[rule]
        assert finding["severity"] == RULES[rule].severity
        if kind == "spec":
            place = _place(finding, "spec")
            assert place is not None, finding
            assert place["file"] == file, finding
            if where is not None:
                assert place["pointer"] == where, finding
                assert place["line"] >= 1
            assert finding["locations"][0] == place, finding  # the spec first, then the page
        elif kind == "doc":
            place = _place(finding, "document")
            assert place is not None, finding
            assert place["file"] == file, finding
            if where is not None:
                assert place["line"] == where, finding
    assert app.statuscode == 1  # errors remain


@pytest.mark.sphinx("apicheck", testroot="apicheck")
def test_reports_and_totals(app: SphinxTestApp) -> None:
    app.build()
    out = Path(app.outdir)
    for name in ("apicheck.txt", "apicheck.junit.xml", "apicheck.sarif", "apidocs-stats.json"):
        assert (out / name).is_file()
    report = _report(out)
    assert list(report) == [
        "version",
        "lines",
        "fail_on",
        "failed",
        "totals",
        "coverage",
        "findings",
    ]
    assert report["totals"]["open"] == len(report["findings"])
    assert sum(report["totals"]["by_rule"].values()) == len(report["findings"])
    (planted,) = report["coverage"]  # the broken spec has no operations to cover
    assert planted["spec"] == "planted"
    assert planted["undocumented"] == ["GET /owners/mine/{kind}"]
    assert (planted["operations"], planted["documented"]) == (7, 6)
    # every finding is a Sphinx warning with its rule as subtype
    warnings = app.warning.getvalue()
    for rule in PLANTED:
        assert f"[apidocs.check.{rule}]" in warnings, rule
    assert "[apidocs.config]" not in warnings


@pytest.mark.sphinx("apicheck", testroot="apicheck-clean")
def test_a_clean_project_passes_with_an_empty_report(app: SphinxTestApp) -> None:
    app.build()
    assert app.statuscode == 0
    report = _report(Path(app.outdir))
    assert report["findings"] == []
    assert report["failed"] is False
    assert report["totals"]["open"] == 0
    assert report["coverage"][0]["percent"] == 100.0
    assert "no findings" in (Path(app.outdir) / "apicheck.txt").read_text(encoding="utf-8")
    assert "[apidocs." not in app.warning.getvalue()


@pytest.mark.sphinx(
    "apicheck",
    testroot="apicheck",
    srcdir="apicheck-policy",
    confoverrides={
        "apidocs_check_rules": {
            "component-unused": "off",
            "example-invalid": "note",
            "config-invalid": "off",
        },
        "apidocs_check_baseline": None,
        "apidocs_check_fail_on": "never",
    },
)
def test_severities_are_the_projects_and_setup_rules_stay_errors(app: SphinxTestApp) -> None:
    app.build()
    assert app.statuscode == 0  # fail_on: never
    findings = _report(Path(app.outdir))["findings"]
    rules = {f["rule"]: f for f in findings}
    assert "component-unused" not in rules
    assert rules["example-invalid"]["severity"] == "note"
    # a broken setup cannot be silenced: the attempt is itself a config-invalid error
    messages = [f["message"] for f in findings if f["rule"] == "config-invalid"]
    assert any("'config-invalid' reports a broken setup" in m for m in messages)
    assert all(f["severity"] == "error" for f in findings if f["rule"] == "config-invalid")


def _clean_root_with(tmp_path: Path, *, anchor: str | None = None, unused: bool = False) -> Path:
    """The clean project, its description linking to ``#anchor`` instead of the operation,
    or with an ``Unused`` schema."""
    srcdir = copy_root("test-apicheck-clean", tmp_path, "apicheck-clean")
    spec = srcdir / "shop.yaml"
    text = spec.read_text()
    if anchor is not None:
        text = text.replace("(#post--orders)", f"(#{anchor})")
    if unused:
        text += "    Unused:\n      type: object\n"
    spec.write_text(text, encoding="utf-8")
    return srcdir


def _apicheck(srcdir: Path, **overrides: Any) -> tuple[SphinxTestApp, dict[str, Any]]:
    app = SphinxTestApp("apicheck", srcdir=srcdir, confoverrides=overrides)
    try:
        app.build()
    finally:
        app.cleanup()
    return app, _report(Path(app.outdir))


def test_a_baseline_accepts_todays_findings_and_reports_stale_entries(tmp_path: Path) -> None:
    srcdir = copy_root("test-apicheck", tmp_path, "apicheck")
    app, first = _apicheck(srcdir, apidocs_check_baseline=None, apidocs_check_rules={})
    assert app.statuscode == 1
    baseline = json.loads((Path(app.outdir) / "apicheck.baseline.json").read_text())
    assert len(baseline["findings"]) == len(first["findings"])
    assert all("line" not in entry for entry in baseline["findings"])
    # accept them all, then move every line of the spec down: fingerprints still match
    (srcdir / "baseline.json").write_text(json.dumps(baseline), encoding="utf-8")
    spec = srcdir / "planted.yaml"
    spec.write_text("# moved\n# down\n" + spec.read_text(encoding="utf-8"), encoding="utf-8")
    app, second = _apicheck(srcdir, apidocs_check_rules={})
    assert app.statuscode == 0, [f for f in second["findings"] if f["status"] == "open"]
    assert {f["status"] for f in second["findings"]} == {"baselined"}
    assert second["totals"]["suppressed"]["baselined"] == len(first["findings"])
    # fix one defect: its entry is stale, a note
    spec.write_text(spec.read_text().replace("      enum: [1, 2, three]", "      enum: [1, 2, 3]"))
    app, third = _apicheck(srcdir, apidocs_check_rules={})
    (stale,) = [f for f in third["findings"] if f["rule"] == "baseline-stale"]
    assert stale["status"] == "open" and stale["severity"] == "note"
    assert app.statuscode == 0
    # the next baseline drops the entry, and does not accept the note (stale next time)
    offered = json.loads((Path(app.outdir) / "apicheck.baseline.json").read_text())
    assert len(offered["findings"]) == len(first["findings"]) - 1
    assert "baseline-stale" not in {entry["rule"] for entry in offered["findings"]}


def test_x_apicheck_ignore_silences_a_rule_inside_one_object(tmp_path: Path) -> None:
    srcdir = copy_root("test-apicheck-clean", tmp_path, "apicheck-clean")
    spec = srcdir / "shop.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8")
        + "    Legacy:\n      x-apicheck-ignore: [component-unused]\n      type: object\n"
        + "    Unused:\n      type: object\n",
        encoding="utf-8",
    )
    app, report = _apicheck(srcdir)
    by_status = {f["locations"][0]["pointer"]: f["status"] for f in report["findings"]}
    assert by_status == {
        "/components/schemas/Legacy": "ignored",
        "/components/schemas/Unused": "open",
    }
    assert app.statuscode == 0  # component-unused is a warning
    assert "Legacy" not in app.warning.getvalue()  # ignored: not a warning either


def test_parallel_reading_finds_the_same(tmp_path: Path) -> None:
    serial = copy_root("test-apicheck", tmp_path / "serial", "apicheck")
    _app, one = _apicheck(serial)
    parallel = copy_root("test-apicheck", tmp_path / "parallel", "apicheck")
    app = SphinxTestApp("apicheck", srcdir=parallel, parallel=2)
    try:
        app.build()
    finally:
        app.cleanup()
    two = _report(Path(app.outdir))

    def key(f: dict[str, Any]) -> tuple[str, str]:
        return f["rule"], f["fingerprint"]

    assert sorted(map(key, two["findings"])) == sorted(map(key, one["findings"]))


def test_github_annotations_under_github_actions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _apicheck(copy_root("test-apicheck", tmp_path, "apicheck"))
    out = capsys.readouterr().out
    assert "::error file=planted.yaml,line=156,title=apicheck enum-type::" in out
    # a docs rule about spec text, found while rendering index.rst: on the spec's line
    assert "::warning file=planted.yaml,line=5,title=apicheck rendering::" in out
    assert "::warning file=endpoints/pets.md,line=17,title=apicheck markdown-unmatched::" in out


def test_github_annotations_name_files_from_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # docs in a folder of the checkout: the annotation names the file as the pull
    # request's diff does, docs/planted.yaml, so GitHub shows it on the changed line
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    srcdir = copy_root("test-apicheck", tmp_path, "apicheck")
    docs = srcdir.rename(tmp_path / "docs")
    _apicheck(docs)
    out = capsys.readouterr().out
    assert "::error file=docs/planted.yaml,line=156,title=apicheck enum-type::" in out
    assert (
        "::warning file=docs/endpoints/pets.md,line=17,title=apicheck markdown-unmatched::" in out
    )
    # a project outside the workspace keeps its own relative paths
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "elsewhere"))
    _apicheck(docs)
    assert (
        "::error file=planted.yaml,line=156,title=apicheck enum-type::" in capsys.readouterr().out
    )


def test_build_statistics_for_every_builder(tmp_path: Path) -> None:
    srcdir = copy_root("test-apicheck-clean", tmp_path, "apicheck-clean")
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    stats = json.loads((Path(app.outdir) / "apidocs-stats.json").read_text())
    assert stats["builder"] == "html"
    assert (stats["specs"], stats["operations_in_specs"], stats["schemas_in_specs"]) == (1, 2, 1)
    # Order twice: in the api-spec's Schemas section and in the page's own api-schema
    # (on one page both show it in full; across pages the section links to the api-schema)
    assert (stats["operations"], stats["schemas"]) == (2, 2)
    assert stats["samples"] == 6  # curl, python, javascript for each operation
    assert stats["spec_loads"] == 1 and stats["spec_cache_hits"] >= 1
    assert "apidocs: 1 spec(s), 2 operations and 2 schemas rendered" in app.status.getvalue()


def test_sphinx_build_exit_status(tmp_path: Path) -> None:
    """The command line: 1 with errors, 0 when clean (what CI looks at)."""
    for name, expected in (("apicheck", 1), ("apicheck-clean", 0)):
        srcdir = copy_root(f"test-{name}", tmp_path, name)
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "sphinx",
                "-q",
                "-b",
                "apicheck",
                str(srcdir),
                str(tmp_path / f"out-{name}"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == expected, run.stderr


def test_a_bug_in_the_checks_is_an_internal_error_never_a_clean_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinxext_apidocs.check import run

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(run, "check_spec", broken)
    app, report = _apicheck(copy_root("test-apicheck-clean", tmp_path, "apicheck-clean"))
    assert app.statuscode == 1
    (finding,) = report["findings"]
    assert finding["rule"] == "internal-error" and finding["severity"] == "error"
    assert "RuntimeError: a bug of ours" in finding["message"]  # the child's, for a report


def test_a_check_child_that_dies_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child killed (out of memory, say) is not a clean result: its part runs again here."""
    from sphinxext_apidocs.check import run

    parent = os.getpid()
    real = run.check_spec

    def dies_in_the_child(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent:
            os._exit(9)
        return real(*args, **kwargs)

    monkeypatch.setattr(run, "check_spec", dies_in_the_child)
    _app, report = _apicheck(_clean_root_with(tmp_path, unused=True))
    assert [f["rule"] for f in report["findings"]] == ["component-unused"]


@pytest.mark.parametrize("fate", ["works", "dies", "raises"])
def test_the_text_checks_start_as_soon_as_the_spec_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fate: str
) -> None:
    """The prose and x-apicheck-ignore checks of the largest spec run in a child forked
    while the spec is normalised; a child that dies is replaced, one that raises is an
    internal error."""
    from sphinxext_apidocs.check import run

    parent = os.getpid()
    real = run.ignores_in

    def ignores_in(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent:
            (tmp_path / f"child-{os.getpid()}").touch()
            if fate == "dies":
                os._exit(9)
            if fate == "raises":
                raise RuntimeError("a bug of ours")
        return real(*args, **kwargs)

    monkeypatch.setattr(run, "ignores_in", ignores_in)
    if fate == "raises":  # the other children are still at work: they must be ended
        real_check_spec = run.check_spec

        def slow_check_spec(*args: Any, **kwargs: Any) -> Any:
            if os.getpid() != parent:
                time.sleep(60)
            return real_check_spec(*args, **kwargs)

        monkeypatch.setattr(run, "check_spec", slow_check_spec)
    _app, report = _apicheck(_clean_root_with(tmp_path, anchor="nowhere"))
    # once, in the early child: the structure child left this document out
    assert len(list(tmp_path.glob("child-*"))) == 1
    rules = [f["rule"] for f in report["findings"]]
    if fate == "raises":
        assert rules == ["internal-error"]
    else:
        assert rules == ["anchor-unresolved"]
    assert multiprocessing.active_children() == []  # every child ended, whatever happened


def test_without_processes_to_fork_everything_is_checked_in_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_process(self: Any) -> None:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.context.ForkProcess, "start", no_process)
    _app, report = _apicheck(_clean_root_with(tmp_path, anchor="nowhere", unused=True))
    rules = sorted(f["rule"] for f in report["findings"])
    assert rules == ["anchor-unresolved", "component-unused"]
    assert report["coverage"][0]["documented"] == report["coverage"][0]["operations"]


def test_an_unreadable_baseline_fails_the_check(tmp_path: Path) -> None:
    srcdir = copy_root("test-apicheck-clean", tmp_path, "apicheck-clean")
    (srcdir / "baseline.json").write_text("{not json", encoding="utf-8")
    app, report = _apicheck(srcdir, apidocs_check_baseline="baseline.json")
    assert app.statuscode == 1
    (finding,) = report["findings"]
    assert finding["rule"] == "config-invalid"
    assert finding["message"].startswith("apidocs_check_baseline: baseline.json: ")
    assert "[apidocs.check.config-invalid]" in app.warning.getvalue()


def test_stale_baseline_entries_are_notes_at_their_line_of_the_baseline(tmp_path: Path) -> None:
    """An entry that matches no finding, also one without a fingerprint (which can match
    none), is a ``baseline-stale`` note pointing at its line: not a broken setup."""
    srcdir = copy_root("test-apicheck-clean", tmp_path, "apicheck-clean")
    entries = [{"rule": "ref-unresolved", "fingerprint": "0" * 20}, {"rule": "ref-unresolved"}]
    (srcdir / "baseline.json").write_text(
        json.dumps({"findings": entries}, indent=2), encoding="utf-8"
    )
    app, report = _apicheck(srcdir, apidocs_check_baseline="baseline.json")
    assert app.statuscode == 0
    found = report["findings"]
    assert {(f["rule"], f["severity"]) for f in found} == {("baseline-stale", "note")}, found
    places = sorted((p["file"], p.get("line")) for f in found for p in f["locations"])
    assert places == [("baseline.json", 3), ("baseline.json", 7)]


def test_a_broken_setup_is_never_baselined(tmp_path: Path) -> None:
    srcdir = copy_root("test-apicheck-clean", tmp_path, "apicheck-clean")
    app, _report_ = _apicheck(srcdir, apidocs_check_rules={"no-such-rule": "off"})
    baseline = json.loads((Path(app.outdir) / "apicheck.baseline.json").read_text())
    assert baseline["findings"] == []  # the config-invalid finding is not offered
    (srcdir / "baseline.json").write_text(
        json.dumps(
            {
                "findings": [
                    {"rule": f["rule"], "fingerprint": f["fingerprint"]}
                    for f in _report_["findings"]
                ]
            }
        ),
        encoding="utf-8",
    )
    app, report = _apicheck(
        srcdir,
        apidocs_check_rules={"no-such-rule": "off"},
        apidocs_check_baseline="baseline.json",
    )
    (finding,) = [f for f in report["findings"] if f["rule"] != "baseline-stale"]
    assert finding["rule"] == "config-invalid" and finding["status"] == "open"
    assert app.statuscode == 1


def test_html_after_apicheck_in_the_same_build_folder_is_complete(tmp_path: Path) -> None:
    """apicheck reads operations as anchors only; the next html build (``make apicheck
    html`` shares the doctrees) reads every page again and shows them in full."""
    srcdir = copy_root("test-apicheck-clean", tmp_path, "apicheck-clean")
    build = tmp_path / "_build"
    for name in ("apicheck", "html"):
        app = SphinxTestApp(name, srcdir=srcdir, builddir=build)
        try:
            app.build()
        finally:
            app.cleanup()
    html = (build / "html" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="apidocs-method') >= 2 and "apidocs-code-sample" in html


def test_a_failed_build_leaves_nothing_behind(tmp_path: Path) -> None:
    """Sphinx skips finish() and cleanup() when a build fails: the warning filter, the
    collector and the check processes are ended at build-finished all the same."""
    import logging

    from sphinxext_apidocs.sphinx_ext.builder import FindingCollector, FindingFilter

    srcdir = copy_root("test-apicheck-clean", tmp_path, "apicheck-clean")
    with open(srcdir / "conf.py", "a", encoding="utf-8") as conf:
        conf.write(
            "\ndef _fail(app, docname, source):\n    raise RuntimeError('boom')\n\n"
            "def setup(app):\n    app.connect('source-read', _fail)\n"
        )
    app = SphinxTestApp("apicheck", srcdir=srcdir)
    try:
        with pytest.raises(Exception, match="boom"):
            app.build()
        builder = app.builder
    finally:
        app.cleanup()
    assert not any(
        isinstance(f, FindingFilter) for f in logging.getLogger("sphinx.sphinxext_apidocs").filters
    )
    assert not any(isinstance(h, FindingCollector) for h in logging.getLogger("sphinx").handlers)
    assert builder._running == {}  # type: ignore[attr-defined]


def test_duplicates_are_the_same_serial_and_parallel(tmp_path: Path) -> None:
    """Parallel readers see only their own pages; duplicates are found once, after."""
    results = []
    for jobs in (1, 4):
        srcdir = copy_root("test-apicheck-clean", tmp_path / f"j{jobs}", "apicheck-clean")
        pages = [f"p{n}" for n in range(8)]
        index = (srcdir / "index.rst").read_text(encoding="utf-8")
        toctree = ".. toctree::\n\n" + "".join(f"   {p}\n" for p in pages)
        (srcdir / "index.rst").write_text(index + "\n" + toctree, encoding="utf-8")
        for page in pages:
            (srcdir / f"{page}.rst").write_text(
                f"{page}\n{'=' * len(page)}\n\n.. api-endpoint:: createOrder\n", encoding="utf-8"
            )
        app = SphinxTestApp("apicheck", srcdir=srcdir, parallel=jobs)
        try:
            app.build()
        finally:
            app.cleanup()
        findings = _report(Path(app.outdir))["findings"]
        results.append(sorted((f["rule"], f["fingerprint"]) for f in findings))
    serial, parallel = results
    assert [rule for rule, _fp in serial] == ["operation-duplicate"] * 8
    assert parallel == serial


def test_a_baseline_nested_too_deep_is_a_config_finding_and_the_check_goes_on(
    tmp_path: Path,
) -> None:
    srcdir = _clean_root_with(tmp_path, unused=True)
    deep = '{"findings": [' + "[" * 3000 + "]" * 3000 + "]}"
    (srcdir / "baseline.json").write_text(deep, encoding="utf-8")
    app, report = _apicheck(srcdir, apidocs_check_baseline="baseline.json")
    by_rule = {f["rule"]: f for f in report["findings"]}
    assert sorted(by_rule) == ["component-unused", "config-invalid"]  # checked without it
    assert by_rule["component-unused"]["status"] == "open"
    message = by_rule["config-invalid"]["message"]
    assert message.startswith("apidocs_check_baseline: baseline.json: ") and "deep" in message
    assert "Traceback" not in app.warning.getvalue()
    assert app.statuscode == 1


#: peak memory of a whole ``apicheck`` run of the clean project with a 300,000-entry
#: baseline (33 MB): the build itself takes about 70 MB
BASELINE_MAX_RSS_MB = 600
#: stale baseline entries reported one by one (the rest as one count)
STALE_SHOWN = 10

_MEASURED_BUILD = """
import json, resource, sys
from sphinx.cmd.build import build_main
status = build_main(sys.argv[1:])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"status": status, "peak_mb": peak / 1024}))
"""


def test_a_baseline_of_300000_entries_is_read_and_matched_lean(tmp_path: Path) -> None:
    """Loading is linear and keeps fingerprints only; stale entries are reported by count
    after the first few, not as 300,000 findings.  A generous wall-clock guard: a hang or
    quadratic work is the fault (it took minutes and 2 GB)."""
    srcdir = _clean_root_with(tmp_path, unused=True)
    _app, first = _apicheck(srcdir)
    (unused,) = first["findings"]
    entries = [{"rule": "component-unused", "fingerprint": unused["fingerprint"]}]
    entries += [
        {
            "rule": "ref-unresolved",
            "fingerprint": f"{n:020x}",
            "where": f"shop.yaml #/components/schemas/S{n}",
        }
        for n in range(300_000)
    ]
    (srcdir / "baseline.json").write_text(json.dumps({"findings": entries}), encoding="utf-8")
    out = tmp_path / "out"
    options = ["-q", "-b", "apicheck", "-D", "apidocs_check_baseline=baseline.json"]
    run = subprocess.run(
        [sys.executable, "-c", _MEASURED_BUILD, *options, str(srcdir), str(out)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    measured = json.loads(run.stdout.splitlines()[-1])
    assert measured["peak_mb"] < BASELINE_MAX_RSS_MB, measured
    report = _report(out)
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for finding in report["findings"]:
        by_rule.setdefault(finding["rule"], []).append(finding)
    assert [f["status"] for f in by_rule["component-unused"]] == ["baselined"]
    stale = by_rule["baseline-stale"]
    assert len(stale) == STALE_SHOWN + 1
    assert any(f"{0:020x}" in f["message"] for f in stale)  # the first ones by name
    assert any("299,990 more" in f["message"] for f in stale), [f["message"] for f in stale]
    assert len(run.stderr.splitlines()) < 50  # a few warnings, not one per entry


def test_openapi_32_fields_not_shown_are_listed(tmp_path: Path) -> None:
    srcdir = spec_project(tmp_path, SPEC_32, files={"shared.yaml": "Item: {type: object}"})
    _app, report = _apicheck(srcdir)
    found = sorted(
        (_place(f, "spec") or {}).get("pointer", "")
        for f in report["findings"]
        if f["rule"] == "spec-unsupported"
    )
    assert [p.rsplit("/", 1)[-1] for p in found] == [
        "$self",
        "itemEncoding",
        "prefixEncoding",
    ]
