"""Generated payloads validate against their schemas (jsonschema), in their context."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from sphinxext_apidocs.samples.payload import body_schemas, sample
from sphinxext_apidocs.samples.validate import SpecValidator
from sphinxext_apidocs.spec.normalize import load_spec

HERE = Path(__file__).parent
SPECS = [
    (HERE / "roots" / "test-basic", "openapi/books.yaml"),
    (HERE / "roots" / "test-basic", "openapi/legacy.json"),
    (HERE.parent / "docs", "openapi/bookstore.yaml"),
]


@pytest.mark.parametrize(("root", "rel"), SPECS, ids=[rel for _, rel in SPECS])
def test_generated_payloads_validate(root: Path, rel: str) -> None:
    spec, _problems, files = load_spec(os.fspath(root / rel), os.fspath(root))
    assert spec is not None
    validator = SpecValidator(spec, os.fspath(root), files)
    checked = 0
    failures = []
    for where, schema, context in body_schemas(spec):
        value = sample(spec, schema, context)
        failures.extend(f"{where}: {e}" for e in validator.errors(schema, value, context))
        checked += 1
    assert checked >= 2
    assert failures == []


def _one(text: str, context: str | None = None) -> Any:
    import tempfile
    import textwrap

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "api.yaml"
        path.write_text(textwrap.dedent(text))
        spec, problems, _ = load_spec(os.fspath(path), tmp)
        assert spec is not None, problems
        schema = spec.schema_by_name("S")
        assert schema is not None
        return sample(spec, schema, context)  # type: ignore[arg-type]


HEAD = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ("{type: string, const: c, example: e, enum: [a], default: d}", "c"),
        ("{type: string, example: e, default: d}", "e"),
        ("{type: string, example: e, enum: [a], default: d}", "a"),  # e is not allowed by the enum
        (
            "{type: string, example: 20.04, enum: [a, b], default: d}",
            "a",
        ),  # a bad example is passed over
        ("{type: string, default: d}", "d"),
        ("{type: string, default: 7}", "string"),  # a bad default too
        ("{type: string, format: date-time}", "2024-01-01T12:00:00Z"),
        ("{type: string, format: uuid}", "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        ("{type: string, minLength: 1000000000}", "string" + "x" * 250),  # capped
        ("{type: string, maxLength: 3}", "str"),
        ("{type: string, pattern: '^[0-9]+$'}", "0"),
        (r"{type: string, pattern: '^\p{L}+$'}", "string"),  # Python has no \p{L}: no crash
        ("{type: integer, minimum: 5, multipleOf: 4}", 8),
        ("{type: number, exclusiveMinimum: 0, maximum: 1, multipleOf: 0.5}", 0.5),
        ("{type: [string, 'null']}", "string"),
        ("{type: boolean}", True),
        ("{type: array, items: {type: integer}, minItems: 100000000}", [0, 0, 0]),
        (
            "{type: array, items: {type: string}, minItems: 2, uniqueItems: true}",
            ["string", "string1"],
        ),
        ("{type: array}", []),
        (
            "{type: string, minLength: five, maxLength: [1]}",
            "string",
        ),  # broken constraints: ignored
        ("{type: array, items: {type: boolean}, minItems: x}", [True]),
        ("{type: integer, minimum: low}", 0),
        ("{type: number, exclusiveMinimum: 1, multipleOf: many}", 2),
    ],
)
def test_precedence_and_constraints(schema: str, expected: Any) -> None:
    assert _one(HEAD + f"    S: {schema}\n") == expected


def test_context_recursion_and_composition() -> None:
    spec = (
        HEAD
        + """\
    S:
      type: object
      required: [name]
      properties:
        id: {type: integer, readOnly: true}
        secret: {type: string, writeOnly: true}
        name: {type: string}
        parent: {$ref: '#/components/schemas/S'}
        pet: {$ref: '#/components/schemas/Pet'}
        extra: {allOf: [{type: object, properties: {a: {type: integer}}}, {properties: {b: {type: boolean}}}]}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}}
    Cat: {type: object, required: [kind], properties: {kind: {type: string}, purrs: {type: boolean}}}
    Dog: {type: object, required: [kind], properties: {kind: {type: string}, barks: {type: boolean}}}
"""
    )
    request = _one(spec, "request")
    response = _one(spec, "response")
    assert "id" not in request and "secret" in request
    assert "id" in response and "secret" not in response
    assert "parent" not in response  # optional recursion is left out
    assert response["pet"] == {"kind": "cat", "purrs": True}
    assert response["extra"] == {"a": 0, "b": True}
