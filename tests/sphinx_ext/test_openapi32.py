"""An OpenAPI 3.2 spec with every change since 3.1 (tests/roots/test-openapi32), built
to HTML and LaTeX with no warning; each construct is visible in both."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from ..helpers import build, copy_root

SHOWN = [
    # QUERY (a method field) and LINK (additionalOperations), with their samples
    "QUERY /products",
    "LINK /products/{id}",
    "--request QUERY",
    "--request LINK",
    # in: querystring, with its schema, a made-up value and the query string sent
    "Query string",
    "colour=red&size=3",
    "Sent as: ?colour=red&size=3",
    "?%7B%22text%22%3A%22lamp%22%7D",
    # example dataValue and serializedValue
    "Example lamps: Lamps",
    "Serialized (as sent):",
    '{"text":"chair"}',
    # itemSchema: the item schema and a made-up stream, framed per media type
    "A stream of items, each:",
    'data: {"price":9.5}\n\ndata: {"price":9.5}',
    '{"price":9.5}\n{"price":9.5}',
    '<RS>{"price":9.5}\n<RS>{"price":9.5}',
    'Content-Type: application/json\n\n{"price":9.5}\n--apidocs-boundary',
    "event: token\nid: 42\ndata: Hello\n\nevent: token",
    # a stream sent as a request body
    '--data-raw \'{"price":9.5}',
]
"""Text both outputs show (HTML with its tags removed; LaTeX with its escapes undone)."""
SHOWN_HTML = [
    'requests.request(\n    "QUERY"',
    'requests.request(\n    "LINK"',
    'method: "QUERY"',
    'method: "LINK"',
]
"""Code sample text (highlighted: compared without the markup)."""


def _html_text(page: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    return text


def _tex_text(tex: str) -> str:
    """The text of LaTeX output: highlighting, commands and groups removed, escapes undone."""
    text = tex
    for escaped, plain in (
        (r"\PYGZob{}", "\x01"),
        (r"\PYGZcb{}", "\x02"),
        (r"\{", "\x01"),
        (r"\}", "\x02"),
        (r"\PYGZdq{}", '"'),
        (r"\PYGZsq{}", "'"),
        (r"\PYGZhy{}", "-"),
        (r"\PYGZbs{}", "\\"),
        (r"\PYGZus{}", "_"),
        (r"\PYGZsh{}", "#"),
        (r"\PYGZti{}", "~"),
        (r"\PYGZlt{}", "<"),
        (r"\PYGZgt{}", ">"),
        (r"\PYGZam{}", "&"),
        (r"\PYGZdl{}", "$"),
        (r"\PYGZpc{}", "%"),
        (r"\sphinxhyphen{}", "-"),
        (r"\textquotesingle{}", "'"),
        (r"\textquotedbl{}", '"'),
        (r"\textasciitilde{}", "~"),
        (r"\_", "_"),
        (r"\#", "#"),
        (r"\&", "&"),
        (r"\%", "%"),
        (r"\$", "$"),
    ):
        text = text.replace(escaped, plain)
    text = re.sub(r"\\PYG\{[^}]*\}", "", text)
    text = re.sub(r"\\[A-Za-z]+\*?", "", text)
    text = text.replace("{", "").replace("}", "")
    return text.replace("\x01", "{").replace("\x02", "}")


def _build(make_app: object, tmp_path: Path, builder: str) -> tuple[SphinxTestApp, str]:
    src = copy_root("test-openapi32", tmp_path)
    if builder == "latex":  # a LaTeX diagram needs the Mermaid CLI; HTML shows its text
        index = src / "index.rst"
        index.write_text(index.read_text().split(".. api-diagram::")[0], encoding="utf-8")
    app = build(make_app, src, builder, warningiserror=False)
    return app, app.warning.getvalue()


def test_html_shows_every_32_construct(make_app: object, tmp_path: Path) -> None:
    app, warnings = _build(make_app, tmp_path, "html")
    assert warnings == ""
    text = _html_text((app.outdir / "index.html").read_text(encoding="utf-8"))
    for shown in SHOWN + SHOWN_HTML:
        assert shown in text, shown
    # the tag with a parent is a section inside its parent's (and listed under it)
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    catalogue = re.split(r'<section[^>]* id="tag-(?:catalogue|events)">', page)[1]
    assert re.search(r'<section[^>]* id="tag-products">', catalogue)
    assert "<h3>products" in catalogue
    tags = page.split('class="apidocs-tags', 1)[1].split("</ul>", 1)[0]
    assert (
        tags.index("#tag-catalogue")
        < tags.index('<ul class="apidocs-tags">')
        < tags.index("#tag-products")
    )
    # the Markdown for tools and LLMs says the same
    llms = (app.outdir / "llms-full.txt").read_text(encoding="utf-8")
    for said in (
        "`LINK /products/{id}`",
        "curl --request QUERY",
        "| `filter` | querystring | object as application/x-www-form-urlencoded | yes |",
        "Sent as `?colour=red&size=3`.",
        "A stream of items, each:",
        '<RS>{"price":9.5}',
        "Example raw: Raw text, serialized:",
    ):
        assert said in llms, said
    diagram = text.split("flowchart", 1)[1]
    assert "QUERY /products" in diagram and "LINK /products/{id}" in diagram


def test_latex_shows_every_32_construct(make_app: object, tmp_path: Path) -> None:
    app, warnings = _build(make_app, tmp_path, "latex")
    assert warnings == ""
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    text = _tex_text(tex)
    for shown in SHOWN + SHOWN_HTML:
        assert shown in text, shown


def test_apicheck_counts_query_and_link_operations(make_app: object, tmp_path: Path) -> None:
    src = copy_root("test-openapi32", tmp_path)
    (src / "index.rst").write_text("API\n===\n\n.. api-endpoint:: GET /products\n   :spec: v32\n")
    app = build(make_app, src, "apicheck")
    (coverage,) = json.loads((app.outdir / "apicheck.json").read_text())["coverage"]
    assert coverage["operations"] == 8 and coverage["documented"] == 1
    undocumented = coverage["undocumented"]
    assert "QUERY /products" in undocumented and "LINK /products/{id}" in undocumented


def test_a_parent_tag_without_operations_heads_the_tags_under_it(
    make_app: object, tmp_path: Path
) -> None:
    src = copy_root("test-openapi32", tmp_path)
    spec = src / "api.yaml"
    # the one operation of "catalogue" moves to its child tag "products"
    text = spec.read_text(encoding="utf-8")
    assert text.count("tags: [catalogue]") == 1
    spec.write_text(text.replace("tags: [catalogue]", "tags: [products]"), encoding="utf-8")
    index = src / "index.rst"
    index.write_text(index.read_text().split(".. api-diagram::")[0], encoding="utf-8")
    app = build(make_app, src, "html", warningiserror=False)
    assert app.warning.getvalue() == ""
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    catalogue = re.split(r'<section[^>]* id="tag-catalogue">', page)[1]
    catalogue = catalogue.split('id="tag-events"')[0]
    assert "Catalogue short summary" in catalogue and "Everything sold." in catalogue
    assert re.search(r'<section[^>]* id="tag-products">', catalogue)
    # the overview's list of tags links the parent to its heading
    tags = page.split('class="apidocs-tags', 1)[1].split("</ul>", 1)[0]
    assert 'href="#tag-catalogue"' in tags
