"""The normalised model: one shape for Swagger 2.0, OpenAPI 3.0 and 3.1 (no Sphinx)."""

from __future__ import annotations

import json
from pathlib import Path

from sphinxext_apidocs.spec.model import MISSING
from sphinxext_apidocs.spec.normalize import load_spec

from ..helpers import load_text

ROOT = Path(__file__).parents[1] / "roots" / "test-basic"


def test_openapi_31_with_refs_across_files() -> None:
    spec, problems, files = load_spec(str(ROOT / "openapi" / "books.yaml"), str(ROOT))
    assert problems == []
    assert spec is not None
    assert spec.openapi_version == "3.1.0"
    assert set(files) == {
        "openapi/books.yaml",
        "openapi/schemas/book.yaml",
        "openapi/schemas/common.yaml",
    }
    assert [op.title for op in spec.operations] == [
        "GET /books",
        "POST /books",
        "GET /books/{bookId}",
        "DELETE /books/{bookId}",
        "GET /authors/{authorId}",
    ]
    get_book = spec.find_operation("getBook")
    assert get_book is spec.find_operation("GET /books/{bookId}")
    assert get_book is not None
    # path-level parameters are merged into the operation
    assert [(p.name, p.location_in, p.required) for p in get_book.parameters] == [
        ("bookId", "path", True)
    ]
    # webhooks are operations of kind "webhook"
    assert [(w.kind, w.path, w.method) for w in spec.webhooks] == [("webhook", "bookAdded", "post")]
    create = spec.find_operation("createBook")
    assert create is not None and create.request_body is not None
    assert create.security is not None and create.security[0].schemes == (
        ("oauth", ("books:write",)),
    )
    (callback,) = create.callbacks
    assert callback.expression == "{$request.body#/callbackUrl}"
    assert callback.operations[0].kind == "callback"
    link = create.responses[0].links[0]
    assert (link.operation_id, link.parameters) == ("getBook", (("bookId", "$response.body#/id"),))
    # a component that is itself a $ref to another file
    book = spec.schema_by_name("Book")
    assert book is not None and book.ref == "openapi/schemas/book.yaml#"
    target = spec.schemas[book.ref]
    assert [name for name, _ in target.properties] == [
        "id",
        "title",
        "isbn",
        "published",
        "price",
        "author",
        "format",
    ]
    # a ref inside a referenced file is relative to that file
    assert spec.schema_names[book.ref] == "Book"
    price = dict(target.properties)["price"]
    assert price.ref == "openapi/schemas/common.yaml#/Price"
    # 3.1 type lists with null
    error = spec.schema_by_name("Error")
    assert error is not None
    code = dict(error.properties)["code"]
    assert code.types == ("integer",) and code.nullable
    assert dict(error.properties)["message"].const == "failed"
    # literal data keeps YAML 1.2 meaning: dates stay strings
    assert dict(target.properties)["published"].examples == ("2024-01-01",)


def test_swagger_20_is_normalised(tmp_path: Path) -> None:
    spec, problems, _ = load_spec(str(ROOT / "openapi" / "legacy.json"), str(ROOT))
    assert problems == []
    assert spec is not None
    assert [s.url for s in spec.servers] == ["https://legacy.example.com/v1"]
    add = spec.find_operation("addItem")
    assert add is not None and add.request_body is not None
    assert [m.media_type for m in add.request_body.content] == ["application/json"]
    assert add.parameters == ()
    upload = spec.find_operation("upload")
    assert upload is not None and upload.request_body is not None
    (media,) = upload.request_body.content
    assert media.media_type == "multipart/form-data"
    assert media.schema is not None
    props = dict(media.schema.properties)
    assert props["file"].format == "binary" and props["file"].description == "The file."
    assert media.schema.required == ("file",)
    items = spec.find_operation("listItems")
    assert items is not None
    (resp,) = items.responses
    assert resp.content[0].examples[0].value == [{"name": "a"}]
    assert items.parameters[0].style == "form"
    item = spec.schema_by_name("Item")
    assert item is not None and dict(item.properties)["name"].nullable
    basic = spec.security_scheme("basic")
    assert basic is not None and (basic.type, basic.scheme) == ("http", "basic")


def test_openapi_30_nullable_and_unquoted_version(tmp_path: Path) -> None:
    spec, problems, _ = load_text(
        tmp_path,
        """\
        openapi: 3.0
        info: {title: T, version: 1.10}
        paths:
          /x:
            get:
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {type: string, nullable: true, enum: [yes, no, on, off]}
                      example: 012345
        """,
    )
    assert problems == []
    assert spec is not None
    assert spec.openapi_version == "3.0"
    assert spec.version == "1.10"
    media = spec.operations[0].responses[0].content[0]
    assert media.schema is not None and media.schema.nullable
    assert media.schema.enum == ("yes", "no", "on", "off")
    assert media.examples[0].value == "012345"


def test_refs_are_not_followed_in_literal_data(tmp_path: Path) -> None:
    spec, problems, files = load_text(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: T, version: '1'}
        paths:
          /x:
            get:
              x-extra: {$ref: 'secret.yaml'}
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        default: {$ref: 'secret.yaml'}
                        enum: [{$ref: 'secret.yaml'}]
                      example: {$ref: 'secret.yaml'}
        """,
        {"secret.yaml": "password: hunter2\n"},
    )
    assert problems == []
    assert files == ("api.yaml",)
    assert spec is not None
    media = spec.operations[0].responses[0].content[0]
    assert media.examples[0].value == {"$ref": "secret.yaml"}
    assert media.schema is not None and media.schema.default == {"$ref": "secret.yaml"}


def test_pointer_escapes_and_percent_encoding(tmp_path: Path) -> None:
    spec, problems, _ = load_text(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: T, version: '1'}
        paths:
          /a/{id}:
            get:
              responses:
                '200': {description: ok}
          /b:
            $ref: '#/paths/~1a~1%7Bid%7D'
        components:
          schemas:
            'a/b~c': {type: string}
            User:
              properties:
                x: {$ref: '#/components/schemas/a~1b~0c'}
                y: {$ref: '#/components/schemas/Nope'}
                z: {$ref: '#/components/schemas/User/properties/01'}
        """,
    )
    assert spec is not None
    assert [op.path for op in spec.operations] == ["/a/{id}", "/b"]
    user = spec.schema_by_name("User")
    assert user is not None
    x = dict(user.properties)["x"]
    assert x.ref and spec.schemas[x.ref].types == ("string",)
    assert sorted(p.subtype for p in problems) == ["ref", "ref"]
    assert all(p.file == "api.yaml" and p.line is not None for p in problems)


def test_circular_schemas_are_keys_not_expansions(tmp_path: Path) -> None:
    spec, problems, _ = load_text(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: T, version: '1'}
        paths: {}
        components:
          schemas:
            Node:
              properties:
                next: {$ref: '#/components/schemas/Node'}
                other: {$ref: 'other.yaml#/Other'}
        """,
        {
            "other.yaml": "Other:\n  properties:\n    back: {$ref: 'api.yaml#/components/schemas/Node'}\n"
        },
    )
    assert problems == []
    assert spec is not None
    node = spec.schema_by_name("Node")
    assert node is not None
    assert dict(node.properties)["next"].ref == "api.yaml#/components/schemas/Node"
    other = spec.schemas["other.yaml#/Other"]
    assert dict(other.properties)["back"].ref == "api.yaml#/components/schemas/Node"


def test_not_openapi_documents(tmp_path: Path) -> None:
    postman = {"info": {"_postman_id": "x", "name": "c"}, "item": []}
    (tmp_path / "postman.json").write_text(json.dumps(postman))
    spec, problems, _ = load_spec(str(tmp_path / "postman.json"), str(tmp_path))
    assert spec is None
    assert [p.subtype for p in problems] == ["not-openapi"]
    assert "Postman collection" in problems[0].message
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    spec, problems, _ = load_spec(str(tmp_path / "list.yaml"), str(tmp_path))
    assert spec is None and [p.subtype for p in problems] == ["not-openapi"]


def test_structure_problems_do_not_stop_the_rest(tmp_path: Path) -> None:
    spec, problems, _ = load_text(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: T, version: '1'}
        paths:
          /a:
            get:
              parameters: {not: a-list}
              responses: [1, 2]
          /b:
            get:
              responses:
                '200': {description: ok}
        """,
    )
    assert spec is not None
    assert [op.path for op in spec.operations] == ["/a", "/b"]
    assert {p.subtype for p in problems} == {"structure"}
    assert all(p.pointer and p.pointer.startswith("/paths/~1a/get") for p in problems)


def test_examples_and_missing(tmp_path: Path) -> None:
    spec, _, _ = load_text(
        tmp_path,
        """\
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths:
          /a:
            post:
              requestBody:
                content:
                  application/json:
                    examples:
                      one: {summary: First, value: null}
                      two: {externalValue: 'https://example.com/x.json'}
              responses:
                '204': {description: none}
        """,
    )
    assert spec is not None
    body = spec.operations[0].request_body
    assert body is not None
    one, two = body.content[0].examples
    assert (one.name, one.summary, one.value) == ("one", "First", None)
    assert two.value is MISSING and two.external_value == "https://example.com/x.json"


def test_shared_response_keeps_each_status(tmp_path: Path) -> None:
    spec, problems, _ = load_text(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: T, version: '1'}
        paths:
          /a:
            get:
              responses: {'404': {$ref: '#/components/responses/Gone'}}
          /b:
            get:
              responses:
                '410': {$ref: '#/components/responses/Gone'}
                default: {$ref: '#/components/responses/Gone'}
        components:
          responses:
            Gone: {description: gone}
        """,
    )
    assert problems == []
    assert spec is not None
    statuses = [[r.status for r in op.responses] for op in spec.operations]
    assert statuses == [["404"], ["410", "default"]]


def test_type_lists_and_pure_reference_loops(tmp_path: Path) -> None:
    spec, problems, _ = load_text(
        tmp_path,
        """\
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths: {}
        components:
          schemas:
            Unquoted: {type: [string, null]}
            OnlyNull: {type: 'null'}
            L1: {$ref: '#/components/schemas/L2'}
            L2: {$ref: '#/components/schemas/L1'}
        """,
    )
    assert spec is not None
    unquoted = spec.schema_by_name("Unquoted")
    assert unquoted is not None and unquoted.types == ("string",) and unquoted.nullable
    only_null = spec.schema_by_name("OnlyNull")
    assert only_null is not None and only_null.types == () and only_null.nullable
    assert sorted(p.subtype for p in problems) == ["ref-cycle", "structure"]
    loop = next(p for p in problems if p.subtype == "ref-cycle")
    assert "L1" in loop.message and "L2" in loop.message


def test_unresolved_parameters_and_bodies_leave_placeholders(tmp_path: Path) -> None:
    spec, problems, _ = load_text(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: T, version: '1'}
        paths:
          /a:
            post:
              parameters: [{$ref: '#/components/parameters/Nope'}]
              requestBody: {$ref: '#/components/requestBodies/Nope'}
              responses: {'204': {description: ok, headers: {X-A: {$ref: '#/nope'}}}}
        """,
    )
    assert [p.subtype for p in problems] == ["ref", "ref", "ref"]
    assert spec is not None
    op = spec.operations[0]
    assert [(p.name, p.location_in) for p in op.parameters] == [
        ("#/components/parameters/Nope", "unresolved")
    ]
    assert op.request_body is not None and "unresolved" in (op.request_body.description or "")
    assert op.responses[0].headers[0].description == "(unresolved reference)"


def test_what_is_skipped_or_ambiguous_is_said(tmp_path: Path) -> None:
    spec, problems, _ = load_text(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: T, version: '1'}
        servers:
          - url: 'https://{host}/v1'
            variables: {host: {enum: [a, b]}}
        security: [{nope: []}]
        tags: [{name: t}, {name: t}]
        paths:
          /a:
            GET: {responses: {'200': {description: ok}}}
            get:
              operationId: same
              parameters:
                - {name: q, in: query}
                - {name: q, in: query}
              responses: {'200': {description: ok}}
          /b:
            get:
              operationId: same
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {type: object, required: name, enum: x}
        """,
    )
    assert spec is not None
    messages = sorted(p.message for p in problems)
    assert all(p.subtype == "structure" and p.line for p in problems)
    assert any("method keys are lowercase: 'GET'" in m for m in messages)
    assert any("duplicate operationId 'same'" in m for m in messages)
    assert any("undefined security scheme 'nope'" in m for m in messages)
    assert any("server variable 'host' has no default" in m for m in messages)
    assert any("'required' must be a list" in m for m in messages)
    assert any("'enum' must be a list" in m for m in messages)
    assert any("duplicate tag 't'" in m for m in messages)
    assert any("duplicate parameter 'q' in query" in m for m in messages)
