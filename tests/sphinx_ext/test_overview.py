"""api-overview, api-schemas and the spec as a download (tests/roots/test-overview: a
spec split over two files)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from ..helpers import (
    apidocs_warnings,
    build,
    copy_root,
    other_warnings,
    spec_project,
    write_files,
)


def only_unsafe_html(text: str) -> None:
    """The one warning of the root: its info.description holds a <script>."""
    assert other_warnings(text) == []
    assert [w["subtype"] for w in apidocs_warnings(text)] == ["html"]


@pytest.mark.sphinx("html", testroot="overview")
def test_the_overview_shows_the_whole_introduction(app: SphinxTestApp) -> None:
    app.build()
    only_unsafe_html(app.warning.getvalue())
    html = (app.outdir / "overview.html").read_text()
    for shown in (
        "Pet Store</strong> (version 2.1.0)",
        "Adopt a pet.",
        "<strong>Pet Store</strong> API.",
        "Second paragraph.",
        'href="https://pets.example/support">Pet Team</a>',
        'href="https://spdx.org/licenses/Apache-2.0.html">Apache 2.0</a>',
        'href="https://pets.example/terms"',
        'href="https://pets.example/guide">The guide</a>',
        # servers and their variables
        "https://{region}.pets.example/{version}",
        "one of eu, us — Where your data lives",
        # every kind of scheme, with flows and scopes; the default requirements
        "header X-Api-Key",
        "http bearer (JWT)",
        "https://pets.example/oauth/authorize",
        "https://pets.example/oauth/token",
        "Read your pets",
        "https://pets.example/.well-known/openid-configuration",
        "Required by default",
    ):
        assert shown in html, shown
    assert "<script>" not in html.split("<body")[1].split("</article>")[0].replace(
        "<script>document.getElementById", ""
    )
    # a tag an api-spec renders links there; one rendered nowhere is text
    assert '<a class="reference internal" href="reference.html#tag-pets"' in html
    assert "<span>store</span> — Orders." in html
    # the download links, to the files written beside the pages
    assert 'href="_apidocs/pets/pets.yaml"' in html
    assert 'href="_apidocs/pets/pets.bundled.json"' in html
    written = (app.outdir / "_apidocs/pets/pets.yaml").read_bytes()
    assert written == (app.srcdir / "openapi/pets.yaml").read_bytes()


@pytest.mark.sphinx("html", testroot="overview")
def test_the_bundle_holds_the_other_files(app: SphinxTestApp) -> None:
    app.build()
    data = json.loads((app.outdir / "_apidocs/pets/pets.bundled.json").read_text())
    schemas = data["components"]["schemas"]
    # Pet was a $ref to schemas.yaml: it is that schema now; Owner came along with it
    assert schemas["Pet"]["properties"]["owner"] == {"$ref": "#/components/schemas/Owner"}
    assert schemas["Owner"]["properties"]["pets"]["items"] == {"$ref": "#/components/schemas/Pet"}

    def refs(value: Any) -> list[str]:
        if isinstance(value, dict):
            own = [value["$ref"]] if "$ref" in value else []
            return own + [r for v in value.values() for r in refs(v)]
        return [r for v in value for r in refs(v)] if isinstance(value, list) else []

    assert all(ref.startswith("#/") for ref in refs(data))


@pytest.mark.sphinx("html", testroot="overview")
def test_api_schemas_registers_each_schema(app: SphinxTestApp) -> None:
    app.build()
    schemas = (app.outdir / "schemas.html").read_text()
    assert 'id="schema-pets-Pet"' in schemas and 'id="schema-pets-Error"' in schemas
    assert "InternalNote" not in schemas  # :exclude:
    index = (app.outdir / "index.html").read_text()
    assert 'href="schemas.html#schema-pets-Pet"' in index
    assert 'href="schemas.html#schema-pets-Error"' in index
    # the api-spec's Schemas section gives way to the page of all schemas
    reference = (app.outdir / "reference.html").read_text()
    assert 'id="schema-pets-Pet"' in reference and "Shown in full at" in reference


def test_latex_shows_the_overview_without_download_links(make_app: Any, tmp_path: Path) -> None:
    src = copy_root("test-overview", tmp_path)
    app = build(make_app, src, "latex")
    tex = next(Path(app.outdir).glob("*.tex")).read_text()
    assert "Pet Store" in tex and "Required by default" in tex
    assert "X\\sphinxhyphen{}Api\\sphinxhyphen{}Key" in tex or "X-Api-Key" in tex
    assert "Download the specification" not in tex
    assert not (Path(app.outdir) / "_apidocs").exists()


def test_only_html_builders_write_the_downloads_and_only_changes(
    make_app: Any, tmp_path: Path
) -> None:
    src = copy_root("test-overview", tmp_path)
    app = build(make_app, src, "dirhtml")
    html = (Path(app.outdir) / "overview/index.html").read_text()
    assert 'href="../_apidocs/pets/pets.yaml"' in html
    bundled = Path(app.outdir) / "_apidocs/pets/pets.bundled.json"
    before = bundled.stat().st_mtime_ns
    again = build(make_app, src, "dirhtml")
    assert bundled.stat().st_mtime_ns == before  # nothing read, nothing changed
    (src / "openapi/schemas.yaml").write_text(
        (src / "openapi/schemas.yaml").read_text().replace("name: {type: string}", "name: {}", 1)
    )
    build(make_app, src, "dirhtml")
    assert (
        json.loads(bundled.read_text())["components"]["schemas"]["Pet"]["properties"]["name"] == {}
    )
    assert again.outdir == app.outdir


def test_a_spec_in_one_file_has_no_bundle(make_app: Any, tmp_path: Path) -> None:
    spec = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}}
    src = spec_project(tmp_path, spec, index="T\n=\n\n.. api-overview:: api\n")
    app = build(make_app, src)
    assert sorted(p.name for p in (Path(app.outdir) / "_apidocs/api").iterdir()) == ["api.json"]
    html = (Path(app.outdir) / "index.html").read_text()
    assert "bundled" not in html and "Tags" not in html


def test_bad_input_warns_without_a_traceback(make_app: Any, tmp_path: Path) -> None:
    spec = """\
openapi: 3.0.3
info: {description: no title and no version}
servers:
  - url: https://{host}/
    variables: {host: {enum: [a, b]}}
paths: {}
components:
  securitySchemes:
    key: {type: apiKey}
    basic: {type: http}
    oauth: {type: oauth2, flows: {implicit: {scopes: []}, password: 3}}
    oidc: {type: openIdConnect}
    what: 7
    odd: {type: kerberos}
"""
    index = (
        "T\n=\n\n.. api-overview:: api\n\n.. api-overview:: nowhere.yaml\n\n.. api-schemas:: api\n"
    )
    src = spec_project(tmp_path, spec, index=index)
    app = build(make_app, src)
    text = app.warning.getvalue()
    assert "Traceback" not in text and other_warnings(text) == []
    messages = [(w["subtype"], w["message"]) for w in apidocs_warnings(text)]
    found = "\n".join(f"{s}: {m}" for s, m in messages)
    for expected in (
        "structure: api.yaml:2 #/info: info has no title",
        "info has no version",
        "server variable 'host' has no default",
        "security scheme 'key' of type apiKey has no in",
        "security scheme 'key' of type apiKey has no name",
        "security scheme 'basic' of type http has no scheme",
        "flow 'implicit' of security scheme 'oauth' has no authorizationUrl",
        "flow 'implicit' of security scheme 'oauth': scopes is not a mapping",
        "flow 'password' of security scheme 'oauth' is not an object",
        "security scheme 'oidc' of type openIdConnect has no openIdConnectUrl",
        "unknown type 'kerberos'",
        "unknown-spec",
        "filter: spec 'api' has no component schema",
    ):
        assert expected in found, expected
    html = (Path(app.outdir) / "index.html").read_text()
    assert "API overview unavailable: nowhere.yaml could not be loaded." in html
    assert "kerberos" in html  # the scheme is still shown


def test_the_overview_speaks_the_projects_language(make_app: Any, tmp_path: Path) -> None:
    src = copy_root("test-overview", tmp_path)
    app = build(make_app, src, confoverrides={"language": "de"})
    html = (Path(app.outdir) / "overview.html").read_text()
    for word in ("Spezifikation herunterladen:", "Standardmäßig erforderlich", "Lizenz:"):
        assert word in html


def test_singlehtml_links_the_downloads_from_its_one_page(make_app: Any, tmp_path: Path) -> None:
    src = copy_root("test-overview", tmp_path)
    app = build(make_app, src, "singlehtml")
    html = (Path(app.outdir) / "index.html").read_text()
    assert 'href="_apidocs/pets/pets.yaml"' in html
    assert (Path(app.outdir) / "_apidocs/pets/pets.bundled.json").is_file()


def two_specs(title: str, op: str) -> str:
    return json.dumps(
        {
            "openapi": "3.0.3",
            "info": {"title": title, "version": "1"},
            "paths": {
                "/x": {"get": {"operationId": op, "responses": {"200": {"description": "ok"}}}}
            },
        }
    )


def test_specs_whose_names_differ_in_punctuation_keep_their_files_apart(
    make_app: Any, tmp_path: Path
) -> None:
    """``My API`` and ``My-API`` have one anchor: each still has a folder of its own for
    its download and its Markdown files."""
    index = "T\n=\n\n" + "".join(
        f".. api-overview:: {n}\n\n.. api-spec:: {n}\n\n" for n in ("My API", "My-API", "my-api")
    )
    src = tmp_path / "src"
    conf = (
        'extensions = ["sphinxext_apidocs"]\n'
        'apidocs_specs = {"My API": "a/api.json", "My-API": "b/api.json", "my-api": "c/api.json"}\n'
    )
    files = {
        "a/api.json": two_specs("First", "first"),
        "b/api.json": two_specs("Second", "second"),
        "c/api.json": two_specs("Third", "third"),
        "index.rst": index,
        "conf.py": conf,
    }
    write_files(src, files)
    app = build(make_app, src)
    out = Path(app.outdir)
    html = (out / "index.html").read_text(encoding="utf-8")
    downloads = [out / h for h in re.findall(r'href="(_apidocs/[^"]+/api\.json)"', html)]
    assert len(set(downloads)) == 3
    titles = {json.loads(d.read_text(encoding="utf-8"))["info"]["title"] for d in downloads}
    assert titles == {"First", "Second", "Third"}
    markdown = sorted(p.name for p in out.glob("_apidocs/*/operations/*.md"))
    assert markdown == ["first.md", "second.md", "third.md"]


def test_the_downloads_no_page_links_to_are_removed(make_app: Any, tmp_path: Path) -> None:
    index = "T\n=\n\n.. api-overview:: api\n\n.. api-overview:: other.json\n"
    other = two_specs("Other", "other")
    src = spec_project(tmp_path, json.loads(other), index=index, files={"other.json": other})
    out = Path(build(make_app, src).outdir) / "_apidocs"
    assert sorted(p.name for p in out.iterdir()) == ["api", "other"]
    write_files(src, {"index.rst": "T\n=\n\n.. api-overview:: api\n\n.. api-spec:: api\n"})
    build(make_app, src)
    assert sorted(p.name for p in out.iterdir()) == ["api"]
    # the Markdown files of llms_files, beside the download, are not downloads
    assert sorted(p.name for p in (out / "api").iterdir()) == ["api.json", "operations"]
