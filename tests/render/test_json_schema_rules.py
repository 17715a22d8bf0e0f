"""JSON Schema 2020-12 keywords as readable rules in the schema tables (issue 19), in
HTML and in LaTeX; ``$anchor`` and ``$dynamicRef`` resolved."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinxext_apidocs.spec.normalize import load_spec

from ..helpers import build, spec_project
from .test_polymorphism import _plain

SPECS = Path(__file__).parents[1] / "specs"
SPEC = SPECS / "json-schema-2020.yaml"

RULES = [
    'when country is "US": postal must match ^[0-9]{5}$ and postal is required',
    'unless country is "US": postal must match ^[A-Z][0-9][A-Z] [0-9][A-Z][0-9]$',
    "creditCard requires billingAddress",
    "when giftWrap is present: giftMessage must have max length 40 and giftMessage is required",
    "no other properties",
    "property names must match ^[a-z]+$",
    'must include exactly one item equal to "featured"',
    "no items beyond the tuple items",
    "no other items",
    "decoded content: Meta (object)",
    "See also: How keys are named",  # a schema's externalDocs
]


def test_rules_are_shown_in_words_in_html(make_app: Any, tmp_path: Path) -> None:
    src = spec_project(tmp_path, SPEC.read_text(encoding="utf-8"), name="api.yaml")
    app = build(make_app, src, "html")
    assert "WARNING" not in app.warning.getvalue()
    text = " ".join(_plain((app.outdir / "index.html").read_text(encoding="utf-8")).split())
    for rule in RULES:
        assert rule in text


def test_rules_are_shown_in_words_in_latex(make_app: Any, tmp_path: Path) -> None:
    src = spec_project(tmp_path, SPEC.read_text(encoding="utf-8"), name="api.yaml")
    app = build(make_app, src, "latex")
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    flat = " ".join(tex.split())
    assert "requires \\sphinxcode{\\sphinxupquote{billingAddress}}" in flat
    assert "no other properties" in flat
    assert "must include exactly one item equal to" in flat


def test_anchor_and_dynamic_ref_resolve() -> None:
    spec, problems, _files = load_spec(os.fspath(SPEC), os.fspath(SPECS))
    assert spec is not None and problems == []
    tree = spec.schema_by_name("Tree")
    assert tree is not None
    props = dict(tree.properties)
    assert spec.referent(props["leaf"]) is spec.schema_by_name("Leaf")  # $ref: "#leaf"
    children = props["children"].items
    assert children is not None and spec.referent(children) is tree  # $dynamicRef: "#node"


def test_hostile_rules_stay_bounded(make_app: Any, tmp_path: Path) -> None:
    """Thousands of dependencies are cut with a count; a then that refers to its own
    schema is told a bounded number of times."""
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "S": {
                    "type": "object",
                    "dependentRequired": {f"p{i}": [f"q{j}" for j in range(80)] for i in range(80)},
                    "if": {"required": ["a"]},
                    "then": {"$ref": "#/components/schemas/S"},
                }
            }
        },
    }
    src = spec_project(tmp_path, spec, index="API\n===\n\n.. api-schema:: S\n")
    app = build(make_app, src, "html")
    text = " ".join(_plain((app.outdir / "index.html").read_text(encoding="utf-8")).split())
    assert "p0 requires q0, q1" in text and ", … (50 more)" in text
    assert "more rules not shown" in text
    # the rules of the then are told once, not those of its own then again
    assert "when a is present: when a is present: the value must be S" in text
    assert "when a is present: when a is present: when" not in text
    # one space between the words, as the text builder shows them
    app = build(make_app, src, "text")
    plain = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert 'the value must be "S"' in plain
    assert "must  be" not in plain
