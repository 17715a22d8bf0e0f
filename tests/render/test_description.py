"""Spec descriptions to docutils nodes: HAZARDS 20-24 and doctree validity.

Plain docutils, no Sphinx application.
"""

from __future__ import annotations

import ast
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docutils import nodes
from docutils.core import publish_from_doctree
from docutils.utils import new_document
from docutils.writers import get_writer_class

from sphinxext_apidocs.render.audit import DescriptionAudit
from sphinxext_apidocs.render.description import markdown_inline, markdown_to_nodes
from sphinxext_apidocs.render.links import RedocTarget, redoc_target, safe_url
from sphinxext_apidocs.render.markdown_tokens import MARKDOWN, block_nodes
from sphinxext_apidocs.spec.document import LoadedDocument

# -- helpers -----------------------------------------------------------------


class Reports(list[tuple[str, str]]):
    def __call__(self, subtype: str, message: str) -> None:
        self.append((subtype, message))


def convert(text: str) -> tuple[nodes.container, Reports]:
    reports = Reports()
    result = markdown_to_nodes(text, report=reports)
    return nodes.container("", *result), reports


def document(*children: nodes.Node) -> nodes.document:
    doc = new_document("<description>")
    section = nodes.section(
        "", nodes.title("", "Operation"), ids=["operation"], names=["operation"]
    )
    section.extend(children)
    doc.append(section)
    return doc


def publish(text_or_nodes: str | list[nodes.Node], writer: str = "html5") -> str:
    children = markdown_to_nodes(text_or_nodes) if isinstance(text_or_nodes, str) else text_or_nodes
    doc = document(*children)
    warnings = io.StringIO()
    overrides: dict[str, object] = {"warning_stream": warnings, "output_encoding": "unicode"}
    if writer == "latex":
        overrides["use_latex_citations"] = True  # silence FutureWarnings
        overrides["legacy_column_widths"] = False
    # a writer instance works with docutils 0.21 (Sphinx 8) and 0.22 alike
    output = publish_from_doctree(
        doc, writer=get_writer_class(writer)(), settings_overrides=overrides
    )
    assert warnings.getvalue() == ""
    assert isinstance(output, str)
    return output


def html_body(text: str) -> str:
    out = publish(text)
    return out[out.index('<section id="operation">') :]


def child(tree: nodes.Node, index: int) -> nodes.Element:
    """The index-th child of an element, as an Element (for the type checker)."""
    assert isinstance(tree, nodes.Element)
    element = tree.children[index]
    assert isinstance(element, nodes.Element)
    return element


def refuris(tree: nodes.Node) -> list[str]:
    return [str(ref["refuri"]) for ref in tree.findall(nodes.reference)]


def slow_path(text: str) -> list[nodes.Node]:
    return block_nodes(MARKDOWN.parse(text), None)


def test_module_does_not_import_sphinx() -> None:
    import sphinxext_apidocs.render.description as module

    tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
    imported = [
        name
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for name in (
            [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        )
    ]
    assert imported
    assert not [name for name in imported if name.split(".")[0] == "sphinx"]


# -- safe_url (HAZARDS 22) --------------------------------------------------------


SAFE_URLS = [
    ("https://example.com/a?b=c#d", "https://example.com/a?b=c#d"),
    ("HTTP://EXAMPLE.COM", "HTTP://EXAMPLE.COM"),
    ("mailto:api@example.com", "mailto:api@example.com"),
    ("  https://example.com  ", "https://example.com"),
    ("https://exa\tmple.com/\n", "https://example.com/"),
    ("/relative/path", "/relative/path"),
    ("relative/path:with-colon", "relative/path:with-colon"),
    ("#fragment", "#fragment"),
    ("?query=javascript:x", "?query=javascript:x"),
    ("//cdn.example.com/x", "//cdn.example.com/x"),
    ("", ""),
    (
        "https://example.com/?q=%253Cscript%253E&amp;x",
        "https://example.com/?q=%253Cscript%253E&amp;x",
    ),
    (
        "https://example.com/?v=" + "%25" * 12 + "41",
        "https://example.com/?v=" + "%25" * 12 + "41",
    ),
]


@pytest.mark.parametrize(("url", "expected"), SAFE_URLS)
def test_safe_url_accepts(url: str, expected: str) -> None:
    assert safe_url(url) == expected


UNSAFE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "jav\tascript:alert(1)",
    "jav\nascript:alert(1)",
    "jav\rascript:alert(1)",
    "java\x00script:alert(1)",
    "java\u200bscript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "jav&#x0A;ascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "jav%09ascript:alert(1)",
    "%6Aavascript:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
    "file:///etc/passwd",
    "ftp://example.com/",
    "chrome://settings",
    "localhost:8080/x",
    "&amp;#106;avascript:alert(1)",
    "%256Aavascript:alert(1)",
    "javascript\u3000:alert(1)",
    ":no-scheme",
]


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_safe_url_refuses(url: str) -> None:
    assert safe_url(url) is None


# -- Markdown links (HAZARDS 22) ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](<jav\tascript:alert(1)>)",
        "[x](<java&#x09;script:alert(1)>)",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x][ref]\n\n[ref]: javascript:alert(1)",
        "![x](javascript:alert(1))",
        "![x](data:image/png;base64,iVBORw0KGgo=)",
    ],
)
def test_markdown_unsafe_link_is_text(text: str) -> None:
    tree, reports = convert(text)
    assert refuris(tree) == []
    assert tree.astext() == "x"
    assert [subtype for subtype, _ in reports] == ["html"]
    assert "javascript:" not in html_body(text).lower()


def test_audit_parses_every_text_the_sanitizer_changes() -> None:
    """The read-time audit parses only the texts that have a tag, an entity, or a link
    whose destination is not plainly http(s), a fragment or a path; the sanitizer
    reports nothing in the others."""
    urls = [url for url, _ in SAFE_URLS] + UNSAFE_URLS
    urls += ["httpſ://evil.example/", "HTTPS://example.com", "htt\x01ps://example.com"]
    forms = ("[x](URL)", "[x](  URL)", "![x](URL)", "[x][r]\n\n[r]: URL", "see URL", "<URL>")
    # control characters, which the sanitizer drops before parsing
    forms += ("[x]\x01(URL)", "[x](\x7fURL)", "[x][r]\n\n[r]\x01: URL", "[x]\r\n(URL)")
    texts = [form.replace("URL", url) for url in urls for form in forms]
    texts += ["a [b](https://example.com) and [c](javascript:x)", "x &amp; y", "a: b [c]: d"]
    audit = DescriptionAudit()
    for text in texts:
        _, reports = convert(text)
        document = LoadedDocument("x.json", {"info": {"description": text}}, [])
        assert len(audit("x.json", document)) == len(reports), text
    assert "[x](https://example.com/a?b=c#d)" not in audit.parsed  # not parsed at read time
    assert "[x](javascript:alert(1))" in audit.parsed


def test_markdown_link_with_tab_is_not_a_link() -> None:
    tree, _ = convert("[x](jav\tascript:alert(1))")
    assert refuris(tree) == []
    assert "x" in tree.astext()


def test_autolink_javascript() -> None:
    tree, reports = convert("<javascript:alert(1)>")
    assert refuris(tree) == []
    assert tree.astext() == "javascript:alert(1)"
    assert reports


def test_safe_links_are_references() -> None:
    tree, reports = convert(
        "[docs](https://example.com/docs) <https://example.com/auto> "
        "[mail](mailto:a@example.com) [rel](../other.html#x)"
    )
    assert refuris(tree) == [
        "https://example.com/docs",
        "https://example.com/auto",
        "mailto:a@example.com",
        "../other.html#x",
    ]
    assert not reports


def test_link_inside_link_is_text() -> None:
    tree, _ = convert('<a href="https://a.example">out [in](https://b.example) out</a>')
    assert refuris(tree) == ["https://a.example"]
    assert tree.astext() == "out in out"


def test_image_becomes_link_with_alt_text() -> None:
    tree, reports = convert('![Logo *big*](https://example.com/logo.png "Title")')
    assert not list(tree.findall(nodes.image))
    (ref,) = tree.findall(nodes.reference)
    assert ref["refuri"] == "https://example.com/logo.png"
    assert ref.astext() == "Logo big"
    assert not reports
    tree, _ = convert("![](https://example.com/logo.png)")
    assert tree.astext() == "https://example.com/logo.png"
    tree, _ = convert('<img src="https://example.com/i.png" alt="An image" width=3>')
    assert [r.astext() for r in tree.findall(nodes.reference)] == ["An image"]
    assert not list(tree.findall(nodes.image))


# -- raw HTML (HAZARDS 21) ----------------------------------------------------------


def test_script_removed_with_content() -> None:
    text = "Before <script>alert(1)</script> after.\n\n<script>\nalert(2)\n</script>\n\nEnd"
    tree, reports = convert(text)
    assert "alert" not in tree.astext()
    assert tree.astext().split() == ["Before", "after.", "End"]
    assert len(reports) == 1
    assert reports[0][0] == "html"
    assert "<script>" in reports[0][1]
    out = html_body(text)
    assert "<script" not in out
    assert "alert" not in out


@pytest.mark.parametrize(
    "tag",
    ["script", "style", "iframe", "object", "form", "template", "svg", "noembed"],
)
def test_dangerous_elements_removed_with_content(tag: str) -> None:
    tree, reports = convert(f'Keep <{tag} src="https://evil.example">hidden text</{tag}> this.')
    assert tree.astext() == "Keep  this."
    assert reports


def test_iframe_removed() -> None:
    text = 'Video:\n\n<iframe src="https://evil.example/x" width="560"></iframe>\n\nText'
    tree, reports = convert(text)
    assert tree.astext().split() == ["Video:", "Text"]
    assert reports
    out = html_body(text)
    assert "iframe" not in out
    assert "evil" not in out


def test_img_onerror() -> None:
    text = "<img src=x onerror=alert(1)>"
    tree, reports = convert(text)
    assert "onerror" not in tree.pformat()
    assert reports
    out = html_body(text)
    assert "onerror" not in out
    assert "alert" not in out
    assert "<img" not in out


def test_event_handlers_dropped() -> None:
    text = (
        '<b onclick="alert(1)">bold</b> <a href="https://ok.example" onmouseover="alert(2)">ok</a>'
    )
    tree, reports = convert(text)
    assert [n.astext() for n in tree.findall(nodes.strong)] == ["bold"]
    assert refuris(tree) == ["https://ok.example"]
    assert reports == [("html", "removed unsafe content from spec text: event handler attribute")]
    out = html_body(text)
    assert "onclick" not in out
    assert "onmouseover" not in out
    assert "alert" not in out


@pytest.mark.parametrize(
    "href",
    [
        "java&#x09;script:alert(1)",
        "javascript:alert(1)",
        " JAVASCRIPT:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,x",
        "jav&#10;ascript:alert(1)",
    ],
)
def test_html_a_unsafe_href(href: str) -> None:
    text = f'See <a href="{href}">click</a> here'
    tree, reports = convert(text)
    assert refuris(tree) == []
    assert tree.astext() == "See click here"
    assert len(reports) == 1
    out = html_body(text).lower()
    assert "href" not in out.split('<section id="operation">')[-1].split("</h1>", 1)[-1]
    assert "script:" not in out


def test_report_once_per_description() -> None:
    text = (
        "[x](javascript:c) <script>a()</script> <script>b()</script> "
        "<img src=1 onerror=d> <iframe></iframe>"
    )
    _, reports = convert(text)
    assert len(reports) == 1
    message = reports[0][1]
    for part in ("<script>", "javascript:", "event handler", "<iframe>"):
        assert part in message


def test_no_report_callback_is_fine() -> None:
    assert markdown_to_nodes("<script>x</script>ok")[0].astext() == "ok"


def test_prose_tag_like_text_stays_visible() -> None:
    text = 'The value is "<module>.<script>" and more.'
    tree, reports = convert(text)
    assert tree.astext() == text
    assert not reports
    out = html_body(text)
    assert (
        "&quot;&lt;module&gt;.&lt;script&gt;&quot;" in out or "&lt;module&gt;.&lt;script&gt;" in out
    )
    assert "<script" not in out


@pytest.mark.parametrize(
    "text",
    [
        "Use refs/heads/<branch> or <owner>/<repo>.",
        "<script> tags are not allowed in names",
        "A <b>bold start that never ends",
        "Pass <name> as the first argument.\n\nThen <value>.",
        "`<module>.<script>` in code",
    ],
)
def test_visible_text_never_lost(text: str) -> None:
    tree, _ = convert(text)
    expected = text.replace("`", "").replace("\n\n", "")
    assert tree.astext().replace("\n\n", "") == expected


def test_unknown_markup_tags_dropped_text_kept() -> None:
    tree, _ = convert("<note><p>Careful.</p></note> <foo class=x>kept</foo>")
    assert tree.astext().split() == ["Careful.", "kept"]


def test_allowed_inline_html() -> None:
    tree, _ = convert(
        "<b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <code>c</code> <kbd>k</kbd> "
        "<tt>t</tt> <u>u</u> <s>x</s> <del>d</del> H<sub>2</sub>O x<sup>2</sup> "
        "<small>sm</small> <span>sp</span>"
    )
    (para,) = tree.children
    kinds = [type(n).__name__ for n in para.children if isinstance(n, nodes.Element)]
    assert kinds == [
        "strong",
        "strong",
        "emphasis",
        "emphasis",
        "literal",
        "literal",
        "literal",
        "inline",
        "inline",
        "inline",
        "subscript",
        "superscript",
        "inline",
        "inline",
    ]
    assert para.astext() == "b s i e c k t u x d H2O x2 sm sp"


def test_entities_decoded_once() -> None:
    tree, _ = convert("a &amp; b &lt;b&gt;not bold&lt;/b&gt; &amp;amp; &copy;")
    assert tree.astext() == "a & b <b>not bold</b> &amp; ©"
    assert not list(tree.findall(nodes.strong))
    tree, _ = convert("<p>x &amp; y &lt;i&gt;</p>")
    assert tree.astext() == "x & y <i>"


def test_html_table_kept_with_header() -> None:
    text = (
        "<table>\n  <tr><th>Name</th><th>Type</th></tr>\n"
        "  <tr><td><code>id</code></td><td>integer<br>64-bit</td></tr>\n"
        "  <tr><td>only one cell</td></tr>\n</table>"
    )
    tree, reports = convert(text)
    assert not reports
    (table,) = tree.findall(nodes.table)
    (tgroup,) = table.findall(nodes.tgroup)
    assert tgroup["cols"] == 2
    (thead,) = table.findall(nodes.thead)
    assert thead.astext().split() == ["Name", "Type"]
    (tbody,) = table.findall(nodes.tbody)
    assert all(len(child(tbody, i)) == 2 for i in range(len(tbody)))
    out = html_body(text)
    assert "<table" in out
    assert len(re.findall(r"<th[ >]", out)) == 2
    assert "<code>" not in out or '<span class="pre">id</span>' in out


def test_html_table_thead_tbody_caption() -> None:
    tree, _ = convert(
        "<table><caption>Codes</caption><thead><tr><td>Code</td></tr></thead>"
        "<tbody><tr><td>200</td></tr><tr><th>404</th></tr></tbody></table>"
    )
    (table,) = tree.findall(nodes.table)
    assert table.children[0].astext() == "Codes"
    assert [r.astext() for r in table.findall(nodes.row)] == ["Code", "200", "404"]
    (thead,) = table.findall(nodes.thead)
    assert thead.astext() == "Code"


def test_gfm_table() -> None:
    text = "| Name | Value |\n|:-----|------:|\n| `a|b` | *x* |\n| c |\n"
    tree, _ = convert(text)
    (table,) = tree.findall(nodes.table)
    (thead,) = table.findall(nodes.thead)
    assert thead.astext().split() == ["Name", "Value"]
    (tbody,) = table.findall(nodes.tbody)
    assert len(tbody) == 2
    assert all(len(child(tbody, i)) == 2 for i in range(len(tbody)))
    assert "<th" in html_body(text)


def test_nested_table_flattened() -> None:
    tree, _ = convert(
        "<table><tr><td>outer</td><td><table><tr><td>a</td><td>b</td></tr>"
        "<tr><td>c</td></tr></table></td></tr></table>"
    )
    assert len(list(tree.findall(nodes.table))) == 1
    (blist,) = tree.findall(nodes.bullet_list)
    assert [item.astext() for item in blist.children] == ["a | b", "c"]


def test_br_breaks_lines() -> None:
    for text in ("one<br>two<br/>three", "one  \ntwo\\\nthree", "one<br>\n<b>two</b><br>three"):
        tree, _ = convert(text)
        (block,) = tree.children
        assert isinstance(block, nodes.line_block), text
        assert [line.astext() for line in block.children] == ["one", "two", "three"]
    out = html_body("one<br>two")
    assert out.count('<div class="line">') == 2


def test_br_inside_emphasis_is_split() -> None:
    tree, _ = convert("*a<br>b* c")
    (block,) = tree.children
    assert isinstance(block, nodes.line_block)
    first, second = child(block, 0), child(block, 1)
    assert isinstance(first[0], nodes.emphasis)
    assert first.astext() == "a"
    assert isinstance(second[0], nodes.emphasis)
    assert second.astext() == "b c"


def test_trailing_br_is_plain_paragraph() -> None:
    tree, _ = convert("text<br><br>")
    (para,) = tree.children
    assert isinstance(para, nodes.paragraph)
    assert para.astext() == "text"


def test_html_lists_headings_blocks() -> None:
    text = (
        "<h2>Title</h2><p>Para <em>one</em>.</p><ul><li>a<li>b</ul>"
        "<ol><li>first</li></ol><blockquote>q</blockquote><pre>  x < y\n  </pre>"
        "<dl><dt>term</dt><dd>def</dd><dd>more</dd></dl>"
        "<details><summary>More</summary>Hidden text</details><hr>end"
    )
    tree, reports = convert(text)
    assert not reports
    kinds = [type(n).__name__ for n in tree.children]
    assert kinds == [
        "rubric",
        "paragraph",
        "bullet_list",
        "enumerated_list",
        "block_quote",
        "literal_block",
        "definition_list",
        "paragraph",
        "paragraph",
        "paragraph",
        "paragraph",
    ]
    assert [li.astext() for li in tree.children[2].children] == ["a", "b"]
    assert tree.children[5].astext() == "  x < y\n  "
    assert [i.astext() for i in tree.children[6].children] == ["term\n\ndef", "\n\nmore"]
    assert child(tree, 9)["classes"] == ["hr"]
    assert not list(tree.findall(nodes.section))


def test_markdown_blocks() -> None:
    text = (
        "# Heading *one*\n\nPara with `code` and ~~gone~~.\n\n3. three\n4. four\n\n"
        "- a\n  - nested\n\n> quote\n\n---\n\n    indented code\n"
    )
    tree, _ = convert(text)
    kinds = [type(n).__name__ for n in tree.children]
    assert kinds == [
        "rubric",
        "paragraph",
        "enumerated_list",
        "bullet_list",
        "block_quote",
        "paragraph",
        "literal_block",
    ]
    assert child(tree, 2)["start"] == 3
    (strike,) = tree.findall(nodes.inline)
    assert strike["classes"] == ["strike"]
    assert not list(tree.findall(nodes.section))
    assert not list(tree.findall(nodes.transition))


def test_code_fence_verbatim() -> None:
    code = 'if (a < b) { x = "</pre>"; }\n<script>alert(1)</script>\n  .. raw:: html\n'
    tree, reports = convert(f"```javascript title=x\n{code}```")
    (block,) = tree.children
    assert isinstance(block, nodes.literal_block)
    assert block["language"] == "javascript"
    assert block.astext() == code[:-1]
    assert block.rawsource == block.astext()
    assert not reports  # code is text, nothing removed
    out = html_body(f"```\n{code}```")
    assert "<script" not in out
    assert "&lt;/pre&gt;" in out
    tree, _ = convert("~~~ {weird}&<>\ncode\n~~~")
    assert "language" not in child(tree, 0).attributes


def test_html_pre_content_verbatim() -> None:
    tree, _ = convert("<pre><code>a &lt;/pre&gt; <b>b</b>\n  c</code></pre>")
    (block,) = tree.children
    assert isinstance(block, nodes.literal_block)
    assert block.astext() == "a </pre> b\n  c"


@pytest.mark.parametrize(
    "text",
    [
        ".. raw:: html\n\n   <script>alert(1)</script>",
        ".. include:: /etc/passwd",
        ".. csv-table::\n   :url: file:///etc/passwd",
        "A `x`_ reference, a :role:`x`, a |sub| and [#]_ footnote.",
        "{eval-rst}`x` and ```{eval-rst}\n.. raw:: html\n```",
        ":::{note}\nmyst\n:::",
    ],
)
def test_rest_and_myst_syntax_is_text(text: str) -> None:
    tree, _ = convert(text)
    doc = document(*tree.children)
    for cls in (
        nodes.raw,
        nodes.substitution_reference,
        nodes.footnote_reference,
        nodes.system_message,
        nodes.pending,
    ):
        assert not list(doc.findall(cls))
    assert all(not r.get("refname") for r in doc.findall(nodes.reference))
    flat = " ".join(tree.astext().split())
    for word in re.findall(r"[.:|]\S+", text):
        if "<" not in word and "`" not in word:
            assert word in flat
    publish(list(tree.children))


def test_rest_directive_literal_text() -> None:
    tree, _ = convert(".. raw:: html\n\n.. include:: /etc/passwd")
    assert tree.astext() == ".. raw:: html\n\n.. include:: /etc/passwd"


def test_all_leaves_are_text() -> None:
    tree, _ = convert("*a* **b** `c` [d](https://e) <b>f</b>\n\n| g |\n|---|\n| h |")
    for node in tree.findall(lambda n: not isinstance(n, nodes.Element)):
        assert type(node) is nodes.Text


def test_control_characters_removed() -> None:
    tree, _ = convert("a\x00b\x07c\x1bd")
    assert tree.astext() == "abcd"


def test_deep_html_nesting_is_bounded() -> None:
    text = "<b>" * 5000 + "deep" + "</b>" * 5000 + "<ul><li>" * 500 + "x"
    tree, _ = convert(text)
    assert "deep" in tree.astext()
    assert "x" in tree.astext()
    depth = max(len(_ancestors(t)) for t in tree.findall(nodes.Text))
    assert depth < 50
    publish(list(tree.children))


@pytest.mark.parametrize("prefix", ["> ", "- ", "1. ", "> - "])
def test_markdown_nesting_limit_keeps_text(prefix: str) -> None:
    tree, _ = convert(prefix * 40 + "deep text\n\nnext")
    assert "deep text" in tree.astext()
    assert "next" in tree.astext()
    publish(list(tree.children))


def test_deep_tables_and_lists_are_bounded() -> None:
    text = "<table><tr><td>" * 300 + "cell" + "<ul><li><blockquote><dl><dd>" * 300 + "x"
    tree, _ = convert(text)
    assert "cell" in tree.astext()
    assert "x" in tree.astext()
    depth = max(len(_ancestors(t)) for t in tree.findall(nodes.Text))
    assert depth < 80
    assert len(list(tree.findall(nodes.table))) == 1
    publish(list(tree.children))


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    result = []
    while node.parent is not None:
        node = node.parent
        result.append(node)
    return result


def test_empty_input() -> None:
    assert markdown_to_nodes("") == []
    assert markdown_to_nodes("  \n\n ") == []
    assert markdown_to_nodes("<!-- comment only -->") == []
    assert markdown_inline("") == []


# -- summaries (HAZARDS 24) ---------------------------------------------------------


def test_summary_is_one_line() -> None:
    reports = Reports()
    result = markdown_inline("Line one\n\n# Heading\n- item", report=reports)
    container = nodes.inline("", "", *result)
    assert container.astext() == "Line one # Heading - item"
    assert "\n" not in container.astext()
    for cls in (nodes.rubric, nodes.section, nodes.bullet_list, nodes.paragraph, nodes.title):
        assert not list(container.findall(cls))
    assert not reports


def test_summary_keeps_inline_markup_only() -> None:
    result = markdown_inline(
        "Get a *repo*\nwith `code`, [link](https://x.example) <br> and <p>para</p> "
        "<ul><li>li</li></ul><script>bad()</script><h1>h</h1>"
    )
    container = nodes.inline("", "", *result)
    assert container.astext() == "Get a repo with code, link and para li h"
    for node in result:
        assert isinstance(node, (nodes.Text, nodes.Inline)), node
    assert [type(n).__name__ for n in result if isinstance(n, nodes.Element)] == [
        "emphasis",
        "literal",
        "reference",
    ]


def test_summary_unsafe_link_reported() -> None:
    reports = Reports()
    result = markdown_inline("Do [it](javascript:alert(1))", report=reports)
    assert nodes.inline("", "", *result).astext() == "Do it"
    assert len(reports) == 1


def test_summary_plain_fast_path() -> None:
    assert markdown_inline("  Get a repository\n") == [nodes.Text("Get a repository")]
    assert [n.astext() for n in markdown_inline("1. Update user")] == ["1. Update user"]


# -- fast path ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The unique identifier of the repository.",
        "A plain sentence: with colons, (parens) and 'quotes' | pipes.",
        "Trailing spaces   ",
        "Multiple  inner   spaces and\ttabs.",
        "Ends with a newline\n",
        "Number 2 in the middle, 1) at the end",
        "https://example.com is not linked without linkify.",
        "Emoji 🎉 and accents é.",
    ],
)
def test_fast_path_matches_markdown_it(text: str) -> None:
    fast = markdown_to_nodes(text)
    slow = slow_path(text)
    assert [n.pformat() for n in fast] == [n.pformat() for n in slow]


# -- doctree validity ----------------------------------------------------------------

MIXED = """\
# Heading with *emphasis* and `code`

A paragraph with **strong**, ~~strike~~, a [link](https://example.com "title"),
<https://auto.example>, ![img](https://example.com/i.png), a hard break\\
and <b>inline <i>HTML</i></b> with <a href="https://ok.example">a link</a>,
H<sub>2</sub>O, x<sup>2</sup>, <kbd>Ctrl</kbd>, &amp; entities &copy;.
A line<br>with br and <span>span</span> and "<module>.<script>" prose.

1. one
2. two
   - nested *bullet*
   - with `code`

     continued paragraph

> A quote with a list:
> - item
>
> ```json
> {"a": "</pre>"}
> ```

---

| Left | Right | Center |
|:-----|------:|:------:|
| `a` | **b** | [c](https://c.example) |
| d<br>e | | f |

<table>
  <caption>HTML table</caption>
  <thead><tr><th>Name</th><th>Description</th></tr></thead>
  <tbody>
    <tr><td><code>id</code></td><td>Identifier<br>with break
      <ul><li>a list</li><li>in a cell</li></ul></td></tr>
    <tr><td colspan="2">Spanning <table><tr><td>nested</td></tr></table></td></tr>
  </tbody>
</table>

<details>
<summary>Show more</summary>

Markdown *inside* details.

</details>

<dl><dt>Term</dt><dd>Definition <b>bold</b></dd><dd>Second</dd><dt>Lonely</dt></dl>

<p>Paragraph <p>implicitly closed <h3>heading in p</h3>

<pre>
pre & <b>bold</b> text
</pre>

<script>alert("x")</script><style>p{}</style>
<img src=x onerror=alert(1)> <iframe src="https://evil.example"></iframe>
<a href="javascript:alert(1)">bad link</a> [bad](data:text/html,x)

Text with <div>a div</div> and <center>center</center> and <font color=red>font</font>.

.. raw:: html

.. include:: /etc/passwd

    indented code block
    with two lines

Final paragraph with trailing break<br>
"""


def test_mixed_sample_doctree_is_valid() -> None:
    reports = Reports()
    result = markdown_to_nodes(MIXED, report=reports)
    assert len(reports) == 1
    doc = document(*result)
    pformat = doc.pformat()
    assert "<system_message" not in pformat
    assert "<raw" not in pformat
    assert "<image" not in pformat
    assert "<section" in pformat and pformat.count("<section") == 1
    assert "<table" in pformat
    # docutils' own structural checks (the same ones `docutils --validate` runs;
    # docutils 0.22 and later, i.e. with Sphinx 9); `language` on literal_block
    # is Sphinx's attribute, unknown to docutils.
    if hasattr(doc, "validate"):
        for block in doc.findall(nodes.literal_block):
            block.attributes.pop("language", None)
        doc.validate(recursive=True)


def test_mixed_sample_html_writer() -> None:
    out = html_body(MIXED)
    lowered = out.lower()
    for bad in (
        "<script",
        "<style",
        "<iframe",
        "javascript:",
        "onerror",
        "onclick",
        "<img",
        "data:text",
    ):
        assert bad not in lowered, bad
    assert "<table" in out
    assert "<th" in out
    assert 'href="https://example.com"' in out
    assert "&lt;module&gt;.&lt;script&gt;" in out


def test_mixed_sample_latex_writer() -> None:
    out = publish(MIXED, writer="latex")
    assert "\\begin{document}" in out
    assert "alert" not in out
    assert "HTML table" in out


def test_mixed_sample_pseudoxml_and_xml_writers() -> None:
    publish(MIXED, writer="pseudoxml")
    publish(MIXED, writer="xml")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="needs pdflatex")
def test_mixed_sample_latex_compiles(tmp_path: Path) -> None:
    (tmp_path / "mixed.tex").write_text(publish(MIXED, writer="latex"), encoding="utf-8")
    result = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "mixed.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert (tmp_path / "mixed.pdf").exists()


def test_a_json_pointer_fragment_is_percent_decoded_before_its_escapes() -> None:
    # RFC 6901 section 6: the fragment is percent-decoded, then ~1 and ~0 undone
    def schema(fragment: str) -> RedocTarget | None:
        return redoc_target(f"#/components/schemas/{fragment}")

    assert schema("a%7E1b") == RedocTarget("schema", "a/b")
    assert schema("a%7e0b") == RedocTarget("schema", "a~b")
    assert schema("a~01") == RedocTarget("schema", "a~1")
    assert schema("a%20b") == RedocTarget("schema", "a b")
    assert redoc_target("#schema/a%7E1b") == RedocTarget("schema", "a~1b")


def test_a_section_fragment_names_its_last_heading() -> None:
    # Redoc's #section/<Heading>, nested as #section/<Parent>/<Heading>
    assert redoc_target("#section/Authentication") == RedocTarget("section", "Authentication")
    assert redoc_target("#section/Auth/Rate-limits") == RedocTarget("section", "Rate-limits")
    assert redoc_target("#section/Rate%20limits") == RedocTarget("section", "Rate limits")
    assert redoc_target("#section/") is None
