"""The HTML build says when a made-up body does not validate against its schema: a
warning at the schema (once per schema), and a note under the example (issue 19, item 5)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..helpers import apidocs_warnings, build, other_warnings, spec_project

# an object whose ``name`` must be valid under exactly one branch of a ``oneOf`` whose
# branches both take any string: no value is, and no check while loading sees it
CONTRADICTION = """\
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Either"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
  /b:
    put:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Either"}
      responses: {"204": {description: ok}}
components:
  schemas:
    Either:
      type: object
      required: [name]
      properties:
        name: {oneOf: [{type: string}, {type: string, maxLength: 100}]}
    Pet:
      type: object
      properties: {name: {type: string}}
"""


def test_an_invalid_made_up_body_warns_once_at_its_schema_and_the_page_says_so(
    tmp_path: Path, make_app: Any
) -> None:
    src = spec_project(tmp_path, CONTRADICTION, conf='apidocs_schema_expansion = "inline"\n')
    app = build(make_app, src)
    text = app.warning.getvalue()
    assert other_warnings(text) == []
    [found] = apidocs_warnings(text)  # two bodies, one schema: one warning
    assert found["subtype"] == "sample"
    assert "api.yaml:25 #/components/schemas/Either:" in found["message"]
    assert "request body made up from this schema does not validate" in found["message"]
    html = (app.outdir / "index.html").read_text()
    assert html.count("This example does not meet its schema") == 2
    assert html.count("apidocs-invalid") == 2  # not under Pet's valid example
    llms = (app.outdir / "llms-full.txt").read_text()
    assert llms.count("(does not meet its schema: no valid one could be made)") == 2


def test_a_valid_made_up_body_says_nothing(tmp_path: Path, make_app: Any) -> None:
    spec = CONTRADICTION.replace("{type: string, maxLength: 100}", "{type: integer}")
    app = build(make_app, spec_project(tmp_path, spec))
    assert apidocs_warnings(app.warning.getvalue()) == []
    assert "apidocs-invalid" not in (app.outdir / "index.html").read_text()


def test_a_body_shortened_on_purpose_is_not_reported(tmp_path: Path, make_app: Any) -> None:
    """The page says "Shortened" already: a string of at least 1,000 characters, a list of
    at least 10 items are made shorter, not warned about."""
    spec = CONTRADICTION.replace(
        "    Pet:\n      type: object\n      properties: {name: {type: string}}\n",
        "    Pet:\n      type: object\n      required: [blob, tags]\n"
        "      properties:\n"
        "        blob: {type: string, minLength: 1000}\n"
        "        tags: {type: array, minItems: 10, items: {type: string}}\n",
    )
    app = build(
        make_app, spec_project(tmp_path, spec, conf='apidocs_schema_expansion = "inline"\n')
    )
    [found] = apidocs_warnings(app.warning.getvalue())  # Either, still; not Pet
    assert "#/components/schemas/Either" in found["message"]
    html = (app.outdir / "index.html").read_text()
    assert "Shortened: blob has minLength 1,000" in html


def test_a_schema_reported_unsatisfiable_is_not_reported_twice(
    tmp_path: Path, make_app: Any
) -> None:
    spec = CONTRADICTION.replace(
        '            schema: {$ref: "#/components/schemas/Either"}\n      responses:\n        "200"',
        '            schema: {$ref: "#/components/schemas/Never"}\n      responses:\n        "200"',
    ).replace("    Pet:\n", "    Never: {allOf: [{type: string}, {type: integer}]}\n    Pet:\n")
    app = build(
        make_app, spec_project(tmp_path, spec, conf='apidocs_schema_expansion = "inline"\n')
    )
    found = apidocs_warnings(app.warning.getvalue())
    # the load's schema-unsatisfiable; then Either (PUT /b); not the allOf twice
    assert [w["subtype"] for w in found] == ["structure", "sample"]
    assert "#/components/schemas/Either" in found[1]["message"]
    assert (app.outdir / "index.html").read_text().count("apidocs-invalid") == 2


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_schema_used_on_two_pages_warns_once_in_a_later_build(
    tmp_path: Path, make_app: Any, jobs: int
) -> None:
    """The page that warned is not written again, the other one is: its warning is the
    one reported, and the first page's kept warning is not repeated beside it."""
    pages = {
        f"{name}.rst": f"{name.upper()}\n=\n\n.. api-endpoint:: {method} /{name}\n   :spec: api\n"
        for name, method in (("a", "POST"), ("b", "PUT"))
    }
    index = "API\n===\n\n.. toctree::\n\n   a\n   b\n"
    src = spec_project(
        tmp_path,
        CONTRADICTION,
        conf='apidocs_schema_expansion = "inline"\n',
        index=index,
        files=pages,
    )
    first = apidocs_warnings(build(make_app, src, parallel=jobs).warning.getvalue())
    assert [w["subtype"] for w in first] == ["sample"]
    (src / "b.rst").write_text(pages["b.rst"] + "\nEdited.\n", encoding="utf-8")
    app = build(make_app, src, parallel=jobs)
    assert "Edited." in (app.outdir / "b.html").read_text()
    again = apidocs_warnings(app.warning.getvalue())
    assert [w["message"] for w in again] == [w["message"] for w in first]
    # and a build that writes neither page says it once too
    repeated = apidocs_warnings(build(make_app, src, parallel=jobs).warning.getvalue())
    assert [w["message"] for w in repeated] == [w["message"] for w in first]


def test_an_unsatisfiable_schema_written_in_an_operation_is_reported_as_such(
    tmp_path: Path, make_app: Any
) -> None:
    """Not as a made-up body that does not validate: no value could."""
    spec = CONTRADICTION.replace(
        '            schema: {$ref: "#/components/schemas/Either"}\n      responses:\n        "200"',
        "            schema: {allOf: [{type: string}, {type: integer}]}\n"
        '      responses:\n        "200"',
    )
    app = build(
        make_app, spec_project(tmp_path, spec, conf='apidocs_schema_expansion = "inline"\n')
    )
    found = apidocs_warnings(app.warning.getvalue())
    assert [w["subtype"] for w in found] == ["structure", "sample"]
    assert "#/paths/~1a/post/requestBody/content/application~1json/schema:" in found[0]["message"]
    assert "no value can satisfy this schema" in found[0]["message"]
    assert "#/components/schemas/Either" in found[1]["message"]  # PUT /b's, as before
