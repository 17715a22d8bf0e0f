"""Vendor extensions in wide use (docs/specs.rst, "Vendor extensions"): ``x-internal``,
``x-enumDescriptions`` and ``x-enum-varnames``, ``x-tagGroups`` in ``api-spec``, and
``x-logo`` in the overview."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from sphinxext_apidocs.render.page_tree import PagesSettings, plan
from sphinxext_apidocs.spec.internal import without_internal
from sphinxext_apidocs.spec.model import Schema

from ..helpers import apidocs_warnings, build, load_text, other_warnings, spec_project


def internal_spec() -> dict[str, Any]:
    ok = {"200": {"description": "ok"}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1"},
        "tags": [{"name": "pets"}, {"name": "admin"}],
        "paths": {
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "tags": ["pets"],
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                        {
                            "name": "X-Debug-Trace",
                            "in": "header",
                            "required": True,  # would be in every code sample
                            "x-internal": True,
                            "schema": {"type": "string"},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Audit"}
                                }
                            },
                        }
                    },
                },
                "delete": {
                    "operationId": "purgePets",
                    "tags": ["admin"],
                    "x-internal": True,
                    "responses": ok,
                },
            },
            "/pets/{id}": {
                "get": {
                    "operationId": "getPet",
                    "tags": ["pets"],
                    "x-internal": "yes",  # only the boolean counts
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": ok,
                },
            },
        },
        "components": {
            "schemas": {
                "Pet": {
                    "type": "object",
                    "required": ["name", "riskScore"],
                    "properties": {
                        "name": {"type": "string"},
                        "riskScore": {"type": "integer", "x-internal": True},
                    },
                },
                "Audit": {
                    "x-internal": True,
                    "type": "object",
                    "properties": {
                        "auditTrail": {"type": "string"},
                        "reviewer": {"type": "string", "x-internal": True},
                    },
                },
                "Secret": {"x-internal": True, "type": "object"},
            }
        },
    }


INTERNAL_PAGES = {
    "index.rst": "API\n===\n\n.. api-spec:: api\n\n.. api-schemas:: api\n",
}


def test_without_internal_drops_internal_operations_schemas_and_their_only_tags(
    tmp_path: Path,
) -> None:
    spec, _problems, _files = load_text(tmp_path, json.dumps(internal_spec()), name="api.json")
    assert spec is not None
    public = without_internal(spec)
    assert [op.operation_id for op in public.operations] == ["listPets", "getPet"]
    assert [p.name for p in public.operations[0].parameters] == ["limit"]
    assert public.operations[1] is spec.find_operation("getPet")  # nothing internal in it
    pet = public.schemas[dict(spec.component_schemas)["Pet"]]
    assert [name for name, _prop in pet.properties] == ["name"] and pet.required == ("name",)
    assert [name for name, _key in public.component_schemas] == ["Pet"]
    assert [tag.name for tag in public.tags] == ["pets"]
    # still resolvable: the public operation that uses Audit shows its fields
    assert set(public.schemas) == set(spec.schemas)


@pytest.mark.parametrize("where", ["parameter", "property"])
def test_an_internal_part_alone_is_noticed(tmp_path: Path, where: str) -> None:
    """The loader notes each kind of part that can be internal: a spec whose only
    internal part is a parameter, or a property, still loses it."""
    marked = {"x-internal": True} if where == "parameter" else {}
    prop = {"type": "string", **({"x-internal": True} if where == "property" else {})}
    spec_text = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "parameters": [{"name": "debug", "in": "query", "schema": {}, **marked}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "object", "properties": {"secret": prop}}
                                }
                            },
                        }
                    },
                }
            }
        },
    }
    spec, _problems, _files = load_text(tmp_path, json.dumps(spec_text), name="api.json")
    assert spec is not None and spec.marks_internal
    [op] = without_internal(spec).operations
    if where == "parameter":
        assert op.parameters == ()
    else:
        schema = op.responses[0].content[0].schema
        assert schema is not None and schema.properties == ()


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_internal_properties_beside_a_ref_and_in_conditions_are_left_out(
    tmp_path: Path, version: str
) -> None:
    """``x-internal`` beside a ``$ref`` (where Redocly reads it too), and internal
    properties in the rules across properties: a rule on an internal property goes
    whole; a demand keeps what it asks of public properties, or goes."""

    def closed(name: str) -> dict[str, Any]:
        return {"properties": {name: {"type": "string", "x-internal": True}, "open": {}}}

    only_internal = {"properties": {"c": {"x-internal": True}}, "required": ["c"]}
    body = {
        "type": "object",
        "required": ["audit"],
        "properties": {
            "name": {"type": "string"},
            "audit": {"$ref": "#/components/schemas/Audit", "x-internal": True},
            "debug": {"type": "boolean", "x-internal": True},
        },
        # a condition on an internal property: the whole rule goes
        "if": {"properties": {"debug": {"const": True}}},
        "then": {"required": ["name"]},
        "dependentSchemas": {
            "name": {**closed("d"), "required": ["debug", "open"]},
            "debug": {"required": ["name"]},
        },
        "dependentRequired": {"name": ["debug", "open"], "audit": ["name"]},
        "unevaluatedProperties": closed("e"),
        # schemas of other rules (of an array or a string, elsewhere): same treatment
        "contains": closed("f"),
        "propertyNames": closed("g"),
        "unevaluatedItems": closed("h"),
        "contentSchema": closed("i"),
        "allOf": [
            # a public condition keeps what it asks of public properties
            {"if": {"properties": {"name": {"const": "x"}}}, "then": closed("b")},
            {"if": {"properties": {"name": {"const": "y"}}}, "else": only_internal},
            # a condition on a property marked internal where it is named
            {"if": {"properties": {"trace": {"x-internal": True}}}, "then": {"required": ["name"]}},
        ],
    }
    spec_text = {
        "openapi": version,
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/a": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": body}}},
                    "responses": {"204": {"description": "ok"}},
                }
            }
        },
        "components": {"schemas": {"Audit": {"type": "object"}}},
    }
    spec, problems, _files = load_text(tmp_path, json.dumps(spec_text), name="api.json")
    assert spec is not None and problems == []
    [op] = without_internal(spec).operations
    assert op.request_body is not None
    schema = op.request_body.content[0].schema
    assert schema is not None and schema.rules is not None
    assert [name for name, _prop in schema.properties] == ["name"] and schema.required == ()

    def names(sub: Schema | bool | None) -> list[str]:
        assert isinstance(sub, Schema)
        return [name for name, _prop in sub.properties]

    rules = schema.rules
    assert rules.if_ is None and rules.then is None
    [(name, dependent)] = rules.dependent_schemas
    assert name == "name" and names(dependent) == ["open"] and dependent.required == ("open",)
    assert rules.dependent_required == (("name", ("open",)),)
    for sub in (
        rules.unevaluated_properties,
        rules.contains,
        rules.property_names,
        rules.unevaluated_items,
        rules.content_schema,
    ):
        assert names(sub) == ["open"]
    public, no_demand, on_internal = (member.rules for member in schema.all_of)
    assert public is not None and names(public.if_) == ["name"] and names(public.then) == ["open"]
    assert no_demand is not None and no_demand.else_ is None
    assert on_internal is not None and on_internal.if_ is None and on_internal.then is None


def test_an_internal_swagger2_form_field_is_left_out(tmp_path: Path) -> None:
    """A ``formData`` parameter is a field of the request body: marked internal, it is
    left out of the body's fields (and of ``required``)."""
    form = [
        {"name": "name", "in": "formData", "type": "string"},
        {"name": "debug", "in": "formData", "type": "string", "required": True, "x-internal": True},
    ]
    spec_text = {
        "swagger": "2.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/a": {"post": {"parameters": form, "responses": {"204": {"description": "ok"}}}}
        },
    }
    spec, _problems, _files = load_text(tmp_path, json.dumps(spec_text), name="api.json")
    assert spec is not None
    [op] = without_internal(spec).operations
    assert op.request_body is not None
    schema = op.request_body.content[0].schema
    assert schema is not None
    assert [name for name, _prop in schema.properties] == ["name"] and schema.required == ()


def test_internal_parts_are_left_out_of_every_output_by_default(
    tmp_path: Path, make_app: Any
) -> None:
    src = spec_project(tmp_path, internal_spec(), index=INTERNAL_PAGES["index.rst"])
    app = build(make_app, src)
    text = app.warning.getvalue()
    assert other_warnings(text) == [] and apidocs_warnings(text) == []
    html = (app.outdir / "index.html").read_text()
    assert "listPets" in html and "getPet" in html
    assert "purgePets" not in html and "DELETE" not in html
    assert "Secret" not in html
    assert "auditTrail" in html  # the public operation still shows its body's fields
    assert "riskScore" not in html and "reviewer" not in html  # internal properties
    objects = app.env.get_domain("api").objects  # type: ignore[attr-defined]
    assert not [key for key in objects if "purgePets" in key or "Secret" in key or "admin" in key]
    llms = (app.outdir / "llms-full.txt").read_text()
    assert "purgePets" not in llms and "DELETE /pets" not in llms
    # an internal parameter: not in its table, the code samples or the llms files
    assert "limit" in html and "X-Debug-Trace" not in html and "X-Debug-Trace" not in llms
    assert "riskScore" not in llms and "reviewer" not in llms


def test_apicheck_does_not_ask_for_internal_parts(tmp_path: Path, make_app: Any) -> None:
    src = spec_project(tmp_path, internal_spec(), index=INTERNAL_PAGES["index.rst"])
    app = build(make_app, src, "apicheck")
    report = json.loads((app.outdir / "apicheck.json").read_text())
    assert report["coverage"][0]["undocumented"] == []
    assert report["coverage"][0]["operations"] == 2
    rules = {f["rule"] for f in report["findings"]}
    assert "operation-undocumented" not in rules and "component-unused" not in rules


def test_apidocs_show_internal_shows_them(tmp_path: Path, make_app: Any) -> None:
    src = spec_project(
        tmp_path,
        internal_spec(),
        index=INTERNAL_PAGES["index.rst"],
        conf="apidocs_show_internal = True\n",
    )
    app = build(make_app, src)
    html = (app.outdir / "index.html").read_text()
    assert "purgePets" in html and "Secret" in html and "X-Debug-Trace" in html
    assert "riskScore" in html and "reviewer" in html


def enum_spec() -> dict[str, Any]:
    status = {
        "type": "string",
        "enum": ["active", "closed", "frozen"],
        "x-enumDescriptions": {"active": "Open for business.", "closed": "Closed for good."},
    }
    level = {
        "type": "integer",
        "enum": [1, 2],
        "x-enum-varnames": ["LOW", "HIGH"],
        "x-enum-descriptions": ["Can wait.", "Urgent."],
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Accounts", "version": "1"},
        "paths": {
            "/accounts": {
                "get": {
                    "operationId": "listAccounts",
                    "parameters": [{"name": "status", "in": "query", "schema": status}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"level": level},
                                    }
                                }
                            },
                        }
                    },
                }
            }
        },
    }


def test_enum_values_are_shown_with_their_names_and_descriptions(
    tmp_path: Path, make_app: Any
) -> None:
    src = spec_project(tmp_path, enum_spec())
    app = build(make_app, src)
    text = app.warning.getvalue()
    assert other_warnings(text) == [] and apidocs_warnings(text) == []
    html = (app.outdir / "index.html").read_text()
    for shown in (
        '<span class="pre">&quot;active&quot;</span></code> — Open for business.',
        '<span class="pre">&quot;closed&quot;</span></code> — Closed for good.',
        '<span class="pre">&quot;frozen&quot;</span></code></p>',  # not described
        '<span class="pre">LOW</span></code>) — Can wait.',
        '<span class="pre">HIGH</span></code>) — Urgent.',
    ):
        assert shown in html, shown
    llms = (app.outdir / "llms-full.txt").read_text()
    assert '`"active"` (Open for business.)' in llms
    assert "`1` (`LOW`; Can wait.)" in llms
    tex = next(build(make_app, src, "latex").outdir.glob("*.tex")).read_text()
    assert "Open for business." in tex and "Urgent." in tex and "LOW" in tex


def tag_group_spec() -> dict[str, Any]:
    def op(tag: str) -> dict[str, Any]:
        return {
            "tags": [tag],
            "operationId": f"{tag}Op",
            "responses": {"200": {"description": "ok"}},
        }

    return {
        "openapi": "3.0.3",
        "info": {"title": "Shop", "version": "1"},
        "tags": [{"name": "pets"}, {"name": "misc"}, {"name": "cats"}, {"name": "orders"}],
        "x-tagGroups": [
            {"name": "Animals", "tags": ["cats", "pets"]},
            {"name": "Shop", "tags": ["orders"]},
        ],
        "paths": {f"/{tag}": {"get": op(tag)} for tag in ("pets", "misc", "cats", "orders")},
    }


def headings(html: str) -> list[str]:
    """``h2 Animals``, ``h3 cats``... in document order (the text before the ¶ link)."""
    found = re.findall(r"<h([1-6])>(.*?)<a class=\"headerlink\"", html)
    return [f"h{level} {re.sub('<[^>]+>', '', text)}" for level, text in found]


def test_a_tag_group_is_a_heading_above_its_tags(tmp_path: Path, make_app: Any) -> None:
    src = spec_project(tmp_path, tag_group_spec())
    app = build(make_app, src)
    assert apidocs_warnings(app.warning.getvalue()) == []
    html = (app.outdir / "index.html").read_text()
    assert headings(html)[:7] == [
        "h1 API",
        "h2 Animals",
        "h3 cats",
        "h3 pets",
        "h2 Shop",
        "h3 orders",
        "h2 misc",
    ]
    # one tag shown (as on a page of apidocs_pages): no heading above it
    src = spec_project(
        tmp_path / "one", tag_group_spec(), index="API\n===\n\n.. api-spec:: api\n   :tags: pets\n"
    )
    html = (build(make_app, src).outdir / "index.html").read_text()
    assert "Animals" not in html


OVERVIEW = "API\n===\n\n.. api-overview:: api\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def logo_spec(**logo: str) -> str:
    fields = "".join(f"\n    {key}: {json.dumps(value)}" for key, value in logo.items())
    return f"openapi: 3.0.3\ninfo:\n  title: Pets\n  version: '1'\n  x-logo:{fields}\npaths: {{}}\n"


def test_a_remote_logo_is_shown_in_html_and_linked_in_latex(tmp_path: Path, make_app: Any) -> None:
    spec = logo_spec(
        url="https://pets.example/logo.png",
        altText="Pet Store",
        backgroundColor="#FAFAFA",
        href="https://pets.example/",
    )
    src = spec_project(tmp_path, spec, index=OVERVIEW)
    app = build(make_app, src)
    assert apidocs_warnings(app.warning.getvalue()) == []
    html = (app.outdir / "index.html").read_text()
    assert '<div style="background-color: #FAFAFA">' in html
    assert re.search(
        r'<a class="reference external" href="https://pets.example/">'
        r'<img alt="Pet Store" src="https://pets.example/logo.png"',
        html,
    )
    app = build(make_app, src, "latex")  # nothing is downloaded: a link instead
    text = app.warning.getvalue()
    assert "remote image" not in text and "fetch" not in text
    tex = next(app.outdir.glob("*.tex")).read_text()
    assert "https://pets.example/logo.png" in tex and "includegraphics" not in tex


def test_a_local_logo_must_be_a_file_inside_the_project(tmp_path: Path, make_app: Any) -> None:
    src = spec_project(
        tmp_path,
        logo_spec(url="img/logo.png", backgroundColor="red;background:url(x)"),
        index=OVERVIEW,
        files={"img/logo.png": PNG},
    )
    app = build(make_app, src)
    assert apidocs_warnings(app.warning.getvalue()) == []
    html = (app.outdir / "index.html").read_text()
    assert re.search(r'<img alt="Pets logo" src="_images/logo.png"', html)
    assert (app.outdir / "_images" / "logo.png").is_file()
    assert "background" not in html.split('class="apidocs-logo')[1][:200]  # not a colour

    (tmp_path / "secret.png").write_bytes(PNG)
    src = spec_project(tmp_path / "out", logo_spec(url="../../secret.png"), index=OVERVIEW)
    (tmp_path / "out" / "secret.png").write_bytes(PNG)
    app = build(make_app, src)
    [found] = apidocs_warnings(app.warning.getvalue())
    assert found["subtype"] == "outside-project"
    assert "api.yaml:6" in found["location"] or "api.yaml:6" in found["message"]
    assert "/info/x-logo/url" in found["message"]
    assert "<img" not in (app.outdir / "index.html").read_text().split("<body")[1]


def test_an_unsafe_logo_link_warns_and_is_not_linked(tmp_path: Path, make_app: Any) -> None:
    spec = logo_spec(url="https://pets.example/logo.png", href="javascript:alert(1)")
    app = build(make_app, spec_project(tmp_path, spec, index=OVERVIEW))
    [found] = apidocs_warnings(app.warning.getvalue())
    assert found["subtype"] == "html" and "/info/x-logo/href" in found["message"]
    html = (app.outdir / "index.html").read_text()
    assert 'src="https://pets.example/logo.png"' in html and "javascript:" not in html


def test_the_projects_own_logo_wins(tmp_path: Path, make_app: Any) -> None:
    src = spec_project(
        tmp_path,
        logo_spec(url="https://pets.example/logo.png"),
        index=OVERVIEW,
        conf='html_logo = "mine.png"\n',
        files={"mine.png": PNG},
    )
    html = (build(make_app, src).outdir / "index.html").read_text()
    assert "pets.example/logo.png" not in html


def test_the_page_tree_index_lists_tags_in_their_tag_groups_order(tmp_path: Path) -> None:
    spec, _problems, _files = load_text(tmp_path, json.dumps(tag_group_spec()), name="api.json")
    assert spec is not None
    index = plan(spec, PagesSettings("api", "api")).pages[0].text
    positions = [
        index.index(entry)
        for entry in (
            "Animals\n---",
            "   cats\n",
            "   pets\n",
            "Shop\n---",
            "   orders\n",
            "   misc\n",
        )
    ]
    assert positions == sorted(positions)


INTERNAL_MARKDOWN = {
    "endpoints/pets.md": "## GET /pets\n\nAll the pets.\n\n## DELETE /pets\n\nPurges every pet.\n",
    "md.rst": "Markdown\n========\n\n.. api-markdown:: endpoints/pets.md\n   :spec: api\n   :no-index:\n",
    "index.rst": "API\n===\n\n.. toctree::\n\n   md\n\n.. api-spec:: api\n",
}


def test_markdown_that_documents_an_internal_operation_is_left_out_like_it(
    tmp_path: Path, make_app: Any
) -> None:
    src = spec_project(
        tmp_path,
        internal_spec(),
        conf='apidocs_markdown = ["endpoints"]\nexclude_patterns = ["endpoints", "_build"]\n',
        index=INTERNAL_MARKDOWN["index.rst"],
        files=INTERNAL_MARKDOWN,
    )
    app = build(make_app, src)
    assert apidocs_warnings(app.warning.getvalue()) == []
    for page in ("index.html", "md.html"):
        html = (app.outdir / page).read_text()
        assert "Purges every pet" not in html
    assert "All the pets." in (app.outdir / "md.html").read_text()
    report = json.loads((build(make_app, src, "apicheck").outdir / "apicheck.json").read_text())
    assert "markdown-unmatched" not in {f["rule"] for f in report["findings"]}


def test_the_page_tree_has_no_page_for_internal_parts(tmp_path: Path, make_app: Any) -> None:
    src = spec_project(
        tmp_path,
        internal_spec(),
        conf='apidocs_pages = {"api": {}}\n',
        index="API\n===\n\n.. toctree::\n\n   api/api/index\n",
    )
    app = build(make_app, src)
    assert apidocs_warnings(app.warning.getvalue()) == []
    written = {p.relative_to(src).as_posix(): p.read_text() for p in (src / "api").rglob("*.rst")}
    assert "api/api/schemas/pet.rst" in written
    assert not [name for name in written if "admin" in name or "secret" in name or "audit" in name]
    assert not [name for name, text in written.items() if "purgePets" in text]


def test_an_api_endpoint_of_an_internal_operation_says_why_it_shows_nothing(
    tmp_path: Path, make_app: Any
) -> None:
    index = "API\n===\n\n.. api-endpoint:: purgePets\n"
    app = build(make_app, spec_project(tmp_path, internal_spec(), index=index))
    [found] = apidocs_warnings(app.warning.getvalue())
    assert found["subtype"] == "unknown-operation"
    assert "is x-internal" in found["message"] and "apidocs_show_internal" in found["message"]
