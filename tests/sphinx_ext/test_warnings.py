"""Bad input warns (type apidocs, a subtype, a location) and the build goes on."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from ..helpers import apidocs_warnings, build, copy_root


def _by_subtype(app: SphinxTestApp) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for w in apidocs_warnings(app.warning.getvalue()):
        out.setdefault(w["subtype"], []).append(w)
    return out


@pytest.mark.sphinx("html", testroot="warnings")
def test_each_problem_warns_with_a_location(app: SphinxTestApp) -> None:
    app.build()
    assert app.statuscode == 0
    found = _by_subtype(app)
    # directive problems: document and line
    (op,) = found["unknown-operation"]
    assert op["location"].endswith("index.rst:6")
    assert "did you mean 'GET /things'?" in op["message"]
    several, unknown = found["unknown-spec"]
    assert "several specs are configured; name one with :spec: (bad, good)" in several["message"]
    assert "unknown spec 'nosuchspec'" in unknown["message"]
    (schema,) = found["unknown-schema"]
    assert schema["location"].endswith("index.rst:11")
    (option,) = found["option"]
    assert "([unclosed" in option["message"]
    assert any("no-such-tag" in w["message"] for w in found["filter"])
    (config,) = found["config"]
    assert "apidocs_schema_depth" in config["message"]
    # spec problems: document and line, spec file and JSON pointer
    (ref,) = found["ref"]
    assert ref["location"].endswith("index.rst:4")
    assert "api/bad.yaml" in ref["message"]
    assert "#/paths/~1a/get/responses/200/content/application~1json/schema/$ref" in ref["message"]
    (remote,) = found["remote-ref"]
    assert "https://example.com/schemas/x.json" in remote["message"]
    outside = found["outside-project"]
    assert len(outside) == 2
    (cycle,) = found["ref-cycle"]
    assert "components/parameters/A" in cycle["message"]


@pytest.mark.sphinx("html", testroot="warnings")
def test_the_rest_of_the_page_renders(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "index.html").read_text()
    # the broken parts have visible placeholders, the rest renders
    assert "Unknown endpoint: GET /nowhere" in html
    assert "Unknown schema: Missing" in html
    assert "unresolved" in html
    assert 'id="get--remote"' in html and 'id="get--loop"' in html
    # $ref inside literal data is shown literally, never opened
    assert "../../../etc/passwd" in html
    assert "root:" not in html


def test_warnings_repeat_on_an_incremental_build(make_app, tmp_path: Path) -> None:
    src = copy_root("test-warnings", tmp_path)
    first = build(make_app, src)
    before = sorted(
        (w["subtype"], w["message"]) for w in apidocs_warnings(first.warning.getvalue())
    )
    again = build(make_app, src)
    after = sorted((w["subtype"], w["message"]) for w in apidocs_warnings(again.warning.getvalue()))
    assert "index" not in again.builder.get_outdated_docs()
    assert before == after
    assert before


def test_each_spec_problem_is_reported_once(make_app, tmp_path: Path) -> None:
    src = copy_root("test-warnings", tmp_path)
    (src / "second.rst").write_text("Second\n======\n\n.. api-spec:: bad\n")
    app = build(make_app, src)
    refs = [w for w in apidocs_warnings(app.warning.getvalue()) if w["subtype"] == "ref"]
    assert len(refs) == 1


def test_a_bug_of_ours_is_a_warning_not_a_crash(make_app, tmp_path: Path, monkeypatch) -> None:
    """The safety nets: an exception while loading or while rendering warns (internal)."""
    import sphinxext_apidocs.sphinx_ext.deferred
    import sphinxext_apidocs.sphinx_ext.spec_cache

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    src = copy_root("test-basic", tmp_path)
    monkeypatch.setattr(sphinxext_apidocs.sphinx_ext.deferred, "operation_body", broken)
    app = build(make_app, src)
    assert app.statuscode == 0
    found = apidocs_warnings(app.warning.getvalue())
    assert found and {w["subtype"] for w in found} == {"internal"}
    assert "rendering failed" in (app.outdir / "reference.html").read_text()

    monkeypatch.setattr(sphinxext_apidocs.sphinx_ext.spec_cache, "load_spec", broken)
    src2 = copy_root("test-basic", tmp_path, "src2")
    app2 = build(make_app, src2)
    assert app2.statuscode == 0
    found = apidocs_warnings(app2.warning.getvalue())
    assert {w["subtype"] for w in found} == {"internal"}
    assert any("ZeroDivisionError: boom" in w["message"] for w in found)
