"""Code samples: the request they send, and code that is valid in its own language.

Every operation of the specs under ``tests/`` is rendered in every built-in
language and checked by that language's own tools: ``compile()`` for Python,
``node --check`` for JavaScript, ``bash -n`` for the shell samples, and
``javac``, ``rustfmt``, ``gofmt`` and ``go vet``, ``ruby -c``, ``php -l`` and
``tsc`` where they are installed (``.ci/run`` installs Go, Ruby, PHP and
TypeScript).  C# has no check: .NET is not packaged for Debian.  Beyond
syntax, the Python, shell and JavaScript samples are run against stubs that
record what they would send, and the hostile strings must arrive unchanged.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

import pytest

from sphinxext_apidocs.samples.code import BUILTIN, FILTERS, CodeSamples
from sphinxext_apidocs.samples.request import build_request
from sphinxext_apidocs.spec.model import ApiSpec, Operation
from sphinxext_apidocs.spec.normalize import load_spec

HERE = Path(__file__).parents[1]
SPECS = [
    (HERE / "specs", "code-samples.yaml"),
    (HERE / "roots" / "test-basic", "openapi/books.yaml"),
    (HERE / "roots" / "test-basic", "openapi/legacy.json"),
    (HERE.parent / "docs", "openapi/bookstore.yaml"),
    (HERE / "roots" / "test-openapi32", "api.yaml"),  # QUERY and LINK
]
RENDERER = CodeSamples()


def _load(root: Path, rel: str) -> ApiSpec:
    spec, problems, _ = load_spec(os.fspath(root / rel), os.fspath(root))
    assert spec is not None, problems
    return spec


def _samples(language: str) -> list[tuple[str, str]]:
    """(name, code) for every operation of every test spec."""
    out = []
    for root, rel in SPECS:
        spec = _load(root, rel)
        for n, op in enumerate(spec.operations):
            name = re.sub(r"\W+", "_", f"{Path(rel).stem}_{n}_{op.operation_id or op.method}")
            out.append((name, RENDERER.render(language, build_request(spec, op), op)))
    return out


HAZARDS = _load(HERE / "specs", "code-samples.yaml")


def _op(operation_id: str) -> Operation:
    op = HAZARDS.find_operation(operation_id)
    assert op is not None
    return op


# --------------------------------------------------------------- the request


V32 = _load(HERE / "roots" / "test-openapi32", "api.yaml")


@pytest.mark.parametrize(
    ("target", "sent"),
    [
        ("QUERY /products", {"curl": "--request QUERY", "python": '"QUERY"'}),
        ("LINK /products/{id}", {"curl": "--request LINK", "python": '"LINK"'}),
    ],
)
def test_samples_send_the_openapi_32_methods(target: str, sent: dict[str, str]) -> None:
    """QUERY (a 3.2 method field) and LINK (an ``additionalOperations`` key) are sent as
    such by every language, with their request body."""
    op = V32.find_operation(target)
    assert op is not None
    method = target.split()[0]
    request = build_request(V32, op)
    assert request.method == method and request.body is not None
    code = {lang: RENDERER.render(lang, request, op) for lang in BUILTIN}
    assert sent["curl"] in code["curl"]
    assert sent["python"] in code["python"] and "requests.request(" in code["python"]
    assert f'method: "{method}"' in code["javascript"] and "body:" in code["javascript"]
    assert f'method: "{method}"' in code["typescript"]
    assert f" {method} " in code["httpie"]
    assert f'"{method}"' in code["python-httpx"] and f'"{method}"' in code["go"]
    assert f'.method("{method}"' in code["java"] and f'HttpMethod("{method}")' in code["csharp"]
    assert f"->request('{method}'" in code["php"]
    assert f"Net::HTTPGenericRequest.new('{method}', true, true, uri)" in code["ruby"]
    assert f'reqwest::Method::from_bytes("{method}".as_bytes())?' in code["rust"]


def test_request_fills_parameters_and_credentials() -> None:
    request = build_request(HAZARDS, _op("createItem"))
    assert request.method == "POST"
    # server variables, path parameters (array: comma-joined, each value encoded)
    assert request.url.startswith("https://eu.example.com/v2/items/42/a%20b,c%2Fd?")
    assert "{" not in request.url
    # required query parameters (exploded array), API key in the query; optional ones left out
    assert request.query == (("q", "x&y"), ("q", "ü"), ("api_key", "YOUR_API_KEY"))
    assert "q=x%26y&q=%C3%BC&api_key=YOUR_API_KEY" in request.url
    assert "optional" not in request.url
    headers = dict(request.headers)
    assert headers["Authorization"] == "Bearer YOUR_ACCESS_TOKEN"
    assert headers["X-Quote"] == 'it\'s "quoted" $HOME `id`'
    assert re.fullmatch(r"[0-9a-f-]{36}", headers["X-Request-Id"])
    assert headers["Cookie"] == "session=abc;def"
    assert request.basic_auth is None
    assert request.body is not None and request.body.form == "json"
    assert json.loads(request.body.text) == request.body.value


@pytest.mark.parametrize(
    ("operation_id", "headers", "basic"),
    [
        ("sendForm", {}, ("YOUR_USERNAME", "YOUR_PASSWORD")),
        ("upload", {"X-API-Key": "YOUR_API_KEY", "Cookie": "token=YOUR_API_KEY"}, None),
        ("sendXml", {"Authorization": "Bearer YOUR_ACCESS_TOKEN"}, None),
        ("sendText", {}, None),  # only `{}`: anonymous access, nothing added
        ("putBlob", {"Authorization": "Digest YOUR_CREDENTIALS"}, None),
        ("listThings", {}, None),  # `security: []` overrides the spec's
        ("deleteThings", {"Authorization": "Bearer YOUR_ACCESS_TOKEN"}, None),
        ("optionalAuth", {"Authorization": "Bearer YOUR_ACCESS_TOKEN"}, None),
        (
            "bearerAndBasic",
            {"Authorization": "Bearer YOUR_ACCESS_TOKEN", "X-API-Key": "YOUR_API_KEY"},
            None,
        ),
    ],
)
def test_request_security(
    operation_id: str, headers: dict[str, str], basic: tuple[str, str] | None
) -> None:
    request = build_request(HAZARDS, _op(operation_id))
    assert dict(request.headers) == headers
    assert request.basic_auth == basic
    assert "api_key" not in request.url


def test_request_bodies() -> None:
    form = build_request(HAZARDS, _op("sendForm")).body
    assert form is not None and form.form == "form"
    assert ("ids", "1") in form.fields and ("ids", "2") in form.fields
    upload = build_request(HAZARDS, _op("upload"), properties="all").body
    assert upload is not None and upload.form == "multipart"
    assert upload.media_type == "multipart/form-data; boundary=apidocs-boundary"
    assert [p.name for p in upload.parts if p.filename] == ["file"]
    xml = build_request(HAZARDS, _op("sendXml")).body
    assert xml is not None and xml.form == "text" and xml.text.lstrip().startswith("<")
    text = build_request(HAZARDS, _op("sendText")).body
    assert text is not None and text.text.startswith("plain text with 'single'")
    blob = build_request(HAZARDS, _op("putBlob")).body
    assert blob is not None and blob.form == "binary"
    patch = build_request(HAZARDS, _op("patchThings")).body
    assert patch is not None and patch.form == "json"
    assert patch.media_type == "application/merge-patch+json"


def test_request_quirks() -> None:
    request = build_request(HAZARDS, _op("quirks"))
    # an undeclared template variable is filled with its name, never left as {undeclared}
    assert request.path.endswith("/undeclared") and "{" not in request.url
    # Content-Type and Authorization header parameters are ignored; basic auth is the credential
    assert [name for name, _ in request.headers] == ["X-Empty", "X-Long"]
    assert request.basic_auth == ("YOUR_USERNAME", "YOUR_PASSWORD")
    # a media type range sends a concrete type
    assert request.body is not None and request.body.media_type == "image/png"
    assert request.body.form == "binary" and request.body.filename == "file.png"


def test_long_bodies_are_cut_with_a_note() -> None:
    request = build_request(HAZARDS, _op("bigBody"), max_chars=40)
    body = request.body
    assert body is not None and body.form == "text"  # cut JSON is no longer JSON
    assert body.text.endswith("characters not shown)") and len(body.text) < 100
    assert body.media_type == "application/merge-patch+json"
    full = build_request(HAZARDS, _op("bigBody"))
    assert full.body is not None and full.body.form == "json"


def test_base_url_setting_wins_and_relative_servers_get_a_host() -> None:
    request = build_request(HAZARDS, _op("listThings"), "http://localhost:8080/api/")
    assert request.url == "http://localhost:8080/api/things"
    legacy = _load(HERE / "roots" / "test-basic", "openapi/legacy.json")
    url = build_request(legacy, legacy.operations[0]).url
    assert url.startswith(("http://", "https://")) and "{" not in url


# ------------------------------------------------------ syntax, per language


def _run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed here (.ci/run installs it)")
    return path


def test_every_builtin_language_has_a_template() -> None:
    for language in BUILTIN:
        assert RENDERER.language(language) is not None
        assert _samples(language)


@pytest.mark.parametrize("language", ["python", "python-httpx"])
def test_python_compiles(language: str) -> None:
    for name, code in _samples(language):
        compile(code, name, "exec")


#: language: (tool, file suffix, arguments) of a check that reads one file
SYNTAX_CHECKS = {
    "curl": ("bash", ".sh", ["-n"]),
    "httpie": ("bash", ".sh", ["-n"]),
    "javascript": ("node", ".mjs", ["--check"]),
    "go": ("gofmt", ".go", ["-e", "-l"]),
    "ruby": ("ruby", ".rb", ["-c"]),
    "php": ("php", ".php", ["-l"]),
    "rust": ("rustfmt", ".rs", ["--edition", "2021", "--emit", "stdout"]),
}


@pytest.mark.parametrize("language", SYNTAX_CHECKS)
def test_syntax(language: str, tmp_path: Path) -> None:
    tool, suffix, args = SYNTAX_CHECKS[language]
    exe = _need(tool)
    for name, code in _samples(language):
        path = tmp_path / f"{name}{suffix}"
        path.write_text(code, encoding="utf-8")
        result = _run([exe, *args, str(path)])
        # gofmt -e reports syntax errors on stderr and may still exit 0
        assert result.returncode == 0 and not (tool == "gofmt" and result.stderr), (
            f"{name}:\n{code}\n{result.stdout}{result.stderr}"
        )


def test_typescript_compiles(tmp_path: Path) -> None:
    tsc = _need("tsc")
    paths = []
    for name, code in _samples("typescript"):
        # each file a module of its own (top-level await needs a module)
        path = tmp_path / f"{name}.mts"
        path.write_text(code + "\nexport {};\n", encoding="utf-8")
        paths.append(str(path))
    args = [tsc, "--noEmit", "--strict", "--target", "es2022", "--module", "es2022"]
    args += ["--lib", "es2022,dom", "--types", "node", *paths]
    result = _run(args, cwd=tmp_path)
    if "Cannot find type definition file for 'node'" in result.stdout:
        result = _run([a for a in args if a not in ("--types", "node")], cwd=tmp_path)
    errors = [line for line in result.stdout.splitlines() if "error TS" in line]
    # node:fs/promises is typed only with @types/node; everything else must check
    errors = [e for e in errors if "node:fs/promises" not in e]
    assert errors == [], result.stdout


def test_java_compiles(tmp_path: Path) -> None:
    javac = _need("javac")
    paths = []
    for name, code in _samples("java"):
        cls = f"Main_{name}"
        path = tmp_path / f"{cls}.java"
        path.write_text(code.replace("public class Main ", f"public class {cls} "), "utf-8")
        paths.append(str(path))
    result = _run([javac, "-encoding", "UTF-8", "-d", str(tmp_path / "out"), *paths])
    assert result.returncode == 0, result.stderr[-5000:]


def test_go_vets(tmp_path: Path) -> None:
    """``go vet`` type-checks: unused imports and wrong calls fail it."""
    go = _need("go")
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOCACHE": str(tmp_path / "cache")}
    env.setdefault("HOME", str(tmp_path))
    for name, code in _samples("go")[:12]:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "main.go").write_text(code, encoding="utf-8")
        (folder / "go.mod").write_text("module sample\n\ngo 1.19\n", encoding="utf-8")
        result = _run([go, "vet", "."], cwd=folder, env=env)
        assert result.returncode == 0, f"{name}:\n{code}\n{result.stderr}"


# --------------------------------------------- what the samples actually send

JSON_OPS = ["createItem", "patchThings", "bigBody"]


def _python_call(code: str) -> dict[str, Any]:
    """The keyword arguments of the ``requests.request``/``httpx.request`` call, evaluated."""
    tree = ast.parse(code)
    call = next(
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "request"
    )
    out: dict[str, Any] = {"args": [ast.literal_eval(a) for a in call.args]}
    for kw in call.keywords:
        try:
            out[kw.arg or ""] = ast.literal_eval(kw.value)
        except ValueError:
            out[kw.arg or ""] = ast.unparse(kw.value)
    return out


@pytest.mark.parametrize("language", ["python", "python-httpx"])
@pytest.mark.parametrize("operation_id", JSON_OPS)
def test_python_sends_the_body_unchanged(language: str, operation_id: str) -> None:
    request = build_request(HAZARDS, _op(operation_id))
    call = _python_call(RENDERER.render(language, request, _op(operation_id)))
    assert call["args"] == [request.method, request.url]
    assert request.body is not None
    assert call["json"] == request.body.value
    headers = call.get("headers", {})
    for name, value in request.headers:
        assert headers[name] == value
    # json= sends application/json: any other JSON type must be named
    media_type = request.body.media_type
    assert headers.get("Content-Type", "application/json") == media_type


def test_python_sends_text_and_form_unchanged() -> None:
    text = build_request(HAZARDS, _op("sendText"))
    call = _python_call(RENDERER.render("python", text, _op("sendText")))
    assert text.body is not None
    assert call["data"] == f"{ast.unparse(ast.Constant(text.body.text))}.encode('utf-8')"
    form = build_request(HAZARDS, _op("sendForm"))
    call = _python_call(RENDERER.render("python", form, _op("sendForm")))
    assert form.body is not None
    assert call["data"] == list(form.body.fields)
    assert call["auth"] == ("YOUR_USERNAME", "YOUR_PASSWORD")


@pytest.mark.parametrize("language", ["python", "python-httpx"])
def test_python_sends_deep_object_form_fields(language: str) -> None:
    request = build_request(HAZARDS, _op("sendDeepForm"))
    call = _python_call(RENDERER.render(language, request, _op("sendDeepForm")))
    assert request.body is not None
    data = call["data"]
    sent = data if isinstance(data, list) else [(k, v) for k, v in data.items()]
    assert sent == list(request.body.fields)
    assert ("address[city]", 'O\'Brien & "Sons" $(id)') in sent
    assert ("items[1][price]", "p=2&x") in sent and ("tags", "a b|c|d") in sent


def test_deep_object_query_parameters_nest_as_form_fields_do() -> None:
    request = build_request(HAZARDS, _op("sendDeepForm"))
    assert request.query[:3] == (
        ("filter[created][gte]", "1"),
        ("filter[ids][0]", "a"),
        ("filter[ids][1]", "b"),
    )


@pytest.mark.parametrize("operation_id", ["sendForm", "sendDeepForm"])
def test_the_form_text_is_the_form_fields(operation_id: str) -> None:
    """Go, Java, C#, PHP, Ruby, Rust and HTTPie send ``body.text``: the same fields."""
    request = build_request(HAZARDS, _op(operation_id))
    assert request.body is not None
    assert parse_qsl(request.body.text, keep_blank_values=True) == list(request.body.fields)
    args = _shell_args(RENDERER.render("httpie", request, _op(operation_id)), "http")
    assert args[args.index("--raw") + 1] == request.body.text


def _shell_args(code: str, command: str) -> list[str]:
    """The arguments the shell passes to ``command`` (a function that prints them)."""
    script = f'{command}() {{ printf "%s\\0" "$@"; }}\n{code}'
    result = subprocess.run(["bash", "-c", script], capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.decode("utf-8").split("\0")[:-1]


@pytest.mark.parametrize(
    "operation_id", ["createItem", "sendText", "sendForm", "sendDeepForm", "upload", "uploadLink"]
)
def test_curl_sends_the_body_unchanged(operation_id: str) -> None:
    # every property: uploadLink's parts are all optional (a minimal body sends none)
    request = build_request(HAZARDS, _op(operation_id), properties="all")
    args = _shell_args(RENDERER.render("curl", request, _op(operation_id)), "curl")
    assert args[args.index("--url") + 1] == request.url
    body = request.body
    assert body is not None
    if body.form in ("json", "text"):
        assert args[args.index("--data-raw") + 1] == body.text
    elif body.form == "form":
        sent = [args[i + 1] for i, a in enumerate(args) if a == "--data-urlencode"]
        # curl encodes the value only: the name is given percent-encoded, brackets kept
        names, values = zip(*(arg.split("=", 1) for arg in sent), strict=True)
        assert [(unquote(n), v) for n, v in zip(names, values, strict=True)] == list(body.fields)
        if operation_id == "sendDeepForm":  # brackets readable, other characters encoded
            assert names[:3] == ("address[city]", "address[a%26b%3Dc%20d%2B%25]", "items[0][price]")
    else:
        sent = [args[i + 1] for i, a in enumerate(args) if a == "--form-string"]
        plain = [p for p in body.parts if not p.filename and not p.content_type]
        assert sent == [f"{p.name}={p.value}" for p in plain]
        # a typed part (JSON): curl's quoted form, its own type kept
        typed = [p for p in body.parts if not p.filename and p.content_type]
        forms = [args[i + 1] for i, a in enumerate(args) if a == "--form"]
        for part in typed:
            escaped = (part.value or "").replace("\\", "\\\\").replace('"', '\\"')
            assert f'{part.name}="{escaped}";type={part.content_type}' in forms
    headers = [args[i + 1] for i, a in enumerate(args) if a == "--header"]
    for name, value in request.headers:
        assert f"{name}: {value}" in headers


def test_httpie_sends_the_body_unchanged() -> None:
    request = build_request(HAZARDS, _op("createItem"))
    args = _shell_args(RENDERER.render("httpie", request, _op("createItem")), "http")
    assert request.body is not None
    assert args[args.index("--raw") + 1] == request.body.text
    assert request.url in args


def test_javascript_sends_the_body_unchanged(tmp_path: Path) -> None:
    node = _need("node")
    stub = (
        "globalThis.fetch = async (url, init) => { process.stdout.write(JSON.stringify("
        "{url, method: init.method, headers: init.headers, body: String(init.body)}) + '\\n');"
        " return {status: 200, text: async () => ''}; };\n"
        "console.log = () => {};\n"
    )
    for operation_id in ["createItem", "sendText", "sendForm", "sendDeepForm", "listThings"]:
        request = build_request(HAZARDS, _op(operation_id))
        code = RENDERER.render("javascript", request, _op(operation_id))
        path = tmp_path / f"{operation_id}.mjs"
        path.write_text(stub + code, encoding="utf-8")
        result = _run([node, str(path)])
        assert result.returncode == 0, result.stderr
        sent = json.loads(result.stdout.split("\n")[0])
        assert sent["url"] == request.url
        assert sent["method"] == request.method
        body = request.body
        assert body is not None
        if request.method == "GET":  # fetch() throws on a GET with a body: left out, said so
            assert sent["body"] == "undefined" and "cannot send a body with GET" in code
        elif body.form == "json":
            assert json.loads(sent["body"]) == body.value
        elif body.form == "form":
            assert parse_qsl(sent["body"]) == list(body.fields)
        else:
            assert sent["body"] == body.text
        for name, value in request.headers:
            assert sent["headers"][name] == value


# ------------------------------------------------- literal escapers, round trip

HOSTILE = [
    "",
    "plain",
    "quote \" apostrophe ' backslash \\ end\\",
    "new\nline\r\ncrlf\ttab",
    "$HOME $(id) `id` ${x} #{x} %s {0}",
    '""" \'\'\' r#"# "## */ /* <?php ?>',
    "é ü 日本 😀 \u2028 \u2029",
    "\x01\x1f\x7f control",
    "trailing space ",
    "\\u0041 \\n not escapes",
    "bom \ufeff nel \u0085 ls \u2028 ps \u2029",
]


def _java_roundtrip(tmp_path: Path, filter_name: str) -> list[str]:
    javac = _need("javac")
    java = _need("java")
    literal = FILTERS[filter_name]
    prints = "\n".join(
        f'        System.out.print({literal(s)});\n        System.out.print("\\u0000");'
        for s in HOSTILE
    )
    source = (
        f"public class Echo {{\n    public static void main(String[] a) {{\n{prints}\n    }}\n}}\n"
    )
    (tmp_path / "Echo.java").write_text(source, encoding="utf-8")
    result = _run([javac, "-encoding", "UTF-8", "-d", str(tmp_path), str(tmp_path / "Echo.java")])
    assert result.returncode == 0, result.stderr
    out = subprocess.run(
        [java, "-Dstdout.encoding=UTF-8", "-Dfile.encoding=UTF-8", "-cp", str(tmp_path), "Echo"],
        capture_output=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.decode("utf-8").split("\0")[:-1]


@pytest.mark.parametrize("filter_name", ["java", "java_text_block"])
def test_java_literals_round_trip(filter_name: str, tmp_path: Path) -> None:
    assert _java_roundtrip(tmp_path, filter_name) == HOSTILE


def test_rust_literals_round_trip(tmp_path: Path) -> None:
    rustc = _need("rustc")
    prints = "\n".join(
        f'    print!("{{}}\\0", {FILTERS[f](s)});' for s in HOSTILE for f in ("rust", "rust_raw")
    )
    (tmp_path / "echo.rs").write_text(f"fn main() {{\n{prints}\n}}\n", encoding="utf-8")
    result = _run([rustc, "-o", str(tmp_path / "echo"), str(tmp_path / "echo.rs")])
    assert result.returncode == 0, result.stderr
    out = subprocess.run([str(tmp_path / "echo")], capture_output=True, timeout=60)
    expected = [s for s in HOSTILE for _ in range(2)]
    assert out.stdout.decode("utf-8").split("\0")[:-1] == expected


def test_go_literals_round_trip(tmp_path: Path) -> None:
    go = _need("go")
    prints = "\n".join(
        f'\tfmt.Print({FILTERS[f](s)}, "\\x00")' for s in HOSTILE for f in ("go", "go_raw")
    )
    (tmp_path / "echo.go").write_text(
        f'package main\n\nimport "fmt"\n\nfunc main() {{\n{prints}\n}}\n', encoding="utf-8"
    )
    env = {**os.environ, "GOCACHE": str(tmp_path / "cache")}
    env.setdefault("HOME", str(tmp_path))
    out = subprocess.run(
        [go, "run", str(tmp_path / "echo.go")], capture_output=True, timeout=300, env=env
    )
    assert out.returncode == 0, out.stderr
    expected = [s for s in HOSTILE for _ in range(2)]
    assert out.stdout.decode("utf-8").split("\0")[:-1] == expected


@pytest.mark.parametrize(("tool", "filter_name"), [("ruby", "ruby"), ("php", "php")])
def test_single_quoted_literals_round_trip(tool: str, filter_name: str, tmp_path: Path) -> None:
    exe = _need(tool)
    literal = FILTERS[filter_name]
    if tool == "ruby":
        source = "\n".join(f'print {literal(s)}, "\\0"' for s in HOSTILE)
    else:
        source = "<?php\n" + "\n".join(f'echo {literal(s)}, "\\0";' for s in HOSTILE)
    path = tmp_path / f"echo.{tool}"
    path.write_text(source, encoding="utf-8")
    out = subprocess.run([exe, str(path)], capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode("utf-8").split("\0")[:-1] == HOSTILE


def test_python_and_json_literals_round_trip() -> None:
    value = {s: [s, 1.5, None, True] for s in HOSTILE}
    assert ast.literal_eval(FILTERS["python"](value)) == value
    assert json.loads(FILTERS["json"](value)) == value


def test_csharp_strings_escape_its_line_ends() -> None:
    """No C# compiler here: C# ends a line at CR, LF, NEL, LS and PS, and none may stay raw."""
    for literal in (FILTERS["csharp"], FILTERS["csharp_text"]):
        for text in HOSTILE:
            code = literal(text)
            if code.startswith('@"'):
                assert not any(c in code for c in "\r\u0085\u2028\u2029")
            else:
                assert not any(c in code for c in "\r\n\u0085\u2028\u2029")


def test_shell_words_round_trip() -> None:
    words = [s for s in HOSTILE if s]
    args = _shell_args("show " + " ".join(FILTERS["shell"](s) for s in words), "show")
    assert args == words


def test_the_manual_describes_every_filter_and_field() -> None:
    """docs/samples.rst is the template reference: nothing may be missing from it."""
    from dataclasses import fields

    from sphinxext_apidocs.samples.media import Part
    from sphinxext_apidocs.samples.request import Body, HttpRequest

    manual = (HERE.parent / "docs" / "samples.rst").read_text(encoding="utf-8")
    for name in FILTERS:
        assert f"``{name}" in manual, name
    for field in fields(HttpRequest):
        assert f"``request.{field.name}``" in manual, field.name
    for field in fields(Body):
        assert f"``body.{field.name}``" in manual, field.name
    for field in fields(Part):
        assert f"``{field.name}``" in manual, field.name
    for language in BUILTIN:
        assert f"``{language}``" in manual, language


def test_a_path_parameter_that_is_just_a_string_is_a_placeholder(tmp_path: Path) -> None:
    """``/v1/customers/CUSTOMER``, as ``YOUR_USERNAME``, not ``/v1/customers/string``;
    a parameter whose schema or example says more keeps the value made from it."""

    def param(name: str, **schema: object) -> dict[str, object]:
        return {"name": name, "in": "path", "required": True, "schema": schema}

    params = {
        "customer": param("customer", type="string", maxLength=5000),
        "camel": param("accountId", type="string"),
        "broken": param("key", type="string", maxLength="64"),  # not a number: no bound
        "order": param("order-id", type="string", pattern="^ord_[0-9]+$"),
        "item": param("id", type="integer"),
        "code": param("code", type="string", maxLength=2),
        "file": {**param("name", type="string"), "example": "a.pdf"},
    }
    paths = {
        f"/{key}/{{{p['name']}}}": {
            "get": {
                "operationId": key,
                "parameters": [p],
                "responses": {"200": {"description": "ok"}},
            }
        }
        for key, p in params.items()
    }
    doc = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths}
    (tmp_path / "api.json").write_text(json.dumps(doc), encoding="utf-8")
    spec = _load(tmp_path, "api.json")

    def segment(operation_id: str) -> str:
        op = spec.find_operation(operation_id)
        assert op is not None
        return build_request(spec, op).path.rsplit("/", 1)[1]

    assert segment("customer") == "CUSTOMER"
    assert segment("camel") == "ACCOUNT_ID"
    assert segment("broken") == "KEY"
    assert re.fullmatch(r"ord_[0-9]+", segment("order"))  # the pattern's, not ORDER_ID
    assert segment("item") == "0"
    assert segment("code") != "CODE" and len(segment("code")) <= 2  # too long for it
    assert segment("file") == "a.pdf"
