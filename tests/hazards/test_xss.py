"""No script from a spec or a Markdown source reaches a page as markup.

A spec and a Markdown endpoint source full of payloads (script tags, event-handler
attributes, ``javascript:`` / ``vbscript:`` / ``data:`` links, strings that break out
of code blocks, SVG, iframe, style) are built to HTML.  Every payload carries a
marker ``XSSn``; the test parses each page and fails if a marker appears anywhere
but in text: in a tag's attributes, in a script or style element, or as an element
a payload would create.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from ..helpers import build, other_warnings

PAYLOADS = [
    '<script>alert("XSS1")</script>',
    "<img src=x onerror=\"alert('XSS2')\">",
    "[click](javascript:alert('XSS3'))",
    "<a href=\"JaVaScRiPt:alert('XSS4')\">x</a>",
    "</pre></div><script>XSS5</script>",
    "<svg onload=alert('XSS6')><circle/></svg>",
    '<iframe src="https://evil.example/XSS7"></iframe>',
    "<style>body{background:url('XSS8')}</style>",
    "[data](data:text/html;base64,XSS9)",
    "[vb](vbscript:msgbox('XSS10'))",
    "<details open ontoggle=alert('XSS11')>",
    "<a href=\"java&#x09;script:alert('XSS12')\">y</a>",
]
TEXT = " ".join(PAYLOADS)
#: elements no payload may create
FORBIDDEN = {"iframe", "object", "embed", "svg", "base"}  # (Sphinx writes form, meta)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script_or_style: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            # an anchor id or a mailto: link may hold the marker; a handler, a style or a
            # script URL may not
            url = "".join((value or "").split()).lower()
            if name.startswith("on") or (name == "style" and "XSS" in (value or "")):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and url.startswith(
                ("javascript:", "vbscript:", "data:")
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in FORBIDDEN:
            self.problems.append(f"<{tag}>")
        if tag in ("script", "style"):
            self.in_script_or_style = tag
            src = dict(attrs).get("src") or ""
            if "XSS" in src:
                self.problems.append(f"<{tag} src={src!r}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == self.in_script_or_style:
            self.in_script_or_style = None

    def handle_data(self, data: str) -> None:
        if self.in_script_or_style and "XSS" in data:
            self.problems.append(f"<{self.in_script_or_style}> holding {data.strip()[:60]!r}")


def _spec() -> dict[str, object]:
    text = TEXT
    return {
        "openapi": "3.1.0",
        "info": {
            "title": text,
            "version": text,
            "description": text,
            "termsOfService": "javascript:alert('XSS13')",
            "contact": {"name": text, "url": "javascript:alert('XSS14')", "email": text},
        },
        "servers": [{"url": "javascript:alert('XSS15')", "description": text}],
        "externalDocs": {"url": "data:text/html,XSS16", "description": text},
        "tags": [{"name": text, "description": text}],
        "paths": {
            "/items/{id}": {
                "get": {
                    "operationId": "getItem",
                    "summary": text,
                    "description": text,
                    "tags": [text],
                    "parameters": [
                        {
                            "name": text,
                            "in": "query",
                            "description": text,
                            "schema": {"type": "string", "enum": [text], "default": text},
                            "example": text,
                        },
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                    ],
                    "x-codeSamples": [{"lang": text, "label": text, "source": text}],
                    "responses": {
                        "200": {
                            "description": text,
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "title": text,
                                        "type": "object",
                                        "properties": {
                                            text: {"type": "string", "description": text}
                                        },
                                    },
                                    "example": {"note": text},
                                }
                            },
                            "links": {"next": {"operationId": "getItem", "description": text}},
                        }
                    },
                    "callbacks": {
                        "onEvent": {
                            "{$request.query.url}": {
                                "post": {
                                    "summary": text,
                                    "responses": {"200": {"description": text}},
                                }
                            }
                        }
                    },
                }
            }
        },
        "webhooks": {
            text: {"post": {"summary": text, "responses": {"200": {"description": text}}}}
        },
    }


def test_no_payload_becomes_markup(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "src"
    (src / "md").mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["sphinxext_apidocs", "myst_parser"]\n'
        'apidocs_specs = {"api": "api.json"}\n'
        'apidocs_markdown = ["md"]\n'
        'apidocs_sample_languages = ["curl", "python", "javascript", "php"]\n'
        'exclude_patterns = ["md", "_build"]\n'
    )
    (src / "api.json").write_text(json.dumps(_spec()))
    (src / "md" / "items.md").write_text(
        f"## GET /items/{{id}}\n\n{TEXT}\n\n### Parameters\n\n- `id` (string): {TEXT}\n\n"
        f"### Notes\n\n{TEXT}\n\n<div onclick=\"alert('XSS17')\">block</div>\n\n"
        "![img](javascript:alert('XSS18'))\n"
    )
    (src / "index.rst").write_text(
        "T\n=\n\n.. api-spec:: api\n\n.. api-diagram:: api\n\n"
        ".. api-diagram:: api\n   :kind: links\n\n.. api-diagram:: api\n   :kind: webhooks\n"
    )
    app = build(make_app, src)
    assert not other_warnings(app.warning.getvalue())
    pages = list(Path(app.outdir).rglob("*.html"))
    for page in pages:
        parser = _Page()
        parser.feed(page.read_text())
        assert parser.problems == [], (page.name, parser.problems)
    index = (Path(app.outdir) / "index.html").read_text()
    # the payloads are there, as text
    assert index.count("XSS1") > 10 and "&lt;script&gt;" in index
    assert "XSS17" not in index or "onclick" not in index
