"""spec/bundle.py: a spec split over several files as one document that loads to the same
model, with no reference left to another file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sphinxext_apidocs.spec.bundle import bundle
from sphinxext_apidocs.spec.normalize import load_spec

from ..helpers import REPO, load_with_documents, write_files


def refs(data: Any) -> list[str]:
    if isinstance(data, dict):
        own = [data["$ref"]] if isinstance(data.get("$ref"), str) else []
        return own + [r for v in data.values() for r in refs(v)]
    if isinstance(data, list):
        return [r for v in data for r in refs(v)]
    return []


def bundled(main: Path, root: Path) -> dict[str, Any]:
    spec, _problems, _files, documents = load_with_documents(main, root)
    assert spec is not None
    return bundle(spec, documents, os.fspath(root))


def reload(data: dict[str, Any], tmp_path: Path) -> Any:
    path = tmp_path / "bundled.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    spec, problems, files = load_spec(os.fspath(path), os.fspath(tmp_path))
    assert files == ("bundled.json",)
    assert not [p for p in problems if p.subtype in ("ref", "ref-cycle")]
    return spec


def test_the_manuals_spec_bundles_to_the_same_model(tmp_path: Path) -> None:
    docs = REPO / "docs"
    spec, _problems, files, documents = load_with_documents(docs / "openapi/bookstore.yaml", docs)
    assert spec is not None and len(files) > 1
    data = bundle(spec, documents, os.fspath(docs))
    assert all(ref.startswith("#") for ref in refs(data))
    again = reload(data, tmp_path)
    assert [op.title for op in again.operations] == [op.title for op in spec.operations]
    # every component keeps its name; a schema of another file gets one of its own
    names = {name for name, _key in again.component_schemas}
    assert {name for name, _key in spec.component_schemas} <= names
    # Book was a $ref to another file: it is now that schema itself
    assert not again.schemas[dict(again.component_schemas)["Book"]].is_ref


def test_a_target_is_written_once_and_recursion_ends(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "api.yaml": """\
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths:
              /a:
                get:
                  parameters: [{$ref: "common.yaml#/Limit"}]
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: "node.yaml"}
              /b:
                get:
                  parameters: [{$ref: "common.yaml#/Limit"}]
                  responses: {"200": {$ref: "common.yaml#/Ok"}}
            """,
            "common.yaml": """\
            Limit: {name: limit, in: query, schema: {type: integer}}
            Ok:
              description: fine
              content: {application/json: {schema: {$ref: "node.yaml#/properties/next"}}}
            """,
            "node.yaml": """\
            type: object
            properties:
              next: {$ref: "#"}
              label: {type: string}
            """,
        },
        dedent=True,
    )
    data = bundled(tmp_path / "api.yaml", tmp_path)
    paths = data["paths"]
    # the parameter is written where it is first used, and referred to after
    assert paths["/a"]["get"]["parameters"][0]["name"] == "limit"
    assert paths["/b"]["get"]["parameters"][0] == {"$ref": "#/paths/~1a/get/parameters/0"}
    # the schema goes under components, named after its file; it refers to itself there
    node = data["components"]["schemas"]["node"]
    assert node["properties"]["next"] == {"$ref": "#/components/schemas/node"}
    ok = paths["/b"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/node/properties/next"}
    spec = reload(data, tmp_path)
    assert len(spec.operations) == 2


def test_an_unresolved_reference_stays_as_written(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "api.yaml": """\
            swagger: "2.0"
            info: {title: T, version: "1"}
            paths:
              /a:
                get:
                  responses:
                    "200": {description: ok, schema: {$ref: "missing.yaml"}}
                    "201": {description: ok, schema: {$ref: "pet.yaml"}}
            """,
            "pet.yaml": "type: object\n",
        },
        dedent=True,
    )
    data = bundled(tmp_path / "api.yaml", tmp_path)
    responses = data["paths"]["/a"]["get"]["responses"]
    assert responses["200"]["schema"] == {"$ref": "missing.yaml"}
    assert responses["201"]["schema"] == {"$ref": "#/definitions/pet"}
    assert data["definitions"]["pet"] == {"type": "object"}


def test_a_ref_in_example_data_is_data_and_no_file_is_read(tmp_path: Path) -> None:
    # private.yaml is named only in data: not read, not bundled; the schema still is
    write_files(
        tmp_path,
        {
            "api.yaml": """\
            openapi: 3.0.3
            info: {title: T, version: "1", x-logo: {$ref: "private.yaml"}}
            paths:
              /a:
                get:
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: "pet.yaml"}
                          example: {$ref: "private.yaml"}
                          examples:
                            one: {value: {$ref: "pet.yaml"}}
            components:
              schemas:
                Default: {type: object, default: {$ref: "private.yaml"}}
                Named:
                  type: object
                  properties:
                    example: {$ref: "pet.yaml"}
            """,
            "pet.yaml": "type: object\nproperties: {name: {type: string}}\n",
            "private.yaml": "password: hunter2\n",
        },
        dedent=True,
    )
    data = bundled(tmp_path / "api.yaml", tmp_path)
    assert "hunter2" not in json.dumps(data)
    media = data["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]
    assert media["example"] == {"$ref": "private.yaml"}
    # pet.yaml was read for the schema, but in an example's value its $ref is data
    assert media["examples"]["one"]["value"] == {"$ref": "pet.yaml"}
    assert data["info"]["x-logo"] == {"$ref": "private.yaml"}
    schemas = data["components"]["schemas"]
    assert schemas["Default"]["default"] == {"$ref": "private.yaml"}
    # a real schema in another file is still bundled (also a property named "example")
    assert media["schema"] == {"$ref": "#/components/schemas/pet"}
    assert schemas["Named"]["properties"]["example"] == {"$ref": "#/components/schemas/pet"}
    assert schemas["pet"]["properties"] == {"name": {"type": "string"}}
