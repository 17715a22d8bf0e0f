"""Spec text cleaned for each format it reaches (issue 15, injection).

* ``objects.inv``: a name with a line break, or a word then a number, would be
  read by intersphinx as entries of its own (``x py:function 1 https://evil/``).
* The build log: a line break would let spec text start a line, which CI systems
  obey (``::error file=...``, ``::set-output``).
* Code samples: a multipart value ``@/proc/self/environ`` is curl's and HTTPie's
  "read this local file"; so are HTTPie's ``Header:@file`` and ``Header:=@file``.
* LaTeX: TeX stops at a C0 control character.

The curl and HTTPie checks read the samples the way curl 7.88 (``tool_formparse.c``)
and HTTPie 3 (``KeyValueArgType``) parse their arguments.
"""

from __future__ import annotations

import itertools
import json
import re
import shlex
import shutil
import subprocess
import zlib
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp
from sphinx.util.inventory import InventoryFile

from sphinxext_apidocs.diagnostics.controls import inventory_name, log_line
from sphinxext_apidocs.samples.code import CodeSamples
from sphinxext_apidocs.samples.request import build_request
from sphinxext_apidocs.spec.normalize import load_spec

FORGED = "x\n::error file=a.py,line=1::forged\n::set-output name=x::y py:function 1 https://evil.example/ -"
C0 = "\x01\x0b\x1b"
#: what a local file looks like to curl or HTTPie
LOCAL_FILE = "/proc/self/environ"
PLACEHOLDER = re.compile(r"[\w.-]+")
#: a schema name, given to ``api-schema`` on one line
SCHEMA = "S x:y 1 https://evil.example/ -\x01\x1b"


def hostile_spec(text: str = FORGED, control: str = C0) -> dict[str, Any]:
    """A small spec with ``text`` (and the ``control`` characters) in every string field
    that becomes a name, a log message, a sample or a line of LaTeX."""
    both = text + control
    return {
        "openapi": "3.0.3",
        "info": {"title": "T" + control, "version": "1"},
        "servers": [{"url": "https://api.example.com/" + control}],
        "tags": [{"name": "tag" + both, "description": both}],
        "paths": {
            "/items/{id}": {
                "post": {
                    "operationId": "op" + both,
                    "summary": "sum" + both,
                    "description": both,
                    "tags": ["tag" + both],
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "q" + both,
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string", "pattern": "^a" + control + "$"},
                            "example": "@" + LOCAL_FILE,
                        },
                        {
                            "name": "X-Key",
                            "in": "header",
                            "required": True,
                            "schema": {"type": "string"},
                            "example": "=@" + LOCAL_FILE,
                        },
                    ],
                    "requestBody": {
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"p" + both: {"type": "string"}},
                                },
                                "encoding": {
                                    "meta": {
                                        "contentType": f"application/json;headers=@{LOCAL_FILE}"
                                    }
                                },
                                "example": {
                                    "p" + both: "@" + LOCAL_FILE,
                                    "doc": "<" + LOCAL_FILE,
                                    "meta": {"a": "@" + LOCAL_FILE},
                                    f"n=@{LOCAL_FILE};x": "v",
                                },
                            }
                        }
                    },
                    "responses": {
                        "200": {
                            "description": both,
                            "content": {"text/plain": {"example": "ex" + both}},
                        }
                    },
                    "x-codeSamples": [{"lang": "text", "source": "src" + both}],
                }
            },
            # a path key is part of every pointer: a structure warning quotes it
            "/bad" + text: "not a path item",
        },
        "components": {
            "schemas": {SCHEMA: {"type": "object", "properties": {"p" + both: {"type": "string"}}}}
        },
    }


INDEX = f"""\
Test
====

.. api-spec:: t

.. api-schema:: {SCHEMA}
   :spec: t
"""


def build(root: Path, builder: str, spec: dict[str, Any], index: str = INDEX) -> tuple[Path, str]:
    """Build a project made of ``spec``; the output folder and the whole log."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    (root / "conf.py").write_text(
        "extensions = ['sphinxext_apidocs']\n"
        "apidocs_specs = {'t': 'spec.json'}\n"
        "apidocs_sample_languages = ['curl', 'httpie', 'python']\n"
        "latex_engine = 'xelatex'\n",
        encoding="utf-8",
    )
    (root / "index.rst").write_text(index, encoding="utf-8")
    app = SphinxTestApp(builder, srcdir=root)
    try:
        app.build()
    finally:
        app.cleanup()
    log = app.status.getvalue() + app.warning.getvalue()
    assert app.statuscode == 0, log
    assert "Traceback" not in log and "[apidocs.internal]" not in log, log
    return Path(app.outdir), log


# -- objects.inv ---------------------------------------------------------------------


def inventory_lines(outdir: Path) -> list[str]:
    """The entry lines of ``objects.inv``, split as Sphinx's reader splits them."""
    data = (outdir / "objects.inv").read_bytes()
    return zlib.decompress(data.split(b"\n", 4)[4]).decode().splitlines()


def inventory_types(outdir: Path) -> dict[str, int]:
    """Entries per type, as intersphinx reads them."""
    inventory = InventoryFile.loads((outdir / "objects.inv").read_bytes(), uri="https://x/")
    return {kind: len(entries) for kind, entries in inventory.data.items()}


def check_inventory(outdir: Path, schemas: int = 1) -> None:
    """One entry per line, each of the type it was written as: the operation by name and
    by ``METHOD /path`` (each qualified and not), the tag and the schemas (twice each)."""
    kinds = inventory_types(outdir)
    api = {k: v for k, v in kinds.items() if k.startswith("api:")}
    expected = {"api:operation": 4, "api:tag": 2} | ({"api:schema": 2 * schemas} if schemas else {})
    assert api == expected, kinds
    assert set(kinds) - set(api) <= {"std:doc", "std:label"}, kinds
    assert len(inventory_lines(outdir)) == sum(kinds.values())


def test_objects_inv_holds_one_entry_per_object(tmp_path: Path) -> None:
    outdir, _log = build(tmp_path / "src", "html", hostile_spec())
    check_inventory(outdir)
    inventory = InventoryFile.loads((outdir / "objects.inv").read_bytes(), uri="https://x/")
    names = set(inventory.data["api:operation"])
    assert inventory_name("t:op" + FORGED + C0) in names


@settings(max_examples=300, deadline=None, database=None)
@given(st.text(alphabet=st.sampled_from(list(" \t\n\r\x0b\x1c\x85\u2028\u00a0-1:ab$#"))))
def test_inventory_names_are_read_back_whole(name: str) -> None:
    entry = f"{inventory_name('t:' + name)} api:operation 1 index.html#x Display\n"
    data = b"# Sphinx inventory version 2\n# Project: p\n# Version: 1\n# zlib\n"
    inventory = InventoryFile.loads(data + zlib.compress(entry.encode()), uri="https://x/")
    assert list(inventory.data) == ["api:operation"]
    assert list(inventory.data["api:operation"]) == [inventory_name("t:" + name)]


# -- the build log ------------------------------------------------------------------

#: a line Sphinx writes for a warning: location, level, message, [type.subtype]
WARNING_LINE = re.compile(r"^(?:\S.*?: )?(?:WARNING|ERROR|CRITICAL): .* \[[\w.-]+\]$")


def check_log(log: str) -> None:
    """No line from spec text: every line of a warning is a whole warning, no line is a
    CI workflow command."""
    for line in log.splitlines():
        plain = re.sub(r"\x1b\[[0-9;]*m", "", line)  # Sphinx's colours
        assert not plain.lstrip().startswith("::"), line
        assert "##[" not in plain, line
        if "WARNING" in plain or "ERROR" in plain:
            assert WARNING_LINE.match(plain), line
        assert not re.search(f"[{C0}\r\u2028]", plain), line


def test_spec_text_cannot_start_a_log_line(tmp_path: Path) -> None:
    _outdir, log = build(tmp_path / "src", "html", hostile_spec())
    assert "forged" in log  # the path key is quoted by a structure warning
    check_log(log)


def test_log_line_escapes_controls_and_workflow_commands() -> None:
    assert log_line("a\nb\r\x1b[31m\u202e") == "a\\nb\\r\\x1b[31m\\u202e"
    assert log_line("::error file=x::y") == "\\x3a:error file=x::y"
    assert log_line(" ::warning::y") == " \\x3a:warning::y"
    assert log_line("text ##[error]x ##vso[task.setvariable]") == (
        "text \\x23#[error]x \\x23#vso[task.setvariable]"
    )
    assert log_line("a :: b") == "a :: b"


# -- code samples --------------------------------------------------------------------


def _words(code: str) -> list[str]:
    return shlex.split(code.replace("\\\n", " "))


def _quoted_word_end(text: str, i: int) -> int:
    """Where curl's ``get_param_word`` ends a word starting at ``i``: a quoted one at its
    closing quote, then at the next ``;``."""
    if text[i : i + 1] == '"':
        j = i + 1
        while j < len(text):
            if text[j] == "\\" and text[j + 1 : j + 2] in ('"', "\\"):
                j += 2
                continue
            if text[j] == '"':
                end = text.find(";", j)
                return len(text) if end < 0 else end
            j += 1
    end = text.find(";", i)
    return len(text) if end < 0 else end


def curl_local_files(option: str, arg: str) -> list[str]:
    """The local files curl 7.88 reads for one option's argument."""
    if option == "--header":
        return [arg[1:]] if arg.startswith("@") else []
    if option == "--data-urlencode":
        sep = arg.find("=") if "=" in arg else arg.find("@")
        return [arg[sep + 1 :]] if sep >= 0 and arg[sep] == "@" else []
    if option != "--form":  # --form-string: never a file
        return []
    contents = arg.split("=", 1)[1]
    files = []
    if contents.startswith(("@", "<")):
        end = _quoted_word_end(contents, 1)
        files.append(contents[1:end])
        i = end
    else:
        i = _quoted_word_end(contents, 0)
    while i < len(contents) and contents[i] == ";":
        i += 1
        while contents[i : i + 1].isspace():
            i += 1
        if contents[i : i + 8].lower() == "headers=" and contents[i + 8 : i + 9] in ("@", "<"):
            end = _quoted_word_end(contents, i + 9)
            files.append(contents[i + 9 : end])
            i = end
        elif contents[i : i + 8].lower() == "headers=":
            i = _quoted_word_end(contents, i + 8)
        else:
            i = _quoted_word_end(contents, i)
    return files


def check_curl(code: str) -> None:
    words = _words(code)
    for option, arg in itertools.pairwise(words):
        for path in curl_local_files(option, arg):
            # only the placeholder file the sample says to upload
            assert option == "--form" and PLACEHOLDER.fullmatch(path), (option, arg)


#: HTTPie 3's request item separators (httpie/cli/constants.py)
HTTPIE_SEPARATORS = (":", ";", ":@", "==", "==@", "=", ":=", "@", "=@", ":=@")


def httpie_item(arg: str) -> tuple[str, str, str]:
    """(key, separator, value) as HTTPie's ``KeyValueArgType`` reads a request item."""
    special = set("".join(HTTPIE_SEPARATORS))
    tokens: list[tuple[str, bool]] = [("", False)]  # (text, escaped)
    chars = iter(arg)
    for c in chars:
        if c == "\\":
            after = next(chars, "")
            if after in special:
                tokens += [(after, True), ("", False)]
            else:
                tokens[-1] = (tokens[-1][0] + "\\" + after, False)
        else:
            tokens[-1] = (tokens[-1][0] + c, False)
    for i, (token, escaped) in enumerate(tokens):
        if escaped:
            continue
        found: dict[int, str] = {}
        for sep in sorted(HTTPIE_SEPARATORS, key=len):
            pos = token.find(sep)
            if pos != -1:
                found[pos] = sep
        if found:
            sep = found[min(found)]
            key, value = token.split(sep, 1)
            key = "".join(t for t, _ in tokens[:i]) + key
            return key, sep, value + "".join(t for t, _ in tokens[i + 1 :])
    raise AssertionError(f"not a request item: {arg!r}")


def check_httpie(code: str) -> None:
    words = _words(code)
    assert words[0] == "http"
    args = [w for w in words[1:] if not w.startswith("--")]
    items = args[2:]  # after the method and the URL
    for arg in items:
        _key, sep, value = httpie_item(arg)
        assert sep in (":", ";", "=", "@"), arg
        if sep == "@":  # a file part: the placeholder
            assert PLACEHOLDER.fullmatch(value.split(";type=")[0]), arg


def _samples(spec: dict[str, Any], tmp_path: Path) -> list[tuple[str, str]]:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    loaded, problems, _ = load_spec(str(path), str(tmp_path))
    assert loaded is not None, problems
    renderer = CodeSamples()
    return [
        (language, renderer.render(language, build_request(loaded, op), op))
        for op in loaded.operations
        if op.method == "post"
        for language in ("curl", "httpie")
    ]


def test_samples_never_read_a_local_file(tmp_path: Path) -> None:
    samples = _samples(hostile_spec(), tmp_path)
    assert len(samples) == 2
    for language, code in samples:
        assert code.count(LOCAL_FILE) >= 4  # the values are there, as text
        (check_curl if language == "curl" else check_httpie)(code)


#: the characters that start a file read, end a field or quote, in curl and HTTPie
SAMPLE_TEXT = st.text(alphabet=st.sampled_from(list("@<=:;,\"'\\ a/")), max_size=12)


@settings(max_examples=60, deadline=None, database=None)
@given(name=SAMPLE_TEXT, value=SAMPLE_TEXT, content_type=SAMPLE_TEXT, header=SAMPLE_TEXT)
def test_random_form_values_never_read_a_local_file(
    tmp_path_factory: Any, name: str, value: str, content_type: str, header: str
) -> None:
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/x": {
                "post": {
                    "parameters": [
                        {"name": "H" + name, "in": "header", "required": True, "example": header}
                    ],
                    "requestBody": {
                        "content": {
                            "multipart/form-data": {
                                "encoding": {"typed": {"contentType": "text/" + content_type}},
                                "example": {"f" + name: value, "typed": value, name: value},
                            }
                        }
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
    for language, code in _samples(spec, tmp_path_factory.mktemp("s")):
        (check_curl if language == "curl" else check_httpie)(code)


# -- LaTeX -----------------------------------------------------------------------------

#: C0 controls but tab and newline, and DEL
TEX_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def check_tex(outdir: Path) -> None:
    texs = list(outdir.glob("*.tex"))
    assert texs
    for tex in texs:
        text = tex.read_text(encoding="utf-8")
        found = TEX_CONTROL.search(text)
        assert found is None, text[max(0, found.start() - 80) : found.end() + 20]


def test_latex_gets_no_control_character(tmp_path: Path) -> None:
    outdir, _log = build(tmp_path / "src", "latex", hostile_spec())
    check_tex(outdir)
    tex = next(outdir.glob("*.tex"))
    assert "\\textbackslash{}x1b" in tex.read_text(encoding="utf-8")  # shown, not dropped
    if shutil.which("xelatex"):  # TeX itself takes it (it stopped at "invalid character")
        done = subprocess.run(
            ["xelatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
            cwd=outdir,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=300,
            check=False,
        )
        assert "invalid character" not in done.stdout, done.stdout[-3000:]
        assert done.returncode == 0, done.stdout[-3000:]
