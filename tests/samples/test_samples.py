"""Generated payloads validate against their schemas (jsonschema), in their context."""

from __future__ import annotations

import itertools
import math
import os
import tempfile
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

from sphinxext_apidocs.samples.payload import (
    Context,
    SampleProperties,
    body_schemas,
    branch_samples,
    given_example,
    sample,
)
from sphinxext_apidocs.spec.model import MISSING, ApiSpec, Schema
from sphinxext_apidocs.spec.normalize import load_spec
from sphinxext_apidocs.validation.bounds import (
    Unchecked,
    longest_checked,
    readable,
    search,
)
from sphinxext_apidocs.validation.model_validator import MAX_CHECKS, _multiple_of
from sphinxext_apidocs.validation.openapi_keywords import (
    MAX_STEPS,
    LeafCheck,
    openapi_validator_class,
)
from sphinxext_apidocs.validation.validator import SpecValidator

from ..helpers import nested_one_of_schemas

HERE = Path(__file__).parents[1]
SPECS = [
    (HERE / "roots" / "test-basic", "openapi/books.yaml"),
    (HERE / "roots" / "test-basic", "openapi/legacy.json"),
    (HERE.parent / "docs", "openapi/bookstore.yaml"),
    (HERE / "specs", "polymorphism.yaml"),
    (HERE / "specs", "json-schema-2020.yaml"),
]


@pytest.mark.parametrize(("root", "rel"), SPECS, ids=[rel for _, rel in SPECS])
def test_generated_payloads_validate(root: Path, rel: str) -> None:
    spec, _problems, files = load_spec(os.fspath(root / rel), os.fspath(root))
    assert spec is not None
    validator = SpecValidator(spec, os.fspath(root), files)
    checked = 0
    failures = []
    for where, schema, context in body_schemas(spec):
        for properties in ("minimal", "all"):
            value = sample(spec, schema, context, properties=properties)
            failures.extend(f"{where}: {e}" for e in validator.errors(schema, value, context))
        checked += 1
    assert checked >= 2
    assert failures == []


@pytest.mark.parametrize("rel", ["polymorphism.yaml", "json-schema-2020.yaml"])
def test_every_component_and_branch_sample_validates(rel: str) -> None:
    """Each component schema's samples (one per oneOf/anyOf branch), in both contexts,
    validate with jsonschema (Draft 2020-12 for these 3.1 specs)."""
    root = HERE / "specs"
    spec, _problems, files = load_spec(os.fspath(root / rel), os.fspath(root))
    assert spec is not None
    validator = SpecValidator(spec, os.fspath(root), files)
    failures = []
    for name, _key in spec.component_schemas:
        schema = spec.schema_by_name(name)
        assert schema is not None
        for context, properties in itertools.product(("request", "response"), ("minimal", "all")):
            for label, value in branch_samples(spec, schema, context, properties=properties):
                errors = validator.errors(schema, value, context)
                failures.extend(f"{name} {context} {label}: {e}" for e in errors)
    assert failures == []


@contextmanager
def _loaded(text: str) -> Iterator[tuple[ApiSpec, Schema, SpecValidator]]:
    """The spec ``text`` (dedented), its schema ``S`` and a validator of the spec, while
    the spec's file exists."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "api.yaml"
        path.write_text(textwrap.dedent(text))
        spec, problems, files = load_spec(os.fspath(path), tmp)
        assert spec is not None, problems
        schema = spec.schema_by_name("S")
        assert schema is not None
        yield spec, schema, SpecValidator(spec, tmp, files)


def _one(text: str, context: Context | None = None, properties: SampleProperties = "all") -> Any:
    """The sample of schema ``S`` in ``text`` (every optional property, unless asked)."""
    with _loaded(text) as (spec, schema, _validator):
        return sample(spec, schema, context, properties=properties)


HEAD = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ("{type: string, const: c, example: e, enum: [a], default: d}", "c"),
        ("{type: string, example: e, default: d}", "e"),
        ("{type: string, example: e, enum: [a], default: d}", "a"),  # e is not allowed by the enum
        (
            "{type: string, example: 20.04, enum: [a, b], default: d}",
            "a",
        ),  # a bad example is passed over
        ("{type: string, default: d}", "d"),
        ("{type: string, default: 7}", "string"),  # a bad default too
        ("{type: string, format: date-time}", "2024-01-01T12:00:00Z"),
        ("{type: string, format: uuid}", "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        ("{type: string, minLength: 1000000000}", "string" + "x" * 250),  # capped
        ("{type: string, maxLength: 3}", "str"),
        ("{type: string, pattern: '^[0-9]+$'}", "0"),
        (r"{type: string, pattern: '^\p{L}+$'}", "string"),  # Python has no \p{L}: no crash
        # an alternative that gives some text over one that gives none (AWS Chime's)
        ("{type: string, pattern: '^$|^[A-Z]{2,2}$'}", "AA"),
        ("{type: string, format: password, pattern: '^$|^[a-z0-9 ]{2,15}$'}", "aa"),
        ("{type: string, pattern: '^(?:(a)\\1b|)$'}", ""),  # one that cannot be built
        ("{type: string, format: email, pattern: '^$'}", ""),  # only the empty string
        # a pattern any string matches: the format's value, or "string", not ""
        ("{type: string, format: date-time, pattern: '^.*$'}", "2024-01-01T12:00:00Z"),
        ("{type: string, pattern: '^[a-z ]*$'}", "string"),
        (r"{type: string, format: date, pattern: '^(|\d{4}-\d{2}-\d{2})$'}", "2024-01-01"),
        ("{type: integer, minimum: 5, multipleOf: 4}", 8),
        ("{type: number, exclusiveMinimum: 0, maximum: 1, multipleOf: 0.5}", 0.5),
        ("{type: [string, 'null']}", "string"),
        ("{type: boolean}", True),
        ("{type: array, items: {type: integer}, minItems: 100000000}", [0, 0, 0]),
        (
            "{type: array, items: {type: string}, minItems: 2, uniqueItems: true}",
            ["string", "string1"],
        ),
        ("{type: array}", []),
        (
            "{type: string, minLength: five, maxLength: [1]}",
            "string",
        ),  # broken constraints: ignored
        ("{type: array, items: {type: boolean}, minItems: x}", [True]),
        ("{type: integer, minimum: low}", 0),
        ("{type: number, exclusiveMinimum: 1, multipleOf: many}", 2),
    ],
)
def test_precedence_and_constraints(schema: str, expected: Any) -> None:
    assert _one(HEAD + f"    S: {schema}\n") == expected


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        # a condition not met: the else branch
        (
            "{type: object, required: [c], properties: {c: {enum: [CA, US]}, p: {type: string}},"
            " if: {properties: {c: {const: US}}}, then: {required: [p]},"
            " else: {properties: {p: {pattern: '^[0-9]{3}$'}}, required: [p]}}",
            {"c": "CA", "p": "000"},
        ),
        (
            "{type: array, items: {type: integer}, contains: {minimum: 5}, minContains: 2}",
            [5, 5, 0],
        ),
        ("{type: array, prefixItems: [{type: string}], items: false}", ["string"]),
        (
            "{type: object, properties: {a: {type: string}, b: {type: integer}},"
            " required: [a], dependentRequired: {a: [b]}}",
            {"a": "string", "b": 0},
        ),
    ],
)
def test_json_schema_2020_rules_are_followed(schema: str, expected: Any) -> None:
    assert _one(HEAD + "    S: " + schema + "\n", "request", "minimal") == expected


def test_context_recursion_and_composition() -> None:
    spec = (
        HEAD
        + """\
    S:
      type: object
      required: [name]
      properties:
        id: {type: integer, readOnly: true}
        secret: {type: string, writeOnly: true}
        name: {type: string}
        parent: {$ref: '#/components/schemas/S'}
        pet: {$ref: '#/components/schemas/Pet'}
        extra: {allOf: [{type: object, properties: {a: {type: integer}}}, {properties: {b: {type: boolean}}}]}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind, mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}}
    Cat: {type: object, required: [kind], properties: {kind: {type: string}, purrs: {type: boolean}}}
    Dog: {type: object, required: [kind], properties: {kind: {type: string}, barks: {type: boolean}}}
"""
    )
    request = _one(spec, "request")
    response = _one(spec, "response")
    assert "id" not in request and "secret" in request
    assert "id" in response and "secret" not in response
    assert "parent" not in response  # optional recursion is left out
    # purrs alone fits Dog too; JSON Schema's oneOf needs a value Dog refuses
    assert response["pet"] == {"kind": "cat", "purrs": True, "barks": None}
    assert response["extra"] == {"a": 0, "b": True}


# -- validity fixes (benchmarks/bench_samples.py): each test fails without its fix --------

HEAD30 = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"


def _checked(text: str, context: str = "response", *, check: bool = False) -> Any:
    """The sample of schema ``S``, asserted valid by jsonschema (``SpecValidator``)."""
    with _loaded(text) as (spec, schema, validator):

        def validates(s: Any, value: Any) -> bool:
            return not validator.errors(s, value, context)

        kwargs: dict[str, Any] = {"check": validates} if check else {}
        value = sample(spec, schema, context, **kwargs)  # type: ignore[arg-type]
        assert validator.errors(schema, value, context) == [], value
        return value


def test_example_validated_deeply() -> None:
    # e-conomic: an array example whose items break the item schema
    value = _checked(
        HEAD30
        + """\
    S:
      type: array
      example: [{id: '13', name: Patrick}]
      items: {$ref: '#/components/schemas/Item'}
    Item:
      type: object
      additionalProperties: false
      required: [number]
      properties: {number: {type: integer}, name: {type: string, example: John}}
"""
    )
    assert value == [{"number": 0, "name": "John"}]


MINIMAL = (
    HEAD
    + """\
    S:
      type: object
      required: [name]
      properties:
        name: {type: string}
        note: {type: string, example: hello}
        level: {type: integer, default: 3}
        kind: {const: k}
        tags: {type: array, items: {type: string, example: red}}
        other: {type: string}
        pet: {$ref: '#/components/schemas/Pet'}
    Pet:
      type: object
      required: [age]
      discriminator: {propertyName: pet_type}
      properties:
        pet_type: {type: string}
        age: {type: integer, minimum: 1}
        nickname: {type: string}
"""
)


def test_minimal_request_bodies() -> None:
    # required ones, those with an example, default or const; the rest left out,
    # also where an item (not the property) has the example
    assert _one(MINIMAL, "request", "minimal") == {
        "name": "string",
        "note": "hello",
        "level": 3,
        "kind": "k",
    }
    everything = {"name", "note", "level", "kind", "tags", "other", "pet"}
    assert set(_one(MINIMAL, "request", "all")) == everything
    assert set(_one(MINIMAL, "response", "minimal")) == everything  # responses: every field


def test_minimal_keeps_a_discriminator_and_min_properties() -> None:
    pet = MINIMAL.replace("required: [name]", "required: [pet]")
    assert _one(pet, "request", "minimal")["pet"] == {"pet_type": "string", "age": 1}
    many = MINIMAL.replace("required: [name]", "minProperties: 6")
    value = _one(many, "request", "minimal")
    assert len(value) >= 6 and "other" in value


def test_minimal_one_of_branch_takes_a_property_that_tells_it_apart() -> None:
    # GitHub's PUT .../labels: {} fits both branches; labels of strings fits one only
    spec = (
        HEAD
        + """\
    S:
      oneOf:
        - {type: object, properties: {labels: {type: array, minItems: 1, items: {type: string}}}}
        - {type: object, properties: {labels: {type: array, minItems: 1, items: {type: object}}}}
"""
    )
    assert _one(spec, "request", "minimal") == {"labels": ["string"]}


def test_given_example_is_the_schema_s_own_as_written() -> None:
    spec_text = (
        HEAD
        + """\
    S: {$ref: '#/components/schemas/T'}
    T: {type: object, properties: {a: {type: integer}}, example: {a: not a number}}
    U: {type: object, properties: {a: {type: integer, example: 1}}}
"""
    )
    with _loaded(spec_text) as (spec, s, _validator):
        u = spec.schema_by_name("U")
        assert given_example(spec, s) == {"a": "not a number"}  # through the reference
        assert sample(spec, s, "request") == {}  # a made-up value stays valid
        assert given_example(spec, u) is MISSING  # a property's example is not the body's
        assert given_example(spec, None) is MISSING


def test_default_that_fails_its_oneof_is_passed_over() -> None:
    # openai: 3.0 nullable without a type does not allow null, so the default is no value
    value = _checked(
        HEAD30
        + """\
    S:
      nullable: true
      default: null
      oneOf: [{type: string, example: stop}, {type: array, items: {type: string}}]
"""
    )
    assert value == "stop"


def test_first_enum_value_of_the_type() -> None:
    assert _checked(HEAD30 + "    S: {type: number, enum: ['', 1, 2]}\n") == 1


def test_one_of_takes_a_branch_that_validates() -> None:
    # the first branch cannot validate (its bounds contradict): the second is taken
    spec = HEAD + "    S: {oneOf: [{type: integer, minimum: 5, maximum: 1}, {type: string}]}\n"
    assert _checked(spec) == "string"


def test_one_of_branch_with_its_required_properties_only() -> None:
    # readme / GitHub: with every property, the value fits both branches
    value = _checked(
        HEAD
        + """\
    S:
      type: object
      properties: {title: {type: string}, category: {type: string}, slug: {type: string}}
      oneOf: [{required: [title, category]}, {required: [title, slug]}]
"""
    )
    assert value == {"title": "string", "category": "string"}


def test_one_of_later_branch_when_the_first_overlaps_all() -> None:
    # GitHub events: every event is also a PublicEvent (any object); only {} is not a CreateEvent
    value = _checked(
        HEAD
        + """\
    S:
      oneOf:
        - {type: object, required: [ref], properties: {ref: {type: string}}}
        - {type: object, title: PublicEvent}
"""
    )
    assert value == {}


def test_one_of_check_is_asked() -> None:
    text = HEAD + "    S: {anyOf: [{type: string}, {type: integer}]}\n"
    assert _checked(text, check=True) == "string"
    with _loaded(text) as (spec, schema, _validator):
        seen: list[Any] = []

        def no_strings(s: Any, value: Any) -> bool:
            seen.append(value)
            return not isinstance(value, str)

        assert sample(spec, schema, check=no_strings) == 0
        assert seen == ["string", 0]


def test_required_property_no_part_declares() -> None:
    # GitHub: docker metadata requires 'tags' but declares 'tag'
    value = _checked(
        HEAD + "    S: {type: object, required: [tags], properties: {tag: {type: string}}}\n"
    )
    assert value == {"tag": "string", "tags": {}}


def test_property_declared_by_several_all_of_parts() -> None:
    # train-travel: data is an array of objects in one part, of Stations in the other;
    # GitHub: run_id is a number in one part, an integer in the other (0.0 is no draft-4 integer)
    value = _checked(
        HEAD30
        + """\
    S:
      allOf:
        - type: object
          properties:
            data: {type: array, items: {type: object}}
            run_id: {type: number}
        - properties:
            data: {type: array, items: {$ref: '#/components/schemas/Station'}}
            run_id: {type: integer}
    Station: {type: object, required: [id], properties: {id: {type: string}}}
"""
    )
    assert value == {"data": [{"id": "string"}], "run_id": 0}
    assert isinstance(value["run_id"], int)


def test_all_of_additional_properties_false_keeps_out_other_parts() -> None:
    value = _checked(
        HEAD30
        + """\
    S:
      allOf:
        - {type: object, properties: {a: {type: string}}, additionalProperties: false}
        - {type: object, properties: {a: {type: string}, b: {type: string}}}
"""
    )
    assert value == {"a": "string"}


def test_all_of_min_properties_of_a_part() -> None:
    # AWS: tags: allOf [TagMap (minProperties: 1), {description}]
    value = _checked(
        HEAD30
        + """\
    S:
      allOf:
        - {type: object, minProperties: 1, additionalProperties: {type: string}}
        - {description: A list of all tags.}
"""
    )
    assert value == {"key": "string"}


def test_optional_parts_that_cannot_validate_are_left_out() -> None:
    # an optional property whose allOf parts contradict, items outside their type's enum
    value = _checked(
        HEAD30
        + """\
    S:
      type: object
      properties:
        bad: {allOf: [{type: string}, {type: integer}]}
        ratios: {type: array, items: {type: string, enum: [169, 43]}}
        ok: {type: boolean}
"""
    )
    assert value == {"ratios": [], "ok": True}


def test_padding_keeps_the_pattern() -> None:
    text = "{type: string, pattern: '^[0-9a-fA-F]+$', minLength: 40, maxLength: 40}"
    assert _checked(HEAD + f"    S: {text}\n") == "0" * 40


def test_read_only_behind_a_ref_is_not_required_in_requests(tmp_path: Path) -> None:
    """OpenAPI drops a readOnly property from ``required`` in requests, also when the
    readOnly is on the schema the property refers to; the validator must agree."""
    path = tmp_path / "api.yaml"
    path.write_text(
        HEAD
        + "    Id: {type: integer, readOnly: true}\n"
        + "    S:\n"
        + "      type: object\n"
        + "      required: [id, name]\n"
        + "      additionalProperties: false\n"
        + "      properties: {id: {$ref: '#/components/schemas/Id'}, name: {type: string}}\n"
    )
    spec, problems, files = load_spec(os.fspath(path), os.fspath(tmp_path))
    assert spec is not None, problems
    schema = spec.schema_by_name("S")
    assert schema is not None
    validator = SpecValidator(spec, os.fspath(tmp_path), files)
    assert validator.errors(schema, {"name": "x"}, "request") == []
    assert validator.errors(schema, {"name": "x"}, "response") != []
    assert sample(spec, schema, "request") == {"name": "string"}


@pytest.mark.parametrize("base", [jsonschema.Draft4Validator, jsonschema.Draft202012Validator])
def test_the_leaf_shortcut_accepts_only_what_jsonschema_accepts(base: Any) -> None:
    """``LeafCheck`` skips jsonschema for plain leaf schemas (a type, annotations, an
    ``enum`` of strings); whatever it accepts, the validator without it accepts too, and
    it takes the commonest cases."""
    nullable = base is jsonschema.Draft4Validator
    leaf = LeafCheck(nullable=nullable, strict_integer=nullable)
    plain = openapi_validator_class(base, None, nullable=nullable)
    types: list[Any] = [None, "string", "integer", "number", "boolean", "null", ["string", "null"]]
    enums: list[Any] = [None, ["a", "b"], ["a", 1, None, True], [1, 2.0], [], "a"]
    values: list[Any] = ["a", "c", "", 1, 1.0, 2, True, False, None, [], {}, "1"]
    taken = 0
    for kind, enum, flag, annotation in itertools.product(
        types, enums, (None, True), (None, "format")
    ):
        schema: dict[str, Any] = {}
        if kind is not None:
            schema["type"] = kind
        if enum is not None:
            schema["enum"] = enum
        if flag:
            schema["nullable"] = True
        if annotation:
            schema["format"] = "date"
        for value in values:
            if leaf.accepts(schema, value):
                taken += 1
                assert plain(schema).is_valid(value), (schema, value)
    assert taken > 100
    assert leaf.accepts({"type": "string", "enum": ["open", "closed"]}, "open")


# -- bounded work (issue 15): patterns, validity checks, huge numbers -----------------------


def _nested_one_of(depth: int) -> str:
    """A spec whose ``L0`` is a oneOf of 8 branches nested ``depth`` deep."""
    return (
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        + nested_one_of_schemas(depth)
    )


def test_catastrophic_patterns_are_never_run_on_text_they_cannot_afford() -> None:

    for pattern in ("^(a+)+$", "^a*a*a*a*a*a*a*a*a*a*a*$", r"^(\w+\s?)*$", r"^(.*)\1$"):
        assert search(pattern, "a" * 40 + "!") is None, pattern  # not run: not checked
    assert search("^(a+)+$", "aaa") is True  # short text is checked
    assert search("^(a+)+$", "aa!") is False
    # patterns whose worst case grows linearly are run on any text
    for pattern in ("^[a-z]+-[0-9]+$", r"^(\d+)(\.\d+)*$", r"^https?://[a-z]+(\.[a-z]+)*$"):
        assert search(pattern, "a" * 100_000) is False, pattern
    assert search(r"^[a-z]+-[0-9]+$", "a" * 100_000 + "-1") is True
    assert search(r"^\p{L}+$", "abc") is None and not readable(r"^\p{L}+$")


@pytest.mark.parametrize(
    ("pattern", "unit"),
    [
        ("^(a|a)*$", "a"),  # read by Python as a(?:|): two alternatives that match nothing
        ("^(ab?|a)*$", "a"),  # read as a(?:b?|)
        ("^((?i:a)|A)*$", "a"),  # a scoped flag makes both alternatives match "a"
        ("^(?:a(?:a|))*$", "a"),  # the optional a at one iteration's end can start the next
        ("^(?:a?b?a)*$", "aba"),  # "aba" is one iteration or two
        ("^(?:xa?a?|b)*$", "xa"),  # "xa" is matched in two ways, each iteration
        ("^(a|a|a|a|a|a|a|a)*$", "a"),  # eight ways a character
        ("^(a|a){30}$", "a"),  # 2**30 ways, at one length
        ("^(?:|){30}x", "a"),  # 2**30 ways to match nothing
    ],
)
def test_patterns_matching_one_text_in_several_ways_are_never_run_on_text_they_cannot_afford(
    pattern: str, unit: str
) -> None:

    # before: each run for seconds (the first three: 3.5 to 4.5 s), or for ever
    assert search(pattern, unit * (24 // len(unit)) + "!") is None


def _grown_patterns(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Patterns made of smaller ones: repeated, in a row, as alternatives, in groups."""
    repeats = st.sampled_from(["?", "*", "+", "{2}", "{0,3}", "{2,}", "*?", "{1,2}?"])
    some = st.lists(st.one_of(inner, st.just("")), min_size=2, max_size=3)
    return st.one_of(
        st.tuples(inner, repeats).map(lambda t: f"(?:{t[0]}){t[1]}"),
        st.lists(inner, min_size=2, max_size=3).map("".join),
        some.map(lambda alternatives: "(?:" + "|".join(alternatives) + ")"),
        inner.map(lambda p: f"({p})"),
        inner.map(lambda p: f"(?i:{p})"),
    )


#: small patterns over a and b (ASCII letters either case with (?i:))
SMALL_PATTERNS = st.recursive(
    st.sampled_from(["a", "b", "A", "[ab]", "[^b]", "[a-c]", r"\w", "."]),
    _grown_patterns,
    max_leaves=8,
)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(
    pattern=st.tuples(st.sampled_from(["^", ""]), SMALL_PATTERNS, st.sampled_from(["$", ""])),
    unit=st.text(alphabet="abA", min_size=1, max_size=3),
    end=st.sampled_from(["!", "", "b"]),
)
def test_search_runs_a_pattern_only_on_text_it_can_afford(
    pattern: tuple[str, str, str], unit: str, end: str
) -> None:
    """The longest text search runs a pattern on, made to backtrack (a repeated unit that
    fails at its end), is matched in well under a second (its worst case is read as at
    most 2**18 steps); a hole in that reading is a hang here."""

    whole = "".join(pattern)
    longest = longest_checked(whole)
    note(f"{whole!r}: run on text up to {longest} characters")
    if longest is not None and longest < 0:
        assert search(whole, "") is None
        return
    size = 300 if longest is None else min(longest, 300)
    text = ((unit * size)[: max(size - len(end), 0)] + end)[:size]
    started = time.perf_counter()
    assert search(whole, text) is not None
    assert time.perf_counter() - started < 1.0


def _deep_one_of(tmp_path: Path) -> tuple[ApiSpec, Schema, Any]:
    """The spec of :func:`_nested_one_of` six deep, loaded: it, its ``L0``, its files."""
    (tmp_path / "api.yaml").write_text(_nested_one_of(6))
    spec, _problems, files = load_spec(os.fspath(tmp_path / "api.yaml"), os.fspath(tmp_path))
    assert spec is not None
    schema = spec.schema_by_name("L0")
    assert schema is not None
    return spec, schema, files


def test_sampling_a_deep_one_of_stops_at_its_work_budget(tmp_path: Path) -> None:
    spec, schema, _files = _deep_one_of(tmp_path)
    unchecked = Unchecked()
    made = branch_samples(spec, schema, "request", unchecked=unchecked)
    assert len(made) == 8 and all(isinstance(value, dict) for _label, value in made)
    assert unchecked.exhausted  # said, not silent
    assert unchecked.steps == MAX_CHECKS + 1  # counted: the same on every run
    again = Unchecked()
    assert branch_samples(spec, schema, "request", unchecked=again) == made
    assert again.steps == unchecked.steps


def test_validation_stops_at_its_work_budget(tmp_path: Path) -> None:
    spec, schema, files = _deep_one_of(tmp_path)
    validator = SpecValidator(spec, os.fspath(tmp_path), files)
    value: Any = "x"
    for _ in range(6):
        value = {"p": value, "t": 0}
    assert validator.validation_errors(schema, value, "request") == []
    assert validator.unchecked.steps == MAX_STEPS + 1
    assert validator.take_unchecked().exhausted
    assert not validator.take_unchecked()  # taken: forgotten
    # a shallow value is judged as before
    assert validator.validation_errors(schema, {"p": {"p": 1, "t": 0}, "t": 0}, "request")
    assert not validator.take_unchecked()


@pytest.mark.parametrize(
    "schema",
    [
        "{type: string, minLength: 1e309}",
        "{type: string, maxLength: -1e309}",
        "{type: number, multipleOf: 1e308, minimum: 5}",
        "{type: number, multipleOf: 1e-320, minimum: 1.5}",
        "{type: integer, minimum: 1e309}",
        "{type: integer, multipleOf: 1e308, example: 3}",
        "{type: number, exclusiveMinimum: 1e309, multipleOf: 1e-320}",
        "{type: array, minItems: 1e309, maxItems: -1e309, items: {type: string}}",
        "{type: object, minProperties: 1e309, maxProperties: -1e309}",
    ],
)
def test_huge_and_infinite_numbers_are_numbers(schema: str) -> None:
    """No OverflowError: a finite value (within bounds where one fits)."""
    value = _one(HEAD + f"    S: {schema}\n")
    assert value is not None
    if isinstance(value, float):
        assert math.isfinite(value)
    if "multipleOf: 1e308" in schema and "example" not in schema:
        assert value == 1e308


def test_multiple_of_agrees_with_jsonschema() -> None:

    validator = jsonschema.Draft4Validator
    for value, step in ((1e300, 1e-300), (10**400, 3), (3, 1e308), (1.5, 1e-320), (6, 1.5)):
        expected = validator({"multipleOf": step}).is_valid(value)
        assert _multiple_of(value, step) == expected, (value, step)


# -- a oneOf value that more than one branch accepts is set apart ------------------------


def _branch_values(
    text: str, context: Context = "request", limit: int = 10
) -> list[tuple[str, Any]]:
    """The branch samples of schema ``S`` (minimal request bodies; the first ``limit``
    branches), each asserted valid by jsonschema."""
    with _loaded(text) as (spec, schema, validator):
        made = branch_samples(spec, schema, context, limit=limit)
        for label, value in made:
            assert validator.errors(schema, value, context) == [], (label, value)
        return made


def test_one_of_open_objects_set_apart_by_a_property_of_the_other_branch() -> None:
    # oas-examples polymorphism: {} and {a, b} fit both open objects; only a property the
    # other branch declares, with a value of a type it refuses, fits one branch only
    text = (
        HEAD30
        + """\
    S:
      oneOf:
        - {title: First, type: object, properties: {a: {type: string}, b: {type: string}}}
        - {title: Second, type: object, properties: {c: {type: string}, d: {type: string}}}
"""
    )
    assert _checked(text, "request") == {"c": None}
    assert _checked(text, "response") == {"a": "string", "b": "string", "c": None}
    assert _branch_values(text) == [("First", {"c": None}), ("Second", {"a": None})]


def test_one_of_set_apart_takes_a_value_a_nullable_property_refuses() -> None:
    text = (
        HEAD30
        + """\
    S:
      oneOf:
        - {type: object, properties: {a: {type: string}}}
        - {type: object, properties: {c: {type: string, nullable: true}}}
"""
    )
    assert _checked(text, "request") == {"c": 0}


def test_one_of_of_references_sharing_properties_set_apart() -> None:
    # GitHub's PUT /repos/{owner}/{repo}/contents/{path} 409: two error objects that share
    # message and status, each with a property of its own
    value = _checked(
        HEAD30
        + """\
    S:
      oneOf: [{$ref: '#/components/schemas/Basic'}, {$ref: '#/components/schemas/Rule'}]
    Basic:
      type: object
      properties: {message: {type: string}, url: {type: string}}
    Rule:
      type: object
      properties:
        message: {type: string}
        metadata: {type: object, properties: {secret: {type: string}}}
"""
    )
    assert value == {"message": "string", "url": "string", "metadata": None}


def test_one_of_branch_samples_take_every_property_when_the_required_ones_overlap() -> None:
    # oas-examples polymorphism /one-of-complex: with its required properties only, each
    # branch fits every other; its optional objects (their own required names) tell it apart
    nested = "{type: object, required: [%s], properties: {%s: {type: string}}}"
    text = (
        HEAD30
        + f"""\
    S:
      type: object
      oneOf:
        - title: Andalucia
          type: object
          required: [listing_id]
          properties: {{listing_id: {{type: integer}}, registration: {nested % ("email", "email")}}}
        - title: Baltimore
          type: object
          required: [listing_id]
          properties: {{listing_id: {{type: integer}}, registration: {nested % ("date", "date")}}}
"""
    )
    made = _branch_values(text)
    assert [label for label, _value in made] == ["Andalucia", "Baltimore"]
    assert made[0][1] == {"listing_id": 0, "registration": {"email": "string"}}


def test_one_of_with_a_discriminator_is_set_apart() -> None:
    # oas-examples polymorphism PATCH /pets: {pet_type: Cat} fits Dog too for JSON Schema;
    # OpenAPI 3.2 says the discriminator must not change the outcome of validation, so
    # the Cat is set apart by a value Dog refuses (what a strict validator accepts)
    value = _one(
        HEAD30
        + """\
    S:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: pet_type}
    Pet:
      type: object
      required: [pet_type]
      properties: {pet_type: {type: string}}
      discriminator: {propertyName: pet_type}
    Cat:
      allOf:
        - {$ref: '#/components/schemas/Pet'}
        - {type: object, properties: {hunts: {type: boolean}}}
    Dog:
      allOf:
        - {$ref: '#/components/schemas/Pet'}
        - {type: object, properties: {bark: {type: boolean}}}
""",
        "request",
    )
    assert value == {"pet_type": "Cat", "hunts": True, "bark": None}


def test_one_of_set_apart_by_leaving_out_what_another_branch_requires() -> None:
    # oas-examples polymorphism /one-of-complex: with every property, Andalucia fits Chicago
    # (which requires registration), with the required ones only it fits Catalonia (which
    # refuses its exemption): without registration, it fits Andalucia only
    made = _branch_values(
        HEAD30
        + """\
    S:
      oneOf:
        - type: object
          required: [a]
          properties:
            a: {type: string}
            r: {type: object}
            e: {type: object, required: [k], properties: {k: {enum: [1]}}}
        - {type: object, required: [a, r], properties: {a: {type: string}, r: {type: object}}}
        - {type: object, required: [a], properties: {a: {type: string}, e: {required: [z]}}}
""",
        "response",
        limit=1,
    )
    assert made == [("option 1", {"a": "string", "e": {"k": 1}})]
