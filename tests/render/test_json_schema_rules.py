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
