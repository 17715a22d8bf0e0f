"""spec/enum_values.py: what enum values mean, from the vendor extensions."""

from __future__ import annotations

from typing import Any

from sphinxext_apidocs.spec.enum_values import EnumValue, enum_values
from sphinxext_apidocs.spec.model import Location, Schema


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
