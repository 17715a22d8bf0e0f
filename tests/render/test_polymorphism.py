"""Polymorphism shown completely (issue 19): subtypes that inherit a discriminator,
allOf of oneOf groups, properties narrowed inside allOf, required-only branches, and
branches of parameters; made-up bodies that pick one consistent branch."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from ..helpers import build, spec_project

SPEC = Path(__file__).parents[1] / "specs" / "polymorphism.yaml"


@pytest.fixture
def text(make_app: Any, tmp_path: Path) -> str:
    src = spec_project(tmp_path, SPEC.read_text(encoding="utf-8"), name="api.yaml")
    app = build(make_app, src, "html")
    assert "WARNING" not in app.warning.getvalue()
    return _plain((app.outdir / "index.html").read_text(encoding="utf-8"))


def _plain(page: str) -> str:
    """The text of an HTML page, one space between words; each schema's block starts
    a line ``schema NAME¶``."""
    page = re.sub(r"</?(span|code|a|em|strong)\b[^>]*>", "", page)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def _section(text: str, title: str) -> str:
    """The text of schema ``title`` in the Schemas section, up to the next schema."""
    start = text.index(f"schema {title}¶")
    end = text.find("¶\n", text.find("\nschema ", start + 1))
    return " ".join(text[start : end if end > 0 else None].split())


def test_subtypes_of_a_discriminator_without_mapping_show_their_fields(text: str) -> None:
    pet = _section(text, "Pet")
    assert "petType (Cat → Cat, Dog → Dog, Lizard → Lizard)" in pet
    for label, field in (("Cat", "huntingSkill"), ("Dog", "packSize")):
        assert f'subtype {label} (petType = "{label}")' in pet
        assert field in pet
    assert "subtype Lizard" in pet  # a subtype that adds nothing is still listed
    assert "schema Lizard¶" in text  # and documented among the schemas


def test_all_of_of_two_one_of_groups_shows_both(text: str) -> None:
    shape = _section(text, "Shape")
    for field in ("Circle", "Square", "color", "texture"):
        assert field in shape
    assert "group 1: one of (1): Circle" in shape
    assert "group 2: one of (2)" in shape


def test_a_property_narrowed_in_all_of_shows_the_narrowing(text: str) -> None:
    kind = _section(text, "CatKind")
    assert 'Constant: "cat"' in kind and "What the thing is." in kind


def test_required_only_branches_are_named_by_what_they_require(text: str) -> None:
    assert "one of (1): requires email" in _section(text, "Contact")
    assert "any of (2): requires seds" in _section(text, "Batch")
    assert "option 1" not in text


def test_an_any_of_parameter_shows_its_enum(text: str) -> None:
    flat = " ".join(text.split())
    assert 'any of (2) string: Allowed: "dealValue", "price", "userRating"' in flat


def test_one_of_inside_all_of_and_in_items(text: str) -> None:
    event = _section(text, "Event")
    assert "one of (1): TypeA" in event and "one of (2): TypeB" in event
    assert "array of one of integer, string" in " ".join(text.split())


def test_made_up_bodies_pick_one_consistent_branch(text: str) -> None:
    flat = " ".join(text.split())
    # the parent of subtypes: a subtype's value, the discriminator naming it
    assert '"petType": "Cat", "name": "string", "huntingSkill": "clueless"' in flat
    # and the parent's examples: one per subtype
    pet = _section(text, "Pet")
    assert "Example request body (made from the schema): Cat" in pet  # as the body's
    for subtype in ("Dog", "Lizard"):
        assert f'"petType": "{subtype}"' in pet
    # allOf of two oneOf groups: a branch of each
    assert '"radius": 1.0, "color": "red"' in flat
    assert '"id": "string", "type": "type-a", "a": 0' in flat


def test_conflicting_all_of_declarations_are_shown(make_app: Any, tmp_path: Path) -> None:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "S": {
                    "allOf": [
                        {"properties": {"size": {"type": "string", "const": "big"}}},
                        {"properties": {"size": {"type": "integer", "const": 3}}},
                    ]
                }
            }
        },
    }
    src = spec_project(tmp_path, spec, index="API\n===\n\n.. api-schema:: S\n")
    page = build(make_app, src, "html").outdir.joinpath("index.html").read_text()
    flat = " ".join(_plain(page).split())
    assert "conflicting declarations in allOf: type string and type integer" in flat
    assert "constant 'big' and constant 3" in flat


def test_branches_without_fields_are_lines_of_their_field_s_row(
    make_app: Any, tmp_path: Path
) -> None:
    """Stripe's ``anyOf: [string, enum [""]]``: one row for the field, its branches lines
    of its description; a branch with fields keeps its rows (a field-less one beside it
    is still a line), and its own branches without fields are lines of that branch's
    row, not of the outer field's."""
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "Plain": {"type": "object", "properties": {"n": {"type": "integer"}}},
                "S": {
                    "type": "object",
                    "properties": {
                        "tax_ids": {
                            "description": "The tax IDs.",
                            "anyOf": [
                                {"type": "array", "items": {"type": "string"}},
                                {"type": "string", "enum": [""]},
                            ],
                        },
                        "linked": {
                            "anyOf": [{"$ref": "#/components/schemas/Plain"}, {"type": "string"}]
                        },
                        "cards": {
                            "anyOf": [
                                {"type": "array", "items": {"$ref": "#/components/schemas/Plain"}},
                                {"type": "string"},
                            ]
                        },
                        "list": {
                            "type": "array",
                            "items": {
                                "oneOf": [
                                    {
                                        "title": "Item",
                                        "type": "object",
                                        "properties": {"a": {"type": "string"}},
                                        "oneOf": [{"required": ["a"]}, {"required": ["b"]}],
                                    },
                                    {"type": "string"},
                                ]
                            },
                        },
                        "shape": {
                            "oneOf": [
                                {
                                    "title": "Box",
                                    "type": "object",
                                    "properties": {
                                        "side": {
                                            "oneOf": [
                                                {"type": "integer"},
                                                {"type": "string", "enum": ["big"]},
                                            ]
                                        },
                                        "size": {"type": "integer"},
                                    },
                                    "oneOf": [{"required": ["side"]}, {"required": ["size"]}],
                                },
                                {"type": "string", "enum": ["none"]},
                            ]
                        },
                    },
                },
            }
        },
    }
    index = "API\n===\n\n.. api-schema:: S\n\n.. api-schema:: Plain\n"
    page = build(make_app, spec_project(tmp_path, spec, index=index), "html")
    html_rows = re.findall(r"<tr\b.*?</tr>", page.outdir.joinpath("index.html").read_text(), re.S)
    rows = [_plain(r) for r in html_rows[1:]]  # S's table first, its head left out
    names = [r.split("\n")[0].replace(" ", "") for r in rows]  # <wbr> became a space
    assert names[:3] == ["tax_ids", "linked", "cards"]  # no row of their own for the branches
    tax_ids = " ".join(rows[0].split())
    assert 'The tax IDs. any of (1): array of string any of (2): string Allowed: ""' in tax_ids
    linked = rows[1]
    assert "any of (1): Plain (object)" in " ".join(linked.split())
    assert 'href="#schema-api-Plain"' in html_rows[2]  # the branch links to its schema
    # a branch with fields keeps its row and its fields' rows
    assert 'any of (1): array of <a class="reference internal" href="#schema-api-Plain"' in re.sub(
        r"<(?!a )[^>]*>", "", html_rows[3]
    )
    # in the items of an array too: Item's own branches are lines of Item's row; the
    # field-less branch beside Item is a line of the field's row, Item keeps its rows
    assert names[3:6] == ["list", "list[]", "list[].a"]
    assert "one of (2): string" in " ".join(rows[3].split())
    item = " ".join(rows[4].split())
    assert "one of (1): Item one of (1): requires a one of (2): requires b" in item
    assert names[6:] == ["shape", "shape", "shape.side", "shape.size", "Name", "n"]
    shape, box, side = (" ".join(r.split()) for r in rows[6:9])
    assert 'one of (2): string Allowed: "none"' in shape
    assert "one of (1): Box one of (1): requires side one of (2): requires size" in box
    assert "requires" not in shape  # Box's own branches are lines of Box's row
    assert 'one of (1): integer one of (2): string Allowed: "big"' in side
