"""Markdown endpoint sources: parsing, merging into the spec, and whole builds."""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sphinxext_apidocs.markdown.merge import MarkdownIndex, merge, operation_from, unmatched
from sphinxext_apidocs.markdown.parse import MarkdownSource, parse_markdown
from sphinxext_apidocs.render.code_samples import hand_written
from sphinxext_apidocs.spec.files import inside
from sphinxext_apidocs.spec.model import ApiSpec, Location, Operation, Parameter, Response
from sphinxext_apidocs.spec.normalize import load_spec
from sphinxext_apidocs.sphinx_ext.discovery import markdown_files

from ..helpers import ROOTS, apidocs_warnings, build, copy_root, other_warnings, write_files

ROOT = ROOTS / "test-markdown"
USERS = ROOT / "endpoints" / "users.md"


def _parse(text: str, file: str = "x.md") -> MarkdownSource:
    return parse_markdown(text, file)


def _users() -> MarkdownSource:
    return _parse(USERS.read_text(), "endpoints/users.md")


def _spec() -> ApiSpec:
    spec = load_spec((ROOT / "users.yaml").resolve(), ROOT.resolve())[0]
    assert spec is not None
    return spec


# -- parsing -------------------------------------------------------------------------


def test_endpoints_come_from_heading_tokens_not_lines() -> None:
    source = _users()
    titles = [(e.title, e.line) for e in source.endpoints]
    # "## POST /not/an/endpoint" is inside a fenced block: code, not an endpoint
    assert titles == [
        ("GET /users/{id}", 13),
        ("GET /users", 71),
        ("GET /users", 75),
        ("PUT /usrs", 79),
    ]
    assert source.front_matter == {"spec": "users", "tags": ["Users"]}
    assert source.spec == "users" and source.tags == ("Users",)
    assert source.overview is not None and "from the Markdown source" in source.overview.text


@pytest.mark.parametrize("level", [2, 3, 4])
def test_levels_two_to_four_open_endpoints(level: int) -> None:
    hashes = "#" * level
    source = _parse(f"{hashes} delete /a/{{b}}\n\nGone.\n\n{hashes}# Notes\n\nSome.\n")
    (doc,) = source.endpoints
    assert doc.title == "DELETE /a/{b}" and doc.summary == "Gone."
    assert [s.title for s in doc.sections] == ["Notes"]


def test_level_one_and_five_headings_are_not_endpoints() -> None:
    assert not _parse("# GET /a\n\n##### GET /b\n").endpoints


def test_description_summary_and_section_tags() -> None:
    doc = _users().endpoints[0]
    assert doc.summary == "Fetch one user by id."
    assert doc.description is not None
    assert doc.description.line == 15
    assert "Section:" not in doc.description.text
    assert doc.tags == ("Users", "Accounts")
    # the "Section:" line is blanked, not removed: lines below keep their numbers
    assert doc.description.text.splitlines()[4] == "```markdown"


def test_parameter_items() -> None:
    source = _parse(
        "## GET /a/{id}\n\n### Parameters\n\n"
        "- `id` (string, required): The id.\n"
        "- **limit** (int, optional): At most this many.\n"
        "- sort: The order.\n"
        "- `q`\n"
        "- not a parameter at all\n"
    )
    doc = source.endpoints[0]
    found = [(p.name, p.type, p.required, p.description, p.line) for p in doc.parameters]
    assert found == [
        ("id", "string", True, "The id.", 5),
        ("limit", "int", False, "At most this many.", 6),
        ("sort", None, None, "The order.", 7),
        ("q", None, None, "", 8),
    ]
    (problem,) = source.problems
    assert problem.line == 9 and "'not a parameter at all'" in problem.message
    # what could not be read is kept, as written, after the operation
    assert [(s.title, s.text, s.line) for s in doc.sections] == [
        ("Parameters", "- not a parameter at all", 9)
    ]


def test_examples_take_their_status_from_fence_info_label_line_or_heading() -> None:
    doc = _parse(
        '## POST /a\n\n### Request Example\n\n```json\n{"a": 1}\n```\n\n'
        '### Response Examples\n\n**Created (201):**\n\n```json\n{"id": 1}\n```\n\n'
        '```json 409\n{"error": "conflict"}\n```\n\n#### 422 Unprocessable\n\n```xml\n<e/>\n```\n'
    ).endpoints[0]
    found = [(e.kind, e.status, e.label, e.language, e.line) for e in doc.examples]
    assert found == [
        ("request", None, None, "json", 5),
        ("response", "201", "Created (201)", "json", 13),
        ("response", "409", None, "json", 17),
        ("response", "422", "422 Unprocessable", "xml", 23),
    ]


def test_code_samples_several_per_language() -> None:
    doc = _users().endpoints[0]
    assert [s.language for s in doc.code_samples] == ["bash", "python", "python"]


def test_prose_sections_keep_their_own_headings_and_line_numbers() -> None:
    doc = _users().endpoints[0]
    (notes,) = doc.sections[-1:]
    # the text starts at its first line (58), and keeps its line count
    assert notes.title == "Rate limits" and notes.line == 58
    lines = notes.text.splitlines()
    assert lines[0] == ":::{note}" and lines[67 - 58] == "##### Deeper heading"


def test_bad_front_matter_is_a_problem() -> None:
    source = _parse("---\n- a list\n---\n## GET /a\n")
    assert [p.message for p in source.problems] == ["front matter must be a mapping (spec:, tags:)"]
    assert source.endpoints


# -- merging ------------------------------------------------------------------------


def test_merge_rules() -> None:
    spec = _spec()
    op = spec.find_operation("getUser")
    assert op is not None
    doc = _users().endpoints[0]
    merged, problems = merge(op, doc)
    params = {p.name: p for p in merged.parameters}
    # Markdown wins for descriptions; the spec for locations and types; {id} is {user_id}
    assert params["user_id"].description == "The user's id, from Markdown."
    assert params["user_id"].location_in == "path"
    assert params["expand"].location_in == "query"
    assert params["fields"].location_in == "query"  # documented only: kept, with a warning
    assert merged.summary == "Fetch one user by id."
    assert merged.tags == ("Users", "Accounts")
    statuses = [r.status for r in merged.responses]
    assert statuses == ["200", "404", "410"]
    ok = merged.responses[0].content[0]
    assert ok.schema is not None  # the spec's schema stays
    assert [(e.name, e.value) for e in ok.examples] == [
        ("Success (200)", {"id": "u1", "name": "Ada"})
    ]
    samples = [(s.language, s.code.strip()) for s in hand_written(merged)]
    assert samples[0] == (
        "curl",
        "curl https://api.example.com/v1/users/u1 --header 'X-Hand: written'",
    )
    assert [lang for lang, _ in samples] == ["curl", "python", "python"]
    assert sorted((p.line, p.message) for p in problems) == [
        (
            13,
            "GET /users/{id}: the spec names the path parameters {user_id} "
            "(GET /users/{user_id}); the spec's names are used",
        ),
        (27, "GET /users/{id}: the spec has no parameter 'fields'; it is shown as documented"),
        (38, "GET /users/{id}: the spec has no response 410; the example is shown under it"),
    ]


def test_the_spec_summary_wins_and_markdown_samples_replace_the_specs_own() -> None:
    loc = Location("api.yaml", "/paths/~1a/get")
    op = Operation(
        "get",
        "/a",
        loc,
        summary="Spec summary",
        extensions=(
            (
                "x-codeSamples",
                [{"lang": "shell", "source": "spec curl"}, {"lang": "go", "source": "spec go"}],
            ),
        ),
        responses=(Response("200", loc),),
    )
    doc = _parse(
        "## GET /a\n\nMarkdown summary.\n\n### Code Samples\n\n```sh\nmd curl\n```\n"
    ).endpoints[0]
    merged, problems = merge(op, doc)
    assert merged.summary == "Spec summary" and not problems
    assert [(s.language, s.code.strip()) for s in hand_written(merged)] == [
        ("curl", "md curl"),
        ("go", "spec go"),
    ]


def test_sections_the_spec_does_not_have_and_duplicates() -> None:
    index = MarkdownIndex.of([_users()])
    problems = unmatched(index, _spec().operations, "users")
    assert [(p.line, p.message) for p in problems] == [
        (79, "PUT /usrs is not an operation of spec 'users'; did you mean 'GET /users'?")
    ]
    duplicate = [p for p in index.problems if "twice" in p.message]
    assert [(p.line, p.message) for p in duplicate] == [
        (
            75,
            "GET /users is documented twice; the section at endpoints/users.md:71 is used, "
            "this one is ignored",
        )
    ]


def test_an_endpoint_no_spec_has_is_an_operation_of_its_own() -> None:
    doc = parse_markdown((ROOT / "standalone.md").read_text(), "standalone.md").endpoints[0]
    op = operation_from(doc)
    assert (op.method, op.path, op.summary) == (
        "post",
        "/legacy/items/{item_id}/notes",
        "Add a note to an item.",
    )
    assert [(p.name, p.location_in, p.required) for p in op.parameters] == [
        ("item_id", "path", True),
        ("notify", "query", False),
    ]
    assert op.request_body is not None
    assert op.request_body.content[0].examples[0].value == {"text": "hello"}
    assert [r.status for r in op.responses] == ["201"]


def test_parameter_without_a_spec_parameter_list() -> None:
    loc = Location("a.yaml")
    op = Operation("get", "/a", loc, parameters=(Parameter("x", "query", loc),))
    doc = _parse("## GET /a\n\n### Parameters\n\n- `x` (string): From Markdown.\n").endpoints[0]
    merged, problems = merge(op, doc)
    assert merged.parameters[0].description == "From Markdown." and not problems


# -- builds ---------------------------------------------------------------------------


def _build(make_app, tmp_path: Path, builder: str = "html", **overrides: object):  # type: ignore[no-untyped-def]
    return build(make_app, copy_root(ROOT.name, tmp_path), builder, confoverrides=overrides)


def _text(html: str) -> str:
    body = html[html.index("<section") : html.index('<div class="sphinxsidebar')]
    body = body.replace("<wbr/>", "")  # a place to wrap a long name, not a space
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


EXPECTED_WARNINGS = [
    (
        "reference.rst:4",
        "endpoints/users.md:13: GET /users/{id}: the spec names the path "
        "parameters {user_id} (GET /users/{user_id}); the spec's names are used",
    ),
    (
        "reference.rst:4",
        "endpoints/users.md:27: GET /users/{id}: the spec has no parameter "
        "'fields'; it is shown as documented",
    ),
    (
        "reference.rst:4",
        "endpoints/users.md:28: parameter line 'this line is not a parameter' "
        "does not read ``- `name` (type, required): description``; shown as written after the "
        "operation",
    ),
    (
        "reference.rst:4",
        "endpoints/users.md:38: GET /users/{id}: the spec has no response 410; "
        "the example is shown under it",
    ),
    (
        "reference.rst:4",
        "endpoints/users.md:75: GET /users is documented twice; the section at "
        "endpoints/users.md:71 is used, this one is ignored",
    ),
    (
        "reference.rst:4",
        "endpoints/users.md:79: PUT /usrs is not an operation of spec 'users'; "
        "did you mean 'GET /users'?",
    ),
]


def test_build_merges_markdown_into_the_spec(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = _build(make_app, tmp_path)
    found = apidocs_warnings(app.warning.getvalue())
    # problems of the file itself are reported by the first page that reads it
    assert {w["location"].rsplit("/", 1)[-1] for w in found} <= {"myst.md:3", "reference.rst:4"}
    assert sorted(w["message"] for w in found) == sorted(m for _, m in EXPECTED_WARNINGS)
    assert not other_warnings(app.warning.getvalue())
    html = (Path(app.outdir) / "reference.html").read_text()
    text = _text(html)
    # general_docs.md above everything, the file's overview as the tag's description
    assert "Welcome to the Users API , from general_docs.md" in text
    assert "Everything about users , from the Markdown source." in text
    assert "Spec description of users" not in text
    # the description is MyST: a cross-reference to the schema resolves
    assert re.search(r'<a class="reference internal" href="#schema-users-User"', html)
    assert "The user’s id, from Markdown." in text or "The user's id, from Markdown." in text
    # hand-written samples replace the generated one of their language
    assert "X-Hand: written" in text and "hand-written python one" in text
    assert "hand-written python two" in text
    get_user = text[text.index("GET /users/{user_id}") : text.index("DELETE /users/{user_id}")]
    assert "--request GET" not in get_user
    # prose sub-sections: admonition, mermaid fence, deeper heading as a rubric
    assert '<div class="admonition note">' in html
    assert len(re.findall(r'<pre\s+class="mermaid">', html)) == 1
    assert "Client-&gt;&gt;API" in html
    assert re.search(r'<p class="rubric"[^>]*>Deeper heading</p>', html)
    assert "- this line is not a parameter" in text or "this line is not a parameter" in text
    # examples and the response the spec lacks
    assert "Success (200)" in text and "410" in text and '"gone"' in html


def test_api_markdown_renders_endpoints_no_spec_has(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = _build(make_app, tmp_path)
    text = _text((Path(app.outdir) / "legacy.html").read_text())
    assert "POST /legacy/items/{item_id}/notes" in text and "GET /legacy/ping" in text
    assert "Path parameters Name Type Description item_id required string The item." in text
    assert "Query parameters Name Type Description notify boolean Tell the owner." in text
    assert "--url 'https://api.example.com/legacy/items/ITEM_ID/notes'" in text
    assert "Ping. Ping." not in text  # the summary is not repeated by its description


def test_a_translated_source_takes_precedence(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = _build(make_app, tmp_path, language="de")
    text = _text((Path(app.outdir) / "myst.html").read_text())
    assert "Einen Benutzer löschen." in text
    # the extension's own words, from its German catalogue
    assert "Antworten" in text and "Codebeispiele" in text and "Pfadparameter" in text
    assert "Responses" not in text


def test_editing_a_markdown_source_rebuilds_the_pages_that_use_it(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = _build(make_app, tmp_path)
    source = Path(app.srcdir) / "endpoints" / "users.md"
    source.write_text(source.read_text().replace("List users.", "List every user."))
    again = build(make_app, app.srcdir)
    assert "List every user." in (Path(again.outdir) / "reference.html").read_text()


def test_markdown_patterns_that_find_nothing_or_leave_the_project(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("## GET /users\n\nSecret text.\n")
    app = _build(
        make_app,
        tmp_path,
        apidocs_markdown=["endpoints", "nothing-here", "../outside", "/etc/*.md"],
    )
    config = [w for w in apidocs_warnings(app.warning.getvalue()) if w["subtype"] == "config"]
    assert [w["message"] for w in config] == [
        f"apidocs_markdown: {p!r} finds no Markdown file inside the project"
        for p in ("nothing-here", "../outside", "/etc/*.md")
    ]
    html = (Path(app.outdir) / "reference.html").read_text()
    assert "Secret text" not in html and "List users." in html


# -- found in review: each once a defect ---------------------------------------------


def _project(tmp_path: Path, conf: str, files: dict[str, str]) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copyfile(ROOT / "users.yaml", src / "users.yaml")
    write_files(src, {"conf.py": conf, **files})
    return src


CONF = (
    'extensions = ["sphinxext_apidocs"{extra}]\n'
    'apidocs_specs = {{"users": "users.yaml"}}\n'
    'apidocs_markdown = ["md"]\n'
    'apidocs_sample_languages = ["curl"]\n'
    'exclude_patterns = ["md", "_build"]\n'
)


def test_without_myst_parser_prose_is_commonmark_and_markdown_only_tags_render(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    src = _project(
        tmp_path,
        CONF.format(extra=""),
        {
            "index.rst": "T\n=\n\n.. api-spec:: users\n",
            "md/users.md": "## DELETE /users/{user_id}\n\nDELETEDESC with *emphasis*.\n\n"
            "Section: Admin\n\n### Notes\n\n```mermaid\nflowchart LR\n  a --> b\n```\n",
        },
    )
    app = build(make_app, src)
    assert not other_warnings(app.warning.getvalue())
    html = (Path(app.outdir) / "index.html").read_text()
    assert "DELETEDESC with <em>emphasis</em>." in html  # CommonMark without myst_parser
    assert 'id="tag-Admin"' in html  # a tag only the Markdown gives is a group
    assert len(re.findall(r'<pre\s+class="mermaid">', html)) == 1


def test_file_level_text_near_misses_and_leftovers_are_kept_or_reported(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    src = _project(
        tmp_path,
        CONF.format(extra=', "myst_parser"'),
        {
            "index.rst": "T\n=\n\n.. api-markdown:: md/extra.md\n   :spec: users\n",
            "md/extra.md": "# Extra\n\nINTRO text.\n\n## Endpoints\n\n"
            "### GET /users/{user_id} and more\n\nNEARMISS.\n\n"
            "### GET /users\n\nList.\n\n#### Parameters\n\nPARAMINTRO paragraph.\n\n"
            "- `limit` (integer): How many.\n\n  SECONDPARA of limit.\n\n"
            "#### Response Examples\n\nEXAMPLEINTRO text.\n\n##### 200 OK\n\n```json\n[]\n```\n\n"
            "```xml\n<users/>\n```\n",
        },
    )
    app = build(make_app, src)
    text = _text((Path(app.outdir) / "index.html").read_text())
    for marker in (
        "INTRO text.",
        "NEARMISS.",
        "PARAMINTRO paragraph.",
        "SECONDPARA of limit.",
        "EXAMPLEINTRO text.",
    ):
        assert marker in text, marker
    messages = [w["message"] for w in apidocs_warnings(app.warning.getvalue())]
    assert any(
        "heading 'GET /users/{user_id} and more' is not read as an endpoint" in m for m in messages
    )
    # a status from a heading holds for every fence under it
    assert "Example 200 OK" in text and "Content type: application/xml" in text


def test_general_docs_outside_the_project_is_not_read(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.md"
    secret.write_text("SECRET from outside.\n")
    src = _project(
        tmp_path,
        CONF.format(extra=', "myst_parser"'),
        {"index.rst": "T\n=\n\n.. api-spec:: users\n", "md/users.md": "## GET /users\n\nList.\n"},
    )
    (src / "md" / "general_docs.md").symlink_to(secret)
    app = build(make_app, src)
    assert "SECRET" not in (Path(app.outdir) / "index.html").read_text()


def test_two_specs_without_front_matter_give_no_false_warnings(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = _project(
        tmp_path,
        CONF.format(extra=', "myst_parser"').replace(
            '{"users": "users.yaml"}', '{"users": "users.yaml", "plain": "plain.yaml"}'
        ),
        {
            "index.rst": "T\n=\n\n.. api-spec:: users\n\n.. api-spec:: plain\n",
            "plain.yaml": "openapi: 3.0.3\ninfo: {title: P, version: '1'}\npaths:\n  /ping:\n"
            "    get:\n      responses:\n        '200': {description: OK}\n",
            "md/users.md": "## GET /users\n\nList.\n",
            "md/ping.md": "## GET /ping\n\nPING prose.\n",
        },
    )
    app = build(make_app, src)
    assert apidocs_warnings(app.warning.getvalue()) == []
    assert "PING prose." in (Path(app.outdir) / "index.html").read_text()


def test_a_new_markdown_file_rebuilds_the_pages_that_use_the_folder(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    src = _project(
        tmp_path,
        CONF.format(extra=', "myst_parser"'),
        {"index.rst": "T\n=\n\n.. api-spec:: users\n", "md/users.md": "## GET /users\n\nList.\n"},
    )
    make_app("html", srcdir=src).build()
    (src / "md" / "more.md").write_text("## DELETE /users/{user_id}\n\nNEWFILE prose.\n")
    again = build(make_app, src)
    assert "NEWFILE prose." in (Path(again.outdir) / "index.html").read_text()


def test_translations_are_recognised_only_beside_their_original(tmp_path: Path) -> None:
    for name in (
        "md/users.md",
        "md/users.de.md",
        "md/billing.de.md",
        "md/users.old.md",
        "md/api/items.md",
        "md/de/users.md",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("## GET /x\n")
    found = {
        Path(p).relative_to(tmp_path.resolve()).as_posix()
        for p in markdown_files(["md"], str(tmp_path), None)
    }
    assert found == {"md/users.md", "md/billing.de.md", "md/users.old.md", "md/api/items.md"}
    german = {
        Path(p).relative_to(tmp_path.resolve()).as_posix()
        for p in markdown_files(["md/**/*.md"], str(tmp_path), "de")
    }
    assert (
        "md/users.de.md" in german
        and "md/de/users.md" not in german
        and "md/users.md" not in german
    )


# -- hostile and unusual Markdown sources (issue 15) ----------------------------------

UP = "../" * 12  # from the page's folder, past the root of any temporary folder


def test_deep_front_matter_is_a_warning_at_the_markdown_line() -> None:
    deep = "[" * 3000 + "]" * 3000
    source = _parse(f"---\nspec: users\nx: {deep}\n---\n## GET /a\n\nList.\n", "md/a.md")
    (problem,) = source.problems
    assert (problem.subtype, problem.file, problem.line) == ("depth", "md/a.md", 3)
    assert source.front_matter == {} and source.endpoints
    # the hardened loader's other rules hold too: YAML 1.2 scalars, duplicate keys
    source = _parse("---\nspec: users\ntags: [Users]\ntags: [Other]\nwhen: yes\n---\n")
    assert source.front_matter == {"spec": "users", "tags": ["Other"], "when": "yes"}
    assert [(p.subtype, p.line) for p in source.problems] == [("duplicate-key", 4)]
    assert _parse("---\n---\n## GET /a\n").problems == ()


def test_unreadable_markdown_folders_and_files_are_reported(tmp_path: Path) -> None:
    from unittest import mock

    for name in ("md/users.md", "md/locked/items.md", "md/other.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("## GET /x\n")
    real_is_file, real_scandir = Path.is_file, os.scandir

    def is_file(path: Path) -> bool:
        if path.name == "other.md":
            raise PermissionError(13, "Permission denied", str(path))
        return real_is_file(path)

    def scandir(path: Any = ".") -> Any:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    unreadable: list[str] = []
    with mock.patch.object(Path, "is_file", is_file), mock.patch("os.scandir", scandir):
        found = markdown_files(["md"], str(tmp_path), None, unreadable)
    root = tmp_path.resolve()
    assert [Path(p).relative_to(root).as_posix() for p in found] == ["md/users.md"]
    assert sorted(Path(p).relative_to(root).as_posix() for p in unreadable) == [
        "md/locked",
        "md/other.md",
    ]


def test_an_unreadable_markdown_folder_warns_as_config_an_unreadable_file_as_file(  # type: ignore[no-untyped-def]
    make_app, tmp_path: Path
) -> None:
    from unittest import mock

    src = _project(
        tmp_path,
        CONF.format(extra=', "myst_parser"'),
        {
            "index.rst": "T\n=\n\n.. api-spec:: users\n",
            "md/users.md": "## GET /users\n\nList.\n",
            "md/locked/items.md": "## GET /items\n\nItems.\n",
        },
    )
    real_scandir, real_open = os.scandir, os.open

    def scandir(path: Any = ".") -> Any:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def open_file(path: Any, *args: Any, **kwargs: Any) -> int:
        if Path(path).name == "users.md":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    with mock.patch("os.scandir", scandir), mock.patch("os.open", open_file):
        app = build(make_app, src)
    found = apidocs_warnings(app.warning.getvalue())
    assert sorted((w["subtype"], "cannot be read" in w["message"]) for w in found) == [
        ("config", True),
        ("file", True),
    ], found
    (folder,) = [w["message"] for w in found if w["subtype"] == "config"]
    (file,) = [w["message"] for w in found if w["subtype"] == "file"]
    assert str(src.resolve() / "md" / "locked") in folder and "md/users.md" in file, found


def _hostile_build(src: Path, builder: str = "html") -> subprocess.CompletedProcess[str]:
    """A build in a child process, killed after 60 s, with 2 GB of address space."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2]), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, "-N", "-q", str(src), str(src / "_b")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        preexec_fn=limit,
        check=False,
    )


NESTED_INCLUDES = f"""## GET /users

List.

:::{{note}}
```{{include}} {UP}dev/zero
```
:::

````{{admonition}} Four backticks
```{{literalinclude}} {UP}dev/zero
```
````

::::{{note}}
:::{{important}}
```{{eval-rst}}
.. include:: {UP}dev/zero
```
:::
::::

:::{{note}}
```{{include}} md/fifo.md
```
:::

:::{{note}}
```{{eval-rst}}
.. raw:: html
   :file: zero-link
```
:::

:::{{note}}
```{{include}} inside.md
```
:::
"""


def test_includes_nested_in_fences_read_only_regular_files_of_the_project(
    tmp_path: Path,
) -> None:
    src = _project(
        tmp_path,
        CONF.format(extra=', "myst_parser"') + 'myst_enable_extensions = ["colon_fence"]\n',
        {
            "index.rst": "T\n=\n\n.. api-markdown:: md/users.md\n   :spec: users\n",
            "md/users.md": NESTED_INCLUDES,
            "inside.md": "INSIDE the project.\n",
        },
    )
    os.mkfifo(src / "md" / "fifo.md")  # opening it would block the build forever
    (src / "md" / "zero-link").symlink_to("/dev/zero")
    done = _hostile_build(src)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-3000:]
    found = apidocs_warnings(done.stderr)
    refused = sorted((int(w["message"].split(":")[1]), w["subtype"]) for w in found)
    # the FIFO inside the project is not a regular file, the rest lead outside it
    out = "outside-project"
    nested = 19 if (19, out) in refused else 18  # MyST numbers a fence two deep one on
    assert refused == [(6, out), (11, out), (nested, out), (24, "file"), (30, out)], done.stderr
    assert "error reading file" not in done.stderr
    html = (src / "_b" / "index.html").read_text()
    assert "INSIDE the project." in html


ANY_DIRECTIVE_READS = f"""## GET /users

List.

```{{graphviz}} md/fifo.dot
```

```{{graphviz}} {UP}dev/zero
```

```{{eval-rst}}
.. graphviz:: {UP}dev/zero
```

```{{include}} <isonum.txt>
```

```{{eval-rst}}
.. include:: <isonum.txt>
```

```{{eval-rst}}
.. include:: {UP}
   dev/zero
```

```{{code-block}} python
CODE_BLOCK_SHOWN
```

```{{graphviz}} md/loop
```
"""


def test_any_directive_reads_only_regular_files_of_the_project(tmp_path: Path) -> None:
    """Any extension's directive may read the file its argument names (graphviz does),
    and an include may name one of docutils' own files (``<isonum.txt>``) or a path
    over two lines: none of them is run."""
    src = _project(
        tmp_path,
        CONF.format(extra=', "myst_parser", "sphinx.ext.graphviz"'),
        {
            "index.rst": "T\n=\n\n.. api-markdown:: md/users.md\n   :spec: users\n",
            "md/users.md": ANY_DIRECTIVE_READS,
        },
    )
    os.mkfifo(src / "md" / "fifo.dot")  # graphviz reading it would block the build
    (src / "md" / "python").mkdir()  # a folder named as the code-block's language
    (src / "md" / "loop").symlink_to("loop")
    done = _hostile_build(src)  # a build that blocks fails the test when it times out
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-3000:]
    refused = [(w["subtype"], w["message"].split(":")[:2]) for w in apidocs_warnings(done.stderr)]
    assert refused == [
        ("file", ["md/users.md", "5"]),
        ("outside-project", ["md/users.md", "8"]),
        ("outside-project", ["md/users.md", "12"]),
        ("outside-project", ["md/users.md", "15"]),
        ("outside-project", ["md/users.md", "19"]),
        ("outside-project", ["md/users.md", "23"]),
        ("file", ["md/users.md", "31"]),
    ], done.stderr
    assert "CODE_BLOCK_SHOWN" in (src / "_b" / "index.html").read_text()


IMAGES_AND_DOWNLOADS = """## GET /users

List.

### FIFO image

![fifo](md/fifo.png)

### FIFO download

{download}`fifo <md/fifo.png>`

### Image by a pattern

![secret](../outside/secret.*)

### From the source folder

![logo](/logo.png) and {download}`notes </notes.txt>`
"""


def test_images_and_downloads_read_only_regular_files_of_the_project(tmp_path: Path) -> None:
    """Images and downloads are looked for where directives' files are, by the same
    rule: a FIFO or a file outside the project is not shown; ``/`` is the source folder
    for Sphinx, and the file system's root only where something is there."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.png").write_bytes(b"OUTSIDE-SECRET")
    src = _project(
        tmp_path,
        CONF.format(extra=', "myst_parser"'),
        {
            "index.rst": "T\n=\n\n.. api-markdown:: md/users.md\n   :spec: users\n",
            "md/users.md": IMAGES_AND_DOWNLOADS,
            "logo.png": "LOGO",
            "notes.txt": "NOTES",
        },
    )
    os.mkfifo(src / "md" / "fifo.png")  # copying it would block, or fail
    done = _hostile_build(src)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-3000:]
    refused = [(w["subtype"], w["message"].split(":")[:2]) for w in apidocs_warnings(done.stderr)]
    assert refused == [
        ("file", ["md/users.md", "7"]),
        ("file", ["md/users.md", "11"]),
        ("outside-project", ["md/users.md", "15"]),
    ], done.stderr
    out = src / "_b"
    assert sorted(p.name for p in out.glob("_images/*")) == ["logo.png"]
    assert [p.name for p in out.glob("_downloads/*/*")] == ["notes.txt"]


def test_inside_is_below_the_root_with_symlinks_resolved(tmp_path: Path) -> None:
    root = tmp_path / "src"
    (root / "md").mkdir(parents=True)
    (tmp_path / "src-other").mkdir()
    (root / "md" / "out").symlink_to(tmp_path / "src-other")
    (tmp_path / "link").symlink_to(root)
    assert inside(str(root), str(root)) and inside(str(root / "md" / "none.md"), str(root))
    assert inside(str(root / "md"), str(tmp_path / "link"))  # the root is resolved too
    assert not inside(str(tmp_path / "src-other"), str(root))  # not a prefix of a name
    assert not inside(str(root / "md" / "out" / "x.md"), str(root))
    assert not inside(str(root / ".." / "x.md"), str(root))


EVERY_DIRECTIVE = """## GET /users

List, with a footnote[^1] and a named one[^note].

[^1]: FOOTNOTE one.
[^note]: FOOTNOTE named.

### Notes

```{contents}
```

```{sectnum}
```

```{eval-rst}
Auto [#]_ and symbol [*]_ footnotes, and a citation [CIT]_.

.. [#] FOOTNOTE auto.
.. [*] FOOTNOTE symbol.
.. [CIT] CITATION text.

.. contents::
   :local:
```

```{mermaid}
---
config:
  theme: forest
---
flowchart LR
  a --> b
```

```{mermaid}
:zoom:
:caption: Zoomed
:align: center
:config: {"theme": "forest"}

flowchart LR
  c --> d
```

```{mermaid}
:config: not json

flowchart LR
  e --> f
```

(deep-label)=
#### Deep heading
"""


@pytest.mark.parametrize("builder", ["html", "latex", "text"])
def test_every_directive_myst_offers_builds(make_app, tmp_path: Path, builder: str) -> None:  # type: ignore[no-untyped-def]
    src = _project(
        tmp_path,
        CONF.format(extra=', "myst_parser", "sphinxcontrib.mermaid"'),
        {
            "index.rst": "T\n=\n\nSee :ref:`deep-label`.\n\n"
            ".. api-markdown:: md/users.md\n   :spec: users\n",
            "md/users.md": EVERY_DIRECTIVE,
        },
    )
    app = build(make_app, src, builder)
    suffix = {"html": ".html", "latex": ".tex", "text": ".txt"}[builder]
    text = next(Path(app.outdir).glob("*" + suffix)).read_text()
    for marker in ("FOOTNOTE one", "FOOTNOTE named", "FOOTNOTE auto", "FOOTNOTE symbol"):
        assert marker in text, marker
    # a {mermaid} whose config is not JSON (sphinxcontrib-mermaid raises): a warning at
    # its line, its text shown as written
    failed = apidocs_warnings(app.warning.getvalue())
    assert [(w["subtype"], w["message"].split(":")[:2]) for w in failed] == [
        ("markdown", ["md/users.md", "27"]),
        ("markdown", ["md/users.md", "46"]),
    ]
    if builder != "latex":  # (there sectnum's numbers and the Mermaid CLI may warn)
        assert not other_warnings(app.warning.getvalue())
    assert ":config: not json" in text
    if builder == "html":
        assert len(re.findall(r'<a class="footnote-reference', text)) == 4
        assert len(re.findall(r'<pre\s[^>]*class="mermaid', text)) == 1
        # a (label)= target in a Markdown source is a target of the page
        assert 'href="#deep-label"' in text and 'id="deep-label"' in text


def test_zoomable_diagrams_are_the_same_in_every_build(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = {
        "index.rst": "T\n=\n\n.. api-markdown:: md/users.md\n   :spec: users\n",
        "md/users.md": "## GET /users\n\nList.\n\n```{mermaid}\n:zoom:\n\nflowchart LR\n"
        "  a --> b\n```\n\n```{mermaid}\n:zoom:\n\nflowchart LR\n  c --> d\n```\n",
    }
    pages = []
    for n in range(2):
        (tmp_path / str(n)).mkdir()
        src = _project(
            tmp_path / str(n), CONF.format(extra=', "myst_parser", "sphinxcontrib.mermaid"'), files
        )
        app = build(make_app, src)
        pages.append((Path(app.outdir) / "index.html").read_text())
    assert pages[0] == pages[1]
    assert len(set(re.findall(r'data-zoom-id="([^"]+)"', pages[0]))) == 2


def test_general_docs_describe_the_configured_specs_only(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A spec a directive names by its path (the manual's OpenAPI 3.2 example beside its
    configured spec) is not the API ``general_docs.md`` describes."""
    src = _project(
        tmp_path,
        CONF.format(extra=', "myst_parser"'),
        {
            "index.rst": "T\n=\n\n.. api-spec:: users\n\n.. api-overview:: other.yaml\n",
            "other.yaml": "openapi: 3.2.0\ninfo: {title: Other, version: '1'}\npaths: {}\n",
            "md/users.md": "## GET /users\n\nList.\n",
            "md/general_docs.md": "GENERAL prose.\n",
        },
    )
    app = build(make_app, src)
    html = (Path(app.outdir) / "index.html").read_text()
    assert html.count("GENERAL prose.") == 1
    assert html.index("GENERAL prose.") < html.index("Other</strong>")


def test_query_headings_are_endpoints_and_other_methods_are_not() -> None:
    """``QUERY`` (OpenAPI 3.2) in any case; another method (``LINK``, or a misspelt one)
    is reported, not read."""
    source = parse_markdown(
        "## query /products\n\nSearch.\n\n## LINK /products/{id}\n\nLink.\n",
        "v32.md",
    )
    assert [(e.method, e.path) for e in source.endpoints] == [("query", "/products")]
    assert [p.line for p in source.problems] == [5]
