"""Unit tests for :mod:`sphinxext_apidocs.spec.loader` (hazards 1-11 of HAZARDS.md)."""

from __future__ import annotations

import ast
import codecs
import copy
import json
import math
import pickle
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from sphinxext_apidocs.spec import yaml_source
from sphinxext_apidocs.spec.document import MAX_DEPTH, LoadedDocument
from sphinxext_apidocs.spec.json_positions import JsonLines
from sphinxext_apidocs.spec.loader import DEFAULT_MAX_BYTES, load_document
from sphinxext_apidocs.spec.normalize import load_spec
from sphinxext_apidocs.spec.numbers import SourceFloat
from sphinxext_apidocs.spec.pointer import escape_token
from sphinxext_apidocs.spec.yaml_source import ALIAS_EXPANSION_LIMIT

from ..helpers import CORPUS, needs_corpus

ROOT = Path(__file__).resolve().parents[2]


def load(text: str | bytes, path: str = "spec.yaml", **kwargs: Any) -> LoadedDocument:
    content = text.encode() if isinstance(text, str) else text
    return load_document(content, path, **kwargs)


def subtypes(doc: LoadedDocument) -> list[str]:
    return [p.subtype for p in doc.problems]


def expanded_size(data: object) -> int:
    """Nodes in ``data`` with every shared object counted each time it is reached."""
    memo: dict[int, int] = {}

    def size(node: object) -> int:
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            return 1
        if id(node) not in memo:
            memo[id(node)] = 1 + sum(size(c) for c in children)
        return memo[id(node)]

    return size(data)


def distinct_nodes(data: object) -> int:
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return len(seen)


@pytest.fixture(params=["libyaml", "pure"])
def both_loaders(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with libyaml's parser (when installed) and with PyYAML's pure Python one."""
    if request.param == "libyaml":
        if not getattr(yaml, "__with_libyaml__", False):
            pytest.skip("libyaml not available")
        monkeypatch.setattr(yaml_source, "_YamlLoader", yaml.CSafeLoader)
    else:
        monkeypatch.setattr(yaml_source, "_YamlLoader", yaml.SafeLoader)
    return str(request.param)


# -- hazard 1: object tags ----------------------------------------------------


def test_python_object_tag_warns_and_runs_nothing(tmp_path: Path, both_loaders: str) -> None:
    marker = tmp_path / "ran"
    doc = load(
        f"""\
openapi: 3.0.0
info:
  title: t
  x-evil: !!python/object/apply:os.system ["touch {marker}"]
  x-name: !!python/name:os.system
  x-new: !!python/object/new:builtins.dict {{a: 1}}
"""
    )
    assert not marker.exists()
    assert doc.data is not None
    info = doc.data["info"]  # type: ignore[index]
    assert info["x-evil"] == [f"touch {marker}"]
    assert info["x-name"] == ""
    assert info["x-new"] == {"a": 1}
    unsafe = [p for p in doc.problems if p.subtype == "unsafe"]
    assert len(unsafe) == 3 and len(doc.problems) == 3
    assert "!!python/object/apply:os.system" in unsafe[0].message
    assert (unsafe[0].line, unsafe[0].pointer, unsafe[0].file) == (4, "/info/x-evil", "spec.yaml")


def test_local_tags_warn_once_per_tag_and_keep_the_value() -> None:
    doc = load("a: !Ref b\nc: !Ref d\ne: !Sub [x, y]\n")
    assert doc.data == {"a": "b", "c": "d", "e": ["x", "y"]}
    assert [(p.subtype, p.line) for p in doc.problems] == [("unsafe", 1), ("unsafe", 3)]
    assert "!Ref (2 times)" in doc.problems[0].message


# -- hazard 2: billion laughs -------------------------------------------------


def laughs(levels: int = 9, fanout: int = 9, indent: str = "") -> str:
    lines = [f"{indent}l0: &l0 [{', '.join(['lol'] * fanout)}]"]
    for i in range(1, levels):
        lines.append(f"{indent}l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * fanout)}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("where", ["x-lol", "components"])
def test_billion_laughs_is_bounded(where: str, both_loaders: str) -> None:
    if where == "x-lol":
        text = "openapi: 3.0.0\nx-lol:\n" + laughs(indent="  ")
    else:
        text = "openapi: 3.0.0\ncomponents:\n  examples:\n    lol:\n      value:\n" + laughs(
            indent="        "
        )
    assert len(text) < 700
    doc = load(text)
    assert subtypes(doc) == ["alias"]
    problem = doc.problems[0]
    assert problem.line is not None and problem.pointer
    assert "placeholder" in problem.message
    # what any later walk sees is bounded, and memory holds only a few objects
    assert expanded_size(doc.data) <= ALIAS_EXPANSION_LIMIT + 1000
    assert distinct_nodes(doc.data) < 200
    assert "<alias *l" in json.dumps(doc.data)


def test_huge_fanout_laughs_is_bounded() -> None:
    doc = load(laughs(levels=30, fanout=30))
    assert subtypes(doc) == ["alias"]
    assert expanded_size(doc.data) <= ALIAS_EXPANSION_LIMIT + 1000


# -- hazard 3: legitimate reuse ----------------------------------------------


def test_thousand_flat_anchors_reused_without_warning() -> None:
    defs = "".join(f"  d{i}: &d{i} {{type: string, description: text {i}}}\n" for i in range(1000))
    uses = "".join(f"  - [*d{i}, *d{i}, *d{i}]\n" for i in range(1000))
    doc = load(f"openapi: 3.0.0\ndefs:\n{defs}uses:\n{uses}")
    assert doc.problems == []
    data: Any = doc.data
    assert data["uses"][7][2] is data["defs"]["d7"]  # constructed once, shared


def test_few_levels_of_reuse_without_warning() -> None:
    doc = load(
        "a: &a {x: 1, y: [1, 2, 3]}\n"
        "b: &b {a1: *a, a2: *a, a3: *a}\n"
        "c: &c {b1: *b, b2: *b, b3: *b}\n"
        "d: {c1: *c, c2: *c, c3: *c}\n"
    )
    assert doc.problems == []
    data: Any = doc.data
    assert data["d"]["c2"]["b3"]["a1"] == {"x": 1, "y": [1, 2, 3]}


# -- hazard 4: cyclic aliases -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("a: &x {b: *x}\n", ["a", "b"]),
        ("a: &x [1, *x]\n", ["a", 1]),
        ("a: &x\n  b:\n    c: [*x]\n", ["a", "b", "c", 0]),
    ],
)
def test_cyclic_alias_is_a_placeholder(text: str, path: list[Any], both_loaders: str) -> None:
    doc = load(text)
    assert subtypes(doc) == ["alias"]
    assert doc.problems[0].line == text.count("\n", 0, text.index("*x")) + 1
    value: Any = doc.data
    for step in path:
        value = value[step]
    assert value == "<alias *x omitted: refers to itself>"
    json.dumps(doc.data)  # acyclic


# -- hazard 5: flow nesting 30,000 deep (libyaml's composer crashes on it) ------


DEEP_SCRIPT = """
import sys, yaml
sys.path.insert(0, {root!r})
from sphinxext_apidocs.spec import loader, yaml_source
if getattr(yaml, "__with_libyaml__", False):
    assert yaml_source._YamlLoader is yaml.CSafeLoader
for text, path in [
    ("[" * 30000 + "]" * 30000, "deep.yaml"),
    ("[" * 30000 + "]" * 30000, "deep.json"),
    ("{{a: " * 30000 + "1" + "}}" * 30000, "deep.yaml"),
    ("- " * 30000 + "x\\n", "deep.yaml"),
    ("[" * 200000, "unclosed.yaml"),
]:
    doc = loader.load_document(text.encode(), path)
    print(doc.data is None, [p.subtype for p in doc.problems])
print("survived")
"""


def test_deep_flow_nesting_does_not_crash_the_interpreter() -> None:
    result = subprocess.run(
        [sys.executable, "-c", DEEP_SCRIPT.format(root=str(ROOT))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["True ['depth']"] * 5 + ["survived"]


def test_deep_flow_nesting_in_process(both_loaders: str) -> None:
    doc = load("[" * 30000 + "]" * 30000)
    assert doc.data is None and subtypes(doc) == ["depth"]
    assert doc.problems[0].line == 1
    # as deep as the parser got before the refusal (libyaml scans ahead and may refuse
    # first, PyYAML 6.0.4 at 1,000 levels), at most the first eight levels
    assert ("/0" * 8).startswith(doc.problems[0].pointer or "")


def test_syntax_error_after_brackets_in_strings_is_not_depth(both_loaders: str) -> None:
    # brackets inside quoted strings and comments are no nesting: a later syntax error
    # is reported as what it is
    text = "a: '" + "[" * 300 + "'\nb: \"" + "{" * 300 + '"\n# ' + "[" * 300 + "\nc: [1, 2\n"
    doc = load(text)
    assert doc.data is None and subtypes(doc) == ["parse"]


# -- hazard 6: deep block nesting and deep JSON --------------------------------


def test_block_nesting_1000_deep(both_loaders: str) -> None:
    text = "".join(" " * i + "a:\n" for i in range(1000)) + " " * 1000 + "b\n"
    doc = load(text)
    assert doc.data is None and subtypes(doc) == ["depth"]
    assert doc.problems[0].line == MAX_DEPTH + 1


@pytest.mark.parametrize("path", ["deep.json", "deep.yaml"])
def test_json_10000_deep(path: str) -> None:
    doc = load('{"a":' * 10000 + "1" + "}" * 10000, path)
    assert doc.data is None and subtypes(doc) == ["depth"]


@pytest.mark.parametrize("path", ["x.json", "x.yaml"])
def test_depth_limit_boundary_json(path: str) -> None:
    ok = load('{"a":' * MAX_DEPTH + "1" + "}" * MAX_DEPTH, path)
    assert ok.problems == [] and ok.data is not None
    deep = load('{"a":' * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1), path)
    assert deep.data is None and subtypes(deep) == ["depth"]
    assert deep.problems[0].pointer == "/a" * 8


def test_depth_limit_boundary_yaml(both_loaders: str) -> None:
    # the root mapping is level 1
    ok = load("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1))
    assert ok.problems == [] and ok.data is not None
    deep = load("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH)
    assert subtypes(deep) == ["depth"] and deep.refused


def test_alias_cannot_exceed_depth() -> None:
    inner = "[" * 150 + "1" + "]" * 150
    doc = load(
        f"a: &a {inner}\nb: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*a]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"
    )
    assert subtypes(doc) == ["depth"]
    assert doc.problems[0].line == 2


# -- hazard 7: duplicate keys ---------------------------------------------------

DUPLICATES = """\
openapi: 3.0.0
paths:
  /a:
    get: {summary: first}
    get:
      summary: second
responses:
  200: {description: a}
  "200": {description: b}
paths:
  /c: {}
"""


def test_duplicate_keys_yaml(both_loaders: str) -> None:
    doc = load(DUPLICATES)
    found = [(p.subtype, p.line, p.pointer, p.message) for p in doc.problems]
    assert found == [
        (
            "duplicate-key",
            5,
            "/paths/~1a/get",
            "duplicate key 'get' (first at line 4); the last one wins",
        ),
        (
            "duplicate-key",
            9,
            "/responses/200",
            "duplicate key '200' (first at line 8); the last one wins",
        ),
        (
            "duplicate-key",
            10,
            "/paths",
            "duplicate key 'paths' (first at line 2); the last one wins",
        ),
    ]
    assert doc.data == {
        "openapi": "3.0.0",
        "paths": {"/c": {}},
        "responses": {"200": {"description": "b"}},
    }


def test_duplicate_keys_json() -> None:
    text = '{\n  "a": {\n    "x": 1,\n    "x": 2\n  },\n  "b": 1,\n  "b": [3]\n}\n'
    doc = load(text, "spec.json")
    found = [(p.subtype, p.line, p.pointer, p.message) for p in doc.problems]
    assert sorted(found) == [
        ("duplicate-key", 4, "/a/x", "duplicate key 'x' (first at line 3); the last one wins"),
        ("duplicate-key", 7, "/b", "duplicate key 'b' (first at line 6); the last one wins"),
    ]
    assert doc.data == {"a": {"x": 2}, "b": [3]}


# -- hazard 8: YAML 1.2 scalars -------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("3.0", SourceFloat("3.0")),
        ("1.50", SourceFloat("1.50")),
        ("-.5", SourceFloat("-.5")),
        ("1e3", SourceFloat("1e3")),
        ("+12.5E-2", SourceFloat("+12.5E-2")),
        ("3.", SourceFloat("3.")),
        ("0", 0),
        ("-17", -17),
        ("+17", 17),
        ("0x1F", 31),
        ("0o17", 15),
        ("012345", "012345"),
        ("00", "00"),
        ("0b101", "0b101"),
        ("1_000", "1_000"),
        ("3.0.1", "3.0.1"),
        ("2024-01-01", "2024-01-01"),
        ("2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"),
        ("12:30:00", "12:30:00"),
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("n", "n"),
        ("Yes", "Yes"),
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("False", False),
        ("FALSE", False),
        ("tRUE", "tRUE"),
        ("null", None),
        ("Null", None),
        ("NULL", None),
        ("~", None),
        ("", None),
        ("nULL", "nULL"),
        ("'3.0'", "3.0"),
        ('"true"', "true"),
        ("'012'", "012"),
        ("'~'", "~"),
        ("!!str 123", "123"),
        ("!!str true", "true"),
        ('!!int "42"', 42),
        ("!!int 012", 12),
        ("!!float 1", SourceFloat("1")),
        ('!!bool "TRUE"', True),
        ("!!null ''", None),
        ("!!binary aGk=", "aGk="),
        ("!!timestamp 2024-01-01", "2024-01-01"),
        ("! 12", "12"),
        ("abc", "abc"),
        ("-x", "-x"),
        (".", "."),
    ],
)
def test_scalar_resolution(written: str, expected: object, both_loaders: str) -> None:
    doc = load(f"v: {written}\n")
    assert doc.problems == []
    value = doc.data["v"]  # type: ignore[index]
    assert type(value) is type(expected)
    assert value == expected
    if isinstance(expected, SourceFloat):
        assert value.source == expected.source


@pytest.mark.parametrize(
    ("written", "check"),
    [
        (".inf", lambda v: v == math.inf),
        ("-.Inf", lambda v: v == -math.inf),
        ("+.INF", lambda v: v == math.inf),
        (".nan", math.isnan),
        (".NaN", math.isnan),
    ],
)
def test_special_floats(written: str, check: Any) -> None:
    value = load(f"v: {written}\n").data["v"]  # type: ignore[index]
    assert type(value) is SourceFloat and value.source == written and check(value)


def test_openapi_version_and_enum_as_written() -> None:
    doc = load("openapi: 3.0\nenum: [yes, no, on, off]\nexample: 012345\ndate: 2024-01-01\n")
    data: Any = doc.data
    assert data["openapi"].source == "3.0"
    assert data["enum"] == ["yes", "no", "on", "off"]
    assert data["example"] == "012345" and data["date"] == "2024-01-01"


def test_bad_explicit_standard_tag_warns() -> None:
    doc = load("a: !!int abc\nb: !!bool maybe\n")
    assert doc.data == {"a": "abc", "b": "maybe"}
    assert [(p.subtype, p.line) for p in doc.problems] == [("parse", 1), ("parse", 2)]


def test_standard_collection_tags() -> None:
    doc = load("s: !!set {a, b}\no: !!omap [{a: 1}, {b: 2}]\nm: !!map {x: 1}\nq: !!seq [1]\n")
    assert doc.problems == []
    assert doc.data == {
        "s": {"a": None, "b": None},
        "o": [{"a": 1}, {"b": 2}],
        "m": {"x": 1},
        "q": [1],
    }


def test_keys_are_their_source_text() -> None:
    doc = load("200: a\ntrue: b\n~: c\n1.50: d\n0x1F: e\n? [x, y]\n: f\n")
    assert doc.problems == []
    assert list(doc.data) == ["200", "true", "~", "1.50", "0x1F", '["x", "y"]']  # type: ignore[arg-type]


def test_huge_integers_are_kept_as_digits() -> None:
    digits = "1" * 5000
    assert load(f"v: {digits}\n").data == {"v": digits}
    doc = load(f'{{"v": {digits}, "w": 2}}', "x.json")
    assert doc.problems == [] and doc.data == {"v": digits, "w": 2}


def test_merge_keys() -> None:
    doc = load(
        """\
base: &base {a: 1, b: 1}
other: &other {b: 2, c: 2}
one:
  <<: *base
  b: 3
many:
  <<: [*other, *base]
  d: 4
"""
    )
    assert doc.problems == []
    data: Any = doc.data
    assert data["one"] == {"a": 1, "b": 3}
    assert data["many"] == {"a": 1, "b": 2, "c": 2, "d": 4}
    assert doc.line_of("/many/c") == 7


def test_bad_merge_value_warns() -> None:
    doc = load("a:\n  <<: 3\n  b: 1\n")
    assert subtypes(doc) == ["parse"]
    assert doc.data == {"a": {"<<": 3, "b": 1}}


def test_source_float_pickles_and_copies() -> None:
    value = SourceFloat("1.50")
    for clone in (pickle.loads(pickle.dumps(value)), copy.deepcopy(value), copy.copy(value)):
        assert type(clone) is SourceFloat and clone.source == "1.50" and clone == 1.5
    assert json.dumps({"v": value}) == '{"v": 1.5}'


# -- hazard 9: encodings ---------------------------------------------------------


def test_latin1_bytes_refused_with_line() -> None:
    doc = load(b"openapi: 3.0.0\ninfo:\n  title: caf\xe9\n")
    assert doc.data is None and doc.refused
    assert [(p.subtype, p.line) for p in doc.problems] == [("encoding", 3)]
    assert "UTF-8" in doc.problems[0].message


def test_nul_byte_refused_with_line() -> None:
    doc = load(b"openapi: 3.0.0\ninfo: {title: a\x00b}\n")
    assert doc.data is None
    assert [(p.subtype, p.line) for p in doc.problems] == [("encoding", 2)]


def test_utf16_without_bom_is_refused() -> None:
    doc = load("openapi: 3.0.0\n".encode("utf-16-le"))
    assert subtypes(doc) == ["encoding"] and "UTF-16" in doc.problems[0].message


def test_lone_surrogate_in_json_is_replaced_with_warning() -> None:
    doc = load(
        '{\n  "openapi": "3.0.0",\n  "info": {"title": "a\\ud800b", "x": "\\ud83d\\ude00"}\n}',
        "x.json",
    )
    assert doc.data == {"openapi": "3.0.0", "info": {"title": "a\ufffdb", "x": "\U0001f600"}}
    assert [(p.subtype, p.line, p.pointer) for p in doc.problems] == [
        ("encoding", 3, "/info/title")
    ]
    json.dumps(doc.data).encode("utf-8")


def test_lone_surrogate_in_yaml(both_loaders: str) -> None:
    doc = load('openapi: 3.0.0\ntitle: "a\\ud800b"\n')
    assert [(p.subtype, p.line) for p in doc.problems] in (
        [("encoding", 2)],  # pure Python parser: replaced
        [("parse", 2)],  # libyaml: refuses the escape
    )
    if doc.data is not None:
        assert doc.data == {"openapi": "3.0.0", "title": "a\ufffdb"}


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_bom_encodings_load(bom: bytes, codec: str) -> None:
    text = "openapi: 3.0.0\ninfo: {title: café ☃ \U0001f600}\n"
    doc = load(bom + text.encode(codec))
    assert doc.problems == []
    assert doc.data == {"openapi": "3.0.0", "info": {"title": "café ☃ \U0001f600"}}


def test_bad_utf16_refused() -> None:
    doc = load(codecs.BOM_UTF16_LE + "a: 1\n".encode("utf-16-le") + b"\x00\xdc")
    assert subtypes(doc) == ["encoding"] and doc.data is None


def test_control_character_in_yaml_is_a_parse_problem(both_loaders: str) -> None:
    doc = load("a: é\nb: x\x01y\n")
    assert [(p.subtype, p.line) for p in doc.problems] == [("parse", 2)]


# -- hazard 10: not an OpenAPI document ------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"# only a comment\n", b"---\n", b"null\n"])
def test_empty_documents(content: bytes) -> None:
    doc = load(content)
    assert doc.data is None and doc.refused
    assert subtypes(doc) == ["not-openapi"]
    assert "empty" in doc.problems[0].message


@pytest.mark.parametrize(
    ("text", "path", "got"),
    [
        ("- a\n- b\n", "x.yaml", "a list"),
        ("[1, 2]", "x.json", "a list"),
        ("just text\n", "x.yaml", "a string"),
        ("3.0\n", "x.yaml", "a number"),
        ("42", "x.json", "a number"),
        ("true\n", "x.yaml", "a boolean"),
    ],
)
def test_non_mapping_root(text: str, path: str, got: str) -> None:
    doc = load(text, path)
    assert subtypes(doc) == ["not-openapi"]
    message = doc.problems[0].message
    assert "mapping with an `openapi` or `swagger` key" in message and message.endswith(got)
    assert doc.data is not None and not doc.refused


def test_multi_document_yaml_uses_the_first(both_loaders: str) -> None:
    doc = load("openapi: 3.0.0\n---\nswagger: '2.0'\n---\nbroken: [\n")
    assert doc.data == {"openapi": "3.0.0"}
    assert [(p.subtype, p.line) for p in doc.problems] == [("not-openapi", 2)]
    assert "one document" in doc.problems[0].message


def test_postman_collection_is_loaded_for_the_caller_to_judge() -> None:
    collection = {
        "info": {
            "_postman_id": "1",
            "name": "c",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "item": [],
    }
    doc = load(json.dumps(collection), "c.json")
    assert doc.problems == [] and doc.data == collection


# -- hazard 11: size limit ---------------------------------------------------------


def test_size_limit_refuses_before_parsing() -> None:
    doc = load(b"\xff\x00[[[" * 100, max_bytes=100)
    assert subtypes(doc) == ["size"] and doc.data is None and doc.refused
    assert "500 bytes" in doc.problems[0].message
    assert load(b"a: 1" + b" " * 96, max_bytes=100).problems == []
    assert DEFAULT_MAX_BYTES == 50 * 1024 * 1024


def test_a_ref_to_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    """The limit is checked before the file is read, not after (a huge file named by
    ``$ref`` was read whole into memory, then refused)."""
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        "components:\n  schemas:\n    Big: {$ref: 'big.yaml#/Big'}\n",
        encoding="utf-8",
    )
    (tmp_path / "big.yaml").write_bytes(b"Big: {type: string}\n" + b"#" * 5000 + b"\n")
    read: list[str] = []
    _spec, problems, files = load_spec(
        str(tmp_path / "api.yaml"),
        str(tmp_path),
        max_bytes=1000,
        on_read=lambda path, content: read.append(Path(path).name),
    )
    assert read == ["api.yaml"] and "big.yaml" in files
    (size,) = [p for p in problems if p.subtype == "size"]
    assert size.file == "big.yaml" and "over the limit of 1,000" in size.message


# -- syntax errors -------------------------------------------------------------------


def test_yaml_syntax_error_has_line_and_column(both_loaders: str) -> None:
    doc = load("openapi: 3.0.0\ninfo:\n  title: [a, b\n  version: 1\nx: }\n")
    assert doc.data is None and subtypes(doc) == ["parse"]
    problem = doc.problems[0]
    assert problem.line is not None and 3 <= problem.line <= 5
    assert f"line {problem.line}, column" in problem.message


def test_undefined_alias() -> None:
    doc = load("a: *nope\n")
    assert subtypes(doc) == ["parse"] and doc.data == {"a": "<undefined alias *nope>"}


def test_json_syntax_error_does_not_fall_back_to_yaml() -> None:
    doc = load("openapi: 3.0.0\n", "spec.json")
    assert doc.data is None and subtypes(doc) == ["parse"]
    doc = load('{\n  "a": 1,\n}\n', "spec.json")
    assert [(p.subtype, p.line) for p in doc.problems] == [("parse", 3)]


def test_json_looking_yaml_is_yaml() -> None:
    assert load("{a: 1, b: [yes]}\n").data == {"a": 1, "b": ["yes"]}
    assert load('{"a": 1.50}').data["a"].source == "1.50"  # type: ignore[index]


def test_json_nan_is_kept_with_a_warning() -> None:
    doc = load('{\n  "a": {\n    "b": [1, NaN]\n  }\n}', "x.json")
    assert math.isnan(doc.data["a"]["b"][1])  # type: ignore[index]
    assert [(p.subtype, p.line, p.pointer) for p in doc.problems] == [("parse", 3, "/a/b/1")]


def test_json_floats_remember_their_text() -> None:
    doc = load('{"a": 1.50, "b": 10, "c": 1e3}', "x.json")
    data: Any = doc.data
    assert data["a"].source == "1.50" and type(data["b"]) is int and data["c"].source == "1e3"


# -- positions ---------------------------------------------------------------------

POSITIONS_YAML = """\
openapi: 3.0.0
paths:
  /pets/{id}:
    get:
      parameters:
        - name: id
          in: path
        -
          name: q
      responses:
        "200":
          description: ok
components:
  schemas:
    a~b/c:
      type: object
      enum: [x,
        y]
"""


def test_line_of_yaml(both_loaders: str) -> None:
    doc = load(POSITIONS_YAML)
    assert doc.problems == []
    assert doc.line_of("") == 1
    assert doc.line_of("/openapi") == 1
    assert doc.line_of("/paths/~1pets~1{id}") == 3
    assert doc.line_of("/paths/~1pets~1{id}/get") == 4
    assert doc.line_of("/paths/~1pets~1{id}/get/parameters/0") == 6
    assert doc.line_of("/paths/~1pets~1{id}/get/parameters/1") == 9
    assert doc.line_of("/paths/~1pets~1{id}/get/parameters/1/name") == 9
    assert doc.line_of("/paths/~1pets~1{id}/get/responses/200/description") == 12
    assert doc.line_of("/components/schemas/a~0b~1c") == 15
    assert doc.line_of("/components/schemas/a~0b~1c/enum/1") == 18
    # missing pointers: the nearest existing ancestor
    assert doc.line_of("/paths/~1pets~1{id}/get/nope/deeper") == 4
    assert doc.line_of("/paths/~1pets~1{id}/get/parameters/7") == 5
    assert doc.line_of("/nothing") == 1


def test_line_of_json_matches_yaml() -> None:
    data = load(POSITIONS_YAML).data
    text = json.dumps(data, indent=2)
    doc = load(text, "x.json")
    lines = text.splitlines()

    def line_with(fragment: str, after: int = 0) -> int:
        return next(i for i, line in enumerate(lines, 1) if i > after and fragment in line)

    get = line_with('"get"')
    assert doc.line_of("") == 1
    assert doc.line_of("/paths/~1pets~1{id}") == line_with('"/pets/{id}"')
    assert doc.line_of("/paths/~1pets~1{id}/get") == get
    assert doc.line_of("/paths/~1pets~1{id}/get/parameters/1") == line_with('"name": "id"') + 3
    assert doc.line_of("/paths/~1pets~1{id}/get/parameters/1/name") == line_with('"name": "q"')
    assert doc.line_of("/components/schemas/a~0b~1c") == line_with('"a~b/c"')
    assert doc.line_of("/components/schemas/a~0b~1c/enum/1") == line_with('"y"')
    assert doc.line_of("/paths/~1pets~1{id}/get/nope") == get


def test_line_of_json_escaped_keys_and_minified() -> None:
    doc = load('{"a\\/b": {"c\\"d": [1,\n2, {"e": 3}]}}', "x.json")
    assert doc.line_of("/a~1b") == 1
    assert doc.line_of('/a~1b/c"d/1') == 2
    assert doc.line_of('/a~1b/c"d/2/e') == 2
    assert doc.line_of('/a~1b/c"d/0') == 1


def test_line_of_aliased_and_refused() -> None:
    doc = load("a: &a\n  x: 1\nb: *a\n")
    assert doc.line_of("/b") == 3 and doc.line_of("/b/x") == 3
    assert load(b"\xff").line_of("/a") is None


def _written_json(rng: random.Random) -> tuple[str, dict[str, int], set[str]]:
    """Random JSON text with random white space, the line of every pointer in it (the
    line of a key; of an array item, where it starts), recorded while writing, and the
    duplicated keys' pointers (the last duplicate is the one that counts)."""
    out: list[str] = []
    lines: dict[str, int] = {}
    duplicated: set[str] = set()

    def space() -> str:
        return rng.choice(["", " ", "\n", "\n  ", " \n\t", "\r\n"])

    def line() -> int:
        return "".join(out).count("\n") + 1

    def value(pointer: str, depth: int) -> None:
        kind = rng.random() if depth < 5 else 0.0
        if kind < 0.35:
            out.append(json.dumps(rng.choice([1, -2.5e3, "x", "a}b]", 'q"\\', None, True, 10**40])))
        elif kind < 0.7:
            out.append("{" + space())
            keys = rng.sample(["a", "b/c", "~d", 'e"', "{f}", "ü", "g h"], rng.randint(0, 4))
            if keys and rng.random() < 0.2:
                keys.append(keys[0])  # a duplicate key
            for n, key in enumerate(keys):
                member = f"{pointer}/{escape_token(key)}"
                out.append(("," + space() if n else "") + json.dumps(key))
                if member in lines:  # the first one's members are gone
                    duplicated.add(member)
                    for gone in [p for p in lines if p.startswith(member + "/")]:
                        del lines[gone]
                lines[member] = line()
                out.append(space() + ":" + space())
                value(member, depth + 1)
                out.append(space())
            out.append("}")
        else:
            out.append("[" + space())
            for n in range(rng.randint(0, 4)):
                out.append("," + space() if n else "")
                lines[f"{pointer}/{n}"] = line()
                value(f"{pointer}/{n}", depth + 1)
                out.append(space())
            out.append("]")

    out.append(space())
    lines[""] = line()
    value("", 0)
    out.append(space())
    return "".join(out), lines, duplicated


def test_json_lines_match_the_lines_written() -> None:
    rng = random.Random(7)
    for _ in range(300):
        text, expected, duplicated = _written_json(rng)
        pointers = list(expected) + [p + "/nope" for p in expected]
        rng.shuffle(pointers)
        # the loader scans to the end of each object only when the text has duplicates
        found = JsonLines(text, complete=bool(duplicated))
        # as loaded: the outer objects' members recorded while decoding
        document = load_document(text.encode(), "x.json")
        if isinstance(document.data, dict) and not duplicated:
            assert document._json is not None and document._json._outline is not None
        for pointer in pointers:
            want = expected.get(pointer, expected[pointer.rsplit("/", 1)[0]])
            assert found.line_of(pointer) == want, (text, pointer)
            if document.data is not None:
                assert document.line_of(pointer) == want, (text, pointer)
        if document.data is not None and not duplicated:
            assert json.dumps(document.data) == json.dumps(json.loads(text))


# -- real documents -------------------------------------------------------------------


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in (CORPUS / "oas-examples").rglob("*") if p.suffix in (".json", ".yaml"))


@needs_corpus
def test_oas_examples_load_without_problems() -> None:
    files = corpus_files()
    assert files
    for path in files:
        doc = load_document(path.read_bytes(), str(path))
        assert doc.problems == [], path
        assert isinstance(doc.data, dict)
        if path.suffix == ".json":
            assert doc.data == json.loads(path.read_bytes())


@pytest.mark.slow
@needs_corpus
def test_github_spec_loads_with_positions() -> None:
    path = CORPUS / "github" / "api.github.com.json"
    content = path.read_bytes()
    doc = load_document(content, str(path))
    assert doc.problems == []
    lines = content.decode().splitlines()
    at = next(
        i for i, line in enumerate(lines, 1) if line.startswith('    "/repos/{owner}/{repo}": {')
    )
    assert doc.line_of("/paths/~1repos~1{owner}~1{repo}") == at
    assert doc.line_of("/paths/~1repos~1{owner}~1{repo}/get") == at + 1


def test_no_sphinx_or_docutils_import() -> None:
    source = (ROOT / "sphinxext_apidocs" / "spec" / "yaml_source.py").read_text()
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.add(node.module.split(".")[0])
    assert "yaml" in imported
    assert not imported & {"sphinx", "docutils"}
