"""OpenAPI 3.2 read into the model: new methods, parameters, media types and fields."""

from __future__ import annotations

from pathlib import Path

from sphinxext_apidocs.samples.request import build_request
from sphinxext_apidocs.spec.model import MISSING

from ..helpers import load_text

PATHS_32 = """\
openapi: {version}
info: {{title: T, version: "1"}}
paths:
  /things/{{id}}:
    parameters:
      - {{name: id, in: path, required: true, schema: {{type: string}}}}
    query:
      operationId: searchThings
      responses: {{"200": {{description: ok}}}}
    additionalOperations:
      LINK:
        operationId: linkThing
        responses: {{"204": {{description: linked}}}}
      purge:
        responses: {{"204": {{description: purged}}}}
      get:
        responses: {{"200": {{description: not here}}}}
      "bad name":
        responses: {{"200": {{description: not a method}}}}
"""


def test_query_and_additional_operations_are_operations(tmp_path: Path) -> None:
    spec, problems, _ = load_text(tmp_path, PATHS_32.format(version="3.2.0"))
    assert spec is not None
    titles = [op.title for op in spec.operations]
    # fixed fields first, then additionalOperations in their order; keys keep their case
    assert titles == ["QUERY /things/{id}", "LINK /things/{id}", "purge /things/{id}"]
    link = spec.find_operation("link /things/{id}")
    assert link is not None and link.operation_id == "linkThing"
    assert link.parameters[0].name == "id"  # the path item's parameters apply
    assert link.location.pointer == "/paths/~1things~1{id}/additionalOperations/LINK"
    skipped = {p.pointer.rsplit("/", 1)[-1]: p.message for p in problems}
    assert set(skipped) == {"get", "bad name"}
    assert "its own" in skipped["get"] and "not an HTTP method" in skipped["bad name"]


def test_32_fields_in_an_earlier_version_are_read_with_a_warning(tmp_path: Path) -> None:
    spec, problems, _ = load_text(tmp_path, PATHS_32.format(version="3.1.0"))
    assert spec is not None
    assert [op.http_method for op in spec.operations] == ["QUERY", "LINK", "purge"]
    new_fields = [p.pointer for p in problems if "OpenAPI 3.2 field" in p.message]
    assert new_fields == [
        "/paths/~1things~1{id}/query",
        "/paths/~1things~1{id}/additionalOperations",
    ]


def test_example_data_and_serialized_values(tmp_path: Path) -> None:
    spec, problems, _ = load_text(
        tmp_path,
        """\
        openapi: 3.2.0
        info: {title: T, version: "1"}
        paths:
          /x:
            post:
              requestBody:
                content:
                  application/json:
                    examples:
                      both: {dataValue: {a: 1}, serializedValue: '{"a":1}'}
                      clash: {dataValue: {a: 2}, value: {a: 3}}
                      wire: {serializedValue: 7}
              responses: {"204": {description: ok}}
        """,
    )
    assert spec is not None
    both, clash, wire = spec.operations[0].request_body.content[0].examples  # type: ignore[union-attr]
    assert (both.value, both.serialized_value, both.value_field) == (
        {"a": 1},
        '{"a":1}',
        "dataValue",
    )
    assert clash.value == {"a": 2}
    assert wire.serialized_value == "7" and wire.value is MISSING
    assert sorted(p.pointer.rsplit("/", 1)[-1] for p in problems) == ["serializedValue", "value"]


def test_querystring_parameter_is_read_with_its_content(tmp_path: Path) -> None:
    spec, problems, _ = load_text(
        tmp_path,
        """\
        openapi: 3.2.0
        info: {title: T, version: "1"}
        paths:
          /x:
            get:
              parameters:
                - name: q
                  in: querystring
                  required: true
                  content:
                    application/x-www-form-urlencoded:
                      schema:
                        type: object
                        properties: {a: {type: string, example: "x y"}, b: {type: integer, example: 2}}
                        required: [a, b]
              responses: {"204": {description: ok}}
        """,
    )
    assert problems == []
    assert spec is not None
    (param,) = spec.operations[0].parameters
    assert (param.location_in, param.content[0].media_type) == (
        "querystring",
        "application/x-www-form-urlencoded",
    )
    request = build_request(spec, spec.operations[0])
    assert request.url.endswith("/x?a=x%20y&b=2")
