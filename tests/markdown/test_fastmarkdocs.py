"""Markdown endpoint sources as FastMarkDocs users write them: ``## Endpoints`` wrappers,
endpoints at levels 2 to 4, ``#####`` sample headings, labelled examples, ``Section:``
lines after the fences, ``---`` separators, ``{base_url}``, file-level error responses,
``general_docs.md``, fences left open."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from sphinxext_apidocs.markdown.merge import MarkdownIndex, filled, merge, unmatched
from sphinxext_apidocs.markdown.parse import MarkdownSource, parse_markdown
from sphinxext_apidocs.spec.model import Location, Operation, Response

from ..helpers import ROOTS, apidocs_warnings, build, copy_root, other_warnings, write_files

ROOT = ROOTS / "test-fastmarkdocs"
SERVICE = ROOT / "md" / "service.md"
#: FastMarkDocs' own example endpoint file, kept beside the project (not in the repository)
SHARED_USERS = Path(__file__).resolve().parents[3] / "shared" / "fastmarkdocs" / "users.md"


def _service() -> MarkdownSource:
    return parse_markdown(SERVICE.read_text(), "md/service.md")


def _text(html: str) -> str:
    body = html[html.index("<section") : html.index('<div class="sphinxsidebar')]
    body = body.replace("<wbr/>", "")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


# -- parsing -------------------------------------------------------------------------


def test_endpoints_at_levels_two_to_four_under_wrapper_headings() -> None:
    source = _service()
    assert [(e.title, e.line) for e in source.endpoints] == [
        ("GET /items", 15),  # ### under "## Endpoints"
        ("POST /items", 48),
        ("GET /health", 76),  # ##
        ("GET /items/{item_id}", 90),  # #### under "## Administration" / "### Item ..."
        ("DELETE /items/{item_id}", 107),
    ]
    assert not source.problems
    # the wrappers, the separators and what the sections read are not left as text
    kept = "\n".join(p.text for p in source.preamble)
    assert kept == (
        "# Items API Documentation\n## Notes\n\n"
        "NOTESTEXT at file level is kept; the list is at `{base_url}/items`."
    )


def test_sub_sections_fastmarkdocs_accepts() -> None:
    listing, create, health, get_item, delete = _service().endpoints
    # "Section:" after the fences sets the tags; the bold first line is the summary
    assert listing.tags == ("Items",) and listing.summary == "List all items"
    assert [(s.language, s.label, s.line) for s in listing.code_samples] == [
        ("bash", "cURL", 24),
        ("python", "Python", 30),
    ]
    labels = [(e.kind, e.status, e.label, e.shared) for e in listing.examples]
    assert labels[0] == ("response", "200", "Success (200 OK)", False)
    assert [(e.kind, e.status, e.label) for e in create.examples if not e.shared] == [
        ("request", None, None),  # "#### Request Body"
        ("response", "201", "Created (201 Created)"),
        ("response", "400", "Invalid Item (400 Bad Request)"),
    ]
    # nothing of these is left over as a heading without text
    for doc in (listing, create, health, get_item, delete):
        assert not doc.sections, doc.title
    # the file's "## Error Responses" goes to every endpoint (merge keeps those it fits)
    assert all(
        e.examples[-1].shared and e.examples[-1].status == "404" for e in _service().endpoints
    )
    assert get_item.tags == delete.tags == ("Admin",)


def test_a_sub_section_name_at_the_endpoints_own_level_continues_it() -> None:
    source = parse_markdown(
        "## Endpoints\n\n### GET /metrics\n\nMetrics.\n\n### Code Examples\n\n"
        "**Python:**\n```python\nprint(1)\n```\n\n### Best Practices\n\nSCRAPE often.\n"
        "\n## Security\n\nOTHER text.\n",
        "m.md",
    )
    (doc,) = source.endpoints
    assert [s.language for s in doc.code_samples] == ["python"]
    # a heading of the section's own level that is not a sub-section name ends it, in place
    assert [p.text for p in source.preamble] == [
        "## Endpoints",
        "### Best Practices\n\nSCRAPE often.\n\n## Security\n\nOTHER text.",
    ]


def test_bold_lines_above_fences_label_them() -> None:
    (doc,) = parse_markdown(
        "## POST /a\n\n### Request Examples\n\n**Administrator:**\n```json\n{}\n```\n\n"
        "### Code Examples\n\n**Python - with a token:**\n```python\nprint(1)\n```\n\n"
        "### Response Examples\n\n**Headers explained:**\n- `204`: no body\n",
        "b.md",
    ).endpoints
    assert [(e.kind, e.label) for e in doc.examples] == [("request", "Administrator")]
    assert [(s.language, s.label) for s in doc.code_samples] == [
        ("python", "Python - with a token")
    ]
    # a bold line that labels no fence is text, kept under its heading
    assert [(s.title, s.text) for s in doc.sections] == [
        ("Response Examples", "**Headers explained:**\n- `204`: no body")
    ]


def test_file_level_error_responses_end_at_the_next_endpoint() -> None:
    source = parse_markdown(
        "## GET /a\n\nA.\n\n## Error Responses\n\n**Gone (410 Gone):**\n```json\n{}\n```\n\n"
        "### GET /b\n\nB.\n\n#### Response Examples\n\n**Fine (200 OK):**\n```json\n[]\n```\n",
        "e.md",
    )
    first, second = source.endpoints
    assert [(e.status, e.shared) for e in second.examples] == [("200", False), ("410", True)]
    assert [(e.status, e.shared) for e in first.examples] == [("410", True)]


def test_overview_describes_the_section_tags_without_front_matter() -> None:
    source = _service()
    assert source.front_matter == {} and source.tags == ("Items", "Admin")
    assert source.overview is not None and "OVERVIEWTEXT" in source.overview.text


def test_an_open_fence_is_closed_before_the_next_heading_with_one_problem() -> None:
    source = parse_markdown((ROOT / "md" / "broken.md").read_text(), "md/broken.md")
    assert [e.title for e in source.endpoints] == ["GET /items", "GET /health"]
    (problem,) = source.problems
    assert (problem.file, problem.line, problem.subtype) == ("md/broken.md", 5, "markdown")
    description = source.endpoints[0].description
    assert description is not None and "## GET /health" not in description.text
    # with no heading after it, it runs to the end of the file: said once
    at_end = parse_markdown("## GET /a\n\nA.\n\n```json\n{}\n\nmore\n", "e.md")
    (problem,) = at_end.problems
    assert problem.line == 5 and "end of the file" in problem.message


def test_a_fence_that_swallows_the_next_fences_opening_is_closed_before_it() -> None:
    source = parse_markdown(
        "## GET /a\n\nA.\n\n### Code Examples\n\n```python\nimport x\n\n# a comment\nx.go()\n\n"
        "### Response Examples\n\n**Fine (200 OK):**\n```json\n[]\n```\n\n"
        "**Gone (410 Gone):**\n```json\n{}\n```\n",
        "s.md",
    )
    (problem,) = source.problems
    assert problem.line == 7 and "before the heading at line 13" in problem.message
    (doc,) = source.endpoints
    assert [s.code for s in doc.code_samples] == ["import x\n\n# a comment\nx.go()\n"]
    assert [(e.status, e.code) for e in doc.examples] == [("200", "[]\n"), ("410", "{}\n")]


def test_placeholders_are_filled() -> None:
    doc = filled(_service().endpoints[0], "https://x.example.com/v1/")
    assert doc.code_samples[0].code.startswith('curl -X GET "https://x.example.com/v1/items"')
    assert all("{base_url}" not in s.code for s in doc.code_samples)
    templated = parse_markdown(
        "## DELETE /a/{id}\n\nSee {base_url}/docs.\n\n### Code Examples\n\n"
        "```text\n{method} {url} {method_lower} {path} {id}\n```\n",
        "p.md",
    ).endpoints[0]
    done = filled(templated, "https://h")
    assert done.code_samples[0].code == "DELETE https://h/a/{id} delete /a/{id} {id}\n"
    assert done.description is not None and done.description.text == "See https://h/docs."


def _op(method: str, path: str, *statuses: str) -> Operation:
    loc = Location("spec.yaml", "/x")
    return Operation(method, path, loc, responses=tuple(Response(s, loc, "d") for s in statuses))


def test_file_level_error_responses_go_where_the_operation_has_the_status() -> None:
    source = _service()
    listing, *_others, delete = source.endpoints
    merged, problems = merge(_op("delete", "/items/{item_id}", "204", "404"), delete)
    assert not problems
    (found,) = [r for r in merged.responses if r.status == "404"]
    assert found.content[0].examples[0].name == "Item Not Found (404 Not Found)"
    merged, problems = merge(_op("get", "/items", "200"), listing)
    assert not problems and [r.status for r in merged.responses] == ["200"]
    # one that fits no endpoint of its file is reported at its line
    ops = [_op("get", "/items", "200"), _op("post", "/items", "201", "400")]
    reports = unmatched(MarkdownIndex.of([source]), ops, "items")
    error = [p for p in reports if "error responses" in p.message]
    assert [(p.file, p.line) for p in error] == [("md/service.md", 116)]


def test_an_error_example_without_status_goes_to_the_first_error_response() -> None:
    doc = parse_markdown(
        '## GET /u/{id}\n\nOne.\n\n### Error Responses\n\n```json\n{"detail": "no"}\n```\n', "e.md"
    ).endpoints[0]
    merged, problems = merge(_op("get", "/u/{id}", "200", "404"), doc)
    assert not problems
    assert [r.status for r in merged.responses if r.content] == ["404"]


# -- builds ---------------------------------------------------------------------------


def test_fastmarkdocs_shapes_build_with_one_located_warning(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = build(make_app, copy_root(ROOT.name, tmp_path))
    # the open fence is the only warning: no docutils "Transition" error, no lexer warning
    assert not other_warnings(app.warning.getvalue())
    (only,) = apidocs_warnings(app.warning.getvalue())
    assert only["location"].endswith("broken.rst:4") and only["subtype"] == "markdown"
    assert only["message"].startswith("md/broken.md:5: the code fence ```json")
    out = Path(app.outdir)
    html = (out / "service.html").read_text()
    text = _text(html)
    assert "{base_url}" not in html
    assert 'curl -X GET "https://items.example.com/v2/items"' in text
    for label in (
        "Success (200 OK)",
        "Created (201 Created)",
        "Invalid Item (400 Bad Request)",
        "Found (200 OK)",
    ):
        assert f"Example {label}" in text, label
    assert "FILEERROR item not found" in text
    # the sample headings label the samples; no heading is left over
    rubrics = re.findall(r'<p class="rubric"[^>]*>(.*?)</p>', html)
    assert not {"cURL", "Python", "Response Example", "Endpoints", "Administration"} & set(rubrics)
    # the file's own text stays where it is written: the notes after the last endpoint
    assert text.index("OVERVIEWTEXT") < text.index("GET /items") < text.index("NOTESTEXT")
    assert "the list is at https://items.example.com/v2/items ." in text
    # general_docs.md through api-markdown: the API's introduction
    general = _text((out / "general.html").read_text())
    assert "GENERALINTRO" in general and 'curl "https://items.example.com/v2/items"' in general
    # "### Request Body" is the request body of an endpoint only the Markdown has
    legacy = _text((out / "legacy.html").read_text())
    assert "Request body Content type: application/json Example" in legacy
    assert '"source" : "https://old.example.com"' in legacy
    broken = _text((out / "broken.html").read_text())
    assert "GET /health" in broken and "Tells whether the service is up." in broken


USERS_SPEC = """\
openapi: 3.0.3
info: {title: Users API, version: "1.0"}
servers: [{url: "http://localhost:8000"}]
paths:
  /users:
    get:
      operationId: listUsers
      parameters:
        - {name: active_only, in: query, schema: {type: boolean}}
      responses:
        "200":
          description: The users.
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/User"}}
    post:
      operationId: createUser
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/NewUser"}
      responses:
        "200":
          description: The user created.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/User"}
  /users/{user_id}:
    parameters:
      - {name: user_id, in: path, required: true, schema: {type: integer}}
    get:
      operationId: getUser
      responses:
        "200":
          description: The user.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/User"}
        "404":
          description: No such user.
          content:
            application/json:
              schema: {type: object, properties: {detail: {type: string}}}
    put:
      operationId: updateUser
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/UserUpdate"}
      responses:
        "200":
          description: The user updated.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/User"}
    delete:
      operationId: deleteUser
      responses:
        "200":
          description: Deleted.
          content:
            application/json:
              schema: {type: object, properties: {message: {type: string}}}
components:
  schemas:
    User:
      type: object
      properties:
        id: {type: integer}
        name: {type: string}
        email: {type: string}
        active: {type: boolean}
    NewUser:
      type: object
      properties:
        name: {type: string}
        email: {type: string}
    UserUpdate:
      type: object
      properties:
        name: {type: string}
        email: {type: string}
        active: {type: boolean}
"""


@pytest.mark.skipif(not SHARED_USERS.is_file(), reason=f"{SHARED_USERS} is not on this machine")
def test_fastmarkdocs_own_users_md_through_api_markdown_and_merged(
    make_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "src"
    write_files(
        src,
        {
            "conf.py": 'extensions = ["sphinxext_apidocs", "myst_parser"]\n'
            'apidocs_specs = {"users": "users.yaml"}\n'
            'apidocs_markdown = ["md"]\n'
            'apidocs_base_url = "https://users.example.com"\n'
            'exclude_patterns = ["md", "_build"]\n',
            "users.yaml": USERS_SPEC,
            "index.rst": "Users\n=====\n\n.. toctree::\n\n   merged\n   file\n",
            "merged.rst": "Merged\n======\n\n.. api-spec:: users\n",
            "file.rst": "File\n====\n\n.. api-markdown:: md/users.md\n   :spec: users\n"
            "   :no-index:\n",
        },
    )
    (src / "md").mkdir()
    shutil.copyfile(SHARED_USERS, src / "md" / "users.md")
    app = build(make_app, src)
    assert not apidocs_warnings(app.warning.getvalue())
    assert not other_warnings(app.warning.getvalue())
    for page in ("merged", "file"):
        html = (Path(app.outdir) / f"{page}.html").read_text()
        text = _text(html)
        assert "{base_url}" not in html
        for op_id in ("listUsers", "getUser", "createUser", "updateUser", "deleteUser"):
            assert f"Operation ID: {op_id}" in text, (page, op_id)
        # the Markdown's examples, the error example under the spec's 404
        assert '"email" : "john.smith@example.com"' in text
        assert '"detail" : "User not found"' in text
        assert "Retrieve detailed information about a specific user." in text
    merged = _text((Path(app.outdir) / "merged.html").read_text())
    # the "Section:" tag groups the operations; the overview describes it
    assert "User Management" in merged and "comprehensive user account management" in merged


# -- sections the spec lacks, whatever the filters -----------------------------------

FILTERED = {
    "conf.py": 'extensions = ["sphinxext_apidocs"]\n'
    'apidocs_specs = {"items": "items.yaml"}\n'
    'apidocs_markdown = ["md"]\n'
    'exclude_patterns = ["md", "_build"]\n',
    "md/extra.md": "## Endpoints\n\n### GET /items\n\nList.\n\n### GET /itemz\n\nTypo.\n",
}


@pytest.mark.parametrize(
    "page",
    [
        ".. api-spec:: items\n   :tags: Nothing\n   :exclude: ^/health\n",
        ".. api-spec:: items\n   :exclude: ^/items\n",
        ".. api-endpoint:: GET /health\n",
    ],
)
def test_sections_the_spec_lacks_warn_whatever_the_filters(
    make_app, tmp_path: Path, page: str
) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "src"
    write_files(src, {**FILTERED, "index.rst": f"T\n=\n\n{page}"})
    shutil.copyfile(ROOT / "items.yaml", src / "items.yaml")
    app = build(make_app, src)
    messages = [w["message"] for w in apidocs_warnings(app.warning.getvalue())]
    assert any(
        m.startswith("md/extra.md:7: GET /itemz is not an operation of spec 'items'")
        for m in messages
    ), messages
