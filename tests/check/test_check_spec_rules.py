"""The ``spec`` family of ``apicheck`` rules (``sphinxext_apidocs.check.spec_rules``)."""

from __future__ import annotations

import collections
import copy
import json
import os
import random
import shutil
import textwrap
import time
from pathlib import Path
from typing import Any

import yaml

from sphinxext_apidocs.check.spec_rules import check_spec
from sphinxext_apidocs.check.spec_rules.paths import ambiguity, candidate_pairs
from sphinxext_apidocs.diagnostics import rules
from sphinxext_apidocs.diagnostics.problems import Problem

from ..helpers import CORPUS, load_with_documents, needs_corpus

MUTATIONS = 3


def _write(path: Path, content: dict[str, Any] | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(textwrap.dedent(content))
    elif path.suffix == ".json":
        path.write_text(json.dumps(content, indent=2))
    else:
        path.write_text(yaml.safe_dump(content, sort_keys=False))


def check(
    tmp_path: Path,
    spec: dict[str, Any] | str,
    files: dict[str, dict[str, Any] | str] | None = None,
    *,
    name: str = "api.yaml",
    rendered: frozenset[str] = frozenset(),
) -> list[Problem]:
    for fname, content in (files or {}).items():
        _write(tmp_path / fname, content)
    _write(tmp_path / name, spec)
    loaded, _problems, _used, docs = load_with_documents(tmp_path / name, tmp_path)
    assert loaded is not None
    found = check_spec(loaded, docs, rendered_schemas=rendered)
    for problem in found:
        assert problem.subtype == "structure"
        assert problem.rule in rules.RULES
        assert problem.file is not None and problem.pointer is not None
        assert problem.line is not None and problem.line >= 1
    return found


def of(problems: list[Problem], rule: str) -> list[tuple[str | None, str]]:
    return [(p.pointer, p.message) for p in problems if p.rule == rule]


def pointers(problems: list[Problem], rule: str) -> list[str | None]:
    return [p.pointer for p in problems if p.rule == rule]


CLEAN: dict[str, Any] = yaml.safe_load(
    """
openapi: 3.0.3
info: {title: Pets, version: "1"}
servers:
  - url: https://{region}.example.com/v1
    variables: {region: {default: eu, enum: [eu, us]}}
security: [{oauth: [read]}]
paths:
  /pets:
    get:
      operationId: listPets
      parameters: [{$ref: '#/components/parameters/limit'}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
    post:
      operationId: createPet
      security: [{oauth: [write]}, {oidc: [anything]}]
      requestBody: {$ref: '#/components/requestBodies/PetBody'}
      responses:
        '201': {$ref: '#/components/responses/Created'}
      callbacks:
        onEvent:
          '{$request.body#/callbackUrl}':
            post:
              operationId: petEvent
              responses: {'200': {description: ok}}
  /pets/{petId}:
    parameters: [{name: petId, in: path, required: true, schema: {type: integer}}]
    servers:
      - url: https://{host}/v2
        variables: {host: {default: api.example.com}}
    get:
      operationId: getPet
      parameters:
        - {name: X-Trace, in: header, schema: {type: string}}
        - {name: X-Trace, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          headers: {X-Rate: {$ref: '#/components/headers/Rate'}}
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
              examples: {rex: {$ref: '#/components/examples/Rex'}}
    delete:
      operationId: deletePet
      parameters: [{name: petId, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: gone}}
  /pets/mine:
    get:
      operationId: myPets
      responses: {'200': {description: ok}}
components:
  schemas:
    Pet:
      type: object
      required: [id, kind]
      properties:
        id: {type: integer}
        kind: {type: string, enum: [dog, cat]}
        size: {type: integer, enum: [1, 2.0]}
        weight: {type: number, enum: [1, 2.5]}
        tag: {type: string, nullable: true, enum: [a, null]}
        extra: {type: object, patternProperties: {'^x-': {}}, properties: {a: {}}, required: [x-b]}
      discriminator:
        propertyName: kind
        mapping: {dog: '#/components/schemas/Dog', cat: Cat}
    Dog:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - {type: object, required: [bark, kind], properties: {bark: {type: boolean}}}
    Cat:
      allOf: [{$ref: '#/components/schemas/Pet'}]
      required: [id]
    Choice:
      type: object
      properties: {a: {type: string}, b: {type: string}}
      oneOf: [{required: [a]}, {required: [b]}]
  parameters:
    limit: {name: limit, in: query, schema: {type: integer}}
  requestBodies:
    PetBody:
      content:
        application/json:
          schema:
            oneOf: [{$ref: '#/components/schemas/Pet'}, {$ref: '#/components/schemas/Choice'}]
  responses:
    Created:
      description: created
      links:
        self: {$ref: '#/components/links/GetPet'}
        byRef: {operationRef: '#/paths/~1pets~1%7BpetId%7D/get'}
        remote: {operationRef: 'https://example.com/api.yaml#/paths/~1x/get'}
        event: {operationId: petEvent}
  headers:
    Rate: {schema: {type: integer}}
  examples:
    Rex: {value: {id: 1, kind: dog, $ref: '#/components/schemas/Nothing'}}
  links:
    GetPet: {operationId: getPet, parameters: {petId: '$response.body#/id'}}
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        implicit: {authorizationUrl: 'https://x/auth', scopes: {read: r}}
        clientCredentials: {tokenUrl: 'https://x/token', scopes: {write: w}}
    oidc: {type: openIdConnect, openIdConnectUrl: 'https://x/.well-known'}
"""
)


def clean() -> dict[str, Any]:
    return copy.deepcopy(CLEAN)


def test_clean_spec_has_no_findings(tmp_path: Path) -> None:
    assert check(tmp_path, clean()) == []


# -- 1, 2: path parameters ---------------------------------------------------


def test_path_parameter_undeclared(tmp_path: Path) -> None:
    spec = clean()
    spec["paths"]["/pets/{petId}/toys/{toyId}"] = {
        "parameters": [{"$ref": "#/components/parameters/petId"}],
        "get": {"responses": {"200": {"description": "ok"}}},
        "put": {
            "parameters": [{"name": "toyId", "in": "path", "required": True}],
            "responses": {"200": {"description": "ok"}},
        },
    }
    spec["components"]["parameters"]["petId"] = {"name": "petId", "in": "path", "required": True}
    spec["paths"]["/files/{+path}"] = {  # an RFC 6570 operator: tolerated
        "get": {
            "parameters": [{"name": "path", "in": "path", "required": True}],
            "responses": {"200": {"description": "ok"}},
        }
    }
    found = check(tmp_path, spec)
    assert of(found, rules.PATH_PARAMETER_UNDECLARED) == [
        (
            "/paths/~1pets~1{petId}~1toys~1{toyId}/get",
            "{toyId} in the path of GET /pets/{petId}/toys/{toyId} has no 'in: path' "
            "parameter 'toyId'",
        )
    ]
    assert len(found) == 1


def test_path_parameter_unused(tmp_path: Path) -> None:
    spec = clean()
    spec["paths"]["/toys/{id}"] = {
        "parameters": [{"name": "shop", "in": "path", "required": True}],
        "get": {
            "parameters": [
                {"$ref": "#/components/parameters/toyId"},
                {"name": "id", "in": "path", "required": True},
            ],
            "responses": {"200": {"description": "ok"}},
        },
        "put": {
            "parameters": [{"name": "id", "in": "path", "required": True}],
            "responses": {"200": {"description": "ok"}},
        },
    }
    spec["components"]["parameters"]["toyId"] = {"name": "toyid", "in": "path", "required": True}
    found = check(tmp_path, spec)
    assert of(found, rules.PATH_PARAMETER_UNUSED) == [
        # the path-level one, once for both operations
        (
            "/paths/~1toys~1{id}/parameters/0",
            "path parameter 'shop' of /toys/{id} is not in the path template",
        ),
        # the $ref'd one: where it is listed
        (
            "/paths/~1toys~1{id}/get/parameters/0",
            "path parameter 'toyid' of GET /toys/{id} is not in the path template",
        ),
    ]
    assert len(found) == 2


# -- 3: identical and ambiguous paths ---------------------------------------------


def test_paths_identical_and_ambiguous(tmp_path: Path) -> None:
    spec = clean()
    ok = {"get": {"responses": {"200": {"description": "ok"}}}}
    for path in ("/pets/{id}", "/a/{x}/c", "/a/b/{y}", "/a/b/c", "/f/{name}.json", "/f/{a}.{b}"):
        spec["paths"][path] = copy.deepcopy(ok)
    spec["paths"]["/pets/{id}"]["get"]["parameters"] = [{"name": "id", "in": "path"}]
    spec["paths"]["/a/{x}/c"]["get"]["parameters"] = [{"name": "x", "in": "path"}]
    spec["paths"]["/a/b/{y}"]["get"]["parameters"] = [{"name": "y", "in": "path"}]
    spec["paths"]["/f/{name}.json"]["get"]["parameters"] = [{"name": "name", "in": "path"}]
    spec["paths"]["/f/{a}.{b}"]["get"]["parameters"] = [
        {"name": "a", "in": "path"},
        {"name": "b", "in": "path"},
    ]
    found = check(tmp_path, spec)
    assert of(found, rules.PATH_IDENTICAL) == [
        (
            "/paths/~1pets~1{id}",
            "path /pets/{id} is the same as /pets/{petId} but for the names of its template "
            "parameters",
        )
    ]
    assert of(found, rules.PATH_AMBIGUOUS) == [
        (
            "/paths/~1a~1b~1{y}",
            "path /a/b/{y} and path /a/{x}/c can match the same request (both match /a/b/c), "
            "and neither is more specific",
        ),
        (
            "/paths/~1f~1{a}.{b}",
            "path /f/{a}.{b} and path /f/{name}.json can match the same request (both match "
            "/f/{name}.json), and neither is more specific",
        ),
    ]
    # /pets/mine and /pets/{petId}, /a/b/c and the others: one is more specific
    assert len(found) == 3


def test_ambiguous_paths_in_large_groups_match_brute_force(tmp_path: Path) -> None:
    rng = random.Random(7)
    words = ["a", "b", "c", "{x}", "{y}", "v1", "{id}.json"]
    paths = sorted(
        {"/" + "/".join(rng.choice(words) for _ in range(rng.randint(1, 5))) for _ in range(400)}
    )
    import re

    shape = [re.sub(r"\{[^{}]*\}", "{}", p) for p in paths]
    unique = [p for i, p in enumerate(paths) if shape[i] not in shape[:i]]
    segments = [re.sub(r"\{[^{}]*\}", "{}", p).split("/") for p in unique]
    pairs: set[tuple[int, int]] = set()
    by_length: dict[int, list[int]] = collections.defaultdict(list)
    for i, segs in enumerate(segments):
        by_length[len(segs)].append(i)
    for members in by_length.values():
        candidate_pairs(members, segments, 0, pairs)
    fast = {p for p in pairs if ambiguity(segments[p[0]], segments[p[1]], "", "") is not None}
    brute = {
        (i, j)
        for i in range(len(unique))
        for j in range(i + 1, len(unique))
        if len(segments[i]) == len(segments[j])
        and ambiguity(segments[i], segments[j], "", "") is not None
    }
    assert brute and fast == brute
    # and the whole rule on a spec with a large group
    spec = clean()
    for n in range(30):
        spec["paths"][f"/r/{{o}}/s{n}/{{id}}"] = {}
    spec["paths"]["/r/{o}/{q}/x"] = {}
    found = check(tmp_path, spec)
    assert len(of(found, rules.PATH_AMBIGUOUS)) == 30
    assert set(pointers(found, rules.PATH_AMBIGUOUS)) == {"/paths/~1r~1{o}~1{q}~1x"}


def _typed_paths(paths: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A spec of ``paths``: path -> {parameter name: schema}, one GET each (a schema that is
    a list: one operation per schema, GET, PUT ...)."""
    spec: dict[str, Any] = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}}
    spec["paths"] = {}
    for path, params in paths.items():
        count = max((len(s) for s in params.values() if isinstance(s, list)), default=1)
        item: dict[str, Any] = {}
        for n, method in enumerate(("get", "put", "post")[:count]):
            item[method] = {
                "parameters": [
                    {
                        "name": name,
                        "in": "path",
                        "required": True,
                        "schema": schema[n] if isinstance(schema, list) else schema,
                    }
                    for name, schema in params.items()
                ],
                "responses": {"200": {"description": "ok"}},
            }
        spec["paths"][path] = item
    return spec


def test_path_ambiguous_respects_parameter_types(tmp_path: Path) -> None:
    """A literal segment cannot match a template whose parameter cannot take it (GitHub's
    ``/orgs/{org}/organization-roles/{role_id}/teams``: 61 of its 67 findings)."""
    string, integer = {"type": "string"}, {"type": "integer"}
    hex_code = {"type": "string", "pattern": "^[0-9a-f]+$"}
    spec = _typed_paths(
        {
            # an integer: `teams` and `users` cannot be a role_id
            "/orgs/{org}/organization-roles/{role_id}/teams": {"org": string, "role_id": integer},
            "/orgs/{org}/organization-roles/teams/{team_slug}": {"org": string, "team_slug": {}},
            "/orgs/{org}/organization-roles/users/{username}": {"org": string, "username": {}},
            # strings: still ambiguous
            "/user/codespaces/{codespace_name}/exports": {"codespace_name": string},
            "/user/codespaces/secrets/{secret_name}": {"secret_name": string},
            # a literal that looks like a number can be one
            "/n/{id}/x": {"id": {"type": "number"}},
            "/n/-4.5/{y}": {"y": string},
            "/n/four/{y}": {"y": string},
            # booleans
            "/b/{flag}/x": {"flag": {"type": "boolean"}},
            "/b/true/{y}": {"y": string},
            "/b/yes/{y}": {"y": string},
            # enum (of any type) and pattern
            "/e/{kind}/x": {"kind": {"enum": ["a", 2, None]}},
            "/e/c/{y}": {"y": string},
            "/e/2/{y}": {"y": string},
            "/p/{code}/x": {"code": hex_code},
            "/p/zz/{y}": {"y": string},
            "/p/ab/{y}": {"y": string},
            "/q/{code}/x": {"code": {"type": "string", "pattern": "(["}},  # invalid: can match
            "/q/zz/{y}": {"y": string},
            # the operations disagree (GET: integer, PUT: string): can match
            "/d/{id}/x": {"id": [integer, string]},
            "/d/teams/{y}": {"y": string},
            # both integers: neither can be `teams`
            "/i/{id}/x": {"id": [integer, {"type": ["integer", "null"]}]},
            "/i/teams/{y}": {"y": string},
            # two templates can always match each other
            "/t/{id}/{y}/x": {"id": integer, "y": integer},
            "/t/{name}/a/{z}": {"name": string, "z": string},
        }
    )
    # a parameter shared by the path item, through $ref, the operation overriding another
    spec["components"] = {
        "parameters": {"Num": {"name": "num", "in": "path", "required": True, "schema": integer}}
    }
    spec["paths"]["/r/{num}/x"] = {
        "parameters": [{"$ref": "#/components/parameters/Num"}],
        "get": {"responses": {"200": {"description": "ok"}}},
        "put": {
            "parameters": [{"name": "num", "in": "path", "required": True, "schema": string}],
            "responses": {"200": {"description": "ok"}},
        },
    }
    spec["paths"]["/r/teams/{y}"] = copy.deepcopy(spec["paths"]["/n/four/{y}"])
    spec["paths"]["/s/{num}/x"] = {
        "parameters": [{"$ref": "#/components/parameters/Num"}],
        "get": {"responses": {"200": {"description": "ok"}}},
    }
    spec["paths"]["/s/teams/{y}"] = copy.deepcopy(spec["paths"]["/n/four/{y}"])
    found = check(tmp_path, spec)
    assert [m.split(" can match")[0] for _p, m in of(found, rules.PATH_AMBIGUOUS)] == [
        "path /user/codespaces/secrets/{secret_name} and path "
        "/user/codespaces/{codespace_name}/exports",
        "path /n/-4.5/{y} and path /n/{id}/x",
        "path /b/true/{y} and path /b/{flag}/x",
        "path /e/2/{y} and path /e/{kind}/x",
        "path /p/ab/{y} and path /p/{code}/x",
        "path /q/zz/{y} and path /q/{code}/x",
        "path /d/teams/{y} and path /d/{id}/x",
        "path /r/teams/{y} and path /r/{num}/x",
    ]
    assert len(found) == len(of(found, rules.PATH_AMBIGUOUS))


def test_path_ambiguous_respects_parameter_types_in_swagger_20(tmp_path: Path) -> None:
    spec = {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a/{id}/x": {
                "parameters": [{"name": "id", "in": "path", "required": True, "type": "integer"}],
                "get": {"responses": {"200": {"description": "ok"}}},
            },
            "/a/b/{y}": {
                "get": {
                    "parameters": [{"name": "y", "in": "path", "required": True, "type": "string"}],
                    "responses": {"200": {"description": "ok"}},
                }
            },
        },
    }
    assert check(tmp_path, spec) == []
    spec["paths"]["/a/{id}/x"]["parameters"][0]["type"] = "string"
    assert pointers(check(tmp_path, spec), rules.PATH_AMBIGUOUS) == ["/paths/~1a~1b~1{y}"]


# -- 4: duplicate parameters ------------------------------------------------------


def test_parameter_duplicate(tmp_path: Path) -> None:
    spec = clean()
    get = spec["paths"]["/pets"]["get"]
    get["parameters"] += [
        {"name": "limit", "in": "query"},  # the same as the $ref'd one
        {"name": "limit", "in": "header"},  # another location: fine
        {"name": "X-Id", "in": "header"},
        {"name": "x-id", "in": "header"},  # header names ignore case
        {"name": "Q", "in": "query"},
        {"name": "q", "in": "query"},  # query names do not
    ]
    spec["paths"]["/pets/{petId}"]["parameters"].append({"name": "petId", "in": "path"})
    found = check(tmp_path, spec)
    assert pointers(found, rules.PARAMETER_DUPLICATE) == [
        "/paths/~1pets/get/parameters/1",
        "/paths/~1pets/get/parameters/4",
        "/paths/~1pets~1{petId}/parameters/1",
    ]
    assert of(found, rules.PARAMETER_DUPLICATE)[1][1] == (
        "parameter 'x-id' in header is listed twice (also at /paths/~1pets/get/parameters/3); "
        "the last one wins"
    )
    assert len(found) == 3  # the operation overriding a path-level parameter is fine


# -- 5: OAuth scopes ----------------------------------------------------------------


def test_security_scope_undefined(tmp_path: Path) -> None:
    spec = clean()
    spec["security"] = [{"oauth": ["read", "writ"]}, {"oidc": ["whatever"]}]
    spec["paths"]["/pets"]["get"]["security"] = [{}, {"oauth": ["admin"], "nope": ["x"]}]
    found = check(tmp_path, spec)
    assert of(found, rules.SECURITY_SCOPE_UNDEFINED) == [
        (
            "/security/0/oauth/1",
            "scope 'writ' of security scheme 'oauth' is not listed by any of its flows "
            "(did you mean scope 'write'?)",
        ),
        (
            "/paths/~1pets/get/security/1/oauth/0",
            "scope 'admin' of security scheme 'oauth' is not listed by any of its flows",
        ),
    ]
    assert len(found) == 2  # 'nope' is undefined: the normaliser says so


# -- 6: server variables -----------------------------------------------------------


def test_server_variable_undefined(tmp_path: Path) -> None:
    spec = clean()
    spec["servers"].append({"url": "https://{regoin}.example.com/{v}"})
    spec["servers"][0]["variables"]["region"]["default"] = "ue"
    spec["paths"]["/pets"]["servers"] = [{"url": "https://{a}", "variables": {"b": {}}}]
    spec["paths"]["/pets"]["get"]["servers"] = [
        {"url": "https://x/{p}", "variables": {"p": {"default": "1", "enum": [1, 2]}}},
        {"url": "https://x/{p}", "variables": {"p": {"default": "3", "enum": []}}},
    ]
    found = check(tmp_path, spec)
    assert of(found, rules.SERVER_VARIABLE_UNDEFINED) == [
        (
            "/servers/0/variables/region/default",
            "default 'ue' of server variable 'region' is not one of its enum values",
        ),
        (
            "/servers/1/url",
            "server URL https://{regoin}.example.com/{v} uses {regoin}, which its "
            "variables do not define",
        ),
        (
            "/servers/1/url",
            "server URL https://{regoin}.example.com/{v} uses {v}, which its "
            "variables do not define",
        ),
        (
            "/paths/~1pets/servers/0/url",
            "server URL https://{a} uses {a}, which its variables do not define",
        ),
    ]
    assert len(found) == 4


# -- 7: discriminator mappings ---------------------------------------------------------


def test_discriminator_mapping(tmp_path: Path) -> None:
    spec = clean()
    spec["components"]["schemas"]["Pet"]["discriminator"]["mapping"].update(
        {
            "dgo": "#/components/schemas/Dgo",
            "cta": "Cta",
            "fish": "fish.yaml#/Fish",
            "bird": "fish.yaml#/Bird",
            "remote": "https://example.com/schemas.yaml#/Pet",
        }
    )
    spec["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "oneOf": [{"$ref": "#/components/schemas/Pet"}, {"$ref": "fish.yaml#/Fish"}],
        "discriminator": {"propertyName": "kind", "mapping": {"x": "#/components/schemas/Pets"}},
    }
    found = check(tmp_path, spec, {"fish.yaml": {"Fish": {"type": "object"}}})
    assert of(found, rules.DISCRIMINATOR_MAPPING) == [
        (
            "/paths/~1pets/get/responses/200/content/application~1json/schema/discriminator/"
            "mapping/x",
            "discriminator mapping 'x' names '#/components/schemas/Pets', which is no schema "
            "(did you mean '#/components/schemas/Pet'?)",
        ),
        (
            "/components/schemas/Pet/discriminator/mapping/dgo",
            "discriminator mapping 'dgo' names '#/components/schemas/Dgo', which is no schema "
            "(did you mean '#/components/schemas/Dog'?)",
        ),
        (
            "/components/schemas/Pet/discriminator/mapping/cta",
            "discriminator mapping 'cta' names 'Cta', which is no schema (did you mean 'Cat'?)",
        ),
        (
            "/components/schemas/Pet/discriminator/mapping/bird",
            "discriminator mapping 'bird' names 'fish.yaml#/Bird', which is no schema",
        ),
    ]
    assert len(found) == 4


# -- 8: required names -----------------------------------------------------------------


def test_required_undefined(tmp_path: Path) -> None:
    spec = clean()
    schemas = spec["components"]["schemas"]
    schemas["Book"] = {
        "type": "object",
        "required": ["title", "name"],
        "properties": {"title": {"type": "string"}, "nmae": {"type": "string"}},
    }
    schemas["Novel"] = {  # merged with its allOf parts: `title` comes from Book
        "allOf": [{"$ref": "#/components/schemas/Book"}],
        "properties": {"genre": {"type": "string"}},
        "required": ["title", "genre", "pages"],
    }
    schemas["Part"] = {  # an allOf part with properties of its own, using a sibling's
        "allOf": [
            {"$ref": "#/components/schemas/Book"},
            {"properties": {"isbn": {}}, "required": ["isbn", "title"]},
        ]
    }
    schemas["Fragment"] = {"required": ["anything"]}  # only used inside another's allOf
    schemas["Open"] = {"type": "object", "additionalProperties": True, "required": ["x"]}
    for name in ("Book", "Novel", "Part", "Fragment", "Open"):
        spec["paths"]["/pets"]["get"]["parameters"].append(
            {"name": name, "in": "query", "schema": {"$ref": f"#/components/schemas/{name}"}}
        )
    found = check(tmp_path, spec)
    assert of(found, rules.REQUIRED_UNDEFINED) == [
        (
            "/components/schemas/Book/required/1",
            "required property 'name' is not defined by the schema's properties "
            "(did you mean property 'nmae'?)",
        ),
        (
            "/components/schemas/Novel/required/2",
            "required property 'pages' is not defined by the schema's properties",
        ),
    ]
    assert len(found) == 2


def test_required_on_an_array(tmp_path: Path) -> None:
    """GitHub's ``dependency-graph-spdx-sbom``: ``required`` next to ``items``, not in them."""
    spec = clean()
    spec["components"]["schemas"]["Sbom"] = {
        "type": "object",
        "properties": {
            "packages": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"SPDXID": {"type": "string"}, "name": {"type": "string"}},
                },
                "required": ["SPDXID", "version"],
            },
            # no type: an array by its items; a nullable array
            "files": {"items": {"type": "string"}, "required": ["path"]},
            "tags": {"type": ["array", "null"], "items": {}, "required": ["x"]},
            # either: not judged
            "either": {"type": ["array", "object"], "items": {}, "required": ["x"]},
            "mixed": {"items": {}, "allOf": [{"type": "object"}], "required": ["x"]},
        },
    }
    spec["paths"]["/pets"]["get"]["parameters"].append(
        {"name": "sbom", "in": "query", "schema": {"$ref": "#/components/schemas/Sbom"}}
    )
    found = check(tmp_path, spec)
    where = "/components/schemas/Sbom/properties"
    array = "'required' applies to objects and this schema is an array"
    assert of(found, rules.REQUIRED_UNDEFINED) == [
        (
            f"{where}/packages/required/0",
            f"required property 'SPDXID' is listed, but {array} (move it to the 'required' "
            "of its items?)",
        ),
        (f"{where}/packages/required/1", f"required property 'version' is listed, but {array}"),
        (f"{where}/files/required/0", f"required property 'path' is listed, but {array}"),
        (f"{where}/tags/required/0", f"required property 'x' is listed, but {array}"),
    ]
    assert len(found) == 4


def test_required_of_a_one_of_branch(tmp_path: Path) -> None:
    """GitHub's ``POST /orgs/{org}/campaigns`` (oneOf) and ``PUT /repos/{owner}/{repo}/pages``
    (anyOf): a branch that only requires names the schema around it does not define."""
    spec = clean()
    schemas = spec["components"]["schemas"]
    schemas["Campaign"] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"name": {}, "code_scanning_alerts": {}},
        "oneOf": [{"required": ["code_scanning_alerts"]}, {"required": ["secret_scanning_alerts"]}],
    }
    schemas["Pages"] = {
        "type": "object",
        "properties": {"cname": {}, "https_enforced": {}, "source": {}},
        "anyOf": [
            {"required": ["cname"]},
            {"required": ["source"], "description": "keywords that declare nothing are fine"},
            {"required": ["public"]},
        ],
    }
    schemas["Base"] = {"type": "object", "properties": {"a": {}}}
    schemas["Merged"] = {  # the parent with its allOf parts, and a grandparent's properties
        "allOf": [{"$ref": "#/components/schemas/Base"}],
        "properties": {"b": {}},
        "oneOf": [{"required": ["a"]}, {"required": ["b", "c"]}],
    }
    schemas["Outer"] = {
        "allOf": [{"$ref": "#/components/schemas/Merged"}],
        "properties": {"c": {}, "d": {}},
    }
    schemas["Patterns"] = {
        "type": "object",
        "properties": {"a": {}},
        "patternProperties": {"^x-": {}},
        "anyOf": [{"required": ["x-b"]}, {"required": ["y"]}],
    }
    schemas["Bare"] = {"anyOf": [{"required": ["a"]}, {"required": ["b"]}]}  # nothing declared
    schemas["Own"] = {  # a branch with properties of its own: not this check's business
        "type": "object",
        "properties": {"a": {}},
        "oneOf": [
            {"properties": {"b": {}}, "required": ["b"]},
            {"$ref": "#/components/schemas/Bare"},
        ],
    }
    schemas["Unresolved"] = {
        "properties": {"a": {}},
        "allOf": [{"$ref": "other.yaml#/Nothing"}],
        "oneOf": [{"required": ["z"]}],
    }
    for name in ("Campaign", "Pages", "Outer", "Patterns", "Own", "Unresolved"):
        spec["paths"]["/pets"]["get"]["parameters"].append(
            {"name": name, "in": "query", "schema": {"$ref": f"#/components/schemas/{name}"}}
        )
    found = check(tmp_path, spec, {"other.yaml": {"Something": {}}})
    assert of(found, rules.REQUIRED_UNDEFINED) == [
        (
            "/components/schemas/Campaign/oneOf/1/required/0",
            "required property 'secret_scanning_alerts' of a oneOf branch is not defined by the "
            "properties of the schema around it (did you mean property 'code_scanning_alerts'?)",
        ),
        (
            "/components/schemas/Pages/anyOf/2/required/0",
            "required property 'public' of an anyOf branch is not defined by the properties of "
            "the schema around it",
        ),
        (
            "/components/schemas/Patterns/anyOf/1/required/0",
            "required property 'y' of an anyOf branch is not defined by the properties of the "
            "schema around it",
        ),
    ]
    assert {p.rule for p in found} == {rules.REQUIRED_UNDEFINED}


# -- 9: enum types ------------------------------------------------------------------------


def test_enum_type(tmp_path: Path) -> None:
    spec = clean()
    props = spec["components"]["schemas"]["Pet"]["properties"]
    props["count"] = {"type": "integer", "enum": [1, 2, "three", 2.5, True, None]}
    props["flag"] = {"type": ["boolean", "string"], "enum": [True, "yes", 1]}
    props["odd"] = {"type": "frobnicate", "enum": [1]}  # unknown type: not judged
    props["any"] = {"enum": [1, "a"]}  # no type: anything goes
    found = check(tmp_path, spec)
    base = "/components/schemas/Pet/properties"
    assert of(found, rules.ENUM_TYPE) == [
        (
            f"{base}/count/enum/2",
            "enum value 'three' is a string, but the schema's type is integer",
        ),
        (f"{base}/count/enum/3", "enum value 2.5 is a number, but the schema's type is integer"),
        (f"{base}/count/enum/4", "enum value true is a boolean, but the schema's type is integer"),
        (
            f"{base}/count/enum/5",
            "enum value null is null, but the schema's type is integer (add nullable: true)",
        ),
        (
            f"{base}/flag/enum/2",
            "enum value 1 is an integer, but the schema's type is boolean or string",
        ),
    ]
    assert len(found) == 5


def test_enum_type_null_in_30_and_31(tmp_path: Path) -> None:
    def spec(version: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "openapi": version,
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/x": {
                    "get": {
                        "parameters": [{"name": "p", "in": "query", "schema": schema}],
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            },
        }

    nullable = {"type": "string", "nullable": True, "enum": ["a", None]}
    type_list = {"type": ["string", "null"], "enum": ["a", None]}
    plain = {"type": "string", "enum": ["a", None]}
    assert check(tmp_path / "a", spec("3.0.3", nullable)) == []
    assert check(tmp_path / "b", spec("3.1.0", type_list)) == []
    (problem,) = check(tmp_path / "c", spec("3.1.0", nullable))
    assert problem.rule == rules.ENUM_TYPE
    assert problem.pointer == "/paths/~1x/get/parameters/0/schema/enum/1"
    assert "nullable is no keyword in OpenAPI 3.1" in problem.message
    (problem,) = check(tmp_path / "d", spec("3.0.3", plain))
    assert problem.message.endswith("(add nullable: true)")
    (problem,) = check(tmp_path / "e", spec("3.1.0", plain))
    assert problem.message.endswith("(add 'null' to the type)")


# -- 10: unused components ------------------------------------------------------------------


def test_component_unused(tmp_path: Path) -> None:
    spec = clean()
    components = spec["components"]
    components["schemas"]["OldPet"] = {"type": "object"}
    components["schemas"]["Node"] = {  # only refers to itself
        "type": "object",
        "properties": {"next": {"$ref": "#/components/schemas/Node"}},
    }
    components["schemas"]["Shown"] = {"type": "object"}  # rendered by a page
    components["schemas"]["FromOther"] = {"type": "object"}  # used by another file
    components["schemas"]["Deep"] = {"properties": {"a": {"type": "string"}}}  # inner use
    components["parameters"]["old"] = {"name": "old", "in": "query"}
    components["responses"]["Gone"] = {"description": "gone"}
    components["examples"]["Old"] = {"value": 1}
    components["headers"]["Old"] = {"schema": {"$ref": "#/components/schemas/Deep/properties/a"}}
    spec["paths"]["/other"] = {"$ref": "other.yaml#/item"}
    other = {
        "item": {
            "get": {
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "api.yaml#/components/schemas/FromOther"}
                            }
                        },
                    }
                }
            }
        }
    }
    found = check(
        tmp_path,
        spec,
        {"other.yaml": other},
        rendered=frozenset({"api.yaml#/components/schemas/Shown"}),
    )
    assert of(found, rules.COMPONENT_UNUSED) == [
        (
            "/components/schemas/OldPet",
            "schema 'OldPet' is not used: no $ref, discriminator mapping or page refers to it",
        ),
        (
            "/components/schemas/Node",
            "schema 'Node' is not used: no $ref, discriminator mapping or page refers to it",
        ),
        (
            "/components/parameters/old",
            "parameter 'old' is not used: no $ref, discriminator mapping or page refers to it",
        ),
        (
            "/components/responses/Gone",
            "response 'Gone' is not used: no $ref, discriminator mapping or page refers to it",
        ),
        (
            "/components/headers/Old",
            "header 'Old' is not used: no $ref, discriminator mapping or page refers to it",
        ),
        (
            "/components/examples/Old",
            "example 'Old' is not used: no $ref, discriminator mapping or page refers to it",
        ),
    ]
    assert len(found) == 6


def test_component_unused_implicit_discriminator_subtypes(tmp_path: Path) -> None:
    """A schema whose allOf names a base with a discriminator is found by its name."""
    spec = clean()
    schemas = spec["components"]["schemas"]
    del schemas["Pet"]["discriminator"]["mapping"]
    assert check(tmp_path / "a", spec) == []
    del schemas["Pet"]["discriminator"]
    found = check(tmp_path / "b", spec)
    assert pointers(found, rules.COMPONENT_UNUSED) == [
        "/components/schemas/Dog",
        "/components/schemas/Cat",
    ]


def test_component_unused_refs_in_example_values_are_data(tmp_path: Path) -> None:
    """A ``$ref`` written inside an example value, a default or an enum is data (the
    example rules read it as written), so it uses nothing; a property or an example
    *named* ``example`` or ``default`` is no data."""
    spec = clean()
    schemas = spec["components"]["schemas"]
    schemas["InData"] = {"type": "object"}
    schemas["Named"] = {"type": "object"}
    spec["components"]["examples"]["Shared"] = {"value": 2}
    schemas["Pet"]["example"] = {"owner": {"$ref": "#/components/schemas/InData"}}
    schemas["Pet"]["properties"]["example"] = {"$ref": "#/components/schemas/Named"}
    media = spec["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]
    media["examples"] = {
        "default": {"$ref": "#/components/examples/Shared"},
        "inline": {"value": {"$ref": "#/components/schemas/InData"}},
    }
    found = check(tmp_path, spec)
    assert pointers(found, rules.COMPONENT_UNUSED) == ["/components/schemas/InData"]


# -- 11: links --------------------------------------------------------------------------------


def test_link_target(tmp_path: Path) -> None:
    spec = clean()
    links = spec["components"]["responses"]["Created"]["links"]
    links["typo"] = {"operationId": "getPett"}
    links["nowhere"] = {"operationRef": "#/paths/~1pets~1{petId}/put"}
    links["notAnOperation"] = {"operationRef": "#/paths/~1pets~1{petId}/parameters/0"}
    links["otherFile"] = {"operationRef": "ops.yaml#/paths/~1x/get"}  # not loaded: not judged
    spec["components"]["links"]["Unused"] = {"operationId": "nothing"}
    spec["paths"]["/pets"]["get"]["responses"]["200"]["links"] = {
        "viaRef": {"$ref": "#/components/links/GetPet"}
    }
    found = check(tmp_path, spec)
    assert of(found, rules.LINK_TARGET) == [
        (
            "/components/responses/Created/links/typo/operationId",
            "link 'typo' names operationId 'getPett', which no operation has "
            "(did you mean operationId 'getPet'?)",
        ),
        (
            "/components/responses/Created/links/nowhere/operationRef",
            "link 'nowhere' has operationRef '#/paths/~1pets~1{petId}/put', which does not point "
            "to an operation",
        ),
        (
            "/components/responses/Created/links/notAnOperation/operationRef",
            "link 'notAnOperation' has operationRef '#/paths/~1pets~1{petId}/parameters/0', which "
            "does not point to an operation",
        ),
        (
            "/components/links/Unused/operationId",
            "link 'Unused' names operationId 'nothing', which no operation has",
        ),
    ]
    assert pointers(found, rules.COMPONENT_UNUSED) == ["/components/links/Unused"]
    assert len(found) == 5


# -- versions, malformed input, lines ----------------------------------------------------------


def test_openapi_31_webhooks_and_path_items(tmp_path: Path) -> None:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"$ref": "#/components/pathItems/A"}},
        "webhooks": {
            "{event}": {
                "post": {"operationId": "hook", "responses": {"200": {"description": "ok"}}}
            }
        },
        "components": {
            "pathItems": {
                "A": {
                    "get": {
                        "parameters": [{"name": "q", "in": "query"}, {"name": "q", "in": "query"}],
                        "responses": {
                            "200": {"description": "ok", "links": {"h": {"operationId": "hook"}}}
                        },
                    }
                }
            },
            "schemas": {
                "S": {
                    "$ref": "#/components/schemas/T",
                    "properties": {"n": {"type": "integer", "enum": ["x"]}},
                },
                "T": {"type": "object"},
            },
        },
    }
    found = check(tmp_path, spec)
    assert [(p.rule, p.pointer) for p in found] == [
        (rules.PARAMETER_DUPLICATE, "/components/pathItems/A/get/parameters/1"),
        (rules.COMPONENT_UNUSED, "/components/schemas/S"),
        # 3.1: the siblings of a $ref are read
        (rules.ENUM_TYPE, "/components/schemas/S/properties/n/enum/0"),
    ]


def test_swagger_20(tmp_path: Path) -> None:
    spec = yaml.safe_load(
        """
swagger: '2.0'
info: {title: t, version: '1'}
host: example.com
basePath: /v1
securityDefinitions:
  oauth: {type: oauth2, flow: implicit, authorizationUrl: 'https://x', scopes: {read: r}}
security: [{oauth: [read, write]}]
paths:
  /pets/{id}:
    get:
      parameters:
        - {name: petId, in: path, required: true, type: string}
        - {$ref: '#/parameters/limit'}
        - {name: limit, in: query, type: integer}
        - {name: sort, in: query, type: integer, enum: [1, asc]}
        - {name: body, in: body, schema: {$ref: '#/definitions/Pet'}}
      responses:
        '200': {description: ok, schema: {$ref: '#/definitions/Pet'}}
parameters:
  limit: {name: limit, in: query, type: integer}
  unused: {name: unused, in: query, type: integer}
responses:
  NotFound: {description: nope}
definitions:
  Pet:
    type: object
    required: [name]
    properties: {nmae: {type: string}}
    discriminator: kind
  Old: {type: object}
"""
    )
    found = check(tmp_path, spec)
    assert [(p.rule, p.pointer) for p in found] == [
        (rules.SECURITY_SCOPE_UNDEFINED, "/security/0/oauth/1"),
        (rules.PATH_PARAMETER_UNDECLARED, "/paths/~1pets~1{id}/get"),
        (rules.PATH_PARAMETER_UNUSED, "/paths/~1pets~1{id}/get/parameters/0"),
        (rules.PARAMETER_DUPLICATE, "/paths/~1pets~1{id}/get/parameters/2"),
        (rules.ENUM_TYPE, "/paths/~1pets~1{id}/get/parameters/3/enum/1"),
        (rules.COMPONENT_UNUSED, "/parameters/unused"),
        (rules.COMPONENT_UNUSED, "/responses/NotFound"),
        (rules.REQUIRED_UNDEFINED, "/definitions/Pet/required/0"),
        (rules.COMPONENT_UNUSED, "/definitions/Old"),
    ]


def test_line_numbers_in_yaml(tmp_path: Path) -> None:
    text = """\
        openapi: 3.0.3
        info:
          title: t
          version: '1'
        paths:
          /x:
            get:
              parameters:
                - name: p
                  in: query
                  schema:
                    type: integer
                    enum:
                      - 1
                      - two
              responses:
                '200':
                  description: ok
        components:
          schemas:
            Unused:
              type: object
        """
    found = check(tmp_path, text)
    assert [(p.rule, p.line, p.pointer) for p in found] == [
        (rules.ENUM_TYPE, 15, "/paths/~1x/get/parameters/0/schema/enum/1"),
        (rules.COMPONENT_UNUSED, 21, "/components/schemas/Unused"),
    ]
    lines = textwrap.dedent(text).splitlines()
    assert lines[14].strip() == "- two" and lines[20].strip() == "Unused:"


def test_malformed_input_never_raises(tmp_path: Path) -> None:
    text = """\
        openapi: 3.1.0
        info: {title: t, version: '1'}
        servers: {url: 5}
        security: [oops, {oauth: scope}, {oauth: [1, [2]]}]
        webhooks: []
        paths:
          x-ext: 5
          /a/{x}:
            parameters: nope
            servers: [5, {url: 7, variables: []}, {url: 'https://{v}/{w}', variables: {v: 3}}]
            get: []
            put:
              parameters: [5, {$ref: 7}, {$ref: '#/nowhere'}, {name: 1, in: []}, {}]
              security: {a: b}
              callbacks: {c: [], d: {'{$x}': 5}}
              requestBody: {content: []}
              responses:
                '200': {links: [], headers: 5, content: {a: [], b: {schema: 5, encoding: 3}}}
                '201': {links: {l: {operationId: 5, operationRef: 7}, m: 5, n: {operationRef: '#'}}}
          /b: 5
          /{c}: {get: {parameters: [{name: c, in: path}, {name: c, in: path}], responses: {}}}
        components:
          schemas:
            A: []
            B:
              properties: []
              required: x
              enum: 5
              allOf: {}
              oneOf: [5, {required: [1, a]}]
              discriminator: {mapping: []}
            C:
              type: [string, 5]
              enum: [1]
              required: [a, 5]
              properties: {b: 5}
              patternProperties: {'(': {}}
              discriminator: {propertyName: k, mapping: {a: 5, b: '#/x', c: '../../../etc#/', d: '#bad'}}
            D: {type: integer, enum: [.inf, .nan, 1e400]}
            E: {$ref: 5}
            F: true
          parameters: []
          responses: {R: 5}
          links: {L: {operationRef: '#/paths/~1a~1{x}/put/responses'}}
          securitySchemes: {oauth: {type: oauth2, flows: {implicit: 5}}}
        """
    found = check(tmp_path, text)
    assert {(p.rule, p.pointer) for p in found} >= {
        (rules.SERVER_VARIABLE_UNDEFINED, "/paths/~1a~1{x}/servers/2/url"),
        (rules.LINK_TARGET, "/paths/~1a~1{x}/put/responses/201/links/n/operationRef"),
        (rules.LINK_TARGET, "/components/links/L/operationRef"),
        (rules.DISCRIMINATOR_MAPPING, "/components/schemas/C/discriminator/mapping/b"),
        (rules.ENUM_TYPE, "/components/schemas/D/enum/0"),
    }
    # an operation that is not an object is not judged
    assert (rules.PATH_PARAMETER_UNDECLARED, "/paths/~1a~1{x}/get") not in {
        (p.rule, p.pointer) for p in found
    }


def _mutants(data: Any, rng: random.Random, count: int) -> list[Any]:
    """``count`` copies of ``data``, each with a few values replaced by wrong types."""
    junk: list[Any] = [None, 5, 1.5, True, "x", [], {}, [1, "a"], {"$ref": 5}, {"$ref": "#/"}]
    places: list[tuple[Any, Any]] = []
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        keys: Any = node.keys() if isinstance(node, dict) else range(len(node))
        for key in keys:
            places.append((node, key))
            if isinstance(node[key], (dict, list)):
                stack.append(node[key])
    out = []
    for _ in range(count):
        picks = rng.sample(range(len(places)), min(len(places), MUTATIONS))
        chosen = [(places[i][0], places[i][1], places[i][0][places[i][1]]) for i in picks]
        for node, key, _old in chosen:
            node[key] = copy.deepcopy(rng.choice(junk))
        out.append(copy.deepcopy(data))
        for node, key, old in reversed(chosen):
            node[key] = old
    return out


def test_wrong_types_anywhere_never_raise(tmp_path: Path) -> None:
    rng = random.Random(20240611)
    base = clean()
    for i, mutant in enumerate(_mutants(base, rng, 150)):
        folder = tmp_path / str(i)
        _write(folder / "api.json", mutant)
        spec, _problems, _used, docs = load_with_documents(folder / "api.json", folder)
        if spec is not None:
            check_spec(spec, docs)  # must not raise
    assert base == CLEAN


# -- the corpus ---------------------------------------------------------------------------------


@needs_corpus
def test_corpus(tmp_path: Path) -> None:
    """Every spec of the corpus (all three folders) is checked without an exception."""
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    files = sorted(
        Path(folder, name)
        for folder, _dirs, names in os.walk(root)
        for name in names
        if name.endswith((".json", ".yaml", ".yml"))
    )
    assert len(files) > 100
    counts: collections.Counter[str] = collections.Counter()
    checked = 0
    started = time.perf_counter()
    for path in files:
        spec, _problems, _used, docs = load_with_documents(path, root)
        if spec is None:
            continue
        checked += 1
        found = check_spec(spec, docs)
        assert found == sorted(found, key=lambda p: (p.file or "", p.line or 0, p.pointer or ""))
        counts.update(p.rule or "" for p in found)
    print(
        f"\n{checked} of {len(files)} corpus files checked in {time.perf_counter() - started:.1f}s"
    )
    for rule in rules.RULES:
        if rules.RULES[rule].family == "spec" and counts[rule]:
            print(f"  {rule}: {counts[rule]}")
    assert checked > 100


def test_rules_read_the_operations_of_openapi_32(tmp_path: Path) -> None:
    """``query`` and ``additionalOperations`` are checked like any operation."""
    spec = clean()
    spec["openapi"] = "3.2.0"
    get = spec["paths"]["/pets"]["get"]
    spec["paths"]["/pets"] = {
        "query": {**get, "security": [{"oauth": ["admin"]}]},
        "additionalOperations": {"LINK": {**get, "security": [{"oauth": ["nope"]}]}},
    }
    found = check(tmp_path, spec)
    assert pointers(found, rules.SECURITY_SCOPE_UNDEFINED) == [
        "/paths/~1pets/query/security/0/oauth/0",
        "/paths/~1pets/additionalOperations/LINK/security/0/oauth/0",
    ]
