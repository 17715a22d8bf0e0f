"""A schema keyword the documentation does not show is reported (``apidocs.unsupported``),
once per spec and keyword, where it is first used; extensions are not."""

from __future__ import annotations

from pathlib import Path

from sphinxext_apidocs.diagnostics.subtypes import Subtype

from ..helpers import load_text


def test_an_unknown_keyword_is_reported_once_per_spec(tmp_path: Path) -> None:
    spec, problems, _ = load_text(
        tmp_path,
        """\
        openapi: 3.0.3
        info: {title: t, version: '1'}
        paths: {}
        components:
          schemas:
            A:
              type: object
              requried: [id]
              x-internal: true
              properties:
                id: {type: string, requried: true, $dynamicRef: '#x'}
            B: {type: string, deprecated: true, exclusiveMinimum: true, minimum: 1, additionalItems: false}
        """,
    )
    assert spec is not None
    found = sorted((p.pointer, p.file) for p in problems if p.subtype == Subtype.UNSUPPORTED)
    assert found == [
        ("/components/schemas/A/properties/id/$dynamicRef", "api.yaml"),  # 3.1 only
        ("/components/schemas/A/requried", "api.yaml"),
        ("/components/schemas/B/additionalItems", "api.yaml"),
    ]


SPEC_32 = """\
openapi: 3.2.0
$self: https://example.com/api/openapi.yaml
info: {title: t, version: '1'}
paths:
  /parts:
    post:
      requestBody:
        content:
          multipart/mixed:
            itemSchema: {type: object}
            itemEncoding: {contentType: application/json}
            prefixEncoding: [{contentType: text/plain}]
          multipart/related:
            schema: {type: array, prefixItems: [{type: string}], items: {type: object}}
            itemEncoding: {contentType: application/json}
            prefixEncoding: [{contentType: text/plain}]
      responses:
        '200':
          description: ok
          content:
            application/xml:
              schema: {$ref: 'shared.yaml#/Item'}
components:
  schemas:
    A:
      type: object
      properties:
        id: {type: string, xml: {nodeType: attribute}}
        name: {type: string, xml: {nodeType: text}}
"""


def test_openapi_32_fields_not_shown_are_reported_once_per_spec(tmp_path: Path) -> None:
    spec, problems, _ = load_text(
        tmp_path, SPEC_32, {"shared.yaml": "Item: {type: object, properties: {a: {type: string}}}"}
    )
    assert spec is not None
    found = sorted(p.pointer for p in problems if p.subtype == Subtype.UNSUPPORTED)
    # a stream's encodings are read; an array body's parts are not shown
    media = "/paths/~1parts/post/requestBody/content/multipart~1related"
    assert found == [
        "/$self",  # the XML object's nodeType is read: not reported
        f"{media}/itemEncoding",
        f"{media}/prefixEncoding",
    ]
    assert [p for p in problems if p.subtype != Subtype.UNSUPPORTED] == []
    # a relative reference still resolves against the file, whatever $self says
    stream = spec.operations[0].request_body.content[0]  # type: ignore[union-attr]
    assert stream.prefix_encoding == ({"contentType": "text/plain"},)
    assert stream.item_encoding == {"contentType": "application/json"}
    body = spec.operations[0].responses[0].content[0].schema
    assert body is not None and dict(spec.referent(body).properties).keys() == {"a"}
