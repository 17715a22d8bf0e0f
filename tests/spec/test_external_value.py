"""``externalValue`` of Example objects: local files are read (confined), remote ones never."""

from __future__ import annotations

import os
import re
import socket
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinxext_apidocs.spec.loader import DEFAULT_MAX_BYTES
from sphinxext_apidocs.spec.model import MISSING, Example
from sphinxext_apidocs.spec.normalize import load_spec

from ..helpers import apidocs_warnings, build, copy_root, other_warnings, write_files

SPEC = """\
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /a:
    post:
      parameters:
        - name: q
          in: query
          schema: {type: string}
          examples:
            param: {externalValue: %(param)s}
      requestBody:
        content:
          %(media)s:
            examples:
              body: {summary: S, externalValue: %(body)s}
      responses:
        '204': {description: none}
"""


def _load(
    project: Path,
    *,
    body: str = "examples/body.json",
    media: str = "application/json",
    param: str = "'https://example.com/param.txt'",
    files: dict[str, str | bytes] | None = None,
    reads: list[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[Any, list[Any], tuple[str, ...]]:
    project.mkdir(parents=True, exist_ok=True)
    write_files(project, files or {}, dedent=True)
    (project / "api.yaml").write_text(SPEC % {"body": body, "media": media, "param": param})

    def read(path: str, content: bytes) -> None:
        if reads is not None:
            reads.append(path)

    return load_spec(str(project / "api.yaml"), str(project), on_read=read, max_bytes=max_bytes)


def _body_example(spec: Any) -> Example:
    body = spec.operations[0].request_body
    (example,) = body.content[0].examples
    return example


def _param_example(spec: Any) -> Example:
    (example,) = spec.operations[0].parameters[0].examples
    return example


def test_json_file_is_parsed_and_registered(tmp_path: Path) -> None:
    spec, problems, files = _load(
        tmp_path, files={"examples/body.json": '{"title": "Hobbit", "pages": 310}'}
    )
    assert problems == []
    example = _body_example(spec)
    assert example.value == {"title": "Hobbit", "pages": 310}
    assert example.external_value == "examples/body.json"
    assert example.summary == "S"
    # a dependency of the spec: an edit to it is noticed
    assert "examples/body.json" in files
    assert spec.files == files


def test_yaml_file_is_parsed_for_json_media_types(tmp_path: Path) -> None:
    spec, problems, _ = _load(
        tmp_path,
        media="application/problem+json",
        body="examples/body.yaml",
        files={"examples/body.yaml": "title: Hobbit\ntags: [a, b]\n"},
    )
    assert problems == []
    assert _body_example(spec).value == {"title": "Hobbit", "tags": ["a", "b"]}


def test_yaml_file_for_a_yaml_media_type_is_shown_as_written(tmp_path: Path) -> None:
    spec, problems, _ = _load(
        tmp_path,
        media="application/yaml",
        body="examples/body.yaml",
        files={"examples/body.yaml": "# a book\ntitle: Hobbit\n"},
    )
    assert problems == []
    assert _body_example(spec).value == "# a book\ntitle: Hobbit"


def test_json_file_of_a_scalar_or_null(tmp_path: Path) -> None:
    spec, problems, _ = _load(
        tmp_path,
        param="examples/param.json",
        files={"examples/body.json": "null", "examples/param.json": '"tolkien"'},
    )
    assert problems == []
    assert _body_example(spec).value is None
    # parameters have no media type: the file's extension says it is JSON
    assert _param_example(spec).value == "tolkien"


def test_xml_file_is_kept_as_text(tmp_path: Path) -> None:
    xml = '<?xml version="1.0"?>\n<book>\n  <title>Hobbit</title>\n</book>\n'
    spec, problems, files = _load(
        tmp_path,
        media="application/xml",
        body="examples/body.xml",
        param="examples/param.txt",
        files={"examples/body.xml": xml, "examples/param.txt": "plain text\r\n"},
    )
    assert problems == []
    assert _body_example(spec).value == xml.removesuffix("\n")
    assert _param_example(spec).value == "plain text"
    assert {"examples/body.xml", "examples/param.txt"} <= set(files)


def test_percent_encoded_path_relative_to_the_spec_file(tmp_path: Path) -> None:
    """Relative to the file the example is written in, also when that is a $ref'd file."""
    files = {
        "components/ex/my body.json": "[1, 2]",
        "components/examples.yaml": "Body: {externalValue: 'ex/my%20body.json'}\n",
    }
    _load(tmp_path, files=files)
    api = tmp_path / "api.yaml"
    api.write_text(
        api.read_text().replace(
            "{summary: S, externalValue: examples/body.json}",
            "{$ref: 'components/examples.yaml#/Body'}",
        )
    )
    spec, problems, found = load_spec(str(api), str(tmp_path))
    example = _body_example(spec)
    assert problems == []
    assert example.value == [1, 2]
    assert example.external_value == "ex/my%20body.json"
    assert "components/ex/my body.json" in found


def test_binary_file_is_a_placeholder(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    spec, problems, _ = _load(
        tmp_path, media="image/png", body="img/cover.png", files={"img/cover.png": png}
    )
    assert problems == []
    assert _body_example(spec).value == f"<binary file cover.png, {len(png)} bytes>"


def test_undecodable_text_is_a_problem(tmp_path: Path) -> None:
    spec, problems, _ = _load(
        tmp_path, media="text/plain", body="ex/latin1.txt", files={"ex/latin1.txt": b"caf\xe9\n"}
    )
    assert [p.subtype for p in problems] == ["encoding"]
    assert problems[0].file == "ex/latin1.txt"
    example = _body_example(spec)
    assert example.value is MISSING and example.external_value == "ex/latin1.txt"


def test_invalid_json_is_a_parse_problem(tmp_path: Path) -> None:
    spec, problems, _ = _load(tmp_path, files={"examples/body.json": "{not json"})
    assert [p.subtype for p in problems] == ["parse"]
    assert _body_example(spec).value is MISSING


def test_outside_the_project_is_refused_without_reading(tmp_path: Path) -> None:
    project = tmp_path / "project"
    secret = tmp_path / "secret.json"
    secret.write_text('{"password": "TOPSECRET"}')
    reads: list[str] = []
    spec, problems, files = _load(project, body="../secret.json", reads=reads)
    assert [p.subtype for p in problems] == ["outside-project"]
    assert problems[0].file == "api.yaml" and problems[0].line is not None
    assert problems[0].pointer.endswith("/examples/body/externalValue")
    assert "TOPSECRET" not in repr(spec) + repr(problems)
    assert not any("secret" in r for r in reads)
    assert _body_example(spec).value is MISSING
    assert files == ("api.yaml",)


@pytest.mark.parametrize("written", ["/etc/passwd", "file:///etc/passwd"])
def test_absolute_paths_are_refused(tmp_path: Path, written: str) -> None:
    reads: list[str] = []
    spec, problems, _ = _load(tmp_path, body=f"'{written}'", reads=reads)
    assert [p.subtype for p in problems] == ["outside-project"]
    assert not any("passwd" in r for r in reads)
    assert _body_example(spec).value is MISSING


def test_symlink_escaping_the_project_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.json").write_text('{"password": "TOPSECRET"}')
    project.mkdir()
    os.symlink(outside, project / "link")
    reads: list[str] = []
    spec, problems, files = _load(project, body="link/secret.json", reads=reads)
    assert [p.subtype for p in problems] == ["outside-project"]
    assert "TOPSECRET" not in repr(spec) + repr(problems)
    assert not any("secret" in r for r in reads)
    assert _body_example(spec).value is MISSING
    assert files == ("api.yaml",)


def test_missing_file_is_a_problem_and_still_a_dependency(tmp_path: Path) -> None:
    spec, problems, files = _load(tmp_path, body="examples/nope.json")
    assert [p.subtype for p in problems] == ["file"]
    assert "examples/nope.json" in problems[0].message
    assert problems[0].file == "api.yaml"
    example = _body_example(spec)
    assert example.value is MISSING and example.external_value == "examples/nope.json"
    # creating the file later must be noticed
    assert "examples/nope.json" in files


def test_file_over_the_size_limit_is_not_used(tmp_path: Path) -> None:
    spec, problems, _ = _load(
        tmp_path, max_bytes=2000, files={"examples/body.json": "[" + "1," * 2000 + "1]"}
    )
    assert [p.subtype for p in problems] == ["size"]
    assert _body_example(spec).value is MISSING


def test_file_over_the_size_limit_is_not_even_read(tmp_path: Path) -> None:
    reads: list[str] = []
    _spec, problems, _ = _load(
        tmp_path, files={"examples/body.json": "[" + "1," * 100 + "1]"}, reads=reads, max_bytes=64
    )
    assert [p.subtype for p in problems] == ["size"]
    assert not any(r.endswith("body.json") for r in reads)


@pytest.mark.parametrize("written", ["'a%00b.json'", "'?x'", "'#frag'"])
def test_names_that_are_no_file_are_problems(tmp_path: Path, written: str) -> None:
    spec, problems, _ = _load(tmp_path, body=written)
    assert spec is not None  # the spec itself is fine
    assert len(problems) == 1 and problems[0].subtype in ("file", "outside-project")
    assert _body_example(spec).value is MISSING


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    (tmp_path / "examples").mkdir(parents=True)
    os.mkfifo(tmp_path / "examples" / "body.json")  # opening it for reading would block
    spec, problems, _ = _load(tmp_path)
    assert [p.subtype for p in problems] == ["file"]
    assert "not a regular file" in problems[0].message
    assert _body_example(spec).value is MISSING


def test_value_and_external_value_together(tmp_path: Path) -> None:
    spec, problems, _ = _load(tmp_path, body="examples/body.json, value: 42")
    assert [p.subtype for p in problems] == ["structure"]
    example = _body_example(spec)
    assert example.value == 42 and example.external_value is None


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/body.json",
        "http://localhost:1/body.json",
        "//example.com/body.json",
        "data:application/json,%7B%7D",
        "ftp://example.com/body.json",
    ],
)
def test_remote_urls_are_never_fetched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    def no_network(*args: object, **kwargs: object) -> Any:
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    reads: list[str] = []
    spec, problems, files = _load(tmp_path, body=f"'{url}'", param=f"'{url}'", reads=reads)
    assert problems == []  # a remote example is legitimate: it is linked, not read
    for example in (_body_example(spec), _param_example(spec)):
        assert example.value is MISSING
        assert example.external_value == url
    assert files == ("api.yaml",)
    assert len(reads) == 1


def test_shared_example_is_read_once(tmp_path: Path) -> None:
    reads: list[str] = []
    _, problems, files = _load(
        tmp_path,
        param="examples/body.json",
        files={"examples/body.json": "{not json"},
        reads=reads,
    )
    # used twice (body and parameter), read and reported once
    assert [p.subtype for p in problems] == ["parse"]
    assert sum(r.endswith("body.json") for r in reads) == 1
    assert files.count("examples/body.json") == 1


# -- a whole build ---------------------------------------------------------------


def _changed(app: SphinxTestApp) -> int:
    found = re.search(r"(\d+) changed", app.status.getvalue())
    assert found is not None, app.status.getvalue()
    return int(found.group(1))


def test_build_shows_local_examples_and_tracks_them(make_app, tmp_path: Path) -> None:
    src = copy_root("test-external", tmp_path)
    app = build(make_app, src)
    warnings = app.warning.getvalue()
    assert other_warnings(warnings) == []
    assert apidocs_warnings(warnings) == []
    page = app.outdir / "index.html"
    html = page.read_text()
    # the JSON file, shown as JSON, with where it came from
    assert "The Hobbit" in html and "9780261103344" in html
    assert "From file:" in html
    assert '<span class="pre">examples/book.json</span>' in html
    # the XML file, as text
    assert "&lt;/book&gt;" in html or "book</span>" in html
    assert "examples/book.xml" in html
    # the parameter example
    assert "author:tolkien" in html
    # the remote one is named, not fetched
    assert "External example:" in html
    assert "https://example.com/examples/book.json" in html

    # an unchanged project: nothing to re-read
    app2 = build(make_app, src)
    assert _changed(app2) == 0

    # editing the example file makes the page outdated
    example = src / "examples" / "book.json"
    example.write_text('{"title": "The Silmarillion", "isbn": "9780261102736"}\n')
    future = example.stat().st_mtime_ns + 2_000_000_000
    os.utime(example, ns=(future, future))
    app3 = build(make_app, src)
    assert _changed(app3) == 1
    html = page.read_text()
    assert "The Silmarillion" in html
    assert "9780261103344" not in html  # the old JSON (book.xml also names The Hobbit)
