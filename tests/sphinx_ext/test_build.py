"""Whole builds of tests/roots/test-basic: what readers get, in every builder."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from ..helpers import ROOTS, apidocs_warnings, build, copy_root, other_warnings


@pytest.mark.sphinx("html", testroot="basic")
def test_html_renders_every_operation(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert other_warnings(warnings) == []
    assert apidocs_warnings(warnings) == []
    html = (app.outdir / "reference.html").read_text()
    # every operation of the spec, with both anchors
    for op_id, http_id in [
        ("listBooks", "get--books"),
        ("createBook", "post--books"),
        ("getBook", "get--books-bookId"),
        ("deleteBook", "delete--books-bookId"),
        ("getAuthor", "get--authors-authorId"),
    ]:
        assert f'id="{op_id}"' in html
        assert f'id="{http_id}"' in html
    # method badges are text
    assert '<span class="pre">DELETE</span>' in html
    # tag sections in spec order, with descriptions
    assert html.index('id="tag-books"') < html.index('id="tag-authors"')
    assert "Everything about books." in html
    # parameters by location, in real tables with header cells
    for title in ("Path parameters", "Query parameters", "Header parameters", "Cookie parameters"):
        assert title in html
    assert "<th" in html
    # constraints, enum, default
    assert "≥ 1; ≤ 100" in html
    assert "&quot;fiction&quot;" in html
    # deprecation notice is visible text
    assert "Deprecated: this operation may be removed" in html
    # request body, responses with status, headers, links, callbacks
    assert "Request body (required)" in html
    assert "X-Total-Count" in html
    assert "Link GetBook" in html
    assert "Callback onPublished" in html
    # refs across files: the Price schema lives in schemas/common.yaml; it is in Book,
    # which the reference links to its api-schema on the index page, shown in full there
    # (a nested field shows its own name; its parent's path is hidden from view)
    index = (app.outdir / "index.html").read_text()
    assert 'path-parent">price.</span>amount</code>' in index
    # a recursive schema is shown once, in the Schemas section, and links to itself
    author = html[html.index('id="schema-books-Author"') :]
    assert html.count('id="schema-books-Author"') == 1 and 'href="#schema-books-Author"' in author
    # security with scheme type and scopes
    assert "oauth2" in html and "books:write" in html
    # 3.1 type arrays and const
    assert "integer | null" in html
    assert "Constant: " in html and "&quot;failed&quot;" in html
    # an example is made from the schema only where the spec gives none
    get_author = html[html.index('id="getAuthor"') :]
    assert "Example (made from the schema)" in get_author
    list_books = html[html.index('id="listBooks"') : html.index('id="createBook"')]
    assert "Example two: Two books" in list_books
    assert "Example (made from the schema)" not in list_books
    # servers with variables, security schemes with flows and scopes
    assert "{region}" in html
    assert "Authentication" in html and "clientCredentials flow" in html
    assert "https://auth.example.com/token" in html and "Write books" in html
    # 3.1 webhooks come last, in their own group, without the API's security
    webhooks = html[html.index('id="webhooks"') :]
    assert 'id="webhook-bookAdded-post"' in webhooks
    assert "A book was added" in webhooks
    assert "Authorization" not in webhooks


@pytest.mark.sphinx("html", testroot="basic")
def test_endpoint_schema_and_myst(app: SphinxTestApp) -> None:
    app.build()
    endpoint = (app.outdir / "endpoint.html").read_text()
    assert "Extra prose written in the page." in endpoint
    assert 'id="get--books-bookId"' in endpoint
    assert 'id="createBook"' in endpoint
    # Swagger 2.0 spec in the same project: body and formData become request bodies
    assert "multipart/form-data" in endpoint
    assert "legacy.example.com/v1" in endpoint
    assert "The file." in endpoint
    myst = (app.outdir / "myst.html").read_text()
    assert 'id="deleteBook"' in myst
    # api-spec in MyST: tag groups become sections there too
    assert 'id="tag-authors"' in myst and 'id="getAuthor"' in myst
    index = (app.outdir / "index.html").read_text()
    assert 'id="schema-books-Book"' in index
    assert "title" in index


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml", "text", "latex", "epub"])
def test_other_builders_build_cleanly(make_app, tmp_path: Path, builder: str) -> None:
    src = copy_root("test-basic", tmp_path)
    app = make_app(
        builder,
        srcdir=src,
        # no Mermaid CLI (tests/diagrams/test_diagrams.py and the PDF test use one)
        confoverrides={
            "version": "1",
            "epub_copyright": "x",
            "epub_publisher": "x",
            "mermaid_cmd": "no-such-mmdc",
        },
    )
    app.build()
    warnings = app.warning.getvalue()
    assert other_warnings(warnings) == [], warnings
    found = apidocs_warnings(warnings)
    # the callback's sequence diagram, drawn unasked, is shown as source without a
    # warning where the Mermaid CLI is missing (only api-diagram asks for a picture)
    assert found == []
    if builder == "text":
        text = (app.outdir / "reference.txt").read_text()
        assert "GET /books" in text
        assert "price.amount" in (app.outdir / "index.txt").read_text()
    if builder == "latex":
        tex = next(app.outdir.glob("*.tex")).read_text()
        assert "Diagram (Mermaid source)" in tex
        assert "price.amount" in tex
        assert r"\sphinxcode" in tex


def _html_pages(outdir: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(outdir.glob("*.html"))
        if p.name not in ("search.html",)
    }


def test_builds_are_byte_identical(make_app, tmp_path: Path) -> None:
    pages = []
    for n in range(2):
        src = tmp_path / f"src{n}"
        shutil.copytree(ROOTS / "test-basic", src)
        app = build(make_app, src)
        pages.append(_html_pages(app.outdir))
    assert pages[0] == pages[1]


def test_rewriting_pages_over_a_build_equals_a_clean_build(make_app, tmp_path: Path) -> None:
    # The stylesheet is a static file that Sphinx copies before it writes pages: the
    # first build already links it with its checksum, and pages written again over
    # that build are the same bytes.
    src = copy_root("test-basic", tmp_path)
    app = build(make_app, src)
    clean = _html_pages(app.outdir)
    assert re.search(rb'href="_static/apidocs\.css\?v=\w+"', clean["reference.html"])
    again = make_app("html", srcdir=src)
    again.build(force_all=True)
    assert _html_pages(again.outdir) == clean


def test_parallel_build_equals_serial(make_app, tmp_path: Path) -> None:
    outputs = []
    for jobs in (1, 2):
        src = tmp_path / f"j{jobs}"
        shutil.copytree(ROOTS / "test-basic", src)
        app = build(make_app, src, parallel=jobs)
        outputs.append(_html_pages(app.outdir))
    assert outputs[0] == outputs[1]


def test_editing_a_referenced_file_rebuilds(make_app, tmp_path: Path) -> None:
    src = copy_root("test-basic", tmp_path)
    app = build(make_app, src)
    page = app.outdir / "reference.html"
    assert "amountInCents" not in page.read_text()
    common = src / "openapi" / "schemas" / "common.yaml"
    common.write_text(common.read_text().replace("amount:", "amountInCents:"))
    # a second build in the same process, reusing the environment
    app2 = build(make_app, src)
    assert "amountInCents" in page.read_text()
    assert "reference" in app2.env.all_docs


def test_toc_lists_operations(make_app, tmp_path: Path) -> None:
    src = copy_root("test-basic", tmp_path)
    app = build(make_app, src)
    index = (app.outdir / "index.html").read_text()
    assert re.search(r'href="reference.html#listBooks"', index)


@pytest.mark.parametrize("jobs", [1, 2])
def test_one_spec_on_many_pages_is_parsed_once(make_app, tmp_path: Path, jobs: int) -> None:  # type: ignore[no-untyped-def]
    """Memory stays bounded with many pages: every page shares the one parsed spec (no copy
    per page), in serial and parallel builds; the build statistics say so."""
    import json

    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(ROOTS / "test-apicheck-clean" / "shop.yaml", src / "shop.yaml")
    (src / "conf.py").write_text(
        'extensions = ["sphinxext_apidocs"]\napidocs_specs = {"shop": "shop.yaml"}\n'
    )
    pages = [f"p{n}" for n in range(12)]
    (src / "index.rst").write_text(
        "Shop\n====\n\n.. toctree::\n\n" + "".join(f"   {p}\n" for p in pages)
    )
    for page in pages:
        (src / f"{page}.rst").write_text(
            f"{page}\n{'=' * len(page)}\n\n.. api-spec:: shop\n   :no-index:\n"
        )
    app = build(make_app, src, parallel=jobs)
    assert not apidocs_warnings(app.warning.getvalue())
    stats = json.loads((Path(app.outdir) / "apidocs-stats.json").read_text())
    assert stats["spec_loads"] == 1
    assert stats["operations"] == 2 * len(pages)  # rendered on every page, from one parse
