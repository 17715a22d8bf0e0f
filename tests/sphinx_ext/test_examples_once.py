"""Each example shown once per page (``apidocs_schema_expansion = "link"``): a body that is a
named schema shows its made-up example with the schema; any other repeat links to the first."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..helpers import INLINE_SCHEMAS, apidocs_warnings, build, other_warnings, spec_project

ERROR = {"$ref": "#/components/schemas/Error"}
SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Shop", "version": "1"},
    "paths": {
        path: {
            "get": {
                "operationId": f"get{name}",
                "responses": {
                    "200": {
                        "description": "OK.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"zqk": {"type": "integer"}},
                                }
                            }
                        },
                    },
                    "default": {
                        "description": "Error.",
                        "content": {"application/json": {"schema": ERROR}},
                    },
                },
            }
        }
        for name, path in (("One", "/one"), ("Two", "/two"))
    },
    "components": {
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["zqcode"],
                "properties": {"zqcode": {"type": "string"}},
            }
        }
    },
}


def _page(make_app: Any, tmp_path: Path, conf: str = "", builder: str = "html") -> str:
    app = build(make_app, spec_project(tmp_path, SPEC, conf=conf), builder)
    assert apidocs_warnings(app.warning.getvalue()) == []
    assert other_warnings(app.warning.getvalue()) == []
    name = "index.html" if builder == "html" else "projectnamenotset.tex"
    return (app.outdir / name).read_text(encoding="utf-8")


def _in_examples(page: str, key: str) -> int:
    """How many example blocks of ``page`` show the property ``key``."""
    return page.count(f'<span class="nt">"{key}"</span>')


def test_a_named_body_shows_its_example_with_the_schema(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(make_app, tmp_path)
    assert _in_examples(page, "zqcode") == 1  # the made-up error body, once
    schemas = page[page.index('id="schemas-api"') :]
    assert 'id="schema-api-Error-example-response"' in schemas
    assert _in_examples(schemas, "zqcode") == 1
    # each operation: a one-line note that links there
    link = 'href="#schema-api-Error-example-response"'
    assert page[: page.index('id="schemas-api"')].count(link) == 2
    assert page.count("shown with the schema") == 2


def test_a_repeated_example_links_to_the_first(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(make_app, tmp_path)
    assert _in_examples(page, "zqk") == 1  # the same inline 200 body: shown in getOne only
    first = re.search(r'<div class="apidocs-example[^"]*" id="([\w-]+)"', page)
    assert first is not None
    assert page.count(f'href="#{first[1]}"') == 1  # getTwo's note links to it
    assert "the same as the example" in page


def test_the_links_resolve_in_latex(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tex = _page(make_app, tmp_path, builder="latex")
    for target in ("schema-api-Error-example-response", "example-1"):
        assert f"\\label{{\\detokenize{{index:{target}}}}}" in tex
        assert f"\\hyperref[\\detokenize{{index:{target}}}]" in tex


def test_inline_shows_every_example_where_it_belongs(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(make_app, tmp_path, conf=INLINE_SCHEMAS)
    assert _in_examples(page, "zqcode") == 2
    assert _in_examples(page, "zqk") == 2
    assert "shown with the schema" not in page
    assert "the same as the example" not in page
