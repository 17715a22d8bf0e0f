"""Schemas no value can satisfy are reported while loading (spec/satisfiable.py)."""

from __future__ import annotations

from pathlib import Path

from sphinxext_apidocs.diagnostics.problems import Problem
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


def unsatisfiable(tmp_path: Path, spec: str) -> dict[str, Problem]:
    """The schema-unsatisfiable problems of ``spec``, by pointer."""
    path = tmp_path / "api.yaml"
    path.write_text(spec, encoding="utf-8")
    _spec, problems, _files = load_spec(str(path), str(tmp_path))
    return {p.pointer or "": p for p in problems if p.rule == SCHEMA_UNSATISFIABLE}


def test_contradictions_are_found_and_nothing_else(tmp_path: Path) -> None:
    found = unsatisfiable(tmp_path, SPEC)
    assert sorted(found) == [
        "/components/schemas/Both",
        "/components/schemas/Bounds/properties/a",
        "/components/schemas/Bounds/properties/below",
        "/components/schemas/Bounds/properties/huge",
        "/components/schemas/Bounds/properties/n",
        "/components/schemas/NoValue",
    ]
    assert "no type in common (integer, string)" in found["/components/schemas/Both"].message
    assert (
        "minimum 10 is above maximum 1" in found["/components/schemas/Bounds/properties/n"].message
    )
    assert found["/components/schemas/NoValue"].line == 10
    # a bound beyond the largest float (YAML and JSON read 1e309 as infinity): no value fits
    assert "minLength is infinite" in found["/components/schemas/Bounds/properties/huge"].message
    assert "maximum is infinite" in found["/components/schemas/Bounds/properties/below"].message


def test_schemas_written_in_operations_are_checked_too(tmp_path: Path) -> None:
    """Inline schemas of bodies, parameters, headers, webhooks and callbacks, not only
    those reached by a ``$ref``."""
    never = "{allOf: [{type: string}, {type: integer}]}"
    spec = f"""\
openapi: 3.1.0
info: {{title: T, version: "1"}}
paths:
  /a:
    put:
      parameters: [{{name: q, in: query, schema: {never}}}]
      requestBody: {{content: {{application/json: {{schema: {never}}}}}}}
      responses:
        "200":
          description: ok
          headers: {{X-N: {{schema: {{type: integer, minimum: 2, maximum: 1}}}}}}
      callbacks:
        done:
          "{{$request.body#/url}}":
            post:
              requestBody: {{content: {{application/json: {{schema: {never}}}}}}}
              responses: {{"204": {{description: ok}}}}
webhooks:
  ping:
    post:
      requestBody: {{content: {{application/json: {{schema: {{type: object, properties: {{n: {never}}}}}}}}}}}
      responses: {{"204": {{description: ok}}}}
"""
    assert sorted(unsatisfiable(tmp_path, spec)) == [
        "/paths/~1a/put/callbacks/done/{$request.body#~1url}/post/requestBody/content/application~1json/schema",
        "/paths/~1a/put/parameters/0/schema",
        "/paths/~1a/put/requestBody/content/application~1json/schema",
        "/paths/~1a/put/responses/200/headers/X-N/schema",
        "/webhooks/ping/post/requestBody/content/application~1json/schema/properties/n",
    ]


def test_an_object_that_requires_itself_without_end_is_found(tmp_path: Path) -> None:
    spec = """\
openapi: 3.1.0
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    TreeNode:
      type: object
      required: [id, parent]
      properties:
        id: {type: string}
        parent: {$ref: "#/components/schemas/TreeNode"}
    Person:  # through another schema
      type: object
      required: [home]
      properties: {home: {$ref: "#/components/schemas/Home"}}
    Home:
      type: object
      required: [owner]
      properties: {owner: {$ref: "#/components/schemas/Person"}}
    Optional:  # a way out each time: not required, may be null, may be a string
      type: object
      required: [nullable, either]
      properties:
        child: {$ref: "#/components/schemas/Optional"}
        nullable: {anyOf: [{$ref: "#/components/schemas/Optional"}], type: [object, "null"]}
        either: {$ref: "#/components/schemas/Loose"}
    Loose:
      type: [object, string]
      required: [back]
      properties: {back: {$ref: "#/components/schemas/Optional"}}
    Forest:  # a list of at least one of itself: no end; a list that may be empty: one
      type: object
      required: [trees]
      properties:
        trees: {type: array, minItems: 1, items: {$ref: "#/components/schemas/Forest"}}
    Draft:  # a loop through a readOnly property: required in responses only
      type: object
      required: [parent]
      properties: {parent: {$ref: "#/components/schemas/Draft", readOnly: true}}
    Grove:
      type: object
      required: [groves]
      properties:
        groves: {type: array, minItems: 0, items: {$ref: "#/components/schemas/Grove"}}
"""
    found = {pointer: p.message for pointer, p in unsatisfiable(tmp_path, spec).items()}
    assert sorted(found) == [
        "/components/schemas/Forest",
        "/components/schemas/Home",
        "/components/schemas/Person",
        "/components/schemas/TreeNode",
    ]
    assert "each value must hold trees[0]" in found["/components/schemas/Forest"]
    assert (
        "each value must hold parent, a value of this same schema"
        in found["/components/schemas/TreeNode"]
    )
    assert "home.owner" in found["/components/schemas/Person"]


def test_a_required_property_that_additional_properties_false_forbids_is_found(
    tmp_path: Path,
) -> None:
    """``additionalProperties: false`` allows only the properties declared beside it, not
    those of ``allOf`` parts (ShipEngine's and Azure's specs close objects so)."""
    spec = """\
openapi: 3.1.0
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Money:
      type: object
      required: [amount]
      properties: {amount: {type: number}}
    AddFunds:  # closed, and the part it extends requires what it does not declare
      type: object
      additionalProperties: false
      allOf: [{$ref: "#/components/schemas/Money"}]
    SecondPartCloses:
      allOf:
        - {type: object, required: [name], properties: {name: {type: string}}}
        - additionalProperties: false
    Address:  # at odds with itself: reported here, not where it is used
      type: object
      additionalProperties: false
      required: [city]
      allOf: [{properties: {city: {type: string}}}]
    Shipping: {type: object, allOf: [{$ref: "#/components/schemas/Address"}]}
    Declared:  # fine: it declares what is required
      type: object
      additionalProperties: false
      properties: {amount: {}}
      allOf: [{$ref: "#/components/schemas/Money"}]
    Patterned:  # a pattern may allow the name: not decided
      type: object
      additionalProperties: false
      patternProperties: {"^a": {}}
      allOf: [{$ref: "#/components/schemas/Money"}]
    MaybeNoObject:  # a string has no properties
      additionalProperties: false
      allOf: [{required: [amount]}]
    Stored:  # requires a readOnly id: so only in responses, and a request can be made
      type: object
      required: [id, amount]
      properties:
        id: {type: string, readOnly: true}
        amount: {type: number}
    NewStored:
      type: object
      additionalProperties: false
      properties: {amount: {}}
      allOf: [{$ref: "#/components/schemas/Stored"}]
    Unevaluated:  # 3.1's way to close an extended object
      type: object
      unevaluatedProperties: false
      allOf: [{$ref: "#/components/schemas/Money"}]
"""
    found = {pointer: p.message for pointer, p in unsatisfiable(tmp_path, spec).items()}
    assert sorted(found) == [
        "/components/schemas/AddFunds",
        "/components/schemas/Address",
        "/components/schemas/SecondPartCloses",
    ]
    assert (
        "it requires amount (through allOf part Money), but its additionalProperties: false"
        " allows only the properties declared beside it, and amount is not one"
    ) in found["/components/schemas/AddFunds"]
    assert (
        "but allOf part 2's additionalProperties" in found["/components/schemas/SecondPartCloses"]
    )
