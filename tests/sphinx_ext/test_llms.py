"""llms.txt, llms-full.txt and the Markdown files of operations and schemas (HTML builders)."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from sphinxext_apidocs.render.llms import SchemaText

from ..helpers import build, other_warnings, spec_project

HOSTILE = (
    "Intro <script>alert(1)</script>.\n\n---\ntitle: forged\n---\n\n```\nunclosed\n## Responses\n"
)


def pets(description: str = "Get one pet.") -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1.0", "description": "All the pets. More."},
        "servers": [{"url": "https://pets.example"}],
        "components": {
            "schemas": {
                "Pet": {"type": "object", "properties": {"name": {"type": "string"}}},
            }
        },
        "paths": {
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "summary": "List pets",
                    "tags": ["pets"],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Pet"},
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/pets/{id}": {
                "get": {
                    "operationId": "getPet",
                    "summary": "Get a pet",
                    "description": description,
                    "tags": ["pets"],
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            },
            "/hidden": {
                "get": {"operationId": "hidden", "responses": {"200": {"description": "ok"}}}
            },
        },
    }


PAGES = {
    "index.rst": "Pets\n====\n\n.. toctree::\n\n   pets\n",
    "pets.rst": "Pet operations\n==============\n\n.. api-spec:: api\n   :tags: pets\n",
}


def project(tmp_path: Path, description: str = "Get one pet.", conf: str = "") -> Path:
    return spec_project(
        tmp_path, pets(description), conf=conf, index=PAGES["index.rst"], files=PAGES
    )


def links(markdown: str) -> list[str]:
    return re.findall(r"\]\(([^)]+)\)", markdown)


def test_html_writes_llms_txt_and_a_file_per_rendered_operation(
    make_app: Any, tmp_path: Path
) -> None:
    app = build(make_app, project(tmp_path))
    assert other_warnings(app.warning.getvalue()) == []
    out = Path(app.outdir)
    index = (out / "llms.txt").read_text()
    assert index.startswith("# Pets\n\n> All the pets.\n\n")
    assert "## Pages\n\n- [Pet operations](pets.html): 2 operations\n" in index
    assert "- [GET /pets](_apidocs/api/operations/listPets.md): List pets\n" in index
    assert "- [Pet](_apidocs/api/schemas/Pet.md)" in index
    assert "hidden" not in index  # rendered on no page
    for link in links(index):
        assert (out / link.partition("#")[0]).is_file(), link
    ops = sorted(p.name for p in (out / "_apidocs/api/operations").iterdir())
    assert ops == ["getPet.md", "listPets.md"]
    one = (out / "_apidocs/api/operations/listPets.md").read_text()
    assert one.startswith("# List pets\n\n`GET /pets`\n")
    assert "HTML: <../../../pets.html#listPets>" in one
    assert "Schema: array of [`Pet`](../schemas/Pet.md)" in one
    assert "curl --request GET" in one
    assert 'id="listPets"' in (out / "pets.html").read_text()
    full = (out / "llms-full.txt").read_text()
    assert full.index("### List pets") < full.index("### Get a pet") < full.index("### Pet")


def test_a_hostile_description_stays_inert(make_app: Any, tmp_path: Path) -> None:
    app = build(make_app, project(tmp_path, HOSTILE))
    out = Path(app.outdir)
    for text in (
        (out / "_apidocs/api/operations/getPet.md").read_text(),
        (out / "llms-full.txt").read_text(),
    ):
        tokens = MarkdownIt("commonmark").parse(text)
        assert not [t for t in tokens if t.type in ("html_block", "html_inline", "front_matter")]
        fences = [t.content for t in tokens if t.type == "fence"]
        assert any("## Responses" in f for f in fences)  # code, closed before our sections
        titles = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
        start = titles.index("Get a pet")
        assert titles[start + 1 : start + 6] == [
            "title: forged",  # the description's own heading, inside it
            "Servers",
            "Authentication",
            "Parameters",
            "Responses",
        ]
        assert text.startswith("# ")


def test_dirhtml_links_reach_the_pages(make_app: Any, tmp_path: Path) -> None:
    app = build(make_app, project(tmp_path), "dirhtml")
    out = Path(app.outdir)
    index = (out / "llms.txt").read_text()
    assert "- [Pet operations](pets/): 2 operations" in index
    md = out / "_apidocs/api/operations/getPet.md"
    page = re.search(r"HTML: <([^>]+)>", md.read_text())
    assert page is not None and page[1] == "../../../pets/#getPet"
    target = posixpath.normpath(posixpath.join("_apidocs/api/operations", page[1].split("#")[0]))
    assert (out / target / "index.html").is_file()


@pytest.mark.parametrize("builder", ["latex", "apicheck"])
def test_no_files_for_other_builders(make_app: Any, tmp_path: Path, builder: str) -> None:
    app = build(make_app, project(tmp_path), builder)
    out = Path(app.outdir)
    assert not (out / "llms.txt").exists()
    assert not (out / "_apidocs").exists()


def test_the_option_turns_it_off(make_app: Any, tmp_path: Path) -> None:
    app = build(make_app, project(tmp_path, conf="apidocs_llms_txt = False\n"))
    out = Path(app.outdir)
    assert not (out / "llms.txt").exists()
    assert not (out / "llms-full.txt").exists()
    assert not (out / "_apidocs/api/operations").exists()


def test_files_are_written_only_when_changed(make_app: Any, tmp_path: Path) -> None:
    src = project(tmp_path)
    app = build(make_app, src)
    out = Path(app.outdir)
    files = [out / "llms.txt", out / "_apidocs/api/operations/getPet.md"]
    before = [f.stat().st_mtime_ns for f in files]
    build(make_app, src)
    assert [f.stat().st_mtime_ns for f in files] == before
    (src / "pets.rst").write_text(PAGES["pets.rst"].replace(":tags: pets", ":operations: listPets"))
    build(make_app, src)
    assert not files[1].exists()  # no page renders it any more
    assert "getPet" not in files[0].read_text()


def test_the_markdown_files_never_become_sources(make_app: Any, tmp_path: Path) -> None:
    """A MyST project whose output folder is inside its source folder (as in sphinx.testing)
    and not excluded: the second build does not read the first one's Markdown files."""
    src = project(tmp_path, conf='extensions = ["myst_parser", "sphinxext_apidocs"]\n')
    build(make_app, src)
    app = build(make_app, src)
    assert Path(app.outdir).is_relative_to(src)
    assert sorted(app.env.found_docs) == ["index", "pets"]
    assert "_build/html/_apidocs" not in app.warning.getvalue()


def test_the_markdown_files_never_become_sources_of_another_builder(
    make_app: Any, tmp_path: Path
) -> None:
    """... nor of a text build into another folder after the HTML one."""
    src = project(tmp_path, conf='extensions = ["myst_parser", "sphinxext_apidocs"]\n')
    build(make_app, src)
    app = build(make_app, src, "text")
    assert sorted(app.env.found_docs) == ["index", "pets"]
    assert "_apidocs/" not in app.warning.getvalue()


def test_a_hostile_title_stays_on_its_line(make_app: Any, tmp_path: Path) -> None:
    spec = pets()
    spec["info"].update(title="Pets\r<script>x</script>\r", version="1\u2028# forged")
    app = build(make_app, spec_project(tmp_path, spec, index=PAGES["index.rst"], files=PAGES))
    out = Path(app.outdir)
    for text in ((out / "llms.txt").read_text(), (out / "llms-full.txt").read_text()):
        tokens = MarkdownIt("commonmark").parse(text)
        assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
        titles = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
        assert "forged" not in titles


def test_file_names_differ_also_ignoring_case(make_app: Any, tmp_path: Path) -> None:
    # Pet and pet would be one file on macOS and Windows
    spec = pets()
    spec["components"]["schemas"]["pet"] = {"type": "string"}
    spec["components"]["schemas"]["Pet"]["properties"]["kind"] = {
        "$ref": "#/components/schemas/pet"
    }
    spec["paths"]["/pets/{id}"]["get"]["operationId"] = "ListPets"
    app = build(make_app, spec_project(tmp_path, spec, index=PAGES["index.rst"], files=PAGES))
    out = Path(app.outdir)
    index = (out / "llms.txt").read_text()
    files = [link for link in links(index) if link.startswith("_apidocs/")]
    assert len(files) == 4
    assert len({f.lower() for f in files}) == 4
    assert "- [pet](_apidocs/api/schemas/pet-2.md)" in index
    assert (out / "_apidocs/api/schemas/pet-2.md").read_text().startswith("# pet\n")


def test_a_schema_that_fails_is_reported_and_the_rest_written(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any) -> str:
        raise ValueError("boom")

    monkeypatch.setattr(SchemaText, "full", broken)
    app = build(make_app, project(tmp_path))
    warnings = app.warning.getvalue()
    assert "the Markdown of schema Pet could not be written (ValueError: boom)" in warnings
    assert "[apidocs.internal]" in warnings
    out = Path(app.outdir)
    assert not (out / "_apidocs/api/schemas/Pet.md").exists()
    assert (out / "_apidocs/api/operations/listPets.md").is_file()
    assert "### List pets" in (out / "llms-full.txt").read_text()
    assert "llms.txt" in [p.name for p in out.iterdir()]
