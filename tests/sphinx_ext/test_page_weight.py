"""Lighter markup on large pages, the same look: examples and code samples highlighted
without a span around each run of spaces."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..helpers import SPEC_INDEX, apidocs_warnings, build, spec_project

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Shop", "version": "1"},
    "paths": {
        "/orders": {
            "post": {
                "operationId": "createOrder",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["item_count", "note"],
                                "properties": {
                                    "item_count": {"type": "integer"},
                                    "note": {"type": "string", "example": "two  spaces"},
                                },
                            }
                        }
                    }
                },
                "responses": {"204": {"description": "Done."}},
            }
        }
    },
}
OWN_BLOCK = '\n.. code-block:: json\n\n   {"own": 1}\n'


def _blocks(html: str, css_class: str) -> list[str]:
    """The highlighted ``<pre>`` of each block of ``css_class``."""
    return re.findall(rf'<div class="{css_class}\b[^"]*notranslate">.*?</pre>', html, re.S)


def test_examples_and_samples_have_no_whitespace_spans(make_app: Any, tmp_path: Path) -> None:
    src = spec_project(tmp_path, SPEC, index=SPEC_INDEX + OWN_BLOCK)
    app = build(make_app, src)
    assert apidocs_warnings(app.warning.getvalue()) == []
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    examples, samples = _blocks(html, "apidocs-example"), _blocks(html, "apidocs-code")
    assert examples and samples
    for block in examples + samples:
        assert '<span class="w">' not in block
        assert re.search(r'<span class="(nt|s1|s2|kn|nb)">', block)  # still highlighted
    example = re.sub(r"<[^>]+>", "", examples[0])
    assert '  "item_count": 0,\n  "note": "two  spaces"' in example.replace("&quot;", '"')
    # the project's own code blocks keep Sphinx's markup
    assert re.search(r'<div class="highlight-json notranslate">.*?<span class="w">', html, re.S)


NAMES_SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Shop", "version": "1"},
    "paths": {
        "/orders": {
            "get": {
                "operationId": "listOrders",
                "parameters": [
                    {"name": "page_size", "in": "query", "schema": {"type": "integer"}},
                    {"name": "two  words", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "OK.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"item_count": {"type": "integer"}},
                                }
                            }
                        },
                    }
                },
            }
        }
    },
}


def test_table_names_are_one_code_element(make_app: Any, tmp_path: Path) -> None:
    app = build(make_app, spec_project(tmp_path, NAMES_SPEC))
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    for first, second in (("page", "size"), ("item", "count")):
        # one element, a place to wrap after the underscore, no per-word spans
        assert f'<code class="docutils literal notranslate">{first}_<wbr/>{second}</code>' in html
    # a run of spaces, kept only as Sphinx writes inline code
    assert '<span class="pre">two</span>&#160; <span class="pre">words</span>' in html


def test_table_names_in_latex(make_app: Any, tmp_path: Path) -> None:
    app = build(make_app, spec_project(tmp_path, NAMES_SPEC), "latex")
    tex = (app.outdir / "projectnamenotset.tex").read_text(encoding="utf-8")
    for name in (r"page\_size", r"item\_count"):
        assert rf"\sphinxcode{{\sphinxupquote{{{name}}}}}" in tex


def test_search_indexes_whole_names_but_not_samples(make_app: Any, tmp_path: Path) -> None:
    """A name wraps after ``_`` on the page, yet the search index holds the whole word;
    code samples and made-up bodies are nothing to look for."""
    app = build(make_app, spec_project(tmp_path, NAMES_SPEC))
    index = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(index[index.index("(") + 1 : index.rindex(")")])["terms"]
    assert any(term.startswith("page_s") for term in terms)  # stemmed, not cut at the "_"
    assert "size" not in terms
    assert "request" not in terms  # the cURL sample's --request
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "--request" in html  # the sample is on the page
