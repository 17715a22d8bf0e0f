"""HTML: the code samples and examples of an API page are keyboard-reachable regions
named by what they hold (they scroll sideways where lines are long); the user's own
code blocks stay as Sphinx writes them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..helpers import SPEC_INDEX, build, spec_project

SPEC = """\
openapi: 3.0.3
info: {title: Shop, version: "1"}
paths:
  /orders:
    post:
      operationId: createOrder
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [item]
              properties: {item: {type: string}}
      responses:
        "201":
          description: Created
          content:
            application/json:
              examples:
                tea: {summary: A tea, value: {id: 1, item: tea}}
        "400":
          description: Bad request
          content:
            text/plain:
              example: no item
      callbacks:
        shipped:
          "{$request.body#/url}":
            post:
              requestBody:
                content:
                  application/json:
                    example: {shipped: true}
              responses:
                "200": {description: Received}
"""

USER_BLOCKS = """

.. code-block:: json

   {"user": "block"}

::

   a literal block of the user
"""

PRE = re.compile(r"<pre([^>]*)>")


def _regions(html: str) -> list[str]:
    return re.findall(r'<pre tabindex="0" role="region" aria-label="([^"]*)">', html)


def test_samples_and_examples_are_named_focusable_regions(make_app: Any, tmp_path: Path) -> None:
    src = spec_project(
        tmp_path,
        SPEC,
        conf='apidocs_sample_languages = ["curl", "python"]\n',
        index=SPEC_INDEX + USER_BLOCKS,
    )
    outdir = build(make_app, src).outdir
    html = (outdir / "index.html").read_text(encoding="utf-8")
    assert _regions(html) == [
        "cURL sample: POST /orders",
        "Python sample: POST /orders",
        "Example (made from the schema), request body, application/json: POST /orders",
        "Example tea: A tea, 201 response, application/json: POST /orders",
        "Example, 400 response, text/plain: POST /orders",
        "Example, request body, application/json: Callback shipped: POST {$request.body#/url}",
    ]
    # every block of ours is one; the user's two blocks (and the call diagram,
    # drawn by Mermaid) are untouched
    assert [attrs for attrs in PRE.findall(html) if "tabindex" not in attrs] == [
        '  class="mermaid"',
        "",
        "",
    ]
    # a tab panel is no landmark of its own (its block is): no region names repeated
    assert 'class="apidocs-tab-panel">' in html and 'role="region" aria-labelledby' not in html
    css = (outdir / "_static" / "apidocs.css").read_text(encoding="utf-8")
    assert "pre[tabindex]:focus-visible" in css


def test_names_are_unique_on_the_page(make_app: Any, tmp_path: Path) -> None:
    """... and the blocks still follow the page's highlight settings (line numbers)."""
    numbered = ".. highlight:: none\n   :linenothreshold: 1\n\n"
    twice = (
        numbered + SPEC_INDEX + "\n.. api-endpoint:: createOrder\n   :spec: api\n   :no-index:\n"
    )
    src = spec_project(tmp_path, SPEC, conf='apidocs_sample_languages = ["curl"]\n', index=twice)
    html = (build(make_app, src).outdir / "index.html").read_text(encoding="utf-8")
    names = _regions(html)
    assert (
        len(names) == len(set(names)) == 6
    )  # the repeated endpoint's examples are links to the first (shown once)
    assert "cURL sample: POST /orders (2)" in names
    assert html.count('"><span></span><span class="linenos">1</span>') == 6


def test_a_schema_s_own_examples_are_named_by_the_schema(make_app: Any, tmp_path: Path) -> None:
    """The examples shown once with a schema (in the Schemas section) are neither a
    request body nor of an operation: their names say which schema."""
    spec = """\
openapi: 3.0.3
info: {title: Shop, version: "1"}
paths:
  /orders:
    get:
      responses:
        "200":
          description: An order
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Order"}
components:
  schemas:
    Order:
      type: object
      properties: {id: {type: integer}, note: {type: string, writeOnly: true}}
"""
    src = spec_project(tmp_path, spec, conf='apidocs_sample_languages = ["curl"]\n')
    html = (build(make_app, src).outdir / "index.html").read_text(encoding="utf-8")
    schema_blocks = [name for name in _regions(html) if "GET /orders" not in name]
    assert schema_blocks == ["Example response body (made from the schema): schema Order"]
