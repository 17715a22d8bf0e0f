"""Fuzzing: mutated test specs load, render and check without a traceback.

Hypothesis takes the OpenAPI 3.x and Swagger 2.0 documents under ``tests/roots`` and
``tests/specs`` and makes one to five mutations at random places in one of them: a key
or item deleted; a value replaced by one of another type (None, booleans, huge,
negative and non-finite numbers, number-like strings, empty containers, a
10,000-character string, control and bidi characters, markup, pathological Markdown
and regular expressions); a mapping turned into a list or back; a random key
inserted; a ``$ref`` to an ancestor, to itself, to a missing pointer, to a file
outside the project or to a URL; a subtree copied under a sibling, shared with another
place (a YAML alias) or put inside itself (a recursive alias; in JSON a ``$ref`` to
the ancestor instead).  The mutant is written to a temporary project beside the
files its original refers to.

Every mutant goes through the pure pipeline (no Sphinx): ``load_spec``, the request
and code sample of every operation in every built-in language, the example payloads
of every body, the docutils nodes of every operation, component schema and diagram
(as :class:`~sphinxext_apidocs.sphinx_ext.deferred.ExpandApiContent` makes them), and apicheck's
spec-only rules (``spec_checks``).  A few go through a whole ``sphinx-build -b html``.
Problems and warnings are expected; an exception is a failure, and so is an
``apidocs.internal`` warning (a bug of ours that the build caught).

A last test puts random text (line breaks, ``::`` workflow commands, control
characters, ``@``, ``<``, backticks, ``]``, ``$``...) in every string field of a small
spec and builds it to HTML and LaTeX: ``objects.inv`` must hold exactly the
operation's and the tag's entries, no log line may come from spec text, and the
``.tex`` must hold no C0 control character (see ``test_injection.py``).

By default the examples are derandomized (every run draws the same ones): 40 through
the pure pipeline and 3 whole builds.  A longer run::

    APIDOCS_FUZZ_EXAMPLES=2000 python -m pytest tests/hazards/test_fuzz.py

draws N pure examples, N // 50 builds (at least 3) and N // 10 random-text specs (at
least 3); ``APIDOCS_FUZZ_SEED=N`` draws
other examples than the derandomized ones, the same for the same seed.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from hypothesis import HealthCheck, given, note, seed, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from sphinxext_apidocs.check.run import spec_checks
from sphinxext_apidocs.diagrams import mermaid
from sphinxext_apidocs.render.context import RenderContext
from sphinxext_apidocs.render.diagram import diagram_nodes
from sphinxext_apidocs.render.operation import operation_body
from sphinxext_apidocs.render.schema import schema_block
from sphinxext_apidocs.samples.code import BUILTIN, CodeSamples
from sphinxext_apidocs.samples.payload import body_schemas, branch_samples
from sphinxext_apidocs.samples.request import build_request
from sphinxext_apidocs.spec.model import Schema
from sphinxext_apidocs.spec.normalize import load_spec
from sphinxext_apidocs.spec.pointer import escape_token

from ..helpers import load_with_documents
from . import test_injection as injection

HERE = Path(__file__).parents[1]
EXAMPLES = int(os.environ.get("APIDOCS_FUZZ_EXAMPLES") or 40)
BUILDS = max(3, EXAMPLES // 50)
SEED = os.environ.get("APIDOCS_FUZZ_SEED")
RENDERER = CodeSamples()
LANGUAGES = tuple(BUILTIN)
MAX_SPOTS = 3000
"""Places a mutation picks from, breadth first (a spec grown by copies has more)."""

Key = str | int
Where = tuple[Key, ...]


def _settings(examples: int) -> Callable[[Any], Any]:
    chosen = settings(
        max_examples=examples,
        deadline=None,
        derandomize=SEED is None,
        database=None,  # no .hypothesis/ in the checkout; failures are reproduced by seed
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    if SEED is None:
        return chosen
    return lambda test: seed(int(SEED))(chosen(test))


# ------------------------------------------------------------------- the base specs


@dataclass(frozen=True)
class Base:
    path: Path
    """The spec, in the repository."""
    folder: Path
    """Its folder: the mutant's project mirrors it."""
    data: Any
    support: tuple[str, ...]
    """Files the spec refers to, relative to ``folder`` (copied beside the mutant)."""

    def __repr__(self) -> str:  # in a falsifying example
        return f"Base({self.path.relative_to(HERE).as_posix()!r})"


def _is_spec(data: Any) -> bool:
    return isinstance(data, dict) and ("openapi" in data or "swagger" in data)


@cache
def bases() -> tuple[Base, ...]:
    """Every OpenAPI or Swagger document under tests/, smallest first (shrinking prefers
    the first)."""
    found = []
    for path in sorted(HERE.glob("*/**/*.*")):
        if path.suffix not in (".yaml", ".yml", ".json"):
            continue
        text = path.read_text(encoding="utf-8")
        try:
            data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
        except (ValueError, yaml.YAMLError):
            continue
        if not _is_spec(data):
            continue
        _spec, _problems, files = load_spec(os.fspath(path), os.fspath(path.parent))
        rel = path.name
        support = tuple(f for f in files if f != rel and (path.parent / f).is_file())
        found.append((len(text), Base(path, path.parent, data, support)))
    return tuple(base for _size, base in sorted(found, key=lambda pair: pair[0]))


# ------------------------------------------------------------------------- values

LONG = "x" * 10_000
STRINGS = [
    "",
    " ",
    "NaN",
    "-Infinity",
    "1e999",
    "-0",
    "0x1F",
    "012",
    "yes",
    "null",
    "~",
    "2024-01-01",
    "\x00\x01\x07\x08\x1b[31mred\x7f\x85",
    "\u202e\u2066bidi\u2069\u200b\ufeff\u2028",
    "\ud800 lone surrogate",
    "ü€𝄞 مرحبا 日本",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "{{ 7 * 7 }}{% if %}",
    "${HOME}`id`$(id)",
    "'\"\\\n\r\t",
    "(a+)+$",
    "[",
    "(?P<",
    "a{1000000}",
    "{id}",
    "/items/{id}/{id}",
    "#/components/schemas",
    "application/json",
    "application/problem+json; charset=utf-8",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "application/xml",
    "application/octet-stream",
    "text/plain",
    "*/*",
    "date-time",
    "uuid",
    "binary",
    "byte",
    "int64",
    "email",
    "uri",
    "object",
    "array",
    "string",
    "integer",
    "number",
    "boolean",
    "null",
    "query",
    "header",
    "path",
    "cookie",
    "oauth2",
    "apiKey",
    "http",
    "bearer",
    LONG,
    "> " * 1000 + "deep quote",
    "\n".join("  " * i + "- item" for i in range(300)),
    "*" * 10_000,
    "[" * 5_000 + "]" * 5_000,
    "<div>" * 3_000,
    "`" * 3_000,
    "| a | b |\n|---|---|\n" + "| x | y |\n" * 2_000,
]
SCALARS: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    10**30,
    -(10**30),
    2**63,
    -(2**63) - 1,
    1.5,
    -0.0,
    1e308,
    5e-324,
    float("inf"),
    float("-inf"),
    float("nan"),
]
KEYWORDS = [
    "$ref",
    "$id",
    "$schema",
    "$defs",
    "$anchor",
    "$dynamicRef",
    "type",
    "properties",
    "items",
    "prefixItems",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "if",
    "then",
    "else",
    "discriminator",
    "propertyName",
    "mapping",
    "required",
    "enum",
    "const",
    "default",
    "example",
    "examples",
    "value",
    "externalValue",
    "nullable",
    "readOnly",
    "writeOnly",
    "additionalProperties",
    "patternProperties",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "xml",
    "content",
    "contentMediaType",
    "schema",
    "encoding",
    "headers",
    "style",
    "explode",
    "allowReserved",
    "in",
    "name",
    "parameters",
    "requestBody",
    "responses",
    "callbacks",
    "links",
    "operationId",
    "operationRef",
    "security",
    "securitySchemes",
    "flows",
    "scopes",
    "servers",
    "variables",
    "url",
    "webhooks",
    "tags",
    "x-codeSamples",
    "x-code-samples",
    "x-apicheck-ignore",
    "x-tagGroups",
    "description",
    "summary",
    "title",
    "deprecated",
    "externalDocs",
    "get",
    "post",
    "put",
    "delete",
    "patch",
    "head",
    "options",
    "trace",
    "200",
    "204",
    "default",
    "2XX",
    "/",
    "/{id}",
    "/a/{b}/{b}",
    "components",
    "schemas",
    "definitions",
    "paths",
    "openapi",
    "swagger",
    "info",
    "version",
    "host",
    "basePath",
    "schemes",
    "produces",
    "consumes",
    "formData",
    "body",
    "collectionFormat",
]

keys = st.one_of(st.sampled_from(KEYWORDS), st.sampled_from(STRINGS[:40]), st.text(max_size=12))
scalars = st.one_of(
    st.sampled_from(SCALARS),
    st.sampled_from(STRINGS),
    st.text(max_size=30),
    st.integers(),
    st.floats(),
)
values = st.one_of(
    scalars,
    # a copy each time: a mutation may change the container later
    st.sampled_from([[], {}, [None], {"": None}, [[[]]], {"$ref": "#"}]).map(copy.deepcopy),
    st.lists(scalars, max_size=3),
    st.dictionaries(keys, scalars, max_size=3),
)

REF_TARGETS = [
    "#",
    "",
    "#/components/schemas/Missing",
    "#/definitions/Missing",
    "#/paths/~1nope/get",
    "#/components/responses/Missing",
    "#/components/parameters/Missing",
    "#/%ZZ/~2",
    "#no-slash",
    "missing.yaml",
    "missing.yaml#/x",
    "../outside.yaml",
    "../outside.yaml#/type",
    "schemas/book.yaml#/nope",
    "http://example.com/x",
    "https://example.com/x.yaml#/a",
    "file:///etc/passwd",
    "//example.com/x",
]


# ---------------------------------------------------------------------- mutations


def _children(value: Any) -> list[tuple[Key, Any]]:
    if isinstance(value, dict):
        return list(value.items())
    if isinstance(value, list):
        return list(enumerate(value))
    return []


def _spots(data: Any) -> list[Where]:
    """Every place in ``data``, breadth first (at most MAX_SPOTS); a container inside
    itself is listed, not entered again."""
    out: list[Where] = []
    queue: deque[tuple[Where, Any, frozenset[int]]] = deque([((), data, frozenset())])
    while queue and len(out) < MAX_SPOTS:
        where, value, above = queue.popleft()
        out.append(where)
        if id(value) in above:
            continue
        inner = above | {id(value)}
        for key, child in _children(value):
            queue.append(((*where, key), child, inner))
    return out


def _get(data: Any, where: Where) -> Any:
    for key in where:
        data = data[key]
    return data


def _set(data: Any, where: Where, value: Any) -> Any:
    """``data`` with ``value`` at ``where`` (the new root, when ``where`` is the root)."""
    if not where:
        return value
    _get(data, where[:-1])[where[-1]] = value
    return data


def pointer(where: Where) -> str:
    return "#" + "".join("/" + escape_token(str(key)) for key in where)


def _containers(data: Any, spots: list[Where]) -> list[Where]:
    return [w for w in spots if isinstance(_get(data, w), (dict, list))]


def _place(draw: st.DrawFn, data: Any, where: Where, value: Any) -> str:
    """Put ``value`` into the container at ``where``: under a new or existing key, or
    as a new item; returns where (a pointer)."""
    container = _get(data, where)
    if isinstance(container, dict):
        key = draw(st.one_of(keys, st.sampled_from(sorted(map(str, container)) or [""])))
        container[key] = value
        return pointer((*where, key))
    index = draw(st.integers(0, len(container)))
    container.insert(index, value)
    return pointer((*where, index))


def _swapped(value: Any) -> Any:
    """The other kind of container, or a scalar wrapped in one."""
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list):
        return {str(i): item for i, item in enumerate(value)}
    return [value]


KINDS = ("delete", "replace", "swap", "insert", "ref", "copy", "alias", "cycle")


def _mutate(draw: st.DrawFn, data: Any, *, yaml_out: bool) -> tuple[Any, str]:
    """One mutation of ``data`` (changed in place where it can be); the new root and
    what was done."""
    spots = _spots(data)
    kind = draw(st.sampled_from(KINDS))
    inner = [w for w in spots if w]
    if kind == "delete" and inner:
        where = draw(st.sampled_from(inner))
        del _get(data, where[:-1])[where[-1]]
        return data, f"delete {pointer(where)}"
    if kind == "replace":
        where = draw(st.sampled_from(spots))
        value = draw(values)
        return _set(data, where, value), f"replace {pointer(where)} by {value!r:.80}"
    if kind == "swap":
        where = draw(st.sampled_from(spots))
        return _set(data, where, _swapped(_get(data, where))), f"swap type of {pointer(where)}"
    containers = _containers(data, spots)
    if kind == "insert" and containers:
        value = draw(values)
        at = _place(draw, data, draw(st.sampled_from(containers)), value)
        return data, f"insert {value!r:.80} at {at}"
    if kind == "ref":
        where = draw(st.sampled_from(spots))
        targets = [pointer(where[:n]) for n in range(len(where) + 1)]  # itself, ancestors
        targets.append(pointer(draw(st.sampled_from(spots))))  # anywhere
        target = draw(st.sampled_from(targets + REF_TARGETS))
        value = _get(data, where)
        if isinstance(value, dict) and draw(st.booleans()):
            value["$ref"] = target  # beside the object's other keys
            return data, f"add $ref {target!r} to {pointer(where)}"
        return _set(data, where, {"$ref": target}), f"replace {pointer(where)} by $ref {target!r}"
    if kind in ("copy", "alias") and containers and inner:
        source = draw(st.sampled_from(inner))
        value = _get(data, source)
        if kind == "copy" or not yaml_out:
            value = copy.deepcopy(value)
        at = _place(draw, data, source[:-1], value)  # beside itself
        return data, f"{kind} {pointer(source)} to {at}"
    if kind == "cycle" and containers:
        outer = draw(st.sampled_from(containers))
        below = [w for w in containers if w[: len(outer)] == outer]
        where = draw(st.sampled_from(below))
        value = _get(data, outer) if yaml_out else {"$ref": pointer(outer)}
        at = _place(draw, data, where, value)
        return data, f"cycle: {pointer(outer)} inside itself at {at}"
    return data, f"({kind}: nowhere to do it)"


@dataclass
class Mutant:
    base: Base
    data: Any
    steps: list[str]

    def __repr__(self) -> str:
        return f"Mutant({self.base!r}, steps={self.steps!r})"

    @property
    def name(self) -> str:
        return self.base.path.name

    def write(self, tmp: Path) -> tuple[Path, Path]:
        """The mutant and the files its original refers to, in ``tmp/project``, and
        ``tmp/outside.yaml`` (a file outside the project); (spec path, project root)."""
        root = tmp / "project"
        root.mkdir()
        (tmp / "outside.yaml").write_text("type: string\n", encoding="utf-8")
        for rel in self.base.support:
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((self.base.folder / rel).read_bytes())
        path = root / self.name
        path.write_text(self.text(), encoding="utf-8")
        return path, root

    def text(self) -> str:
        if self.base.path.suffix == ".json":
            return json.dumps(self.data, indent=1)
        return yaml.safe_dump(self.data, allow_unicode=True, sort_keys=False)


@st.composite
def mutants(draw: st.DrawFn) -> Mutant:
    base = draw(st.sampled_from(bases()))
    data = copy.deepcopy(base.data)
    steps = []
    for _ in range(draw(st.integers(1, 5))):
        data, step = _mutate(draw, data, yaml_out=base.path.suffix != ".json")
        steps.append(step)
    return Mutant(base, data, steps)


# ---------------------------------------------------------------------- the tests


def _walk(content: list[nodes.Node]) -> None:
    for node in content:
        node.pformat()  # every node and attribute visited


def pipeline(path: Path, root: Path) -> None:
    """What a build does with the spec, without Sphinx: load it, make every sample,
    payload and node, and run apicheck's spec-only rules."""
    spec, _problems, _used, documents = load_with_documents(path, root)
    if spec is None:
        return
    for op in spec.operations:
        request = build_request(spec, op)
        for language in LANGUAGES:
            RENDERER.render(language, request, op)
    for _where, schema, context in body_schemas(spec):
        branch_samples(spec, schema, context)
    ctx = RenderContext(
        spec=spec,
        spec_name="fuzz",
        code_samples=RENDERER,
        sample_languages=LANGUAGES,
        base_url="https://fuzz.example",
        diagrams=True,
    )
    for op in spec.operations + spec.webhooks:
        _walk(operation_body(ctx, op))
        _walk(diagram_nodes(mermaid.sequence(spec, op)))
    for name, key in spec.component_schemas:  # as ExpandApiContent.render
        ctx.start_operation()
        reference = Schema(spec.schemas[key].location, ref=key, ref_name=name)
        _walk(schema_block(ctx, reference, title_name=name))
    drawn = [
        mermaid.overview(spec, spec.operations),
        mermaid.links(spec, spec.operations),
        mermaid.webhooks(spec),
    ]
    for diagram in drawn:
        if diagram is not None:
            _walk(diagram_nodes(diagram))
    spec_checks(spec, documents, os.fspath(root))


def test_base_specs_are_found() -> None:
    names = {base.path.relative_to(HERE).as_posix() for base in bases()}
    assert {"specs/code-samples.yaml", "roots/test-basic/openapi/legacy.json"} <= names
    assert len(names) >= 6


@_settings(EXAMPLES)
@given(mutants())
def test_mutated_specs_load_render_and_check(mutant: Mutant) -> None:
    note("\n".join(mutant.steps))
    with tempfile.TemporaryDirectory() as tmp:
        path, root = mutant.write(Path(tmp))
        note(path.read_text(encoding="utf-8")[:5000])
        pipeline(path, root)


INDEX = """\
Fuzz
====

.. api-spec:: fuzz

.. api-diagram:: fuzz

.. api-diagram:: fuzz
   :kind: links

.. api-diagram:: fuzz
   :kind: webhooks
"""


@_settings(BUILDS)
@given(mutants())
def test_mutated_specs_build_html(mutant: Mutant) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path, root = mutant.write(Path(tmp))
        note("\n".join(mutant.steps))
        conf = {
            "extensions": ["sphinxext_apidocs"],
            "apidocs_specs": {"fuzz": path.relative_to(root).as_posix()},
            "apidocs_sample_languages": list(LANGUAGES),
            "apidocs_diagrams": True,
        }
        (root / "conf.py").write_text(
            "".join(f"{name} = {value!r}\n" for name, value in conf.items()), encoding="utf-8"
        )
        (root / "index.rst").write_text(INDEX, encoding="utf-8")
        app = SphinxTestApp("html", srcdir=root)
        try:
            app.build()
        finally:
            app.cleanup()
        status, warnings = app.status.getvalue(), app.warning.getvalue()
        assert app.statuscode == 0, warnings
        assert "Exception occurred" not in status + warnings
        assert "[apidocs.internal]" not in warnings, warnings


# ---------------------------------------------- random text in every string field

#: pieces that mean something to a log, an inventory, a shell, Markdown or TeX
HOSTILE_PIECES = st.sampled_from(
    [
        *("\n", "\r", "\r\n", "\u2028", "\x85", "\x01", "\x0b", "\x1b", "\x1b[31m", "\t"),
        *("::", "::error file=a.py,line=1::forged", "::set-output name=x::y", "##[error]"),
        *(" 1 ", " x:y 2 https://evil.example/ -", "@/proc/self/environ", "<", "=@", "%"),
        *("`", "]", "[", "$", "\\", "{", "}", '"', "'", "<script>", " "),
    ]
)
HOSTILE_TEXT = st.lists(
    st.one_of(HOSTILE_PIECES, st.characters(exclude_categories=["Cs"])), max_size=8
).map("".join)
FIELDS = (
    *("operation", "summary", "description", "tag", "parameter", "parameter example"),
    *("header example", "property", "example", "server", "code sample", "pattern", "path"),
)


def random_text_spec(text: dict[str, str]) -> dict[str, Any]:
    """One operation and one tag (the objects of the inventory) with ``text`` in every
    string field that becomes a name, a message, a sample or text in a page."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Fuzz", "version": "1"},
        "servers": [{"url": "https://api.example.com/" + text["server"]}],
        "tags": [{"name": "tag" + text["tag"]}],
        "paths": {
            "/items/{id}": {
                "post": {
                    "operationId": "op" + text["operation"],
                    "summary": text["summary"],
                    "description": text["description"],
                    "tags": ["tag" + text["tag"]],
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "q" + text["parameter"],
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string", "pattern": text["pattern"]},
                            "example": text["parameter example"],
                        },
                        {
                            "name": "X-Key",
                            "in": "header",
                            "required": True,
                            "example": text["header example"],
                        },
                    ],
                    "requestBody": {
                        "content": {
                            "multipart/form-data": {
                                "example": {"p" + text["property"]: text["example"]},
                            }
                        }
                    },
                    "responses": {
                        "200": {
                            "description": text["description"],
                            "content": {"text/plain": {"example": text["example"]}},
                        }
                    },
                    "x-codeSamples": [{"lang": "text", "source": text["code sample"]}],
                }
            },
            "/bad" + text["path"]: "not a path item",  # a warning quoting the path
        },
    }


@_settings(max(3, EXAMPLES // 10))
@given(st.fixed_dictionaries(dict.fromkeys(FIELDS, HOSTILE_TEXT)))
def test_random_spec_text_stays_text_in_inventory_log_and_latex(text: dict[str, str]) -> None:
    """objects.inv holds exactly the operation's and the tag's entries, no log line
    comes from spec text, and the .tex has no C0 control character."""
    spec = random_text_spec(text)
    index = "Fuzz\n====\n\n.. api-spec:: t\n"
    with tempfile.TemporaryDirectory() as tmp:
        outdir, log = injection.build(Path(tmp, "html"), "html", spec, index)
        injection.check_inventory(outdir, schemas=0)
        injection.check_log(log)
        outdir, log = injection.build(Path(tmp, "latex"), "latex", spec, index)
        injection.check_log(log)
        injection.check_tex(outdir)
