"""Hostile and odd specs from ../shared/HAZARDS.md that the core must survive.

The loader's own hazards (YAML/JSON bombs, depth, encodings) are in
spec/test_loader.py and the sanitizer's in render/test_description.py; these are whole
builds.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from ..helpers import INLINE_SCHEMAS, apidocs_warnings, build, other_warnings, spec_project


def _spec(paths: dict, schemas: dict | None = None) -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas or {}},
    }


def _ok(status: int = 200, schema: dict | None = None) -> dict:
    body = {"description": "ok"}
    if schema is not None:
        body["content"] = {"application/json": {"schema": schema}}
    return {"responses": {str(status): body}}


def test_reference_fan_out_gives_a_small_page(make_app, tmp_path: Path) -> None:
    """Hazard 14: 8 references per level, 7 levels: named schemas render once per operation."""
    schemas = {}
    for level in range(7):
        props = {f"p{i}": {"$ref": f"#/components/schemas/L{level + 1}"} for i in range(8)}
        schemas[f"L{level}"] = {"type": "object", "properties": props}
    schemas["L7"] = {"type": "string"}
    src = spec_project(
        tmp_path,
        _spec({"/x": {"get": _ok(schema={"$ref": "#/components/schemas/L0"})}}, schemas),
        conf=INLINE_SCHEMAS,
    )
    app = build(make_app, src)
    page = (app.outdir / "index.html").read_text()
    assert len(page) < 300_000
    assert "see its first use above" in page
    assert apidocs_warnings(app.warning.getvalue()) == []


def test_recursion_is_marked_and_a_pure_loop_warns(make_app, tmp_path: Path) -> None:
    """Hazards 12 and 13."""
    schemas = {
        "Node": {
            "type": "object",
            "properties": {
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
            },
        },
        "A": {"$ref": "#/components/schemas/B"},
        "B": {"$ref": "#/components/schemas/A"},
    }
    paths = {
        "/tree": {"get": _ok(schema={"$ref": "#/components/schemas/Node"})},
        "/loop": {"get": _ok(schema={"$ref": "#/components/schemas/A"})},
    }
    src = spec_project(tmp_path, _spec(paths, schemas), conf=INLINE_SCHEMAS)
    app = build(make_app, src)
    page = (app.outdir / "index.html").read_text()
    assert "recursive: Node (shown above)" in page
    assert 'id="get--loop"' in page


def test_symlink_escaping_the_project_is_not_read(make_app, tmp_path: Path) -> None:
    """Hazard 16: the secret appears nowhere, not in pages and not in warnings."""
    secret = tmp_path / "outside" / "secret.json"
    secret.parent.mkdir()
    secret.write_text(json.dumps({"type": "string", "description": "TOPSECRET-VALUE"}))
    spec = _spec({"/x": {"get": _ok(schema={"$ref": "link/secret.json"})}})
    src = spec_project(tmp_path, spec)
    os.symlink(secret.parent, src / "link")
    app = build(make_app, src, status=None)
    warnings = app.warning.getvalue()
    assert "TOPSECRET" not in warnings
    assert "TOPSECRET" not in (app.outdir / "index.html").read_text()
    assert [w["subtype"] for w in apidocs_warnings(warnings)] == ["outside-project"]


def test_spec_file_outside_the_project_is_refused(make_app, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.json"
    outside.write_text(json.dumps(_spec({"/x": {"get": _ok()}})))
    src = spec_project(tmp_path, _spec({}))
    (src / "conf.py").write_text(
        'extensions = ["sphinxext_apidocs"]\napidocs_specs = {"api": "../elsewhere.json"}\n'
    )
    app = build(make_app, src)
    assert [w["subtype"] for w in apidocs_warnings(app.warning.getvalue())] == ["outside-project"]
    assert "apidocs-placeholder" in (app.outdir / "index.html").read_text()


def test_hostile_text_stays_text(make_app, tmp_path: Path) -> None:
    """Hazards 20-24 in a whole build: no script, no javascript: href, reST is not parsed."""
    description = (
        "<script>alert(1)</script>Hello <img src=x onerror=alert(2)> [x](javascript:alert(3))\n\n"
        ".. raw:: html\n\n   <b>raw</b>\n\n.. include:: /etc/passwd\n"
    )
    op = _ok(
        schema={
            "type": "object",
            "properties": {"a|b`</pre>": {"type": "string", "enum": ["<i>x</i>"]}},
        }
    )
    op["summary"] = "Line one\n\n# Heading\n- item"
    op["description"] = description
    spec = _spec({"/x": {"get": op}})
    spec["info"]["termsOfService"] = "JaVaScRiPt:alert(4)"
    src = spec_project(tmp_path, spec)
    app = build(make_app, src)
    page = (app.outdir / "index.html").read_text()
    body = page[page.index('<div class="body"') : page.index('<div class="sphinxsidebar"')]
    assert "<script" not in body and "onerror" not in body
    assert 'href="javascript' not in body.lower()
    assert ".. raw:: html" in body and ".. include:: /etc/passwd" in body
    assert "a|b`&lt;/pre&gt;" in body
    assert "&lt;i&gt;x&lt;/i&gt;" in body
    assert "Line one # Heading - item" in body
    subtypes = [w["subtype"] for w in apidocs_warnings(app.warning.getvalue())]
    assert "html" in subtypes


@pytest.mark.parametrize("engine", ["pdflatex", "xelatex"])
def test_unicode_in_latex(make_app, tmp_path: Path, engine: str) -> None:
    """Hazard 33: emoji and box drawing build with xelatex; under pdflatex they degrade with one warning."""
    op = _ok()
    op["summary"] = "Ship it ✅ ─│┌"
    op["description"] = "Status ✅ and a box ┌─┐ and 😀."
    src = spec_project(tmp_path, _spec({"/x": {"get": op}}), conf=f"latex_engine = {engine!r}\n")
    app = build(make_app, src, "latex")
    tex = next(app.outdir.glob("*.tex")).read_text()
    found = apidocs_warnings(app.warning.getvalue())
    assert other_warnings(app.warning.getvalue()) == []
    if engine == "pdflatex":
        assert [w["subtype"] for w in found] == ["latex"]
        assert "U+2705" in tex and "✅" not in tex
    else:
        assert found == []
        assert "✅" in tex


def test_deep_schema_is_flat_in_latex(make_app, tmp_path: Path) -> None:
    """Hazard 33: a 7-level nested schema gives one flat table with dotted paths."""
    schema: dict = {"type": "string"}
    for level in reversed(range(7)):
        schema = {"type": "object", "properties": {f"l{level}": schema}}
    src = spec_project(
        tmp_path, _spec({"/x": {"get": _ok(schema=schema)}}), conf="apidocs_schema_depth = 10\n"
    )
    app = build(make_app, src, "latex")
    tex = next(app.outdir.glob("*.tex")).read_text()
    assert "l0.l1.l2.l3.l4.l5.l6" in tex
    assert "\\begin{itemize}" not in tex


def test_unknown_code_languages_are_plain_text(make_app, tmp_path: Path) -> None:
    """Fence labels and x-codeSamples languages Pygments does not know: no Sphinx warning."""
    op = _ok()
    op["description"] = (
        '```azurecli\naz login\n```\n\n```nosuchlang\nx\n```\n\n```json\n{"a": 1}\n```\n'
    )
    op["x-codeSamples"] = [
        {"lang": "cURL", "source": "curl https://x"},
        {"lang": "Brainfsck", "source": "+-"},
    ]
    src = spec_project(tmp_path, _spec({"/x": {"get": op}}))
    app = build(make_app, src)
    assert other_warnings(app.warning.getvalue()) == []
    page = (app.outdir / "index.html").read_text()
    text = re.sub(r"<[^>]+>", "", page)
    assert "az login" in text and "curl https://x" in text and "+-" in text
    assert 'class="highlight-json' in page and 'class="highlight-text' in page


def test_groups_get_unique_ids(make_app, tmp_path: Path) -> None:
    """Two api-spec in one page, a heading that takes a group's id, non-ASCII tags: no crash."""
    spec = _spec(
        {
            "/a": {"get": {**_ok(), "tags": ["用户"]}},
            "/b": {"get": {**_ok(), "tags": ["订单"]}},
            "/c": {"get": _ok()},
        }
    )
    spec["openapi"] = "3.1.0"
    spec["webhooks"] = {"ping": {"post": _ok()}}
    page = "Webhooks\n--------\n\n.. api-spec:: api\n\n.. api-spec:: api\n   :methods: get\n"
    src = spec_project(tmp_path, spec, index="API\n===\n\n" + page)
    app = build(make_app, src)
    assert app.statuscode == 0
    html = (app.outdir / "index.html").read_text()
    for group_id in ("tag-用户", "tag-订单", "tag-untagged", "tag-untagged-2", "webhooks-2"):
        assert f'id="{group_id}"' in html


def test_a_tag_with_an_empty_name_is_left_out_with_a_warning(make_app, tmp_path: Path) -> None:
    """Bungie's spec (APIs.guru) declares a tag named "" and uses it: it took the place of
    "no tag", every other tag was nested in it and the build recursed without end."""
    spec = _spec(
        {
            "/a": {"get": {**_ok(), "tags": ["App"]}},
            "/b": {"get": {**_ok(), "tags": [""]}},
            "/c": {"get": _ok()},
            "/d": {"get": {**_ok(), "tags": "App"}},  # a name, not a list of names
        }
    )
    spec["tags"] = [{"name": "App"}, {"name": "", "description": "core"}]
    app = build(make_app, spec_project(tmp_path, spec))
    assert app.statuscode == 0
    found = apidocs_warnings(app.warning.getvalue())
    assert [(w["subtype"], w["message"].split(": ", 1)[0]) for w in found] == [
        ("structure", "api.json:27 #/paths/~1b/get/tags"),
        ("structure", "api.json:48 #/paths/~1d/get/tags"),
        ("structure", "api.json:59 #/tags/1"),
    ]
    html = (app.outdir / "index.html").read_text()
    app_group, others = html.split('id="tag-App"', 1)[1].split('id="tag-untagged"', 1)
    assert 'id="get--a"' in app_group and 'id="get--b"' not in app_group
    assert all(f'id="get--{path}"' in others for path in "bcd")
    assert html.count('id="get--b"') == 1


def test_callback_cycle_warns_instead_of_recursing(make_app, tmp_path: Path) -> None:
    callback = {
        "{$request.body#/url}": {
            "post": {**_ok(), "callbacks": {"again": {"$ref": "#/components/callbacks/C"}}}
        }
    }
    spec = _spec(
        {"/a": {"post": {**_ok(), "callbacks": {"first": {"$ref": "#/components/callbacks/C"}}}}}
    )
    spec["components"]["callbacks"] = {"C": callback}
    src = spec_project(tmp_path, spec)
    app = build(make_app, src)
    assert app.statuscode == 0
    subtypes = [w["subtype"] for w in apidocs_warnings(app.warning.getvalue())]
    assert subtypes == ["ref-cycle"]
    assert 'id="post--a"' in (app.outdir / "index.html").read_text()


def test_a_missing_file_that_appears_is_picked_up(make_app, tmp_path: Path) -> None:
    spec = _spec({"/a": {"get": _ok(schema={"$ref": "later.json#/S"})}})
    src = spec_project(tmp_path, spec)
    app = build(make_app, src)
    assert [w["subtype"] for w in apidocs_warnings(app.warning.getvalue())] == ["file"]
    (src / "later.json").write_text(
        json.dumps({"S": {"type": "object", "properties": {"appeared": {"type": "string"}}}})
    )
    again = build(make_app, src)
    assert apidocs_warnings(again.warning.getvalue()) == []
    assert "appeared" in (again.outdir / "index.html").read_text()


def test_audit_covers_example_descriptions_and_not_verbatim_titles(
    make_app, tmp_path: Path
) -> None:
    op = _ok()
    op["responses"]["200"]["content"] = {
        "application/json": {
            "schema": {"type": "string"},
            "examples": {
                "one": {
                    "description": "<script>x()</script>see [docs](ftp://example.com)",
                    "value": "<script>",
                }
            },
        }
    }
    spec = _spec({"/x": {"get": op}})
    spec["info"]["title"] = "Plain <script>x</script>"
    src = spec_project(tmp_path, spec)
    app = build(make_app, src)
    found = apidocs_warnings(app.warning.getvalue())
    assert [w["subtype"] for w in found] == ["html"]
    assert "/examples/one/description" in found[0]["message"]


def test_tuples_not_and_several_examples(make_app, tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {
            "point": {
                "type": "array",
                "prefixItems": [{"type": "number", "description": "x"}, {"type": "string"}],
            },
            "odd": {"not": {"type": "string"}},
            "color": {"type": "string", "examples": ["red", "green", "blue"]},
        },
    }
    spec = _spec({"/x": {"get": _ok(schema=schema)}})
    spec["openapi"] = "3.1.0"
    src = spec_project(tmp_path, spec)
    app = build(make_app, src)
    text = re.sub(r"<[^>]+>", "", (app.outdir / "index.html").read_text())
    assert "point[0]" in text and "point[1]" in text and "tuple item" in text
    assert "not string" in text
    assert "Examples: &quot;red&quot;, &quot;green&quot;, &quot;blue&quot;" in text


def test_array_parameters_show_their_items(make_app, tmp_path: Path) -> None:
    op = _ok()
    op["parameters"] = [
        {
            "name": "state",
            "in": "query",
            "schema": {"type": "array", "items": {"type": "string", "enum": ["open", "closed"]}},
        }
    ]
    src = spec_project(tmp_path, _spec({"/x": {"get": op}}))
    app = build(make_app, src)
    text = re.sub(r"<[^>]+>", "", (app.outdir / "index.html").read_text())
    assert "array of string" in text
    assert "Each item: Allowed: &quot;open&quot;, &quot;closed&quot;" in text


def _chain(n: int, *, used_by_every_link: bool = False) -> dict:
    """A spec whose schema A1 is a ``$ref`` to A2, ... to A{n} (a string); one operation
    sends and answers A1, or an object with one property per link of the chain."""
    schemas: dict = {f"A{i}": {"$ref": f"#/components/schemas/A{i + 1}"} for i in range(1, n)}
    schemas[f"A{n}"] = {"type": "string"}
    schema = {"$ref": "#/components/schemas/A1"}
    if used_by_every_link:
        links = {f"p{i}": {"$ref": f"#/components/schemas/A{i}"} for i in range(1, n + 1)}
        schema = {"type": "object", "properties": links}
    op = _ok(schema=schema)
    op["requestBody"] = {"content": {"application/json": {"schema": schema}}}
    return _spec({"/x": {"post": op}}, schemas)


def _parameters(n: int) -> dict:
    op = _ok()
    op["parameters"] = [
        {"name": f"p{i}", "in": "query", "schema": {"type": "string"}} for i in range(n)
    ]
    return _spec({"/x": {"get": op}})


def _our_work(make_app, src: Path) -> int:
    """The Python calls and returns (builtins' too) in the extension's code during a build:
    a count of its work that does not depend on the machine's load."""
    count = 0
    ours = str(Path(__file__).resolve().parents[2] / "sphinxext_apidocs")

    def profile(frame, event, arg) -> None:
        nonlocal count
        if frame.f_code.co_filename.startswith(ours):
            count += 1

    app = make_app("html", srcdir=src, freshenv=True)
    sys.setprofile(profile)
    try:
        app.build()
    finally:
        sys.setprofile(None)
    assert app.statuscode == 0
    return count


@pytest.mark.parametrize(
    "make_spec",
    [_parameters, _chain, partial(_chain, used_by_every_link=True)],
    ids=["parameters", "ref-chain", "ref-chain-used-by-every-link"],
)
def test_work_grows_linearly(make_app, tmp_path: Path, make_spec: Callable[[int], dict]) -> None:
    """20,000 parameters took 49 s and a 2,000-long ``$ref`` chain 36 s: comparisons with
    every earlier parameter, walks of the whole chain from each of its links.  Four times
    the size must cost about four times the work (a quadratic step costs sixteen)."""
    small, large = 250, 1000
    work = []
    for n in (small, large):
        (tmp_path / str(n)).mkdir()
        src = spec_project(tmp_path / str(n), make_spec(n))
        started = time.monotonic()
        work.append(_our_work(make_app, src))
        assert time.monotonic() - started < 120  # a generous guard against a blow-up
    assert work[1] < 6 * work[0], f"{work[1] / work[0]:.1f} times the work for 4 times the size"
