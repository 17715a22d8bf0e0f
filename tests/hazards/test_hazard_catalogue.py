"""The catalogue of ../shared/HAZARDS.md: one test per hazard, named after its number.

Each test asserts what HAZARDS.md states for its hazard. Where the hazard says
"warns", that means: the build goes on (status 0), the exact ``apidocs``
subtype, a message that starts with ``spec-file:line #pointer:`` where the
loader knows them, no traceback, no warning of another kind, and the rest of
the page rendered (another operation's anchor, the text around the directive).

Other test modules cover many of these hazards in more depth (test_loader,
test_normalize, test_description, test_samples, test_hazards, test_build,
test_warnings); this module is the index, one place per hazard.
"""

from __future__ import annotations

import codecs
import contextlib
import html as htmlmod
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxext_apidocs.samples.payload import MAX_ITEMS, MAX_LENGTH, sample
from sphinxext_apidocs.spec.loader import load_document
from sphinxext_apidocs.spec.normalize import load_spec

from ..helpers import INLINE_SCHEMAS, apidocs_warnings, build, other_warnings, spec_project

ROOT = Path(__file__).resolve().parents[2]

# index.rst: the directive is on line 6
INDEX = "API\n===\n\nBEFORE-TEXT\n\n{page}\nAFTER-TEXT\n"
DIRECTIVE_LINE = 6

HEAD = """\
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /ok:
    get:
      summary: Still here
      responses:
        '200': {description: fine}
"""
"""A spec's first 8 lines: ``GET /ok`` is the operation that must still render."""


# -- helpers -------------------------------------------------------------------------


def _project(
    tmp_path: Path,
    spec: str | bytes | dict[str, Any],
    *,
    page: str = ".. api-spec:: api\n",
    **kwargs: Any,
) -> Path:
    """A Sphinx project in ``tmp_path/src`` whose index.rst renders the spec ``api``
    (``page``) between two paragraphs."""
    return spec_project(tmp_path, spec, index=INDEX.format(page=page), **kwargs)


def _build(
    make_app: Any, src: Path, builder: str = "html", *, cleanup: bool = True, **kwargs: Any
) -> SphinxTestApp:
    """Build; then (``cleanup``) undo the global registrations, so that the next
    application of the same test starts clean (its output and logs stay readable)."""
    app = build(make_app, src, builder, **kwargs)
    if cleanup:
        app.cleanup()
    return app


def _html(app: SphinxTestApp, page: str = "index") -> str:
    return (Path(app.outdir) / f"{page}.html").read_text(encoding="utf-8")


def _body(app: SphinxTestApp, page: str = "index") -> str:
    """The main part of a page (no sidebar, no navigation)."""
    html = _html(app, page)
    return html[html.index('<div class="body"') : html.index('<div class="sphinxsidebar"')]


def _text(html: str) -> str:
    """Visible text of some HTML, entities decoded."""
    return htmlmod.unescape(re.sub(r"<[^>]+>", "", html))


def _sound(app: SphinxTestApp) -> list[dict[str, str]]:
    """The build went on, without a traceback or another tool's warning; our warnings."""
    warnings = app.warning.getvalue()
    assert app.statuscode == 0
    assert "Traceback" not in warnings and "Traceback" not in app.status.getvalue()
    assert other_warnings(warnings) == [], warnings
    found = apidocs_warnings(warnings)
    assert "internal" not in {w["subtype"] for w in found}, warnings
    return found


def _where(file: str, line: int | None, pointer: str | None) -> str:
    """``file:line #pointer: `` as a spec problem's message starts."""
    out = file
    if line is not None:
        out += f":{line}"
    if pointer is not None:
        out += f" #{pointer}"
    return out + ": "


def _spec_warning(
    warning: dict[str, str],
    subtype: str,
    *,
    file: str = "api.yaml",
    line: int | None,
    pointer: str | None,
) -> str:
    """Check one spec warning (subtype, page and directive line, file, line, pointer);
    the rest of its message."""
    assert warning["subtype"] == subtype, warning
    assert warning["location"].endswith(f"index.rst:{DIRECTIVE_LINE}"), warning
    prefix = _where(file, line, pointer)
    assert warning["message"].startswith(prefix), (prefix, warning["message"])
    return warning["message"][len(prefix) :]


def _only_warning(
    app: SphinxTestApp,
    subtype: str,
    *,
    file: str = "api.yaml",
    line: int | None,
    pointer: str | None,
) -> str:
    """Exactly one ``apidocs`` warning, of ``subtype``, at ``file:line #pointer``."""
    found = _sound(app)
    assert [w["subtype"] for w in found] == [subtype], app.warning.getvalue()
    return _spec_warning(found[0], subtype, file=file, line=line, pointer=pointer)


def _rest_renders(html: str, *anchors: str) -> None:
    """The text around the directive, GET /ok and the given anchors are on the page."""
    assert "BEFORE-TEXT" in html and "AFTER-TEXT" in html
    for anchor in ("get--ok", *anchors):
        assert f'id="{anchor}"' in html, anchor


def _refused_page(html: str) -> None:
    """A spec the loader refused: a visible placeholder, the rest of the page."""
    assert "BEFORE-TEXT" in html and "AFTER-TEXT" in html
    assert "apidocs-placeholder" in html
    assert "API reference unavailable: api could not be loaded." in _text(html)


def _op(path: str, schema_ref: str, method: str = "get") -> str:
    """A YAML path item whose 200 response has ``schema: {$ref: schema_ref}`` (8 lines)."""
    return (
        f"  {path}:\n    {method}:\n      responses:\n        '200':\n"
        "          description: ok\n          content:\n            application/json:\n"
        f"              schema: {{$ref: '{schema_ref}'}}\n"
    )


def _line_of(text: str, fragment: str) -> int:
    """The 1-based line of ``text`` where ``fragment`` first occurs."""
    return text[: text.index(fragment)].count("\n") + 1


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Fail with TimeoutError instead of hanging (SIGALRM; the regex engine checks it)."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_AUDIT: list[tuple[str, tuple[Any, ...]]] | None = None
_AUDIT_EVENTS = frozenset(
    {
        "open",
        "socket.connect",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.sendto",
        "urllib.Request",
        "http.client.connect",
    }
)
_HOOKED = False


def _audit_hook(event: str, args: tuple[Any, ...]) -> None:
    if _AUDIT is not None and event in _AUDIT_EVENTS:
        _AUDIT.append((event, args))


@contextlib.contextmanager
def _audited() -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    """Files opened and network calls made while the block runs (audit events)."""
    global _AUDIT, _HOOKED
    if not _HOOKED:
        sys.addaudithook(_audit_hook)  # cannot be removed: it records only inside _audited
        _HOOKED = True
    events: list[tuple[str, tuple[Any, ...]]] = []
    _AUDIT = events
    try:
        yield events
    finally:
        _AUDIT = None


def _opened(events: list[tuple[str, tuple[Any, ...]]]) -> set[str]:
    """Real paths of the files opened."""
    out = set()
    for event, args in events:
        if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            path = os.fsdecode(args[0])
            out.add(os.path.realpath(path))
    return out


def _network(events: list[tuple[str, tuple[Any, ...]]]) -> list[tuple[str, tuple[Any, ...]]]:
    return [e for e in events if e[0] != "open"]


def _max_rss_mb() -> float:
    """The process's peak resident memory in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _laughs(indent: str, levels: int = 9, fanout: int = 9) -> str:
    """The 9x9 billion laughs: 9 aliases of 9, a few hundred bytes."""
    lines = [f"{indent}l0: &l0 [{', '.join(['lol'] * fanout)}]"]
    for i in range(1, levels):
        lines.append(f"{indent}l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * fanout)}]")
    return "\n".join(lines) + "\n"


# == Loading YAML and JSON ============================================================


def test_hazard_01_python_object_tag_runs_nothing(make_app: Any, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    spec = HEAD + (
        "  /x:\n    get:\n"
        f'      x-evil: !!python/object/apply:os.system ["touch {marker}"]\n'
        "      responses:\n        '200': {description: xok}\n"
    )
    app = _build(make_app, _project(tmp_path, spec))
    assert not marker.exists()
    rest = _only_warning(app, "unsafe", line=11, pointer="/paths/~1x/get/x-evil")
    assert "!!python/object/apply:os.system" in rest and "nothing is constructed" in rest
    _rest_renders(_html(app), "get--x")


@pytest.mark.parametrize(
    ("where", "pointer"),
    [
        ("x-extension", "/x-lol/l6/0"),
        ("components-examples", "/components/examples/lol/value/l6/0"),
        (
            "response-example",
            "/paths/~1x/get/responses/200/content/application~1json/example/l6/0",
        ),
    ],
)
def test_hazard_02_billion_laughs_is_bounded(
    make_app: Any, tmp_path: Path, where: str, pointer: str
) -> None:
    if where == "x-extension":
        bomb = "x-lol:\n" + _laughs("  ")
    elif where == "components-examples":
        bomb = "components:\n  examples:\n    lol:\n      value:\n" + _laughs("        ")
    else:
        bomb = (
            "  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n"
            "          content:\n            application/json:\n              example:\n"
            + _laughs("                ")
        )
    assert len(_laughs("")) < 500  # a few hundred bytes
    spec = HEAD + bomb
    src = _project(tmp_path, spec)
    rss = _max_rss_mb()
    start = time.monotonic()
    with _deadline(30):
        app = _build(make_app, src)
    assert time.monotonic() - start < 10  # a generous bound: it takes well under a second
    assert _max_rss_mb() - rss < 200  # memory flat: the full expansion is 387 million nodes
    rest = _only_warning(app, "alias", line=_line_of(spec, "l6: &l6"), pointer=pointer)
    assert "placeholder" in rest
    html = _html(app)
    assert len(html) < 200_000
    _rest_renders(html, *(["get--x"] if where == "response-example" else []))


REUSE = """\
  /a:
    get:
      parameters:
        - &limit {name: limit, in: query, description: LIMITDOC, schema: &int {type: integer}}
      responses: &resp
        '200':
          description: ok
          content:
            application/json:
              schema: &obj
                type: object
                properties: {n: *int, m: {type: object, properties: {deep: *int}}}
  /b:
    get:
      parameters: [*limit]
      responses: *resp
  /c:
    post:
      requestBody: {content: {application/json: {schema: {type: object, properties: {again: *obj}}}}}
      parameters: [*limit]
      responses: *resp
"""


def test_hazard_03_legitimate_alias_reuse_is_quiet(make_app: Any, tmp_path: Path) -> None:
    anchors = "".join(
        f"    d{i}: &d{i} {{type: string, description: flat {i}}}\n" for i in range(1000)
    )
    uses = "".join(f"    u{i}: [*d{i}, *d{i}, *d{i}]\n" for i in range(1000))
    spec = HEAD + REUSE
    spec += f"x-defs:\n{anchors}x-uses:\n{uses}"
    doc = load_document(spec.encode(), "api.yaml")
    assert doc.problems == []
    app = _build(make_app, _project(tmp_path, spec))
    assert _sound(app) == []
    html = _html(app)
    _rest_renders(html, "get--a", "get--b", "post--c")
    assert _text(html).count("LIMITDOC") == 3
    assert "again.m.deep" in _text(html)


CYCLIC_SCHEMA = HEAD + (
    "  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n"
    "          content:\n            application/json:\n"
    "              schema: &s {type: object, properties: {child: *s}}\n"
)
CYCLIC_POINTER = "/paths/~1x/get/responses/200/content/application~1json/schema/properties/child"


def test_hazard_04_cyclic_alias_warns_without_hanging(make_app: Any, tmp_path: Path) -> None:
    # in an extension value: exactly one warning
    spec = HEAD + (
        "  /x:\n    get:\n      x-c: &x {b: *x}\n"
        "      responses:\n        '200': {description: xok}\n"
    )
    with _deadline(30):
        app = _build(make_app, _project(tmp_path / "ext", spec))
    rest = _only_warning(app, "alias", line=11, pointer="/paths/~1x/get/x-c/b")
    assert rest == "alias *x refers to a node that contains it; replaced by a placeholder"
    _rest_renders(_html(app), "get--x")
    # in a schema that is rendered and sampled: no hang, the alias is reported first
    with _deadline(30):
        app = _build(make_app, _project(tmp_path / "schema", CYCLIC_SCHEMA))
    found = _sound(app)
    assert found and {w["subtype"] for w in found} <= {"alias", "structure"}
    rest = _spec_warning(found[0], "alias", line=16, pointer=CYCLIC_POINTER)
    assert rest.startswith("alias *s refers to a node that contains it")
    _rest_renders(_html(app), "get--x")


def test_hazard_04_cyclic_alias_in_a_schema_warns_once(make_app: Any, tmp_path: Path) -> None:
    app = _build(make_app, _project(tmp_path, CYCLIC_SCHEMA))
    _only_warning(app, "alias", line=16, pointer=CYCLIC_POINTER)


DEEP_FLOW = """
import sys
sys.path.insert(0, {root!r})
import yaml
from sphinxext_apidocs.spec import loader, yaml_source
assert yaml_source._YamlLoader is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)
doc = loader.load_document(("a: " + "[" * 30000 + "]" * 30000).encode(), "deep.yaml")
print(doc.data is None, [p.subtype for p in doc.problems])
"""


def test_hazard_05_flow_nesting_30000_deep(make_app: Any, tmp_path: Path) -> None:
    # the interpreter survives (libyaml's composer would crash the process at this depth)
    child = subprocess.run(
        [sys.executable, "-c", DEEP_FLOW.format(root=str(ROOT))],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.split() == ["True", "['depth']"]
    # and in a build: a warning at the line, with the pointer into the nesting
    spec = HEAD + "x-deep: " + "[" * 30000 + "]" * 30000 + "\n"
    app = _build(make_app, _project(tmp_path, spec))
    # The pointer goes as deep into the nesting as the YAML parser got before the
    # refusal: libyaml scans ahead and may refuse first (PyYAML 6.0.4 caps flow
    # nesting at 1,000), the pure Python parser lets the loader stop at its own limit.
    (warning,) = _sound(app)
    assert warning["subtype"] == "depth", app.warning.getvalue()
    assert re.match(r"api\.yaml:9 #/x-deep(/0){0,7}: nesting deeper than", warning["message"]), (
        warning
    )
    _refused_page(_html(app))


@pytest.mark.parametrize("kind", ["yaml-block-1000", "json-10000"])
def test_hazard_06_deep_block_and_json_nesting(make_app: Any, tmp_path: Path, kind: str) -> None:
    if kind == "yaml-block-1000":
        spec = HEAD + "x-deep:\n" + "".join(" " * (i + 2) + "a:\n" for i in range(1000))
        spec += " " * 1002 + "b\n"
        src = _project(tmp_path, spec)
        app = _build(make_app, src)
        # the first line past the limit, the pointer down to it (cut at 8 steps)
        _only_warning(app, "depth", line=209, pointer="/x-deep" + "/a" * 7)
    else:
        spec_text = '{"openapi": "3.0.3", "x": ' + '{"a":' * 10000 + "1" + "}" * 10000 + "}"
        src = _project(tmp_path, spec_text, name="api.json")
        app = _build(make_app, src)
        found = _sound(app)
        assert [w["subtype"] for w in found] == ["depth"]
        assert found[0]["message"].startswith("api.json:1 #")
        assert "nesting deeper than" in found[0]["message"]
    _refused_page(_html(app))


def test_hazard_06_deep_json_warning_points_at_the_deep_value() -> None:
    text = '{\n  "openapi": "3.0.3",\n  "x": ' + '{"a":' * 10000 + "1" + "}" * 10000 + "\n}\n"
    doc = load_document(text.encode(), "api.json")
    assert [p.subtype for p in doc.problems] == ["depth"]
    assert doc.problems[0].line == 3
    assert (doc.problems[0].pointer or "").startswith("/x/a")


def test_hazard_07_duplicate_keys_warn_and_the_last_wins(make_app: Any, tmp_path: Path) -> None:
    spec = textwrap.dedent(
        """\
        openapi: 3.0.3
        info: {title: T, version: '1'}
        paths:
          /gone:
            get:
              responses:
                '200': {description: GONEDESC}
        paths:
          /ok:
            get:
              summary: FIRSTGET
              responses:
                '200': {description: fine}
            get:
              summary: SECONDGET
              responses:
                200: {description: INTKEY}
                "200": {description: STRKEY}
        """
    )
    app = _build(make_app, _project(tmp_path, spec))
    found = _sound(app)
    assert [w["subtype"] for w in found] == ["duplicate-key"] * 3
    rests = sorted(
        _spec_warning(w, "duplicate-key", line=line, pointer=pointer)
        for w, (line, pointer) in zip(
            sorted(found, key=lambda w: int(w["message"].split(":")[1].split()[0])),
            [(8, "/paths"), (14, "/paths/~1ok/get"), (18, "/paths/~1ok/get/responses/200")],
            strict=True,
        )
    )
    # both lines: the duplicate's (in the location) and the first one's
    assert rests == [
        "duplicate key '200' (first at line 17); the last one wins",
        "duplicate key 'get' (first at line 10); the last one wins",
        "duplicate key 'paths' (first at line 3); the last one wins",
    ]
    text = _text(_body(app))
    assert "SECONDGET" in text and "FIRSTGET" not in text
    assert "STRKEY" in text and "INTKEY" not in text
    assert "GONEDESC" not in text
    _rest_renders(_html(app))


def test_hazard_08_yaml_11_typing_is_not_applied(make_app: Any, tmp_path: Path) -> None:
    spec = textwrap.dedent(
        """\
        openapi: 3.0
        info: {title: T, version: '1'}
        paths:
          /ok:
            get:
              parameters:
                - name: flag
                  in: query
                  schema: {type: string, enum: [yes, no, on, off], example: 012345}
              responses:
                '200':
                  description: fine
                  content:
                    application/json:
                      schema: {type: string}
                      example: 2024-01-01
        """
    )
    src = _project(tmp_path, spec)
    model, problems, _ = load_spec(str(src / "api.yaml"), str(src))
    assert problems == [] and model is not None
    assert model.openapi_version == "3.0"
    app = _build(make_app, src)
    assert _sound(app) == []
    text = _text(_body(app))
    assert 'Allowed: "yes", "no", "on", "off". Example: "012345"' in text
    assert "Example\n2024-01-01\n" in text
    for wrong in ("True", "False", "5349", "00:00:00", "datetime"):
        assert wrong not in text, wrong
    _rest_renders(_html(app))


def test_hazard_09_encodings(make_app: Any, tmp_path: Path) -> None:
    # Latin-1 bytes and a NUL byte: warns with the line, the spec is not loaded
    for case, extra, expected in [
        ("latin1", b"x-t: caf\xe9\n", "not valid UTF-8 text at line 9"),
        ("nul", b"x-t: a\x00b\n", "NUL character at line 9"),
    ]:
        app = _build(make_app, _project(tmp_path / case, HEAD.encode() + extra))
        rest = _only_warning(app, "encoding", line=9, pointer=None)
        assert rest.startswith(expected), rest
        _refused_page(_html(app))
    # a lone surrogate escape: warns with line and pointer, replaced by U+FFFD, page renders
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/ok": {"get": {"summary": "Still here", "responses": {"200": {"description": "f"}}}},
            "/s": {"get": {"summary": "SUR", "responses": {"200": {"description": "f"}}}},
        },
    }
    text = json.dumps(spec, indent=1).replace('"SUR"', '"a\\ud800b"')
    app = _build(make_app, _project(tmp_path / "surrogate", text, name="api.json"))
    rest = _only_warning(
        app,
        "encoding",
        file="api.json",
        line=_line_of(text, "ud800"),
        pointer="/paths/~1s/get/summary",
    )
    assert "lone UTF-16 surrogate" in rest
    html = _html(app)
    assert "a\ufffdb" in html
    _rest_renders(html, "get--s")
    # UTF-16 with a BOM loads
    content = codecs.BOM_UTF16_LE + (HEAD + "x-t: café\n").replace("fine", "fïne ☃").encode(
        "utf-16-le"
    )
    app = _build(make_app, _project(tmp_path / "utf16", content))
    assert _sound(app) == []
    assert "fïne ☃" in _html(app)
    _rest_renders(_html(app))


def test_hazard_10_not_an_openapi_document(make_app: Any, tmp_path: Path) -> None:
    postman = {
        "info": {
            "_postman_id": "1",
            "name": "c",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "item": [],
    }
    for case, content, name, where, expected in [
        ("empty", "", "api.yaml", (None, None), "the file is empty; expected an OpenAPI document"),
        (
            "scalar",
            "just text\n",
            "api.yaml",
            (1, ""),
            "expected an OpenAPI document: a mapping with an `openapi` or `swagger` key, "
            "got a string",
        ),
        (
            "list",
            "- a\n- b\n",
            "api.yaml",
            (1, ""),
            "expected an OpenAPI document: a mapping with an `openapi` or `swagger` key, "
            "got a list",
        ),
        (
            "postman",
            json.dumps(postman),
            "api.json",
            (1, ""),
            "expected an OpenAPI (3.x) or Swagger (2.0) document, found a Postman collection",
        ),
    ]:
        app = _build(make_app, _project(tmp_path / case, content, name=name))
        rest = _only_warning(app, "not-openapi", file=name, line=where[0], pointer=where[1])
        assert rest == expected, case
        _refused_page(_html(app))
    # several YAML documents: a warning at the second, the first is rendered
    app = _build(make_app, _project(tmp_path / "multi", HEAD + "---\nswagger: '2.0'\n"))
    rest = _only_warning(app, "not-openapi", line=9, pointer="")
    assert "expected one document" in rest and "only the first is read" in rest
    _rest_renders(_html(app))


def test_hazard_11_oversized_file_is_refused_before_parsing(make_app: Any, tmp_path: Path) -> None:
    # bytes that would be an encoding problem if they were ever decoded or parsed
    content = HEAD.encode() + b"x-junk: \xff\x00[[[\n" * 200
    app = _build(make_app, _project(tmp_path, content, conf="apidocs_max_file_size = 1000\n"))
    rest = _only_warning(app, "size", line=None, pointer=None)
    assert rest == f"file is {len(content):,} bytes, over the limit of 1,000; not parsed"
    _refused_page(_html(app))
    doc = load_document(b"\xff\x00[[[" * 100, "api.yaml", max_bytes=100)
    assert [p.subtype for p in doc.problems] == ["size"] and doc.data is None


# == References =======================================================================

RECURSIVE = """\
  /tree:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Node'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/A'}
components:
  schemas:
    Node:
      type: object
      required: [children]
      properties:
        name: {type: string}
        children: {type: array, minItems: 1, items: {$ref: '#/components/schemas/Node'}}
    A:
      type: object
      required: [b]
      properties: {b: {$ref: '#/components/schemas/B'}}
    B:
      type: object
      required: [a]
      properties: {a: {$ref: '#/components/schemas/A'}}
"""


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def test_hazard_12_recursive_schemas_render_once_and_samples_stop(
    make_app: Any, tmp_path: Path
) -> None:
    spec = HEAD + RECURSIVE
    src = _project(tmp_path, spec, conf=INLINE_SCHEMAS)
    with _deadline(30):
        app = _build(make_app, src)
    # the schemas require themselves (children with minItems 1, a -> b -> a): no finite
    # value meets them, and loading says so once each (schema-unsatisfiable)
    found = _sound(app)
    assert [w["subtype"] for w in found] == ["structure", "structure", "structure"]
    assert {re.findall(r"#/components/schemas/\w+", w["message"])[0] for w in found} == {
        "#/components/schemas/Node",
        "#/components/schemas/A",
        "#/components/schemas/B",
    }
    assert "each value must hold children[0], a value of this same schema" in str(found)
    html = _html(app)
    text = _text(_body(app))
    assert text.count("recursive: Node (shown above)") == 1
    assert text.count("recursive: A (shown above)") == 1
    assert len(html) < 100_000
    # samples stop: both made-up examples are finite JSON of bounded depth
    examples = re.findall(r"Example \(made from the schema\)\n(.*?)\n\n", text, re.S)
    assert len(examples) == 2
    for example in examples:
        assert _depth(json.loads(example)) <= 20
    model, problems, _ = load_spec(str(src / "api.yaml"), str(src))
    assert model is not None and len(problems) == 3
    for name in ("Node", "A", "B"):
        schema = model.schema_by_name(name)
        assert schema is not None
        with _deadline(10):
            assert _depth(sample(model, schema, "response")) <= 20
    _rest_renders(html, "post--tree")


def test_hazard_13_pure_reference_loop_warns_with_the_cycle(make_app: Any, tmp_path: Path) -> None:
    spec = (
        HEAD
        + _op("/loop", "#/components/schemas/A")
        + textwrap.dedent(
            """\
        components:
          schemas:
            A: {$ref: '#/components/schemas/B'}
            B: {$ref: '#/components/schemas/A'}
        """
        )
    )
    with _deadline(30):
        app = _build(make_app, _project(tmp_path, spec))
    rest = _only_warning(
        app, "ref-cycle", line=_line_of(spec, "    A:"), pointer="/components/schemas/A"
    )
    assert rest == (
        "schema reference loop: api.yaml#/components/schemas/A -> "
        "api.yaml#/components/schemas/B -> api.yaml#/components/schemas/A"
    )
    _rest_renders(_html(app), "get--loop")


def test_hazard_14_reference_fan_out_builds_a_small_page(make_app: Any, tmp_path: Path) -> None:
    schemas: dict[str, Any] = {}
    for level in range(7):
        props = {f"p{i}": {"$ref": f"#/components/schemas/L{level + 1}"} for i in range(8)}
        schemas[f"L{level}"] = {"type": "object", "properties": props}
    schemas["L7"] = {"type": "string", "description": "LEAF"}
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/ok": {"get": {"responses": {"200": {"description": "fine"}}}},
            "/x": {
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/L0"}}
                        }
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/L0"}}
                            },
                        }
                    },
                }
            },
        },
        "components": {"schemas": schemas},
    }
    assert len(json.dumps(spec)) < 4000
    start = time.monotonic()
    with _deadline(60):
        app = _build(make_app, _project(tmp_path, spec, conf=INLINE_SCHEMAS))
    assert time.monotonic() - start < 20
    assert _sound(app) == []
    html = _html(app)
    assert len(html) < 400_000  # sphinxcontrib-openapi: 445 MB
    assert "see its first use above" in html
    _rest_renders(html, "post--x")


def test_hazard_15_remote_references_never_connect(make_app: Any, tmp_path: Path) -> None:
    spec = (
        HEAD.replace("3.0.3", "3.1.0")
        + _op("/a", "http://example.com/a.json")
        + _op("/b", "https://example.com/b.json#/X")
        + _op("/c", "//example.com/c.json")
        + _op("/d", "#/components/schemas/S")
        + textwrap.dedent(
            """\
            components:
              schemas:
                S:
                  $id: 'http://example.com/schemas/s.json'
                  type: object
                  properties:
                    rel: {$ref: 'other.json'}
            """
        )
    )
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "other.json").write_text('{"description": "LOCAL-OTHER"}')
    src = _project(tmp_path, spec)
    with _audited() as events:
        app = _build(make_app, src)
    assert _network(events) == []
    assert str((src / "other.json").resolve()) not in _opened(events)
    found = _sound(app)
    assert len(found) == 4, app.warning.getvalue()
    schema_ptr = "/get/responses/200/content/application~1json/schema/$ref"
    http, https, relative, rebased = found
    rest = _spec_warning(
        http, "remote-ref", line=_line_of(spec, "a.json"), pointer="/paths/~1a" + schema_ptr
    )
    assert "'http://example.com/a.json'" in rest and "not fetched" in rest
    rest = _spec_warning(
        https, "remote-ref", line=_line_of(spec, "b.json"), pointer="/paths/~1b" + schema_ptr
    )
    assert "'https://example.com/b.json#/X'" in rest and "not fetched" in rest
    # scheme-relative: resolved against the spec's file: URI it names a host; not read
    assert relative["subtype"] in ("remote-ref", "outside-project")
    rest = _spec_warning(
        relative,
        relative["subtype"],
        line=_line_of(spec, "c.json"),
        pointer="/paths/~1c" + schema_ptr,
    )
    assert "'//example.com/c.json'" in rest
    assert "not read" in rest or "not fetched" in rest
    # 3.1 $id rebases the relative 'other.json' onto http://: caught on the final URI
    rest = _spec_warning(
        rebased,
        "remote-ref",
        line=_line_of(spec, "other.json"),
        pointer="/components/schemas/S/properties/rel/$ref",
    )
    assert "not fetched" in rest
    html = _html(app)
    assert "LOCAL-OTHER" not in html
    _rest_renders(html, "get--a", "get--b", "get--c", "get--d")


def test_hazard_16_secrets_outside_the_project_appear_nowhere(
    make_app: Any, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.json"
    secret.write_text(
        json.dumps(
            {"type": "string", "description": "TOPSECRET-1", "S": {"description": "TOPSECRET-2"}}
        )
    )
    spec = (
        HEAD
        + _op("/a", "../../outside/secret.json")
        + _op("/b", "../outside/secret.json")
        + _op("/c", secret.as_uri())
        + _op("/d", "link/secret.json#/S")
    )
    src = _project(tmp_path, spec)
    os.symlink(outside, src / "link")
    with _audited() as events:
        app = _build(make_app, src, verbosity=2)
    assert str(secret.resolve()) not in _opened(events)
    logs = app.warning.getvalue() + app.status.getvalue()
    assert "TOPSECRET" not in logs
    for page in Path(app.outdir).rglob("*"):
        if page.is_file():
            assert b"TOPSECRET" not in page.read_bytes(), page
    found = _sound(app)
    assert [w["subtype"] for w in found] == ["outside-project"] * 4
    schema_ptr = "/get/responses/200/content/application~1json/schema/$ref"
    for warning, path in zip(found, ["a", "b", "c", "d"], strict=True):
        rest = _spec_warning(
            warning,
            "outside-project",
            line=_line_of(spec, f"  /{path}:") + 7,
            pointer=f"/paths/~1{path}" + schema_ptr,
        )
        assert rest.endswith("; not read")
    _rest_renders(_html(app), "get--a", "get--b", "get--c", "get--d")


LITERAL_REFS = """\
  /lit:
    get:
      x-extra: {$ref: 'secret.yaml#/x'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                x-note: {$ref: 'secret.yaml#/n'}
                default: {$ref: 'secret.yaml#/a'}
                enum: [{$ref: 'secret.yaml#/b'}]
              example: {$ref: 'secret.yaml#/c'}
"""


def test_hazard_17_ref_in_literal_data_is_shown_not_opened(make_app: Any, tmp_path: Path) -> None:
    spec = HEAD + LITERAL_REFS
    src = _project(tmp_path, spec, files={"secret.yaml": "password: hunter2\n"})
    with _audited() as events:
        app = _build(make_app, src)
    assert str((src / "secret.yaml").resolve()) not in _opened(events)
    assert _sound(app) == []
    text = _text(_body(app))
    assert "hunter2" not in text
    assert 'Allowed: {"$ref": "secret.yaml#/b"}' in text
    assert 'Default: {"$ref": "secret.yaml#/a"}' in text
    assert '"$ref": "secret.yaml#/c"' in text
    _rest_renders(_html(app), "get--lit")


def test_hazard_18_pointers_resolve_or_warn_with_line(make_app: Any, tmp_path: Path) -> None:
    spec = (
        HEAD
        + "  /items/{id}:\n    get:\n      responses:\n        '200': {description: ITEMRESP}\n"
        + _op("/missingfile", "nope.yaml#/X")
        + _op("/missingptr", "#/components/schemas/Nope")
        + _op("/tilde", "#/components/schemas/a~1b~0c")
        + _op("/leadingzero", "#/components/schemas/L/items/01")
        + _op("/index", "#/components/schemas/L/items/1")
        + "  /pct:\n    $ref: '#/paths/~1items~1%7Bid%7D'\n"
        + textwrap.dedent(
            """\
            components:
              schemas:
                'a/b~c': {type: string, description: TILDEOK}
                L:
                  type: array
                  items: [{type: string}, {type: integer, description: INDEXOK}]
            """
        )
    )
    app = _build(make_app, _project(tmp_path, spec))
    found = _sound(app)
    assert [w["subtype"] for w in found] == ["file", "ref", "ref"], app.warning.getvalue()
    ptr = "/get/responses/200/content/application~1json/schema/$ref"
    missing_file, missing_ptr, leading_zero = found
    rest = _spec_warning(
        missing_file,
        "file",
        line=_line_of(spec, "nope.yaml"),
        pointer="/paths/~1missingfile" + ptr,
    )
    assert rest.startswith("cannot read 'nope.yaml'")
    rest = _spec_warning(
        missing_ptr,
        "ref",
        line=_line_of(spec, "schemas/Nope"),
        pointer="/paths/~1missingptr" + ptr,
    )
    assert "no /components/schemas/Nope in api.yaml" in rest
    rest = _spec_warning(
        leading_zero,
        "ref",
        line=_line_of(spec, "items/01"),
        pointer="/paths/~1leadingzero" + ptr,
    )
    assert "'#/components/schemas/L/items/01'" in rest
    text = _text(_body(app))
    assert "TILDEOK" in text and "INDEXOK" in text
    assert text.count("ITEMRESP") == 2  # /items/{id} and /pct, through %7B %7D
    _rest_renders(_html(app), "get--pct", "get--tilde", "get--index", "get--missingptr")


DISCRIMINATOR = (
    HEAD
    + """\
  /pet:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
              examples:
                remote: {summary: REMOTEEX, externalValue: 'https://example.com/examples/pet.json'}
components:
  schemas:
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}]
      discriminator:
        propertyName: kind
        mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}
    Cat: {type: object, required: [kind], properties: {kind: {type: string}}}
"""
)


def test_hazard_19_discriminator_to_a_missing_schema_and_remote_examples(
    make_app: Any, tmp_path: Path
) -> None:
    spec = DISCRIMINATOR
    with _audited() as events:
        app = _build(make_app, _project(tmp_path, spec))
    assert _network(events) == []
    found = _sound(app)
    (mapping,) = [w for w in found if w["subtype"] == "ref"]
    rest = _spec_warning(
        mapping,
        "ref",
        line=_line_of(spec, "mapping:"),
        pointer="/components/schemas/Pet/discriminator/mapping/dog",
    )
    assert "'#/components/schemas/Dog'" in rest
    # the remote example may be warned about too (the docs say no warning): nothing else
    for warning in found:
        assert warning is mapping or "/examples/remote" in warning["message"], warning
    text = _text(_body(app))
    assert "Discriminator: kind (cat → Cat, dog → (missing schema))" in text
    assert "https://example.com/examples/pet.json" in text
    _rest_renders(_html(app), "get--pet")


def test_hazard_19_remote_external_value_is_a_link(make_app: Any, tmp_path: Path) -> None:
    app = _build(make_app, _project(tmp_path, DISCRIMINATOR))
    assert 'href="https://example.com/examples/pet.json"' in _body(app)


# == Rendering ========================================================================


def _spec_with(operation: dict[str, Any], **info: Any) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1", **info},
        "paths": {
            "/ok": {"get": {"summary": "Still here", "responses": {"200": {"description": "f"}}}},
            "/x": {"get": {"responses": {"200": {"description": "ok"}}, **operation}},
        },
    }


def test_hazard_20_spec_text_is_never_rest_or_myst(make_app: Any, tmp_path: Path) -> None:
    description = (
        ".. raw:: html\n\n   <blink>RAWHTML</blink>\n\n"
        ".. include:: /etc/passwd\n\n"
        ".. csv-table:: T\n   :url: http://example.com/x.csv\n\n"
        "```{note}\nMYSTNOTE\n```\n\n"
        "```{include} /etc/passwd\n```\n\n"
        "{ref}`MYSTROLE` :ref:`RSTROLE` :download:`DL </etc/passwd>`\n"
    )
    spec = _spec_with({"description": description})
    src = _project(tmp_path, spec, conf='extensions.append("myst_parser")\n')
    with _audited() as events:
        app = _build(make_app, src)
    assert "/etc/passwd" not in _opened(events)
    assert _network(events) == []
    assert _sound(app) == []
    body = _body(app)
    text = _text(body)
    for literal in (
        ".. raw:: html",
        ".. include:: /etc/passwd",
        ".. csv-table:: T",
        ":url: http://example.com/x.csv",
        "MYSTNOTE",
        "{ref}",
        ":ref:",
        ":download:",
    ):
        assert literal in text, literal
    assert "root:" not in text
    assert "<blink>" not in body
    assert 'class="admonition' not in body and "Download" not in body
    assert not (Path(app.outdir) / "_downloads").exists()
    _rest_renders(_html(app), "get--x")


def test_hazard_21_raw_html_is_sanitised_and_text_kept(make_app: Any, tmp_path: Path) -> None:
    description = (
        'See <a href="https://ok.example/docs">the docs</a>,<br>line two. '
        "<b onclick=\"steal()\">BOLD</b> <img src=x onerror=alert(1) alt='ALTTEXT'> "
        "<script>alert('SCRIPTBODY')</script><style>body{display:none}</style>"
        '<iframe src="https://evil.example/"></iframe> '
        'The key is "<module>.<script>" in prose.\n\n'
        "<table><tr><th>HEAD</th></tr><tr><td>CELL</td></tr></table>\n\n"
        "[x](JaVaScRiPt:alert(2))"
    )
    spec = _spec_with({"description": description})
    src = _project(tmp_path, spec)
    app = _build(make_app, src)
    line = _line_of((src / "api.json").read_text(), '"description": "See')
    rest = _only_warning(
        app, "html", file="api.json", line=line, pointer="/paths/~1x/get/description"
    )
    for removed in ("<script>", "<style>", "<iframe>", "event handler", "javascript: URL"):
        assert removed in rest, rest
    body = _body(app)
    lowered = body.lower()
    for gone in ("<script", "<style", "<iframe", "onclick", "onerror", "scriptbody", "javascript:"):
        assert gone not in lowered, gone
    assert (
        '<a class="apidocs-spec-link reference external" href="https://ok.example/docs">the docs</a>'
        in body
    )
    assert "<strong>BOLD</strong>" in body
    assert "<table" in body and "CELL" in body and "HEAD" in body
    text = _text(body)
    assert 'The key is "<module>.<script>" in prose.' in text.replace("“", '"').replace("”", '"')
    assert "line two" in text and "ALTTEXT" in text
    _rest_renders(_html(app), "get--x")


def test_hazard_22_unsafe_url_schemes_never_become_links(make_app: Any, tmp_path: Path) -> None:
    bad = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(2)",
        "java\tscript:alert(3)",
        "vbscript:msgbox(4)",
        "VBScript:msgbox(5)",
        "data:text/html;base64,PHNjcmlwdD4=",
        " DATA:text/html,x",
    ]
    description = "\n\n".join(
        [f"[md{i}]({u.strip()})" for i, u in enumerate(bad)]
        + [f"<{u.strip()}>" for u in bad if "\t" not in u and " " not in u]
        + [f"`rst{i} <{u.strip()}>`_" for i, u in enumerate(bad)]
        + [f'<a href="{u}">html{i}</a>' for i, u in enumerate(bad)]
    )
    spec = _spec_with(
        {"description": description, "externalDocs": {"url": bad[3]}},
        termsOfService=bad[1],
        contact={"name": "C", "url": bad[2]},
        license={"name": "L", "url": bad[5]},
    )
    spec["externalDocs"] = {"url": bad[0], "description": "EXTDOCS"}
    spec["servers"] = [{"url": bad[4]}, {"url": "https://api.example.com"}]
    spec["tags"] = [{"name": "t", "externalDocs": {"url": bad[6]}}]
    spec["paths"]["/x"]["get"]["tags"] = ["t"]
    app = _build(make_app, _project(tmp_path, spec))
    found = _sound(app)
    assert found and {w["subtype"] for w in found} == {"html"}
    html = _html(app)
    hrefs = re.findall(r'href="([^"]*)"', html, re.I)
    for href in hrefs:
        scheme = re.sub(r"[\s\x00-\x1f]", "", htmlmod.unescape(href)).lower()
        assert not scheme.startswith(("javascript:", "vbscript:", "data:")), href
    assert not re.search(r"(?i)src=\"\s*(javascript|vbscript|data):", html)
    _rest_renders(html, "get--x")


NASTY = "a`b|c:d<e></pre>f\ng"


def test_hazard_23_names_values_and_samples_are_verbatim(make_app: Any, tmp_path: Path) -> None:
    spec = _spec_with(
        {
            "x-codeSamples": [{"lang": "Shell", "label": "L" + NASTY, "source": "S" + NASTY}],
            "parameters": [
                {
                    "name": "P" + NASTY,
                    "in": "query",
                    "schema": {
                        "type": "string",
                        "enum": ["E" + NASTY],
                        "default": "D" + NASTY,
                        "example": "X" + NASTY,
                    },
                }
            ],
            "requestBody": {
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "R" + NASTY: {
                                    "type": "string",
                                    "enum": ["PE" + NASTY],
                                    "default": "PD" + NASTY,
                                }
                            },
                        },
                        "example": {"k": "BX" + NASTY},
                    }
                }
            },
        },
        title="I" + NASTY,
    )
    spec["tags"] = [{"name": "G" + NASTY.replace("\n", " ")}]
    spec["paths"]["/x"]["get"]["tags"] = ["G" + NASTY.replace("\n", " ")]
    app = _build(make_app, _project(tmp_path, spec))
    assert _sound(app) == []
    body = _body(app)
    assert "</pre>f" not in body and "<e>" not in body  # nothing is markup
    text = _text(body)
    escaped = json.dumps(NASTY)[1:-1]  # inside JSON strings the newline is written \n
    for prefix in ("L", "S", "P", "R", "I"):  # names, labels, sources, the API title
        assert prefix + NASTY in text, prefix
    assert "G" + NASTY.replace("\n", " ") in text
    for prefix in ("E", "D", "X", "PE", "PD", "BX"):  # values, shown as JSON
        assert prefix + escaped in text, prefix
    _rest_renders(_html(app), "get--x")


def test_hazard_23_schema_titles_are_verbatim(make_app: Any, tmp_path: Path) -> None:
    title = "PT *em* `code` <b>b</b> </pre> x|y"
    spec = _spec_with(
        {
            "requestBody": {
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {"p": {"type": "string", "title": title}},
                        }
                    }
                }
            }
        }
    )
    app = _build(make_app, _project(tmp_path, spec))
    body = _body(app)
    assert title in _text(body)
    assert "<em>em</em>" not in body and "<strong>b</strong>" not in body


def test_hazard_23_code_that_does_not_lex_as_its_language_is_shown_as_written(
    make_app: Any, tmp_path: Path
) -> None:
    # Pygments refuses these as JSON; spec text is highlighted as far as it goes, with no
    # warning of another type (-W would fail on Sphinx's highlighting_failure)
    spec = _spec_with(
        {
            "description": "```json\n{broken: 'DESC-CODE'\n```\n",
            "x-codeSamples": [{"lang": "JSON", "source": "{not json: 'SAMPLE-CODE'"}],
        }
    )
    app = _build(make_app, _project(tmp_path, spec))
    assert _sound(app) == []
    text = _text(_body(app))
    assert "{broken: 'DESC-CODE'" in text and "{not json: 'SAMPLE-CODE'" in text


def test_hazard_24_summary_is_a_single_line_title(make_app: Any, tmp_path: Path) -> None:
    summary = "Line one\n\n# Heading\n\n- item\n\n1. numbered\n\n> quote\n\n---\n\n    code"
    spec = _spec_with({"summary": summary})
    app = _build(make_app, _project(tmp_path, spec))
    assert _sound(app) == []
    body = _body(app)
    para = re.findall(r'<p class="apidocs-summary">(.*?)</p>', body, re.S)[-1]
    assert "\n" not in para
    one_line = "Line one # Heading - item 1. numbered > quote --- code"
    assert _text(para) == one_line
    for block in ("<h1", "<h2", "<h3", "<ul", "<ol", "<li", "<blockquote", "<hr", "<pre", "<p"):
        assert block not in para, block
    # the operations index: one line once HTML collapses white space, no markup
    index = _html(app, "api-operations")
    (entry,) = re.findall(r'href="index.html#get--x">.*?</td><td>(.*?)</td>', index, re.S)
    assert " ".join(_text(entry).split()) == one_line
    assert re.findall(r"<(\w+)", entry) == ["em"]
    # the same single line in plain text output
    text_app = _build(make_app, _project(tmp_path / "text", spec), "text")
    txt = (Path(text_app.outdir) / "index.txt").read_text()
    assert one_line in txt
    _rest_renders(_html(app), "get--x")


@pytest.mark.parametrize("how", ["apidocs_markdown", "api-markdown"])
def test_hazard_25_markdown_includes_stay_inside_the_project(
    make_app: Any, tmp_path: Path, how: str
) -> None:
    (tmp_path / "secret.md").write_text("OUTSIDE-SECRET-MD\n")
    (tmp_path / "secret.txt").write_text("OUTSIDE-SECRET-TXT\n")
    markdown = (
        "## GET /ok\n\nENDPOINT prose.\n\n"
        "```{include} ../secret.md\n```\n\n"
        "```{literalinclude} ../secret.txt\n```\n\n"
        "```{include} /md/inside.md\n```\n\n"
        "### Notes\n\n```{include} ../secret.txt\n:literal:\n```\n"
    )
    conf = 'extensions.append("myst_parser")\nexclude_patterns = ["md", "_build"]\n'
    if how == "apidocs_markdown":
        conf += 'apidocs_markdown = ["md"]\n'
        page = ".. api-spec:: api\n"
    else:
        page = ".. api-markdown:: md/ok.md\n   :spec: api\n"
    src = _project(
        tmp_path,
        HEAD,
        conf=conf,
        page=page,
        files={"md/ok.md": markdown, "md/inside.md": "INSIDE-INCLUDED\n"},
    )
    app = _build(make_app, src)
    assert app.statuscode == 0
    for page_file in Path(app.outdir).rglob("*.html"):
        assert "OUTSIDE-SECRET" not in page_file.read_text(), page_file
    html = _html(app)
    assert "ENDPOINT prose." in html and "INSIDE-INCLUDED" in html  # includes inside: fine
    _rest_renders(html)


# == Samples ==========================================================================

HUGE = (
    HEAD
    + """\
  /big:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [many, long]
              properties:
                many: {type: array, minItems: 100000000, items: {type: integer}}
                long: {type: string, minLength: 1000000000}
      responses:
        '200': {description: ok}
"""
)


def test_hazard_26_huge_minimums_give_small_samples(make_app: Any, tmp_path: Path) -> None:
    rss = _max_rss_mb()
    with _deadline(30):
        app = _build(make_app, _project(tmp_path, HUGE))
    assert _max_rss_mb() - rss < 200
    assert _sound(app) == []
    html = _html(app)
    assert len(html) < 100_000
    text = _text(_body(app))
    (example,) = re.findall(r"Example \(made from the schema\)\n(.*?)\n\n", text, re.S)
    value = json.loads(example)
    assert 1 <= len(value["many"]) <= MAX_ITEMS
    assert 1 <= len(value["long"]) <= MAX_LENGTH + 10
    _rest_renders(html, "post--big")


def test_hazard_26_shortened_samples_are_annotated(make_app: Any, tmp_path: Path) -> None:
    app = _build(make_app, _project(tmp_path, HUGE))
    text = _text(_body(app))
    start = text.index("Example (made from the schema)")
    after = text[start : text.index("Responses", start)]
    example = re.findall(r"Example \(made from the schema\)\n(.*?)\n\n", text, re.S)[0]
    note = after.replace(example, "")
    assert re.search(r"100[,. ]?000[,. ]?000", note), note
    assert re.search(r"1[,. ]?000[,. ]?000[,. ]?000", note), note


PATTERNS = """\
openapi: 3.1.0
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Evil: {type: string, pattern: '^(a+)+$', minLength: 40}
    Unicode: {type: string, pattern: '^\\p{L}+$'}
    Both:
      type: object
      required: [a, b]
      properties: {a: {$ref: '#/components/schemas/Evil'}, b: {$ref: '#/components/schemas/Unicode'}}
    EvilExample: {type: string, pattern: '^(a+)+$', example: '%s'}
"""


def test_hazard_27_catastrophic_and_unsupported_patterns(make_app: Any, tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(PATTERNS % "aaaa")
    model, _problems, _ = load_spec(str(tmp_path / "api.yaml"), str(tmp_path))
    assert model is not None
    with _deadline(5):
        evil = model.schema_by_name("Evil")
        unicode = model.schema_by_name("Unicode")
        both = model.schema_by_name("Both")
        assert evil is not None and unicode is not None and both is not None
        made = sample(model, evil)
        assert isinstance(made, str) and re.fullmatch("a{40,}", made)
        assert isinstance(sample(model, unicode), str)  # \p{L}: Python's re cannot: no crash
        assert set(sample(model, both)) == {"a", "b"}
    # in a build: no crash, no warning of ours about the pattern
    spec = HEAD + _op("/p", "#/components/schemas/Both", "post")
    spec += "components:\n" + PATTERNS.split("components:\n")[1] % "aaaa"
    with _deadline(30):
        app = _build(make_app, _project(tmp_path / "build", spec))
    assert _sound(app) == []
    _rest_renders(_html(app), "post--p")


def test_hazard_27_catastrophic_pattern_never_meets_long_input(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(PATTERNS % ("a" * 40 + "!"))
    model, _, _ = load_spec(str(tmp_path / "api.yaml"), str(tmp_path))
    assert model is not None
    schema = model.schema_by_name("EvilExample")
    assert schema is not None
    with _deadline(2):
        sample(model, schema)


CONTRADICTIONS = """\
  /c:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Contra'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Empty'}
  /d:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Misc'}
      responses:
        '200': {description: ok}
components:
  schemas:
    Contra: {allOf: [{type: string}, {type: integer}]}
    Empty: {type: string, enum: []}
    Misc:
      type: object
      required: [arr, nul, lst]
      properties:
        arr: {type: array}
        nul: %s
        lst: %s
"""


def _contradictions(version: str) -> str:
    if version == "3.0.3":
        types = "{type: 'null'}", "{type: string, nullable: true}"
    else:
        types = "{type: 'null'}", "{type: [string, integer, 'null']}"
    return HEAD.replace("3.0.3", version) + CONTRADICTIONS % types


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_hazard_28_contradictions_and_odd_types_do_not_crash(
    make_app: Any, tmp_path: Path, version: str
) -> None:
    spec = _contradictions(version)
    with _deadline(30):
        app = _build(make_app, _project(tmp_path, spec))
    # whatever is said is said about the schemas (file, line, pointer), not as a crash
    for warning in _sound(app):
        assert re.match(r"api\.yaml:\d+ #/components/schemas/", warning["message"]), warning
    text = _text(_body(app))
    # a named schema's made-up example is shown once, with the schema (a request or
    # response body's)
    examples = re.findall(
        r"Example(?: request body| response body)? \(made from the schema\)\n(.*?)\n\n", text, re.S
    )
    misc = json.loads(examples[-1])
    assert misc["arr"] == [] and misc["nul"] is None and "lst" in misc
    _rest_renders(_html(app), "post--c", "post--d")


def test_hazard_28_impossible_schemas_warn(make_app: Any, tmp_path: Path) -> None:
    spec = _contradictions("3.1.0")
    app = _build(make_app, _project(tmp_path, spec))
    found = _sound(app)
    pointers = {w["message"].split(": ", 1)[0] for w in found}
    assert f"api.yaml:{_line_of(spec, 'Contra: {')} #/components/schemas/Contra" in pointers
    assert f"api.yaml:{_line_of(spec, 'Empty: {')} #/components/schemas/Empty" in pointers


READ_ONLY = """\
  /ro:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [id]
              properties:
                id: {type: integer, readOnly: true}
                created: {type: string, format: date-time, readOnly: true}
      responses:
        '201':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: integer, readOnly: true}
"""


def test_hazard_29_read_only_request_body_samples_as_empty_object(
    make_app: Any, tmp_path: Path
) -> None:
    spec = HEAD + READ_ONLY
    app = _build(make_app, _project(tmp_path, spec, conf='apidocs_sample_languages = ["curl"]\n'))
    assert _sound(app) == []
    text = _text(_body(app))
    request, response = re.findall(r"Example \(made from the schema\)\n(.*?)\n\n", text, re.S)
    assert json.loads(request) == {}
    assert json.loads(response) == {"id": 0}
    assert "--data-raw '{}'" in text
    _rest_renders(_html(app), "post--ro")


FORMATS = """\
  /things:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [id, at, on, tags, extra]
              properties:
                id: {type: string, format: uuid}
                at: {type: string, format: date-time}
                on: {type: string, format: date}
                tags: {type: array, uniqueItems: true, items: {type: string}}
                extra: {type: object, additionalProperties: {type: integer}}
      responses:
        '200': {description: ok}
"""

SPHINX_BUILD = """
import sys
sys.path.insert(0, {root!r})
from sphinx.cmd.build import main
sys.exit(main(["-q", "-b", "html", {src!r}, {out!r}]))
"""


def test_hazard_30_output_is_deterministic(tmp_path: Path) -> None:
    spec = HEAD + FORMATS
    runs = []
    for seed in ("1", "2"):
        src = _project(tmp_path / f"seed{seed}", spec)
        out = tmp_path / f"seed{seed}" / "out"
        code = SPHINX_BUILD.format(root=str(ROOT), src=str(src), out=str(out))
        env = {**os.environ, "PYTHONHASHSEED": seed}
        runs.append(
            (
                out,
                subprocess.Popen(
                    [sys.executable, "-c", code],
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
        )
    pages = []
    for out, proc in runs:
        _stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr
        assert "WARNING" not in stderr, stderr
        pages.append((out / "index.html").read_bytes())
    assert pages[0] == pages[1]
    page = pages[0].decode()
    assert "3fa85f64-5717-4562-b3fc-2c963f66afa6" in page
    assert time.strftime("%Y-%m-%d") not in page  # no build date
    assert time.strftime("%b %d, %Y") not in page


# == Sphinx integration and PDF =======================================================

INCREMENTAL_SPEC = """\
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /ok:
    get:
      summary: Still here
      responses:
        '200':
          description: fine
          content:
            application/json:
              schema: {$ref: 'schemas/common.yaml#/Thing'}
"""


def _touch_later(path: Path, text: str) -> None:
    """Write ``text`` and move the mtime forward (Sphinx compares modification times)."""
    path.write_text(text)
    future = path.stat().st_mtime_ns + 3_000_000_000
    os.utime(path, ns=(future, future))


def test_hazard_31_edits_to_dependencies_reach_the_next_build(
    make_app: Any, tmp_path: Path
) -> None:
    src = _project(
        tmp_path,
        INCREMENTAL_SPEC,
        conf=(
            'extensions.append("myst_parser")\n'
            'apidocs_markdown = ["md"]\n'
            'apidocs_sample_templates = "templates"\n'
            'apidocs_sample_languages = ["curl"]\n'
            'exclude_patterns = ["md", "templates", "_build"]\n'
        ),
        files={
            "schemas/common.yaml": "Thing:\n  type: object\n  properties:\n    FIELDONE: {type: string}\n",
            "md/ok.md": "## GET /ok\n\nMARKDOWN-ONE prose.\n",
            "templates/curl.j2": "TEMPLATE-ONE {{ request.method }} {{ request.url }}\n",
        },
    )
    first = _build(make_app, src)
    assert _sound(first) == []
    html = _html(first)
    assert "FIELDONE" in html and "MARKDOWN-ONE" in html and "TEMPLATE-ONE" in html

    # a $ref'd file: a second build in the same process, reusing the environment
    _touch_later(
        src / "schemas" / "common.yaml",
        "Thing:\n  type: object\n  properties:\n    FIELDTWO: {type: string}\n",
    )
    second = _build(make_app, src)
    html = _html(second)
    assert "FIELDTWO" in html and "FIELDONE" not in html
    # a Markdown source
    _touch_later(src / "md" / "ok.md", "## GET /ok\n\nMARKDOWN-TWO prose.\n")
    third = _build(make_app, src)
    html = _html(third)
    assert "MARKDOWN-TWO" in html and "MARKDOWN-ONE" not in html
    # a template
    _touch_later(
        src / "templates" / "curl.j2", "TEMPLATE-TWO {{ request.method }} {{ request.url }}\n"
    )
    fourth = _build(make_app, src, cleanup=False)
    html = _html(fourth)
    assert "TEMPLATE-TWO" in html and "TEMPLATE-ONE" not in html
    # and the same application building again after an edit
    _touch_later(
        src / "schemas" / "common.yaml",
        "Thing:\n  type: object\n  properties:\n    FIELDTHREE: {type: string}\n",
    )
    fourth.build()
    html = _html(fourth)
    assert "FIELDTHREE" in html and "FIELDTWO" not in html
    for app in (second, third, fourth):
        assert _sound(app) == []


PARALLEL_SPEC = (
    HEAD
    + "".join(
        f"  /op{i}:\n    get:\n      operationId: op{i}\n      summary: Operation {i}\n"
        "      responses:\n        '200':\n          description: ok\n"
        "          content:\n            application/json:\n"
        f"              schema: {{$ref: '#/components/schemas/{'Nope' if i == 3 else 'Thing'}'}}\n"
        for i in range(8)
    )
    + (
        "components:\n  schemas:\n    Thing:\n      type: object\n"
        "      properties: {id: {type: string, format: uuid}, at: {type: string, format: date}}\n"
    )
)


def _parallel_project(tmp_path: Path) -> Path:
    src = _project(tmp_path, PARALLEL_SPEC)
    toctree = "\n.. toctree::\n\n" + "".join(f"   page{i}\n" for i in range(8))
    (src / "index.rst").write_text(INDEX.format(page=".. api-spec:: api\n" + toctree))
    for i in range(8):
        (src / f"page{i}.rst").write_text(
            f"Page {i}\n======\n\n.. api-endpoint:: op{i}\n   :no-index:\n"
        )
    return src


def _pages(outdir: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes() for p in sorted(outdir.glob("*.html")) if p.name != "search.html"
    }


def _warning_set(app: SphinxTestApp) -> list[tuple[str, str, str]]:
    return sorted(
        (w["subtype"], w["location"].rsplit("/", 1)[-1], w["message"])
        for w in apidocs_warnings(app.warning.getvalue())
    )


def test_hazard_32_parallel_equals_serial_and_warnings_repeat(
    make_app: Any, tmp_path: Path
) -> None:
    serial = _build(make_app, _parallel_project(tmp_path / "j1"), parallel=1)
    parallel = _build(make_app, _parallel_project(tmp_path / "j2"), parallel=2)
    assert " .. page" in parallel.status.getvalue()  # the sources were read in parallel chunks
    assert _pages(Path(serial.outdir)) == _pages(Path(parallel.outdir))
    expected = _warning_set(serial)
    assert [(s, loc) for s, loc, _ in expected] == [("ref", f"index.rst:{DIRECTIVE_LINE}")]
    assert _warning_set(parallel) == expected
    _sound(parallel)
    # an incremental build that reads nothing reports the same warnings again
    again = _build(make_app, tmp_path / "j2" / "src", parallel=2)
    status = again.status.getvalue()
    assert "0 added, 0 changed, 0 removed" in status and "no targets are out of date" in status
    assert _warning_set(again) == expected
    # and with -W it fails, as the full build would
    strict = _build(make_app, tmp_path / "j2" / "src", warningiserror=True)
    assert strict.statuscode == 1
    assert "[apidocs.ref]" in strict.warning.getvalue()


DEEP_LATEX: dict[str, Any] = {"type": "string", "description": "LEAF"}
for _level in reversed(range(7)):
    DEEP_LATEX = {"type": "object", "properties": {f"l{_level}": DEEP_LATEX}}


def _tex(app: SphinxTestApp) -> str:
    return next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")


def test_hazard_33_latex(make_app: Any, tmp_path: Path) -> None:
    big = {f"key{i}": "v" * 50 for i in range(2000)}  # about 120 KB of example
    spec = _spec_with(
        {
            "summary": "Ship it ✅ ─│┌",
            "description": "Status ✅, a box ┌─┐ and 😀.",
            "requestBody": {"content": {"application/json": {"schema": DEEP_LATEX}}},
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": {"type": "object"}, "example": big}},
                }
            },
        }
    )
    conf = "apidocs_schema_depth = 10\n"
    # xelatex (and lualatex): the characters are kept, no warning
    xe = _build(
        make_app, _project(tmp_path / "xe", spec, conf=conf + "latex_engine = 'xelatex'\n"), "latex"
    )
    assert _sound(xe) == []
    tex = _tex(xe)
    assert "✅" in tex and "┌─┐" in tex and "😀" in tex
    # a 7-level schema: one flat table with dotted paths, no nested lists
    assert "l0.l1.l2.l3.l4.l5.l6" in tex
    assert "\\begin{itemize}" not in tex and "\\begin{enumerate}" not in tex
    # the sample's PDF budget: a 120 KB example is cut, with a note
    assert len(tex) < 80_000
    assert re.search(r"\(\d+ more characters not shown\)", tex)
    # pdflatex: replaced by their code points, one warning says so
    pdf = _build(
        make_app,
        _project(tmp_path / "pdf", spec, conf=conf + "latex_engine = 'pdflatex'\n"),
        "latex",
    )
    found = _sound(pdf)
    assert [w["subtype"] for w in found] == ["latex"]
    assert "set latex_engine = 'xelatex' or 'lualatex'" in found[0]["message"]
    tex = _tex(pdf)
    assert "U+2705" in tex and "✅" not in tex and "😀" not in tex
    assert "l0.l1.l2.l3.l4.l5.l6" in tex


def test_hazard_33_long_tokens_wrap_in_pdf(make_app: Any, tmp_path: Path) -> None:
    xelatex = shutil.which("xelatex")
    if xelatex is None:
        pytest.skip("xelatex not installed")
    spec = _spec_with(
        {
            "description": "long " + "Z" * 300 + " token",
            "parameters": [{"name": "p" + "Q" * 200, "in": "query", "schema": {"type": "string"}}],
        }
    )
    app = _build(make_app, _project(tmp_path, spec, conf="latex_engine = 'xelatex'\n"), "latex")
    tex = next(Path(app.outdir).glob("*.tex"))
    subprocess.run(
        [xelatex, "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=app.outdir,
        capture_output=True,
        timeout=60,
        check=False,
    )
    log = tex.with_suffix(".log").read_text(errors="replace")
    widths = [float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]
    assert widths == [] or max(widths) < 20, widths
