"""spec/enum_values.py: what enum values mean, from the vendor extensions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinxext_apidocs.spec.enum_values import EnumValue, enum_values
from sphinxext_apidocs.spec.model import Location, Schema

from ..helpers import load_text


def schema(enum: tuple[Any, ...] | None, **extensions: Any) -> Schema:
    return Schema(Location("api.yaml"), enum=enum, extensions=tuple(extensions.items()))


def test_a_map_names_values_as_written_or_as_json() -> None:
    found = enum_values(
        schema((1, "b", True, None), **{"x-enumDescriptions": {1: "one", "true": "yes", "b": " "}})
    )
    assert found == (
        EnumValue(1, None, "one"),
        EnumValue("b"),  # a blank description is none
        EnumValue(True, None, "yes"),
        EnumValue(None),
    )
    found = enum_values(schema((1,), **{"x-enumDescriptions": {"1": "one"}}))
    assert found == (EnumValue(1, None, "one"),)


def test_lists_go_with_the_values_in_order_and_either_name_is_read() -> None:
    found = enum_values(
        schema(
            ("a", "b", "c"),
            **{"x-enum-descriptions": ["first", "second"], "x-enumNames": ["A", "B", "C", "D"]},
        )
    )
    assert found == (
        EnumValue("a", "A", "first"),
        EnumValue("b", "B", "second"),
        EnumValue("c", "C"),
    )


def test_nothing_said_is_nothing_found() -> None:
    assert enum_values(schema(("a",))) == ()
    assert enum_values(schema(None, **{"x-enum-varnames": ["A"]})) == ()
    assert enum_values(schema(("a",), **{"x-enumDescriptions": "not a map"})) == ()


def test_what_the_extensions_say_that_is_left_out_is_reported_where_it_is(
    tmp_path: Path,
) -> None:
    """Bad input is never left out in silence: each case a ``structure`` problem at the
    extension's pointer and line, the rest of the schema still read."""
    _spec, problems, _files = load_text(
        tmp_path,
        """
        openapi: 3.1.0
        info: {title: T, version: "1"}
        paths: {}
        components:
          schemas:
            Good:
              enum: [a, 1]
              x-enumDescriptions: {a: A, 1: One}
              x-enum-varnames: [A, ONE]
            NotAMap: {enum: [a], x-enumDescriptions: just text}
            Unknown: {enum: [a, b], x-enumDescriptions: {a: A, c: C}}
            TooLong: {enum: [a], x-enum-varnames: [A, B]}
            NotText: {enum: [a], x-enum-descriptions: [{text: A}]}
            NoEnum: {type: string, x-enumNames: [A]}
            Both: {enum: [a], x-enum-varnames: [A], x-enumNames: [B]}
            BesideRef: {$ref: "#/components/schemas/Good", x-enumDescriptions: {a: A}}
        """,
    )
    found = {p.pointer: (p.subtype, p.line, p.message) for p in problems}
    at = "/components/schemas/"
    assert found.keys() == {
        f"{at}NotAMap/x-enumDescriptions",
        f"{at}Unknown/x-enumDescriptions",
        f"{at}TooLong/x-enum-varnames",
        f"{at}NotText/x-enum-descriptions",
        f"{at}NoEnum/x-enumNames",
        f"{at}Both/x-enumNames",
        f"{at}BesideRef/x-enumDescriptions",
    }
    assert {subtype for subtype, _line, _message in found.values()} == {"structure"}
    assert sorted(line for _subtype, line, _message in found.values()) == list(range(11, 18))
    assert "x-enum-varnames says the same" in found[f"{at}Both/x-enumNames"][2]
    assert "$ref" in found[f"{at}BesideRef/x-enumDescriptions"][2]
    assert "'c'" in found[f"{at}Unknown/x-enumDescriptions"][2]
    assert "1 more" in found[f"{at}TooLong/x-enum-varnames"][2]
