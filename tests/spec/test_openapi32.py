"""OpenAPI 3.2 read into the model: new methods, parameters, media types and fields."""

from __future__ import annotations

from pathlib import Path

from sphinxext_apidocs.diagrams.mermaid import link_target
from sphinxext_apidocs.samples.request import build_request
from sphinxext_apidocs.spec.grouping import tag_parents, tag_sections
from sphinxext_apidocs.spec.model import MISSING
from sphinxext_apidocs.spec.selection import Selection, select

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


def test_tag_parents_nest_and_wrong_ones_warn(tmp_path: Path) -> None:
    spec, problems, _ = load_text(
        tmp_path,
        """\
        openapi: 3.2.0
        info: {title: T, version: "1"}
        tags:
          - {name: a, summary: A, kind: nav}
          - {name: b, parent: a}
          - {name: c, parent: b}
          - {name: orphan, parent: nowhere}
          - {name: x, parent: y}
          - {name: y, parent: x}
        paths: {}
        """,
    )
    assert spec is not None
    assert (spec.tags[0].summary, spec.tags[0].kind) == ("A", "nav")
    assert tag_parents(spec) == {"b": "a", "c": "b", "x": "y"}  # y closes the loop
    assert tag_sections(spec)["c"] == "a"
    assert [(p.pointer, "ancestor" in p.message) for p in problems] == [
        ("/tags/3/parent", False),
        ("/tags/4/parent", True),
        ("/tags/5/parent", True),
    ]


def test_other_32_fields(tmp_path: Path) -> None:
    spec, problems, _ = load_text(
        tmp_path,
        """\
        openapi: 3.2.0
        info: {title: T, version: "1"}
        servers: [{url: "https://x.example", name: prod}]
        components:
          securitySchemes:
            o:
              type: oauth2
              deprecated: true
              oauth2MetadataUrl: https://x.example/.well-known/oauth-authorization-server
              flows:
                deviceAuthorization: {tokenUrl: https://x.example/t, scopes: {}}
          schemas:
            Pet:
              type: object
              discriminator: {propertyName: kind, defaultMapping: Cat}
            Cat: {type: object}
        paths:
          /pets:
            get:
              security: [{o: []}]
              responses:
                "200":
                  summary: The pets
                  description: All of them.
                  content:
                    application/json: {schema: {$ref: "#/components/schemas/Pet"}}
        """,
    )
    assert spec is not None
    assert spec.servers[0].name == "prod"
    (scheme,) = spec.security_schemes
    assert scheme.oauth2_metadata_url and scheme.deprecated
    assert scheme.flows[0].kind == "deviceAuthorization"
    # the device flow needs its deviceAuthorizationUrl
    assert [p.message for p in problems] == [
        "flow 'deviceAuthorization' of security scheme 'o' has no deviceAuthorizationUrl"
    ]
    pet = spec.schema_by_name("Pet")
    assert pet is not None and pet.discriminator is not None
    assert pet.discriminator.default_mapping == "api.yaml#/components/schemas/Cat"
    assert spec.operations[0].responses[0].summary == "The pets"


def test_methods_option_and_names_select_additional_operations(tmp_path: Path) -> None:
    spec, _problems, _ = load_text(tmp_path, PATHS_32.format(version="3.2.0"))
    assert spec is not None
    link_only = Selection(methods=("link",))
    assert [op.operation_id for op in select(spec, link_only)] == ["linkThing"]
    named = Selection(names=(("link", "/things/{id}"),))
    assert [op.operation_id for op in select(spec, named)] == ["linkThing"]


def test_registered_extension_for_other_methods_before_32(tmp_path: Path) -> None:
    spec, problems, _ = load_text(
        tmp_path,
        """\
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths:
          /search:
            x-oai-additionalOperations:
              QUERY:
                responses: {"200": {description: ok}}
        """,
    )
    assert spec is not None and problems == []
    assert [op.title for op in spec.operations] == ["QUERY /search"]


def test_links_to_an_additional_operation_resolve(tmp_path: Path) -> None:
    spec, problems, _ = load_text(
        tmp_path,
        """\
        openapi: 3.2.0
        info: {title: T, version: "1"}
        paths:
          /a:
            get:
              responses:
                "200":
                  description: ok
                  links:
                    link: {operationRef: "#/paths/~1a/additionalOperations/LINK"}
            additionalOperations:
              LINK:
                responses: {"204": {description: linked}}
        """,
    )
    assert spec is not None and problems == []
    link = spec.operations[0].responses[0].links[0]
    target = link_target(spec, link)
    assert target is not None and target.title == "LINK /a"


def test_versions_after_32_are_read_as_32_with_a_warning(tmp_path: Path) -> None:
    for version, said in (("3.2.1", []), ("3.3.0", ["/openapi"])):
        spec, problems, _ = load_text(tmp_path / version, PATHS_32.format(version=version))
        assert spec is not None
        version_problems = [p for p in problems if p.subtype == "not-openapi"]
        assert [p.pointer for p in version_problems] == said
        assert all(p.message.endswith("reading it as 3.2") for p in version_problems)
        assert not [p for p in problems if "OpenAPI 3.2 field" in p.message]
