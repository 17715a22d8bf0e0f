"""The plain Markdown of operations and schemas, and llms.txt (render/llms.py): structure,
and spec text that stays inert."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from sphinxext_apidocs.render.llms import (
    IndexLink,
    OperationText,
    SchemaText,
    code,
    description,
    fenced,
    llms_index,
    one_line,
    operation_markdown,
)
from sphinxext_apidocs.spec.model import ApiSpec
from sphinxext_apidocs.spec.normalize import load_spec

HOSTILE = (
    "Intro <script>alert(1)</script> and <!-- hidden -->.\n\n"
    "---\ntitle: forged\n---\n\n"
    "```\nunclosed fence\n## Responses\n"
)


def spec_of(description_text: str = "Plain.") -> ApiSpec:
    raw: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1"},
        "servers": [{"url": "https://pets.example/v1"}],
        "components": {
            "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
            "schemas": {
                "Pet": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "description": "a | b `c`"},
                        "owner": {"$ref": "#/components/schemas/Owner"},
                        "tags": {"type": "array", "items": {"type": "string"}},
                    },
                },
                "Owner": {
                    "type": "object",
                    "properties": {"pet": {"$ref": "#/components/schemas/Pet"}},
                },
            },
        },
        "security": [{"key": []}],
        "paths": {
            "/pets/{id}": {
                "put": {
                    "operationId": "putPet",
                    "summary": "Replace a pet",
                    "description": description_text,
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        },
                        {"name": "a|b", "in": "query", "schema": {"enum": ["x", "y"]}},
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                        },
                    },
                    "responses": {"204": {"description": "Replaced."}},
                }
            }
        },
    }
    with tempfile.TemporaryDirectory() as root:
        Path(root, "api.json").write_text(json.dumps(raw))
        spec, _problems, _files = load_spec(str(Path(root, "api.json")), root)
    assert spec is not None
    return spec


def markdown(description_text: str = "Plain.", **kwargs: Any) -> str:
    spec = spec_of(description_text)
    return operation_markdown(spec.operations[0], OperationText(spec, **kwargs))


def headings(text: str) -> list[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


def test_an_operation_has_every_section_in_order() -> None:
    text = markdown(page_url="../../../pets.html#putPet", curl="curl --request PUT x\n")
    assert text.startswith("# Replace a pet\n\n`PUT /pets/{id}`\n")
    assert headings(text) == [
        "Replace a pet",
        "Servers",
        "Authentication",
        "Parameters",
        "Request body (required)",
        "Responses",
        "204",
        "Example request (curl)",
    ]
    assert "- Operation ID: `putPet`" in text
    assert "HTML: <../../../pets.html#putPet>" in text
    assert "- `key` (apiKey header X-Key)" in text
    assert "| `id` | path | integer | yes |  |" in text
    assert "```bash\ncurl --request PUT x\n```" in text


def test_a_schema_the_operations_share_is_sampled_once() -> None:
    """One made-up body per schema and context, however many operations show it: the
    second text takes it from the shared dict (a value put there is what it shows)."""
    spec = spec_of()
    made_up: dict[tuple[object, str, str], list[str]] = {}
    first = operation_markdown(spec.operations[0], OperationText(spec, made_up=made_up))
    (key,) = made_up  # the request body's Pet
    assert key[0].endswith("#/components/schemas/Pet") and key[1:] == (
        "request",
        "application/json",
    )
    made_up[key] = ["from the dict"]
    second = operation_markdown(spec.operations[0], OperationText(spec, made_up=made_up))
    assert "from the dict" in second and "from the dict" not in first


def test_a_named_schema_is_named_and_linked_not_expanded() -> None:
    text = markdown(schema_link=lambda name: f"../schemas/{name}.md")
    assert "Schema: [`Pet`](../schemas/Pet.md)" in text
    assert "`owner`" not in text  # its fields are on its own page
    assert '"name": "string"' in text  # the made-up example


def test_the_full_form_of_a_schema_lists_its_fields_and_links_others() -> None:
    spec = spec_of()
    pet = spec.schema_by_name("Pet")
    assert pet is not None
    text = SchemaText(spec, lambda name: f"{name}.md").full("Pet", pet, 1)
    assert text.splitlines()[0] == "# Pet"
    assert "- `name` (string; required): a | b `c`" in text
    assert "- `owner` ([`Owner`](Owner.md))" in text
    assert "- `tags` (array of string)" in text


def test_a_table_cell_escapes_pipes() -> None:
    text = markdown()
    row = next(line for line in text.splitlines() if line.startswith("| `a"))
    assert row.startswith("| `a\\|b` | query |")
    assert len(re.findall(r"(?<!\\)\|", row)) == 6  # five cells


def test_a_hostile_description_stays_in_its_place() -> None:
    text = markdown(HOSTILE)
    # its own fence is closed before our next section (the "## Responses" in it is code);
    # the heading its "---" makes stays inside it, before our sections
    assert headings(text) == [
        "Replace a pet",
        "title: forged",
        "Servers",
        "Authentication",
        "Parameters",
        "Request body (required)",
        "Responses",
        "204",
    ]
    tokens = MarkdownIt("commonmark").parse(text)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
    assert "&lt;script>alert(1)&lt;/script>" in text
    assert text.startswith("# ")  # never front matter


def test_html_inside_code_stays_as_written() -> None:
    assert description("Use `<b>` or\n```\n<i>\n```") == "Use `<b>` or\n```\n<i>\n```"
    assert description("a <b>c</b>") == "a &lt;b>c&lt;/b>"


def test_code_spans_and_fences_hold_any_backticks() -> None:
    assert code("a`b") == "``a`b``"
    assert code("`x`") == "`` `x` ``"
    assert fenced("```\nx\n````") == "`````\n```\nx\n````\n`````"
    tokens = MarkdownIt("commonmark").parse(fenced("```\nx\n````") + "\n\nafter")
    assert tokens[0].type == "fence"
    assert tokens[0].content == "```\nx\n````\n"


def test_llms_index_follows_the_convention() -> None:
    text = llms_index(
        "Pets <b>",
        "All about\npets.",
        "Some prose.",
        [("Pages", [IndexLink("Pets [v1]", "pets.html", "3 operations")]), ("Empty", [])],
    )
    assert text == (
        "# Pets &lt;b>\n\n> All about pets.\n\nSome prose.\n\n"
        "## Pages\n\n- [Pets \\[v1\\]](pets.html): 3 operations\n"
    )


def html_and_headings(text: str) -> list[tuple[str, str]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    return [
        (t.type, tokens[i + 1].content if t.type == "heading_open" else t.content)
        for i, t in enumerate(tokens)
        if t.type in ("html_block", "html_inline", "heading_open")
    ]


def test_no_line_break_of_any_kind_leaves_a_name_s_line() -> None:
    # CommonMark also ends a line at "\r"; "\u2028" is a line break to str.splitlines
    for brk in ("\n", "\r", "\r\n", "\u2028", "\x85"):
        for text in (code(f"p{brk}<script>x</script>{brk}"), code(f"{brk}# forged")):
            assert not [c for c in text if c in "\n\r\u2028\x85"]
        assert one_line(f"a{brk}# b") == "a # b"
    raw: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/a\r<script>x</script>\r": {  # no summary: the title is the heading
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "p\r<script>y</script>\r": {"type": "string"},
                                            "\r# forged": {"type": "string"},
                                            "u\u2028<i>z</i>": {"type": "string"},
                                        },
                                    }
                                }
                            },
                        }
                    }
                }
            }
        },
    }
    with tempfile.TemporaryDirectory() as root:
        Path(root, "api.json").write_text(json.dumps(raw))
        spec, _problems, _files = load_spec(str(Path(root, "api.json")), root)
    assert spec is not None
    text = operation_markdown(spec.operations[0], OperationText(spec))
    assert html_and_headings(text) == [
        ("heading_open", "GET /a &lt;script>x&lt;/script>"),
        ("heading_open", "Authentication"),
        ("heading_open", "Responses"),
        ("heading_open", "200"),
    ]
    assert "\n- `p <script>y</script>` (string)\n" in text
    assert "\n- ` # forged` (string)\n" in text
