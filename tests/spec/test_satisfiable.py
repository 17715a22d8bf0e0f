"""Schemas no value can satisfy are reported while loading (spec/satisfiable.py)."""

from __future__ import annotations

from pathlib import Path

from sphinxext_apidocs.diagnostics.rules import SCHEMA_UNSATISFIABLE
from sphinxext_apidocs.spec.normalize import load_spec

SPEC = """\
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Both: {allOf: [{type: string}, {$ref: "#/components/schemas/Int"}]}
    Int: {type: integer}
    Widening: {type: number, allOf: [{type: integer}]}
    NullableToo: {type: string, nullable: true, allOf: [{type: string, nullable: true}]}
    NoValue: {type: string, enum: []}
    Bounds:
      type: object
      properties:
        n: {type: integer, minimum: 10, maximum: 1}
        s: {type: string, minLength: 3, maxLength: 3}
        a: {type: array, minItems: 4, maxItems: 2, items: {type: string}}
        huge: {type: string, minLength: 1e309}
        below: {type: number, maximum: -1e309}
        fine: {type: number, maximum: 1e309, multipleOf: 1e-320}
"""


def test_contradictions_are_found_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    path.write_text(SPEC, encoding="utf-8")
    _spec, problems, _files = load_spec(str(path), str(tmp_path))
    found = {p.pointer: (p.line, p.message) for p in problems if p.rule == SCHEMA_UNSATISFIABLE}
    assert sorted(found) == [
        "/components/schemas/Both",
        "/components/schemas/Bounds/properties/a",
        "/components/schemas/Bounds/properties/below",
        "/components/schemas/Bounds/properties/huge",
        "/components/schemas/Bounds/properties/n",
        "/components/schemas/NoValue",
    ]
    assert "no type in common (integer, string)" in found["/components/schemas/Both"][1]
    assert "minimum 10 is above maximum 1" in found["/components/schemas/Bounds/properties/n"][1]
    assert found["/components/schemas/NoValue"][0] == 10
    # a bound beyond the largest float (YAML and JSON read 1e309 as infinity): no value fits
    assert "minLength is infinite" in found["/components/schemas/Bounds/properties/huge"][1]
    assert "maximum is infinite" in found["/components/schemas/Bounds/properties/below"][1]
