"""The ``examples`` rules of ``apicheck``: examples, defaults and generated payloads against
their schemas, and the languages of hand-written code samples."""

from __future__ import annotations

import os
import textwrap
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from sphinxext_apidocs.check.code_samples import check_code_sample_languages, known_language
from sphinxext_apidocs.check.examples import check_examples
from sphinxext_apidocs.check.parameter_values import coerce_parameter
from sphinxext_apidocs.check.sample_payloads import check_samples
from sphinxext_apidocs.diagnostics.problems import Problem
from sphinxext_apidocs.diagnostics.rules import (
    CODE_SAMPLE_LANGUAGE,
    EXAMPLE_ADDITIONAL_PROPERTY,
    EXAMPLE_FORMAT,
    EXAMPLE_INVALID,
    EXAMPLE_READONLY_WRITEONLY,
    EXAMPLE_UNCHECKED,
    SAMPLE_INVALID,
)
from sphinxext_apidocs.spec.document import LoadedDocument
from sphinxext_apidocs.spec.model import ApiSpec
from sphinxext_apidocs.validation.openapi_keywords import dialect_class
from sphinxext_apidocs.validation.validator import SpecValidator

from ..helpers import CORPUS, load_with_documents, needs_corpus, nested_one_of_schemas, write_files


def _load_path(
    path: Path, root: Path
) -> tuple[ApiSpec | None, SpecValidator | None, dict[str, LoadedDocument]]:
    spec, _problems, used, docs = load_with_documents(path, root)
    if spec is None:
        return None, None, docs
    return spec, SpecValidator(spec, os.fspath(root), used, documents=docs), docs


def _load(
    tmp_path: Path, text: str, files: dict[str, str] | None = None, name: str = "api.yaml"
) -> tuple[ApiSpec, SpecValidator, dict[str, LoadedDocument]]:
    write_files(tmp_path, files or {})
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    spec, validator, docs = _load_path(path, tmp_path)
    assert spec is not None and validator is not None
    return spec, validator, docs


def examples(tmp_path: Path, text: str, files: dict[str, str] | None = None) -> list[Problem]:
    spec, validator, docs = _load(tmp_path, text, files)
    return check_examples(spec, validator, docs)


def samples(tmp_path: Path, text: str) -> list[Problem]:
    spec, validator, docs = _load(tmp_path, text)
    return check_samples(spec, validator, docs)


def pointers(problems: list[Problem], rule: str | None = None) -> list[str]:
    return sorted(p.pointer or "" for p in problems if rule is None or p.rule == rule)


V30 = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n"
V31 = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n"

PETS = """
paths:
  /pets:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
            example: %(request)s
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
              example: %(response)s
components:
  schemas:
    Pet:
      type: object
      required: [id, name, password]
      properties:
        id: {$ref: '#/components/schemas/Id'}
        name: {type: string}
        password: {type: string, writeOnly: true}
    Id: {type: integer, readOnly: true}
"""
REQUEST = "/paths/~1pets/post/requestBody/content/application~1json/example"
RESPONSE = "/paths/~1pets/post/responses/200/content/application~1json/example"


# -- media-type examples ----------------------------------------------------------------


def test_invalid_example_is_found_where_it_is_written(tmp_path: Path) -> None:
    found = examples(
        tmp_path,
        V30
        + PETS
        % {"request": "{name: Rex, password: pw, id: seven}", "response": "{id: 1, name: Rex}"},
    )
    assert pointers(found) == [REQUEST]
    (problem,) = found
    assert problem.rule == EXAMPLE_INVALID
    assert problem.subtype == "structure"
    assert problem.file == "api.yaml"
    lines = (tmp_path / "api.yaml").read_text().splitlines()
    assert problem.line is not None and "example:" in lines[problem.line - 1]
    assert "/id: " in problem.message  # the path in the value (jsonschema words the rest)
    assert "(request)" in problem.message


def test_valid_examples_give_nothing(tmp_path: Path) -> None:
    found = examples(
        tmp_path,
        V30 + PETS % {"request": "{name: Rex, password: pw}", "response": "{id: 1, name: Rex}"},
    )
    assert found == []


def test_read_only_is_not_required_in_a_request_but_is_in_a_response(tmp_path: Path) -> None:
    # id is readOnly (on the schema its $ref leads to): a request may leave it out
    found = examples(
        tmp_path, V30 + PETS % {"request": "{name: Rex, password: pw}", "response": "{name: Rex}"}
    )
    assert pointers(found) == [RESPONSE]
    assert found[0].rule == EXAMPLE_INVALID and "'id'" in found[0].message  # the missing one


def test_write_only_is_not_required_in_a_response_but_is_in_a_request(tmp_path: Path) -> None:
    found = examples(
        tmp_path, V30 + PETS % {"request": "{name: Rex}", "response": "{id: 1, name: Rex}"}
    )
    assert pointers(found) == [REQUEST]
    assert found[0].rule == EXAMPLE_INVALID and "'password'" in found[0].message  # the missing one


def test_read_only_on_an_all_of_part(tmp_path: Path) -> None:
    spec = (
        V31
        + """
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema:
              allOf:
                - $ref: '#/components/schemas/Base'
                - required: [id]
            example: {name: x}
      responses:
        '204': {description: none}
components:
  schemas:
    Base:
      type: object
      properties:
        id: {type: integer, readOnly: true}
        name: {type: string}
"""
    )
    assert examples(tmp_path, spec) == []


#: a readOnly id (on the schema its $ref leads to), a writeOnly password, and readOnly
#: properties nested in an allOf part behind a $ref and in a oneOf branch of array items
DIRECTED = """
paths:
  /pets:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
            %(request)s
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
              %(response)s
components:
  schemas:
    Pet:
      type: object
      properties:
        id: {$ref: '#/components/schemas/Id'}
        name: {type: string}
        password: {type: string, writeOnly: true}
        owner: {$ref: '#/components/schemas/Owner'}
        tags: {type: array, items: {$ref: '#/components/schemas/Tag'}}
      example: {id: 1, name: Rex, password: pw}
    Id: {type: integer, readOnly: true}
    Owner:
      allOf:
        - {$ref: '#/components/schemas/Stamped'}
        - {type: object, properties: {name: {type: string}}}
    Stamped: {type: object, properties: {created: {type: string, readOnly: true}}}
    Tag:
      oneOf:
        - {type: string}
        - {type: object, required: [slug], properties: {slug: {type: string, readOnly: true}}}
"""


@pytest.mark.parametrize(
    ("request_example", "response_example", "where", "found"),
    [
        ("example: {id: 1, name: Rex}", "", REQUEST, "/id: readOnly"),
        (
            "example: {name: Rex, owner: {name: Ann, created: '2024-01-01'}}",
            "",
            REQUEST,
            "/owner/created: readOnly",
        ),
        ("example: {name: Rex, tags: [a, {slug: b}]}", "", REQUEST, "/tags/1/slug: readOnly"),
        (
            "examples: {full: {value: {id: 1, name: Rex}}}",
            "",
            REQUEST.replace("/example", "/examples/full/value"),
            "/id: readOnly",
        ),
        ("", "example: {id: 1, name: Rex, password: pw}", RESPONSE, "/password: writeOnly"),
        (
            "",
            "examples: {one: {value: [{name: Rex}]}}",  # not a Pet: invalid, not misdirected
            None,
            None,
        ),
    ],
)
def test_read_only_sent_in_a_request_and_write_only_returned_in_a_response(
    tmp_path: Path,
    request_example: str,
    response_example: str,
    where: str | None,
    found: str | None,
) -> None:
    problems = examples(
        tmp_path, V30 + DIRECTED % {"request": request_example, "response": response_example}
    )
    if where is None:
        assert [p.rule for p in problems] == [EXAMPLE_INVALID]
        return
    (problem,) = problems
    assert (problem.rule, problem.pointer) == (EXAMPLE_READONLY_WRITEONLY, where)
    assert found in problem.message


def test_read_only_and_write_only_where_they_belong_give_nothing(tmp_path: Path) -> None:
    """A readOnly property in a response, a writeOnly one in a request, both in a schema's
    own example (no direction), a oneOf branch the value does not take."""
    spec = V30 + DIRECTED % {
        "request": "example: {name: Rex, password: pw, owner: {name: Ann}, tags: [a]}",
        "response": "example: {id: 1, owner: {created: '2024-01-01'}, tags: [{slug: b}]}",
    }
    assert examples(tmp_path, spec) == []


def test_webhook_and_callback_payloads_are_not_judged_by_direction(tmp_path: Path) -> None:
    """Their requests are sent by the API's server: a readOnly id belongs there."""
    spec = (
        V31
        + DIRECTED % {"request": "", "response": ""}
        + """
webhooks:
  newPet:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
            example: {id: 1, name: Rex}
      responses:
        '204': {description: ok}
"""
    ).replace(
        "      responses:\n        '200':",
        "      callbacks:\n        created:\n          '{$request.body#/url}':\n"
        "            post:\n              requestBody:\n                content:\n"
        "                  application/json:\n"
        "                    schema: {$ref: '#/components/schemas/Pet'}\n"
        "                    example: {id: 1, name: Rex}\n"
        "              responses:\n                '204': {description: ok}\n"
        "      responses:\n        '200':",
    )
    spec_obj, validator, docs = _load(tmp_path, spec)
    assert len(spec_obj.webhooks) == 1 and spec_obj.operations[0].callbacks
    assert check_examples(spec_obj, validator, docs) == []


def test_a_misdirected_property_beside_another_error_is_an_invalid_example(
    tmp_path: Path,
) -> None:
    (problem,) = examples(
        tmp_path, V30 + DIRECTED % {"request": "example: {id: seven}", "response": ""}
    )
    assert problem.rule == EXAMPLE_INVALID
    assert problem.message.count("/id: ") == 2  # its type (jsonschema's words), and ours:
    assert "/id: readOnly" in problem.message


NULLABLE = """
paths: {}
components:
  schemas:
    S:
      type: object
      properties:
        a: %(schema)s
      example: {a: null}
"""


@pytest.mark.parametrize(
    ("head", "schema", "valid"),
    [
        (V30, "{type: string, nullable: true}", True),
        (V30, "{type: string}", False),
        (V30, "{type: string, enum: [x, y], nullable: true}", True),
        (V30, "{nullable: true, allOf: [{$ref: '#/components/schemas/T'}]}", True),
        (V31, "{type: [string, 'null']}", True),
        (V31, "{type: string}", False),
        # not a 3.1 keyword, but specs moved from 3.0 keep it and the renderer shows it:
        # read as the author meant, like the renderer
        (V31, "{type: string, nullable: true}", True),
        (V31, "{anyOf: [{type: string}, {type: 'null'}]}", True),
    ],
)
def test_nullable_in_30_and_null_in_31(tmp_path: Path, head: str, schema: str, valid: bool) -> None:
    text = head + NULLABLE % {"schema": schema} + "    T: {type: object}\n"
    found = examples(tmp_path, text)
    assert pointers(found) == ([] if valid else ["/components/schemas/S/example"])


def test_swagger2_x_nullable_and_response_examples(tmp_path: Path) -> None:
    text = """\
swagger: '2.0'
info: {title: T, version: '1'}
produces: [application/json]
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          schema:
            type: object
            properties:
              n: {type: integer, x-nullable: true}
              m: {type: integer}
          examples:
            application/json: {n: null, m: 'x'}
"""
    found = examples(tmp_path, text)
    assert pointers(found) == ["/paths/~1a/get/responses/200/examples/application~1json"]
    assert found[0].rule == EXAMPLE_INVALID
    assert "/m: " in found[0].message and "/n" not in found[0].message


# -- dialects -------------------------------------------------------------------------------

DIALECT = """\
openapi: 3.1.0
info: {title: T, version: '1'}
%(dialect)s
paths: {}
components:
  schemas:
    Base: {type: string}
    Short:
      $ref: '#/components/schemas/Base'
      maxLength: 2
      example: abcdef
    Pair:
      type: object
      dependentRequired: {a: [b]}
      example: {a: 1}
    Exclusive:
      type: integer
      minimum: 5
      exclusiveMinimum: true
      example: 5
"""


@pytest.mark.parametrize(
    ("dialect", "expected"),
    [
        ("", ["Pair", "Short"]),  # 2020-12: $ref siblings apply, dependentRequired exists
        ("jsonSchemaDialect: https://json-schema.org/draft/2020-12/schema", ["Pair", "Short"]),
        ("jsonSchemaDialect: https://spec.openapis.org/oas/3.1/dialect/base", ["Pair", "Short"]),
        ("jsonSchemaDialect: https://example.com/unknown", ["Pair", "Short"]),
        ("jsonSchemaDialect: https://json-schema.org/draft/2019-09/schema", ["Pair", "Short"]),
        # draft-07: a $ref's siblings are ignored, dependentRequired is not a keyword
        ("jsonSchemaDialect: 'http://json-schema.org/draft-07/schema#'", []),
        # draft-04: besides, exclusiveMinimum is a boolean
        ("jsonSchemaDialect: 'http://json-schema.org/draft-04/schema#'", ["Exclusive"]),
    ],
)
def test_json_schema_dialect(tmp_path: Path, dialect: str, expected: list[str]) -> None:
    found = examples(tmp_path, DIALECT % {"dialect": dialect})
    assert pointers(found) == [f"/components/schemas/{name}/example" for name in expected]


def test_31_with_30_boolean_exclusive_maximum_is_not_judged(tmp_path: Path) -> None:
    text = (
        V31
        + """
paths: {}
components:
  schemas:
    S: {type: integer, maximum: 10, exclusiveMaximum: true, example: 5}
    T: {type: integer, exclusiveMaximum: 10, example: 10}
"""
    )
    assert pointers(examples(tmp_path, text)) == ["/components/schemas/T/example"]


def test_dialect_class() -> None:
    import jsonschema

    assert dialect_class("http://json-schema.org/draft-07/schema#") is jsonschema.Draft7Validator
    assert dialect_class("https://json-schema.org/draft-07/schema") is jsonschema.Draft7Validator
    assert dialect_class("http://json-schema.org/draft-04/schema#") is jsonschema.Draft4Validator
    assert dialect_class(None) is jsonschema.Draft202012Validator
    assert dialect_class(42) is jsonschema.Draft202012Validator


# -- discriminators ---------------------------------------------------------------------------

DISCRIMINATOR = (
    V30
    + """
paths: {}
components:
  schemas:
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
      %(discriminator)s
      example: %(example)s
    Cat:
      type: object
      required: [petType]
      properties:
        petType: {type: string}
        name: {type: string}
    Dog:
      type: object
      required: [petType]
      properties:
        petType: {type: string}
        bark: {type: boolean}
    Strict: {type: object, required: [claws]}
"""
)


@pytest.mark.parametrize(
    ("discriminator", "example", "valid"),
    [
        # valid under both branches: JSON Schema's oneOf fails, the discriminator picks Cat
        ("discriminator: {propertyName: petType}", "{petType: Cat, name: Tom}", True),
        ("", "{petType: Cat, name: Tom}", False),
        (
            "discriminator: {propertyName: petType, mapping: {cat: '#/components/schemas/Cat'}}",
            "{petType: cat}",
            True,
        ),
        ("discriminator: {propertyName: petType, mapping: {dog: Dog}}", "{petType: dog}", True),
        # the branch the discriminator picks is the one validated
        ("discriminator: {propertyName: petType}", "{petType: Dog, bark: loud}", False),
        # a value that names no branch: plain oneOf (valid under both: invalid)
        ("discriminator: {propertyName: petType}", "{petType: Bird}", False),
        # a mapping to a schema that is no branch: that schema decides
        (
            "discriminator: {propertyName: petType, mapping: {cat: '#/components/schemas/Strict'}}",
            "{petType: cat}",
            False,
        ),
    ],
)
def test_discriminator(tmp_path: Path, discriminator: str, example: str, valid: bool) -> None:
    found = examples(tmp_path, DISCRIMINATOR % {"discriminator": discriminator, "example": example})
    assert pointers(found) == ([] if valid else ["/components/schemas/Pet/example"])
    if found and "bark" in example:
        assert found[0].rule == EXAMPLE_INVALID and "/bark: " in found[0].message
    if "Strict" in discriminator:
        assert found[0].rule == EXAMPLE_INVALID and "'claws'" in found[0].message


def test_discriminator_inherited_by_every_branch(tmp_path: Path) -> None:
    text = (
        V30
        + """
paths: {}
components:
  schemas:
    Choice:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
      example: %s
    Pet:
      type: object
      required: [petType]
      properties: {petType: {type: string}}
      discriminator: {propertyName: petType}
    Cat:
      allOf: [{$ref: '#/components/schemas/Pet'}, {properties: {hunts: {type: boolean}}}]
    Dog:
      allOf: [{$ref: '#/components/schemas/Pet'}, {properties: {bark: {type: boolean}}}]
"""
    )
    assert examples(tmp_path / "a", text % "{petType: Cat, hunts: true}") == []
    found = examples(tmp_path / "b", text % "{petType: Cat, hunts: 3}")
    assert pointers(found) == ["/components/schemas/Choice/example"]
    assert found[0].rule == EXAMPLE_INVALID and "/hunts: " in found[0].message


# -- parameters -------------------------------------------------------------------------------

PARAMETER = (
    V30
    + """
paths:
  /a/{p}:
    get:
      parameters:
        - name: p
          in: path
          required: true
          schema: {type: string}
        - name: q
          in: %(where)s
          %(extra)s
          schema: %(schema)s
          example: %(example)s
      responses:
        '204': {description: none}
"""
)
Q = "/paths/~1a~1{p}/get/parameters/1/example"


@pytest.mark.parametrize(
    ("where", "extra", "schema", "example", "valid"),
    [
        ("query", "", "{type: integer}", "'5'", True),
        ("query", "", "{type: integer}", "'five'", False),
        ("query", "", "{type: integer}", "5", True),
        ("query", "", "{type: number, minimum: 1}", "'2.5'", True),
        ("query", "", "{type: number, minimum: 1}", "'0.5'", False),
        ("query", "", "{type: boolean}", "'true'", True),
        ("query", "", "{type: boolean}", "'yes'", False),
        ("query", "", "{type: array, items: {type: integer}}", "'1,2,3'", True),
        ("query", "", "{type: array, items: {type: integer}}", "'1,x'", False),
        ("query", "", "{type: array, items: {type: integer}}", "'q=1&q=2'", True),
        ("query", "", "{type: array, items: {type: integer}}", "'[1, 2]'", True),
        ("query", "style: spaceDelimited", "{type: array, items: {type: integer}}", "'1 2'", True),
        ("query", "style: pipeDelimited", "{type: array, items: {type: integer}}", "'1|2'", True),
        ("query", "style: pipeDelimited", "{type: array, items: {type: integer}}", "'1,2'", False),
        ("header", "", "{type: array, items: {type: boolean}}", "'true,false'", True),
        ("path", "style: label", "{type: array, items: {type: integer}}", "'.1,2'", True),
        ("path", "style: matrix", "{type: integer}", "';q=5'", True),
        (
            "query",
            "explode: false",
            "{type: object, properties: {n: {type: integer}, s: {type: string}}}",
            "'n,5,s,x'",
            True,
        ),
        (
            "query",
            "explode: false",
            "{type: object, properties: {n: {type: integer}, s: {type: string}}}",
            "'n,five,s,x'",
            False,
        ),
        (
            "query",
            "style: deepObject\n          explode: true",
            "{type: object, properties: {n: {type: integer}}}",
            "'q[n]=5'",
            True,
        ),
        ("header", "", "{type: object, properties: {n: {type: integer}}}", "'n=5'", True),
        # a header is text: a number for a string header is the same text
        ("header", "", "{type: string}", "12312312", True),
        ("header", "", "{type: string, maxLength: 3}", "12312312", False),
    ],
)
def test_parameter_examples_are_read_by_style(
    tmp_path: Path, where: str, extra: str, schema: str, example: str, valid: bool
) -> None:
    text = PARAMETER % {"where": where, "extra": extra, "schema": schema, "example": example}
    if where == "path":
        text = text.replace("/a/{p}", "/a/{p}/{q}").replace("~1a~1{p}", "~1a~1{p}~1{q}")
    found = examples(tmp_path, text)
    assert [p.rule for p in found] == ([] if valid else [EXAMPLE_INVALID])


def test_parameter_examples_map_and_headers(tmp_path: Path) -> None:
    text = (
        V30
        + """
paths:
  /a:
    get:
      parameters:
        - name: limit
          in: query
          schema: {type: integer, maximum: 10}
          examples:
            ok: {value: '5'}
            big: {value: '50'}
      responses:
        '200':
          description: ok
          headers:
            X-Rate:
              schema: {type: integer}
              example: lots
"""
    )
    found = examples(tmp_path, text)
    assert pointers(found) == [
        "/paths/~1a/get/parameters/0/examples/big/value",
        "/paths/~1a/get/responses/200/headers/X-Rate/example",
    ]


def test_parameter_schema_values_are_read_as_the_parameter(tmp_path: Path) -> None:
    text = (
        V30
        + """
paths:
  /a:
    get:
      parameters:
        - name: n
          in: query
          schema: {type: integer, default: '5', example: '6'}
        - name: m
          in: query
          schema: {type: integer, default: 'five'}
      responses:
        '204': {description: none}
"""
    )
    found = examples(tmp_path, text)
    assert pointers(found) == ["/paths/~1a/get/parameters/1/schema/default"]


def test_coerce_parameter(tmp_path: Path) -> None:
    spec, _validator, _docs = _load(
        tmp_path,
        PARAMETER
        % {
            "where": "query",
            "extra": "",
            "schema": "{type: array, items: {type: integer}}",
            "example": "'1'",
        },
    )
    param = spec.operations[0].parameters[1]
    assert param.schema is not None
    assert coerce_parameter(spec, "1,2", param.schema, param) == [1, 2]
    assert coerce_parameter(spec, "", param.schema, param) == []
    assert coerce_parameter(spec, "q=3&q=4", param.schema, param) == [3, 4]


# -- additional properties -----------------------------------------------------------------------

CLOSED = """
paths: {}
components:
  schemas:
    S:
      type: object
      properties:
        id: {type: integer}
        name: {type: string}
      %(closed)s
      example: %(example)s
"""


@pytest.mark.parametrize(
    ("head", "closed", "example", "rule"),
    [
        (V30, "additionalProperties: false", "{id: 1, nmae: Rex}", EXAMPLE_ADDITIONAL_PROPERTY),
        (V30, "additionalProperties: false", "{id: x, nmae: Rex}", EXAMPLE_INVALID),
        (V30, "additionalProperties: false", "{id: 1, name: Rex}", None),
        (V30, "additionalProperties: {type: integer}", "{id: 1, extra: x}", EXAMPLE_INVALID),
        (V31, "unevaluatedProperties: false", "{id: 1, nmae: Rex}", EXAMPLE_ADDITIONAL_PROPERTY),
        (V30, "", "{id: 1, nmae: Rex}", None),
    ],
)
def test_additional_properties_have_their_own_rule(
    tmp_path: Path, head: str, closed: str, example: str, rule: str | None
) -> None:
    found = examples(tmp_path, head + CLOSED % {"closed": closed, "example": example})
    assert [p.rule for p in found] == ([rule] if rule else [])
    if rule == EXAMPLE_ADDITIONAL_PROPERTY:
        assert "'nmae' was unexpected" in found[0].message


def test_additional_property_in_every_one_of_branch(tmp_path: Path) -> None:
    text = (
        V30
        + """
paths: {}
components:
  schemas:
    S:
      oneOf:
        - {type: object, properties: {a: {type: integer}}, additionalProperties: false}
        - {type: object, properties: {b: {type: integer}}, required: [b], additionalProperties: false}
      example: {a: 1, c: 2}
"""
    )
    found = examples(tmp_path, text)
    assert [p.rule for p in found] == [EXAMPLE_ADDITIONAL_PROPERTY]


# -- schema examples and defaults --------------------------------------------------------------


def test_schema_examples_and_defaults(tmp_path: Path) -> None:
    text = (
        V31
        + """
paths:
  /a:
    get:
      parameters:
        - name: q
          in: query
          schema: {type: integer, default: none}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  inline: {type: string, maxLength: 2, examples: [ab, abc]}
components:
  schemas:
    S:
      type: object
      properties:
        n: {type: integer, default: abc}
        ok: {type: integer, default: 3, example: 4}
        list:
          type: array
          items: {type: string, example: 5}
      example: {n: 1}
"""
    )
    found = examples(tmp_path, text)
    assert pointers(found) == [
        "/components/schemas/S/properties/list/items/example",
        "/components/schemas/S/properties/n/default",
        "/paths/~1a/get/parameters/0/schema/default",
        "/paths/~1a/get/responses/200/content/application~1json/schema/properties/inline/examples/1",
    ]
    assert all(p.rule == EXAMPLE_INVALID for p in found)
    assert any("schema default" in p.message for p in found)


def test_shared_example_is_checked_once(tmp_path: Path) -> None:
    text = (
        V30
        + """
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/S'}
              examples:
                one: {$ref: '#/components/examples/Bad'}
  /b:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/S'}
              examples:
                again: {$ref: '#/components/examples/Bad'}
components:
  schemas:
    S: {type: object, properties: {id: {type: integer}}}
  examples:
    Bad: {value: {id: x}}
"""
    )
    found = examples(tmp_path, text)
    assert pointers(found) == ["/components/examples/Bad/value"]


def test_external_values(tmp_path: Path) -> None:
    text = (
        V31
        + """
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {id: {type: integer}}}
            examples:
              local: {externalValue: examples/bad.json}
              good: {externalValue: examples/good.json}
              remote: {externalValue: 'https://example.com/x.json'}
              missing: {externalValue: examples/none.json}
      responses:
        '204': {description: none}
"""
    )
    files = {"examples/bad.json": '{"id": "x"}', "examples/good.json": '{"id": 1}'}
    found = examples(tmp_path, text, files)
    assert pointers(found) == [
        "/paths/~1a/post/requestBody/content/application~1json/examples/local/externalValue"
    ]


def test_serialized_bodies(tmp_path: Path) -> None:
    text = (
        V30
        + """
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {id: {type: integer}}}
            examples:
              text: {value: '{"id": 1}'}
              badtext: {value: '{"id": "x"}'}
          application/xml:
            schema: {type: object, properties: {id: {type: integer}}}
            example: '<a><id>1</id></a>'
          text/plain:
            schema: {type: string}
            example: {text: hello}
      responses:
        '204': {description: none}
"""
    )
    found = examples(tmp_path, text)
    assert pointers(found) == [
        "/paths/~1a/post/requestBody/content/application~1json/examples/badtext/value",
        "/paths/~1a/post/requestBody/content/text~1plain/example",
    ]


# -- generated samples --------------------------------------------------------------------------

SAMPLE = (
    V30
    + """
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema: %(schema)s
            %(example)s
      responses:
        '204': {description: none}
components:
  schemas:
    Never:
      allOf: [{type: string}, {type: integer}]
    Fine:
      type: object
      required: [id]
      properties: {id: {type: integer, minimum: 3}, tags: {type: array, items: {type: string}}}
"""
)


@pytest.mark.parametrize(
    ("schema", "example", "expected"),
    [
        ("{$ref: '#/components/schemas/Never'}", "", ["/components/schemas/Never"]),
        (
            "{allOf: [{type: string}, {type: integer}]}",
            "",
            ["/paths/~1a/post/requestBody/content/application~1json/schema"],
        ),
        ("{$ref: '#/components/schemas/Never'}", "example: x", []),  # the example is shown
        ("{$ref: '#/components/schemas/Fine'}", "", []),
    ],
)
def test_generated_samples(tmp_path: Path, schema: str, example: str, expected: list[str]) -> None:
    found = samples(tmp_path, SAMPLE % {"schema": schema, "example": example})
    assert pointers(found) == expected
    assert all(p.rule == SAMPLE_INVALID for p in found)
    if found:
        assert "POST /a request application/json" in found[0].message
        assert found[0].line is not None


def test_sample_of_a_discriminated_one_of_is_valid(tmp_path: Path) -> None:
    text = (
        (
            DISCRIMINATOR
            % {
                "discriminator": "discriminator: {propertyName: petType}",
                "example": "{petType: Cat}",
            }
        )
        .replace(
            "paths: {}",
            """paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}""",
        )
        .replace("      example: {petType: Cat}\n", "")
    )
    assert samples(tmp_path, text) == []


# -- code samples ---------------------------------------------------------------------------------

CODE = (
    V30
    + """
paths:
  /a:
    get:
      x-codeSamples:
%(samples)s
      x-code-samples:
        - {lang: Pyton, source: x}
      responses:
        '204': {description: none}
"""
)


def test_code_sample_languages(tmp_path: Path) -> None:
    good = ["cURL", "Shell", "C#", "Node", "JavaScript", "Python", "Go", "Java", "PHP", "Ruby"]
    entries = [*(f"        - {{lang: '{lang}', source: x}}" for lang in good)]
    entries += [
        "        - {source: x}",
        "        - {lang: '  ', source: x}",
        "        - {lang: Cobolt, source: x}",
        "        - {lang: 42, source: x}",
        "        - just text",
        "        - {language: Cobolt, code: x}",  # ReadMe's flavour: not shown, not checked
        "        - {lang: Cobolt}",  # no source: not shown, not checked
        "        - {lang: kotlin, source: x}",
        "        - {lang: PowerShell, source: x}",
    ]
    spec, _validator, docs = _load(tmp_path, CODE % {"samples": "\n".join(entries)})
    found = check_code_sample_languages(spec, docs)
    n = len(good)
    assert pointers(found) == sorted(
        [
            f"/paths/~1a/get/x-codeSamples/{n}/lang",
            f"/paths/~1a/get/x-codeSamples/{n + 1}/lang",
            f"/paths/~1a/get/x-codeSamples/{n + 2}/lang",
            f"/paths/~1a/get/x-codeSamples/{n + 3}/lang",
            "/paths/~1a/get/x-code-samples/0/lang",
        ]
    )
    assert all(p.rule == CODE_SAMPLE_LANGUAGE for p in found)
    assert all(p.line is not None for p in found)
    assert any("'Cobolt'" in p.message for p in found)
    assert any("no 'lang'" in p.message for p in found)


def test_known_language() -> None:
    assert known_language("cURL") and known_language("c#") and known_language("Objective-C")
    assert not known_language("Pyton")


# -- robustness ------------------------------------------------------------------------------------

MALFORMED = [
    V30 + "paths: {}\ncomponents: {schemas: {S: {type: object, required: true, example: {}}}}\n",
    V30 + "paths: {}\ncomponents: {schemas: {S: {type: 42, example: 1}}}\n",
    V30 + "paths: {}\ncomponents: {schemas: {S: {type: string, pattern: '[(', example: x}}}\n",
    V30
    + "paths: {}\ncomponents: {schemas: {S: {type: string, pattern: '\\\\p{L}+', example: x}}}\n",
    V30 + "paths: {}\ncomponents: {schemas: {S: {$ref: '#/nowhere', example: 1}}}\n",
    V30 + "paths: {}\ncomponents: {schemas: {S: {type: thing, example: 1}}}\n",
    V30 + "paths: {}\ncomponents: {schemas: {S: {minimum: x, example: 1}}}\n",
    V30 + "paths: {}\ncomponents: {schemas: {S: {enum: 5, example: 1}}}\n",
    V30 + "paths: {}\ncomponents: {schemas: {S: {properties: [], example: {a: 1}}}}\n",
    V30 + "paths: {}\ncomponents: {schemas: {S: {oneOf: [{}], discriminator: 5, example: {}}}}\n",
    V30
    + "paths: {}\ncomponents: {schemas: {S: {oneOf: [1, 2], discriminator: {propertyName: t, mapping: 3}, example: {t: 1}}}}\n",
    V30 + "paths: {}\ncomponents: {schemas: {S: {items: [1], example: [1]}}}\n",
    V31 + "paths: {}\ncomponents: {schemas: {S: {items: [{type: string}], example: [1]}}}\n",
    V31 + "paths: {}\ncomponents: {schemas: {S: {$ref: '#/components/schemas/S', example: 1}}}\n",
    V30
    + "paths: {}\ncomponents: {schemas: {A: {$ref: '#/components/schemas/B', example: 1}, B: {$ref: '#/components/schemas/A'}}}\n",
    V30
    + """paths:
  /a:
    get:
      x-codeSamples: {lang: x}
      parameters:
        - {name: q, in: query, content: {application/json: {schema: {type: object}, example: '{'}}, example: 'x'}
        - {name: r, in: query, schema: {$ref: '#/nope'}, example: '1'}
        - {name: s, in: query, schema: {type: object, properties: {a: {type: integer}}}, example: 'a,1,b'}
        - {name: t, in: query, schema: {type: array}, example: 'a,b'}
        - $ref: '#/nope'
      requestBody: {$ref: '#/nope'}
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {type: object, required: [a], properties: {a: {type: string, pattern: '(a*)*b'}}}}
            image/png: {schema: {type: string, format: binary}}
        '201': {$ref: '#/nope'}
""",
    "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    post:\n      consumes: [multipart/form-data]\n      parameters:\n        - {name: f, in: formData, type: file, default: 1}\n      responses:\n        '200': {description: ok, schema: {type: file}, examples: {application/json: 5}}\n",
]


@pytest.mark.parametrize("text", MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_input_never_raises(tmp_path: Path, text: str) -> None:
    spec, validator, docs = _load(tmp_path, text)
    for problem in (
        check_examples(spec, validator, docs)
        + check_samples(spec, validator, docs)
        + check_code_sample_languages(spec, docs)
    ):
        assert problem.rule in (
            EXAMPLE_INVALID,
            EXAMPLE_ADDITIONAL_PROPERTY,
            EXAMPLE_UNCHECKED,
            SAMPLE_INVALID,
            CODE_SAMPLE_LANGUAGE,
        )


def test_garbage_collection_is_restored(tmp_path: Path) -> None:
    import gc

    spec, validator, docs = _load(tmp_path, V30 + "paths: {}\n")
    assert gc.isenabled()
    check_examples(spec, validator, docs)
    check_samples(spec, validator, docs)
    assert gc.isenabled()
    gc.disable()
    try:
        check_examples(spec, validator, docs)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_validator_without_documents_reads_the_files(tmp_path: Path) -> None:
    spec, _validator, docs = _load(
        tmp_path, V30 + PETS % {"request": "{name: Rex, password: pw}", "response": "{name: Rex}"}
    )
    validator = SpecValidator(spec, os.fspath(tmp_path), (*spec.files, "missing.yaml"))
    assert pointers(check_examples(spec, validator, docs)) == [RESPONSE]


def test_validator_without_documents_does_not_read_a_file_over_the_size_limit(
    tmp_path: Path,
) -> None:
    """A file over ``apidocs_max_file_size`` is refused before it is read (here a sparse
    128 MB one under the default limit of 50 MB: reading it would take 128 MB; reading
    the small spec file with the limit reserves up to the limit for a moment)."""
    spec, _validator, docs = _load(
        tmp_path, V30 + PETS % {"request": "{name: Rex, password: pw}", "response": "{name: Rex}"}
    )
    with open(tmp_path / "big.yaml", "wb") as f:
        f.truncate(128 * 1024 * 1024)
    tracemalloc.start()
    try:
        validator = SpecValidator(spec, os.fspath(tmp_path), (*spec.files, "big.yaml"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 96 * 1024 * 1024, f"{peak:,} bytes"
    assert pointers(check_examples(spec, validator, docs)) == [RESPONSE]


# -- the corpus ------------------------------------------------------------------------------------


def _corpus_sample(count: int = 30) -> list[Path]:
    files = sorted(
        p
        for p in CORPUS.rglob("*")
        if p.suffix in (".json", ".yaml", ".yml") and not p.name.startswith("LICENSE")
    )
    github = [p for p in files if p.name == "api.github.com.json"]
    rest = [p for p in files if p not in github]
    step = max(len(rest) // count, 1)
    return rest[::step][:count] + github


@needs_corpus
def test_corpus_runs_without_exceptions() -> None:
    paths = _corpus_sample()
    assert len(paths) >= 20
    rules: Counter[str] = Counter()
    start = time.perf_counter()
    for path in paths:
        spec, validator, docs = _load_path(path, path.parent)
        if spec is None or validator is None:
            continue
        found: list[Any] = check_examples(spec, validator, docs)
        found += check_samples(spec, validator, docs)
        found += check_code_sample_languages(spec, docs)
        for problem in found:
            assert problem.file in docs and problem.pointer is not None
            rules[problem.rule] += 1
    elapsed = time.perf_counter() - start
    print(f"\n{len(paths)} specs in {elapsed:.1f} s: {dict(rules)}")
    assert elapsed < 60


FORMATS = """openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /x:
    get:
      parameters:
        - {name: since, in: query, schema: {type: string, format: date-time}, example: soon}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: string, format: uuid}
                  when: {type: string, format: date-time, nullable: true}
                  site: {type: string, format: uri}
                  custom: {type: string, format: my-own}
              examples:
                good:
                  value: {id: 4f4e4e1c-c824-4d63-b37a-d8d698862f1d, when: null,
                          site: "https://a.example", custom: anything}
                bad: {value: {id: 4f4e4e1-c824-4d63-b37a-d8d698862f1d, site: hello.example}}
components:
  schemas:
    D: {type: string, format: date, example: "2024-13-45"}
    T: {type: string, format: date-time, example: "2024-01-01T10:00:00Z"}
"""


def test_formats_are_asserted_in_examples_under_their_own_rule(tmp_path: Path) -> None:
    found = examples(tmp_path, FORMATS)
    assert {p.rule for p in found} == {EXAMPLE_FORMAT}
    assert pointers(found) == [
        "/components/schemas/D/example",
        "/paths/~1x/get/responses/200/content/application~1json/examples/bad/value",
    ]
    (bad,) = [p for p in found if p.pointer and p.pointer.endswith("bad/value")]
    assert "/id: '4f4e4e1-c824-4d63-b37a-d8d698862f1d' is not a 'uuid'" in bad.message
    assert "'hello.example' is not a 'uri'" in bad.message
    # a parameter's example may be its text form ('soon' is not read as a date-time);
    # an unknown format (my-own) is an annotation; null for a nullable one is fine


# -- bounded work (issue 15) ------------------------------------------------------------


def test_a_pattern_too_costly_for_an_example_is_said_once_never_called_invalid(
    tmp_path: Path,
) -> None:
    """``^(a+)+$`` against 40 a's and a '!' takes 2**40 steps in Python's re (108 s in a
    build for a shorter one): not run; one finding per pattern says it was not checked."""
    long = "a" * 40 + "!"
    found = examples(
        tmp_path,
        V30
        + f"""
paths: {{}}
components:
  schemas:
    Evil: {{type: string, pattern: '^(a+)+$', example: '{long}', default: '{long}b'}}
    Other: {{type: string, pattern: '^(a+)+$', example: '{long}c'}}
    Poly: {{type: string, pattern: '^a*a*a*a*a*a*a*a*a*a*a*$', example: '{long}'}}
    Unicode: {{type: string, pattern: '^\\p{{L}}+$', example: abc}}
    Short: {{type: string, pattern: '^(a+)+$', example: 'aa!'}}
""",
    )
    problems = list(dict.fromkeys(found))  # as apicheck reports them: a finding once
    by_rule = Counter(p.rule for p in problems)
    assert by_rule == {EXAMPLE_UNCHECKED: 3, EXAMPLE_INVALID: 1}, problems
    (invalid,) = (p for p in problems if p.rule == EXAMPLE_INVALID)
    assert invalid.pointer == "/components/schemas/Short/example"  # short text: checked
    unchecked = {p.pointer: p.message for p in problems if p.rule == EXAMPLE_UNCHECKED}
    assert sorted(unchecked) == [  # where each pattern is written (Other's is Evil's)
        "/components/schemas/Evil/pattern",
        "/components/schemas/Poly/pattern",
        "/components/schemas/Unicode/pattern",
    ]
    assert "'^(a+)+$'" in unchecked["/components/schemas/Evil/pattern"]
    assert "cannot read" in unchecked["/components/schemas/Unicode/pattern"]


def test_a_sample_too_costly_to_validate_is_said(tmp_path: Path) -> None:
    """oneOf of 8 branches nested 6 deep: the generated payload's validation stops at its
    budget (it would visit about 8**6 schemas) and says so."""
    problems = samples(
        tmp_path,
        V30
        + """
paths:
  /a:
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/L0'}}}}
      responses: {'200': {description: ok}}
components:
  schemas:
"""
        + nested_one_of_schemas(6),
    )
    assert [p.rule for p in problems] == [EXAMPLE_UNCHECKED], problems
    assert "not checked against its schema" in problems[0].message
    assert problems[0].pointer == "/components/schemas/L0"


def test_an_openapi_32_data_value_is_validated_like_a_value(tmp_path: Path) -> None:
    found = examples(
        tmp_path,
        """\
        openapi: 3.2.0
        info: {title: T, version: '1'}
        paths:
          /pets:
            query:
              requestBody:
                content:
                  application/json:
                    schema: {type: object, properties: {name: {type: string}}}
                    examples:
                      good: {dataValue: {name: Rex}, serializedValue: '{"name":"Rex"}'}
                      bad: {dataValue: {name: 3}}
              responses: {'200': {description: ok}}
        """,
    )
    assert pointers(found, EXAMPLE_INVALID) == [
        "/paths/~1pets/query/requestBody/content/application~1json/examples/bad/dataValue"
    ]
