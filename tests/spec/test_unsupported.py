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
