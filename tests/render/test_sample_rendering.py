"""Code samples in built pages: tabs in HTML, labelled blocks elsewhere, options and templates."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from ..helpers import (
    INLINE_SCHEMAS,
    ROOTS,
    apidocs_warnings,
    build,
    copy_root,
    other_warnings,
    spec_project,
)


def _text(html: str) -> str:
    """The text of highlighted code (Pygments wraps each token in a span)."""
    return re.sub(r"<[^>]+>", "", html)


def _section(html: str, start: str, end: str | None = None) -> str:
    i = html.index(start)
    return html[i : html.index(end, i) if end else None]


def _operation(html: str, op_id: str) -> str:
    """The HTML of the first operation with this anchor, up to the next operation."""
    i = html.index(f'id="{op_id}"')
    j = html.find('<dl class="api', i + 1)
    return html[i : j if j > 0 else None]


@pytest.mark.sphinx("html", testroot="samples")
def test_html_tabs(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    create = _operation(html, "createOrder")
    # one radio group per operation, the first tab checked, each label tied to its input
    inputs = re.findall(
        r'<input type="radio" class="apidocs-tab-input" name="([^"]+)" id="([^"]+)"( checked)?>',
        create,
    )
    assert [i[2] for i in inputs] == [" checked", "", "", ""]
    assert len({i[0] for i in inputs}) == 1
    labels = re.findall(r'<label class="apidocs-tab-label" for="([^"]+)">([^<]+)</label>', create)
    assert [label for _, label in labels] == ["Shell", "Python", "Kotlin (ktor)", "Go"]
    assert [f for f, _ in labels] == [i[1] for i in inputs]
    # each panel's code is a region named by its tab; code keeps its lexer (copybutton
    # finds div.highlight pre)
    assert create.count('role="region" aria-label="Python sample: POST /orders"') == 1
    assert "highlight-python" in create and "highlight-kotlin" in create
    assert '<div class="highlight"><pre tabindex="0" role="region"' in create
    # apidocs_base_url wins over the server; the body is escaped HTML of valid code
    assert "https://sandbox.shop.example/orders" in create
    assert '"item": "Tea \\"Earl Grey\\""' in _text(create).replace("&quot;", '"')
    # radio groups are unique on the page
    names = re.findall(r'class="apidocs-tab-input" name="([^"]+)" id="[^"]+" checked', html)
    assert len(names) == len(set(names)) >= 3
    assert "apidocs-tab-panel" in (app.outdir / "_static" / "apidocs.css").read_text()


@pytest.mark.sphinx("html", testroot="samples", freshenv=True)
def test_hand_written_samples_and_options(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    get = _operation(html, "getOrder")
    labels = re.findall(r'class="apidocs-tab-label"[^>]*>([^<]+)</label>', get)
    # x-codeSamples replace the generated Python (both kept, in order); Elixir comes last
    assert labels == [
        "Shell",
        "Python (SDK)",
        "Python (async SDK)",
        "Kotlin (ktor)",
        "Go",
        "Elixir",
    ]
    assert "shop.orders.get" in _text(get)
    # :languages: python, rust (cobol has no template: warned, left out)
    only = _section(html, 'id="only-some-languages"', 'id="no-generated-samples"')
    assert re.findall(r'class="apidocs-tab-label"[^>]*>([^<]+)</label>', only) == ["Python", "Rust"]
    # :no-samples: drops generated samples, never hand-written ones
    none = _section(html, 'id="no-generated-samples"')
    assert re.findall(r'class="apidocs-tab-label"[^>]*>([^<]+)</label>', none) == [
        "Python (SDK)",
        "Python (async SDK)",
        "Elixir",
    ]
    warnings = apidocs_warnings(app.warning.getvalue())
    assert [(w["subtype"], w["location"].rsplit(":", 1)[-1]) for w in warnings] == [
        ("template", "4"),
        ("option", "9"),
    ]
    # the template's line, its message without Python's names, once for the directive
    assert warnings[0]["message"].startswith("code sample template go.j2, line 1: ")
    assert "'no_such_variable' is undefined" in warnings[0]["message"]
    assert "cobol" in warnings[1]["message"] and "kotlin" in warnings[1]["message"]
    # the broken template fails for one operation only; the others still get it
    assert "GET" in _operation(html, "getOrder") and "highlight-go" not in _operation(
        html, "broken"
    )
    assert other_warnings(app.warning.getvalue()) == []


@pytest.mark.sphinx("text", testroot="samples")
def test_text_output_labels_each_block(app: SphinxTestApp) -> None:
    app.build()
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    create = text[text.index("createOrder") :]
    shell, python, kotlin = (create.index(x) for x in ("Shell", "Python", "Kotlin (ktor)"))
    assert shell < python < kotlin
    assert "curl -X POST 'https://sandbox.shop.example/orders'  # house style" in create


@pytest.mark.sphinx("latex", testroot="samples")
def test_latex_output_labels_each_block(app: SphinxTestApp) -> None:
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert "apidocs-tab" not in tex and "<input" not in tex
    # the PDF keeps each operation's first tab (here the spec's hand-written "Shell"
    # samples; apidocs_latex_sample_languages), labelled
    assert r"\sphinxstylestrong{Shell}" in tex
    assert r"\sphinxstylestrong{Kotlin (ktor)}" not in tex
    assert r"\begin{sphinxVerbatim}" in tex


@pytest.mark.sphinx(
    "latex", testroot="samples", confoverrides={"apidocs_latex_sample_languages": ["kotlin"]}
)
def test_latex_output_labels_a_template_language(app: SphinxTestApp) -> None:
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert r"\sphinxstylestrong{Kotlin (ktor)}" in tex
    assert r"\sphinxstylestrong{Shell}" not in tex


@pytest.mark.sphinx("epub", testroot="samples")
def test_epub_keeps_labelled_blocks(app: SphinxTestApp) -> None:
    app.build()
    html = (app.outdir / "index.xhtml").read_text(encoding="utf-8")
    assert "<input" not in html
    assert "apidocs-code-sample-label" in html


def test_a_broken_template_is_reported_on_every_build(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Reported while reading, so an incremental build reports it again (-W cannot pass)."""
    src = copy_root("test-samples", tmp_path)
    for _ in range(2):
        app = build(make_app, src)
        subtypes = [w["subtype"] for w in apidocs_warnings(app.warning.getvalue())]
        assert subtypes.count("template") == 1


def test_a_typo_in_the_languages_setting_drops_only_the_typo(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = copy_root("test-samples", tmp_path)
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace('"kotlin", "go"', '"kotlin", "pyhton"'))
    app = make_app("html", srcdir=src)
    assert app.config.apidocs_sample_languages == ["curl", "python", "kotlin"]
    (warning,) = apidocs_warnings(app.warning.getvalue())
    assert warning["subtype"] == "config" and warning["location"].endswith("conf.py:3")
    assert "'pyhton' (did you mean 'python'?)" in warning["message"]
    assert "kotlin" in warning["message"]  # known languages include the template folder's


def test_editing_a_template_rebuilds_the_page(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = copy_root("test-samples", tmp_path)
    app = build(make_app, src)
    page = app.outdir / "index.html"
    assert "HttpMethod.parse" in _text(page.read_text(encoding="utf-8"))
    template = src / "sample_templates" / "kotlin.j2"
    template.write_text(template.read_text().replace("HttpMethod.parse", "HttpMethod.edited"))
    build(make_app, src)
    html = _text(page.read_text(encoding="utf-8"))
    assert "HttpMethod.edited" in html and "HttpMethod.parse" not in html


SECRET = "TOPSECRET-OUTSIDE"


def _tabs(html: str) -> list[str]:
    return re.findall(r'class="apidocs-tab-label"[^>]*>([^<]+)<', html)


def _template_project(tmp_path: Path, kotlin: str | None = None) -> tuple[Path, Path]:
    """A project whose template folder adds Kotlin (``kotlin`` is its text; None: the test
    makes the file), and a folder beside the project holding a template with a secret."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.j2").write_text(f"{SECRET} {{{{ request.method }}}}\n")
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(ROOTS / "test-samples" / "api.yaml", src)
    (src / "conf.py").write_text(
        'extensions = ["sphinxext_apidocs"]\napidocs_specs = {"shop": "api.yaml"}\n'
        'apidocs_sample_languages = ["curl", "kotlin"]\n'
        'apidocs_sample_templates = "sample_templates"\n'
    )
    (src / "index.rst").write_text("Shop\n====\n\n.. api-endpoint:: createOrder\n   :spec: shop\n")
    (src / "sample_templates").mkdir()
    if kotlin is not None:
        (src / "sample_templates" / "kotlin.j2").write_text(kotlin)
    return src, outside / "secret.j2"


@pytest.mark.parametrize(
    ("kotlin", "linked"),
    [
        (None, "kotlin.j2"),
        ('{% include "part.j2" %}', "part.j2"),
        ('{% extends "base.j2" %}', "base.j2"),
        ('{% import "macros.j2" as m %}{{ m.x }}', "macros.j2"),
        ('{% include "sub/part.j2" %}', "sub"),
    ],
    ids=["template", "include", "extends", "import", "folder"],
)
def test_a_template_linked_out_of_the_project_is_not_read(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path, kotlin: str | None, linked: str
) -> None:
    """A template (or what it includes) that is a symlink out of the project, such as
    to ``/proc/self/environ``, would put the build's environment into the page."""
    src, secret = _template_project(tmp_path, kotlin)
    os.symlink(secret if linked != "sub" else secret.parent, src / "sample_templates" / linked)
    if linked == "sub":
        os.rename(secret, secret.with_name("part.j2"))
    app = build(make_app, src)
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    warnings = app.warning.getvalue()
    assert SECRET not in html and SECRET not in warnings
    found = apidocs_warnings(warnings)
    assert [w["subtype"] for w in found] == ["outside-project"], warnings
    assert "kotlin.j2" in found[0]["message"]
    assert _tabs(html) == ["cURL"]  # Kotlin is left out
    assert other_warnings(warnings) == []


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_template_that_is_no_regular_file_is_refused(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path, kind: str
) -> None:
    src, _secret = _template_project(tmp_path)
    template = src / "sample_templates" / "kotlin.j2"
    if kind == "fifo":
        os.mkfifo(template)  # opening it for reading would block the build
    else:
        template.mkdir()
    app = build(make_app, src)
    found = apidocs_warnings(app.warning.getvalue())
    assert [w["subtype"] for w in found] == ["file"]
    assert "kotlin.j2" in found[0]["message"] and "not a regular file" in found[0]["message"]
    assert _tabs((app.outdir / "index.html").read_text(encoding="utf-8")) == ["cURL"]


def test_a_template_linked_out_of_its_folder_is_not_read(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path
) -> None:
    """Templates come from the template folder only, not from elsewhere in the project;
    a symlink within the folder is followed."""
    src, _secret = _template_project(tmp_path)
    (src / "shared").mkdir()
    (src / "shared" / "kotlin.j2").write_text("{# label: Kotlin #}\nSHARED {{ request.method }}\n")
    os.symlink(src / "shared" / "kotlin.j2", src / "sample_templates" / "kotlin.j2")
    app = build(make_app, src)
    found = apidocs_warnings(app.warning.getvalue())
    assert [w["subtype"] for w in found] == ["outside-project"]
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert _tabs(html) == ["cURL"] and "SHARED" not in _text(html)
    # the same file moved into the folder, the link now within it
    (src / "sample_templates" / "kotlin.j2").unlink()
    (src / "sample_templates" / "lib").mkdir()
    (src / "shared" / "kotlin.j2").rename(src / "sample_templates" / "lib" / "kotlin.j2")
    os.symlink(
        src / "sample_templates" / "lib" / "kotlin.j2", src / "sample_templates" / "kotlin.j2"
    )
    app = build(make_app, src, freshenv=True)
    assert apidocs_warnings(app.warning.getvalue()) == []
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert _tabs(html) == ["cURL", "Kotlin"] and "SHARED POST" in _text(html)


def test_a_template_included_from_a_subfolder_is_a_dependency(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path
) -> None:
    """Editing a template that another includes from a subfolder rebuilds the pages (also
    when the edit keeps an old mtime, as ``cp -p`` does)."""
    src, _secret = _template_project(tmp_path, '{% include "parts/body.j2" %}')
    (src / "sample_templates" / "parts").mkdir()
    body = src / "sample_templates" / "parts" / "body.j2"
    body.write_text("FIRST {{ request.method }}\n")
    os.utime(body, (946_684_800, 946_684_800))
    make_app("html", srcdir=src).build()
    body.write_text("SECOND {{ request.method }}\n")
    os.utime(body, (946_684_800, 946_684_800))
    app = build(make_app, src)
    assert "SECOND POST" in _text((app.outdir / "index.html").read_text(encoding="utf-8"))


DEEP_FORM_SPEC = """\
openapi: 3.0.0
info: {title: Customers, version: '1'}
paths:
  /v1/customers:
    post:
      operationId: createCustomer
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                email: {type: string, example: jo@example.com}
                address:
                  type: object
                  properties:
                    city: {type: string, example: Paris}
                    line1: {type: string, example: 1 rue X}
                items:
                  type: array
                  items: {type: object, properties: {price: {type: string, example: p_1}}}
            encoding:
              address: {style: deepObject, explode: true}
              items: {style: deepObject, explode: true}
      responses:
        '200': {description: OK}
"""


def test_a_deep_object_form_body_in_curl_and_python(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Stripe's convention: ``address[city]=Paris``, in the samples and the example body,
    not ``address={"city": "Paris"}``."""
    conf = 'apidocs_sample_languages = ["curl", "python"]\napidocs_sample_properties = "all"\n'
    app = build(make_app, spec_project(tmp_path, DEEP_FORM_SPEC, conf=conf), "text")
    text = (app.outdir / "index.txt").read_text(encoding="utf-8")
    assert "--data-urlencode 'address[city]=Paris'" in text
    assert "--data-urlencode 'address[line1]=1 rue X'" in text
    assert "--data-urlencode 'items[0][price]=p_1'" in text
    assert "('address[city]', 'Paris')" in text
    assert "('items[0][price]', 'p_1')" in text
    # the example body made from the schema is the same form, percent-encoded
    assert "address%5Bcity%5D=Paris&address%5Bline1%5D=1%20rue%20X" in text
    assert '{"city"' not in text and "Paris%22" not in text
    assert other_warnings(app.warning.getvalue()) == []


#: a body whose schema example has one value its schema refuses (``Cmd`` is an array)
INVALID_EXAMPLE_SPEC = """\
openapi: 3.0.3
info: {title: Containers, version: '1'}
servers: [{url: 'https://docker.example'}]
paths:
  /containers:
    post:
      operationId: createContainer
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Config'
      responses:
        '201':
          description: Created.
          content:
            application/json:
              schema:
                type: object
                properties:
                  Id: {type: string}
                  Warnings: {type: array, items: {type: string}}
                example: {Id: e90e34656806, Warnings: 7}
components:
  schemas:
    Config:
      type: object
      properties:
        Image: {type: string}
        Cmd: {type: array, items: {type: string}}
        Hostname: {type: string}
        Labels: {type: object, additionalProperties: {type: string}}
        Memory: {type: integer, default: 0}
      example: {Image: ubuntu, Cmd: date, Labels: {com.example.vendor: Acme}}
"""


def test_an_example_with_an_invalid_value_is_shown_and_sent(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path
) -> None:
    src = spec_project(tmp_path, INVALID_EXAMPLE_SPEC, conf='apidocs_sample_languages = ["curl"]')
    app = build(make_app, src)
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    text = _text(html).replace("&quot;", '"')
    # the author's example, as written, in the request body and in the response
    assert '"Image": "ubuntu"' in text and '"Cmd": "date"' in text
    assert '"com.example.vendor": "Acme"' in text
    assert '"Warnings": 7' in text
    assert "Example (made from the schema)" not in html
    assert '"Image": "string"' not in text and '"Hostname"' not in text
    # and the code sample sends it
    curl = _section(text, "curl --request POST")
    assert '"Image": "ubuntu"' in curl and '"Cmd": "date"' in curl


MADE_UP_SPEC = """\
openapi: 3.0.3
info: {title: Customers, version: '1'}
servers: [{url: 'https://shop.example'}]
paths:
  /customers:
    post:
      operationId: createCustomer
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Customer'
      responses:
        '200':
          description: The customer.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Customer'
components:
  schemas:
    Customer:
      type: object
      required: [email]
      properties:
        email: {type: string, format: email}
        name: {type: string}
        currency: {type: string, default: eur}
        description: {type: string}
"""


@pytest.mark.parametrize(
    ("conf", "sent"),
    [
        ("", {"email", "currency"}),
        ('apidocs_sample_properties = "all"', {"email", "name", "currency", "description"}),
    ],
)
def test_made_up_request_bodies_are_minimal_unless_asked(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path, conf: str, sent: set[str]
) -> None:
    # inline: each operation shows its examples (linked, they are the schema's)
    conf += '\napidocs_sample_languages = ["curl"]\n' + INLINE_SCHEMAS
    app = build(make_app, spec_project(tmp_path, MADE_UP_SPEC, conf=conf))
    text = _text((app.outdir / "index.html").read_text(encoding="utf-8")).replace("&quot;", '"')
    curl = _section(text, "curl --request POST", "Request body")
    names = {"email", "name", "currency", "description"}
    assert {n for n in names if f'"{n}":' in curl} == sent
    assert '"email": "user@example.com"' in curl and '"currency": "eur"' in curl
    # the request's made-up example agrees with the sample; the response has every field
    request = _section(text, "Request body", "Responses")
    assert {n for n in names if f'"{n}":' in request} == sent
    # the response has every field: its own made-up example, or (when that is the
    # request's, with "all") a note pointing to the request's
    response = _section(text, "Responses")
    shown_above = "as shown above in this operation" in response
    assert all(f'"{n}":' in response for n in names) or (sent == names and shown_above)


def test_a_minimal_form_with_nothing_to_send_shows_no_empty_example(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path
) -> None:
    # Stripe's POST /v1/customers: a form body with no required field
    spec = MADE_UP_SPEC.replace("application/json:", "application/x-www-form-urlencoded:", 1)
    spec = spec.replace("      required: [email]\n", "").replace(", default: eur", "")
    conf = 'apidocs_sample_languages = ["curl", "python", "javascript"]'
    app = build(make_app, spec_project(tmp_path, spec, conf=conf))
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    request = _section(_text(html), "Request body", "Responses")
    assert "application/x-www-form-urlencoded" in request
    assert "Example (made from the schema)" not in request
    assert "Every field is optional: the example and the code samples send none." in request
    assert "<pre><span></span></pre>" not in html and "<pre></pre>" not in html
    # no sample sends an empty form (Python's data=[], JavaScript's empty URLSearchParams)
    samples = _section(_text(html), "curl --request POST", "Request body")
    assert "--data" not in samples and "data=" not in samples
    assert "URLSearchParams" not in samples and "body:" not in samples
