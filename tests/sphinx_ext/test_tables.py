"""Schema and parameter tables that fit their column: a nested field shows its own
name at its depth in HTML (the PDF and text keep the dotted path), and the
stylesheet lets our tables' cells wrap.  How wide the tables are in each theme is
measured in Chromium by ``benchmarks/bench_pages.py``."""

from __future__ import annotations

import re
from pathlib import Path

from sphinxext_apidocs.render.schema import FIELD_PARENT

from ..helpers import build, other_warnings, spec_project

SCHEMA = {
    "type": "object",
    "properties": {
        "owner": {
            "type": "object",
            "properties": {"login": {"type": "string"}},
        },
        "tags": {
            "type": "array",
            "items": {"type": "object", "properties": {"label_name": {"type": "string"}}},
        },
        "a.b": {"type": "object", "properties": {"c": {"type": "string"}}},
    },
}
SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "T", "version": "1"},
    "paths": {
        "/x": {
            "get": {
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": SCHEMA}},
                    }
                }
            }
        }
    },
}
CSS = Path(__file__).parents[2] / "sphinxext_apidocs/static/html/apidocs.css"


#: the hidden parent path; its text may be in Sphinx's per-word spans
PATH_PARENT = re.compile(
    r'<span class="apidocs-path-parent">((?:<span class="pre">[^<]*</span>|[^<])*)</span>'
)


def _name_cells(page: str) -> dict[str, tuple[str, str]]:
    """Each schema row's Name cell: its depth class -> (the text shown, the hidden parent)."""
    cells = {}
    for depth, code in re.findall(
        r'<tr class="apidocs-depth-(\d)[^"]*">\s*<td><p>(<code.*?</code>)', page
    ):
        parent = PATH_PARENT.search(code)
        hidden = re.sub(r"<[^>]+>", "", parent.group(1)) if parent else ""
        shown = PATH_PARENT.sub("", code)
        cells[re.sub(r"<[^>]+>", "", shown)] = (depth, hidden)
    return cells


def test_html_shows_a_nested_fields_own_name(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, spec_project(tmp_path, SPEC))
    assert other_warnings(app.warning.getvalue()) == []
    page = (app.outdir / "index.html").read_text()
    cells = _name_cells(page)
    assert cells == {
        "owner": ("1", ""),
        "login": ("2", "owner."),
        "tags": ("1", ""),
        "label_name": ("2", "tags[]."),
        "a.b": ("1", ""),  # a dot in a name is the name's own
        "c": ("2", "a.b."),
    }
    # a long name wraps at its words, not after any letter
    assert "label_<wbr/>name</code>" in page


def test_pdf_and_text_keep_the_dotted_path(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = spec_project(tmp_path, SPEC)
    tex = next(build(make_app, src, "latex").outdir.glob("*.tex")).read_text()
    text = (build(make_app, src, "text", freshenv=True).outdir / "index.txt").read_text()
    for output in (tex, text):
        assert "apidocs-path-parent" not in output
        assert FIELD_PARENT not in output
    assert "owner.login" in text and "tags[].label_name" in text and "a.b.c" in text
    assert "owner.login" in tex and "a.b.c" in tex


def test_our_tables_wrap_inside_their_column(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, spec_project(tmp_path, SPEC))
    page = (app.outdir / "index.html").read_text()
    assert '<table class="apidocs-schema-table apidocs-table' in page
    css = CSS.read_text()
    assert re.search(r"table\.apidocs-table code \.pre \{[^}]*white-space: normal", css)
    assert re.search(r"table\.apidocs-table[^{]*\{[^}]*table-layout: fixed", css)
    assert re.search(r"\.apidocs-path-parent \{[^}]*clip-path", css)
