"""A hostile build: every kind of hostile input at once, built in a child process.

The hardening issue asks that "a hostile build (bomb, deep nesting, traversal, remote
refs, XSS payloads together) finishes in under 60 s with peak RSS under 1 GB".
``tests/roots/test-hostile`` holds those inputs together -- a YAML alias bomb, ``$ref``s
out of the project and to the cloud metadata service, descriptions, examples and code
samples full of script payloads, a Markdown endpoint source with the same payloads --;
the test's copy of it adds what cannot be stored: a JSON document nested 100,000 levels
deep and symlinks out of the project (to ``/etc`` and to a file beside the project).

Sphinx runs in a child process, so a hang is killed at the deadline and the peak RSS
measured is the build's alone (``os.wait4``, as ``benchmarks/_harness.py`` does). The
child starts with a ``sitecustomize`` that refuses and records every network call
(the audit events of ``tests/hazards/test_hazard_catalogue.py`` and the patched ``socket``
functions of ``tests/spec/test_network.py``, made to work in another process).

Each hazard has its own, more precise test elsewhere (test_hazard_catalogue, test_xss,
test_network); this one checks that together they stay within the limits and that none
of them gets through.
"""

from __future__ import annotations

import contextlib
import html as htmlmod
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..helpers import ROOTS, apidocs_warnings, nested_one_of_schemas
from .test_xss import _Page

REPO = Path(__file__).resolve().parents[2]
DEPTH = 100_000
DEADLINE = 60.0  # seconds, wall, for a whole build
MAX_RSS = 1024**3  # bytes
#: a script element: its attributes and its text
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
#: text of the files outside the project: /etc/passwd and the file beside the project
SECRETS = (b"root:x:0:0", b"TOPSECRET-OUTSIDE")

pytestmark = pytest.mark.slow

NETWORK_GUARD = '''\
"""Refuse and record every network call of this process (tests/hazards/test_hostile_build.py)."""
import os
import socket
import sys

_LOG = os.environ["APIDOCS_TEST_NETWORK_LOG"]
# (not socket.__new__ nor socket.bind: urllib3, imported by Sphinx, probes for IPv6 by
# binding a socket to ::1 when it is imported)
_EVENTS = frozenset({
    "socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
    "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo",
    "http.client.connect", "urllib.Request",
})


def _record(what):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(what[:300] + "\\n")


def _audit(event, args):
    if event in _EVENTS:
        _record(f"{event} {args!r}")
        raise PermissionError(f"the hostile build test forbids the network: {event}")


def _refuse(name):
    def refuse(*args, **kwargs):
        _record(f"{name} {args!r}")
        raise OSError(f"the hostile build test forbids the network: {name}")
    return refuse


for _name in ("connect", "connect_ex"):
    setattr(socket.socket, _name, _refuse(f"socket.socket.{_name}"))
for _name in ("getaddrinfo", "create_connection", "gethostbyname", "gethostbyname_ex"):
    setattr(socket, _name, _refuse(f"socket.{_name}"))
sys.addaudithook(_audit)
'''

#: file-reading MyST in a Markdown endpoint source (see the test at the end)
MARKDOWN_READS = """\
## POST /items/{id}

### Raw file

```{raw} html
:file: ../../../../../../../../../../etc/passwd
```

### Raw file in reStructuredText

```{eval-rst}
.. raw:: html
   :file: ../../../../../../../../../../etc/passwd
```

### Table from a file

```{csv-table}
:file: ../../../../../../../../../../etc/passwd
```

### Download

{download}`passwd <../../../../../../../../../../etc/passwd>`

### Image

![passwd](../../../../../../../../../../etc/passwd)

### Options as YAML, names in capitals, nested, diff, mermaid

```{raw} html
---
file: ../../../../../../../../../../etc/passwd
---
```

```{eval-rst}
.. raw:: html
   :FILE: ../../../../../../../../../../etc/passwd
```

```{Include} ../../../../../../../../../../etc/passwd
```

::::{note}
```{include} ../../../../../../../../../../etc/passwd
```
::::

```{literalinclude} ../conf.py
:diff: ../../../../../../../../../../etc/passwd
```

```{mermaid} ../../../../../../../../../../etc/passwd
```
"""


@dataclass
class Child:
    returncode: int
    wall_s: float
    maxrss_bytes: int
    stdout: str
    stderr: str
    network: list[str]

    def figures(self) -> str:
        return (
            f"exit {self.returncode}, wall {self.wall_s:.2f} s, "
            f"peak RSS {self.maxrss_bytes / 2**20:.0f} MB"
        )


@pytest.fixture(scope="module")
def guard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the network guard as ``sitecustomize.py``; checked to work."""
    folder = tmp_path_factory.mktemp("guard")
    (folder / "sitecustomize.py").write_text(NETWORK_GUARD, encoding="utf-8")
    probe = _run(
        [sys.executable, "-c", "import socket; socket.getaddrinfo('example.com', 80)"],
        folder,
        folder,
    )
    assert probe.returncode != 0, probe.stderr
    assert probe.network and "getaddrinfo" in probe.network[0], probe.network
    return folder


def _project(base: Path) -> Path:
    """A copy of the root with the deep JSON document and the symlinks out of it."""
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(
        "Secret: {type: string, description: TOPSECRET-OUTSIDE}\n", encoding="utf-8"
    )
    src = base / "src"
    shutil.copytree(ROOTS / "test-hostile", src)
    specs = src / "specs"
    os.symlink("/etc", specs / "etc")
    os.symlink(outside / "secret.yaml", specs / "secret.yaml")
    (specs / "deep.json").write_text(
        '{"openapi": "3.0.3", "info": {"title": "Deep", "version": "1"}, "paths": {},\n'
        ' "x-deep": ' + '{"a": ' * DEPTH + "1" + "}" * DEPTH + "}\n",
        encoding="utf-8",
    )
    return src


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _project(tmp_path_factory.mktemp("hostile"))


def _run(cmd: list[str], cwd: Path, guard: Path) -> Child:
    """Run ``cmd`` with the network guard, killed (its whole session) at the deadline;
    its wall time and peak RSS (``ru_maxrss`` of the reaped child: the largest process
    of its tree)."""
    log = cwd / f"network-{time.monotonic_ns()}.log"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(guard), str(REPO), *filter(None, [env.get("PYTHONPATH")])]
    )
    env["APIDOCS_TEST_NETWORK_LOG"] = str(log)
    env["NO_COLOR"] = "1"
    env.pop("SPHINXOPTS", None)
    out_path, err_path = cwd / "child.stdout", cwd / "child.stderr"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )

        def kill() -> None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(DEADLINE + 5, kill)
        timer.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait
    network = log.read_text("utf-8").splitlines() if log.exists() else []
    return Child(
        returncode=proc.returncode,
        wall_s=wall,
        maxrss_bytes=usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024),
        stdout=out_path.read_text("utf-8", errors="replace"),
        stderr=err_path.read_text("utf-8", errors="replace"),
        network=network,
    )


def _build(src: Path, builder: str, guard: Path) -> tuple[Child, Path]:
    out = src.parent / f"_build-{builder}"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "sphinx", "-b", builder, "-N", "-T", str(src), str(out)]
    child = _run(cmd, src.parent, guard)
    print(f"\nhostile build, {builder}: {child.figures()}")  # shown with -s / -rP
    return child, out


def _within_limits(child: Child) -> None:
    assert child.wall_s < DEADLINE, child.figures()
    assert child.maxrss_bytes < MAX_RSS, child.figures()
    for stream in (child.stderr, child.stdout):
        assert "Traceback" not in stream, stream[-3000:]
        assert "Exception occurred" not in stream, stream[-3000:]
    assert child.network == []


def _no_secrets(out: Path, child: Child) -> None:
    """No text of a file outside the project in any output file (doctrees, pickled
    environment and search index included) nor in the build's log."""
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        for secret in SECRETS:
            assert secret not in data, (secret, path)
    for secret in SECRETS:
        assert secret.decode() not in child.stdout + child.stderr


def _by_file(warnings: list[dict[str, str]]) -> dict[str, set[str]]:
    """Subtypes of the spec warnings, by spec or Markdown file."""
    found: dict[str, set[str]] = {}
    for warning in warnings:
        match = re.match(r"((?:specs|endpoints)/[\w.]+)[: ]", warning["message"])
        if match:
            found.setdefault(match[1], set()).add(warning["subtype"])
    return found


def _subtype_at(warnings: list[dict[str, str]], path: str) -> str:
    """The subtype of the warning about ``/paths/<path>`` of refs.yaml."""
    pointer = "#/paths/" + path.replace("/", "~1")
    hits = {
        w["subtype"]
        for w in warnings
        if w["message"].startswith("specs/refs.yaml:") and f" {pointer}/" in w["message"]
    }
    assert len(hits) == 1, (path, hits)
    return hits.pop()


def test_hostile_html_build_is_bounded_and_nothing_gets_through(project: Path, guard: Path) -> None:
    child, out = _build(project, "html", guard)
    assert child.returncode == 0, child.stderr[-3000:]
    _within_limits(child)
    _no_secrets(out, child)

    # every spec's problems are reported, as apidocs warnings of the right subtype
    warnings = apidocs_warnings(child.stderr)
    subtypes = {w["subtype"] for w in warnings}
    assert {"alias", "depth", "outside-project", "remote-ref", "html"} <= subtypes
    assert "internal" not in subtypes
    by_file = _by_file(warnings)
    assert by_file["specs/bomb.yaml"] == {"alias"}
    assert by_file["specs/deep.json"] == {"depth"}
    assert by_file["specs/xss.json"] == {"html"}
    assert by_file["endpoints/xss.md"] == {"html", "outside-project"}
    for path in (
        "/traversal",
        "/deep-traversal",
        "/percent-encoded",
        "/absolute",
        "/file-uri",
        "/file-uri-host",
        "/symlinked-dir",
        "/symlinked-file",
        "/metadata-scheme-relative",
    ):
        assert _subtype_at(warnings, path) == "outside-project", path
    for path in ("/metadata", "/metadata-https", "/metadata-v6", "/rebased"):
        assert _subtype_at(warnings, path) == "remote-ref", path
    # on POSIX a backslash is part of a file name: a file in specs/ that is not there
    assert _subtype_at(warnings, "/backslashes") == "file"

    # no payload became markup: no script but Sphinx's own, no event handler, no
    # javascript: (vbscript:, data:) link, no iframe (object, embed, svg)
    pages = sorted(out.rglob("*.html"))
    for page in pages:
        text = page.read_text("utf-8")
        lowered = text.lower()
        scripts = SCRIPT.findall(text)
        assert lowered.count("<script") == len(scripts), page.name
        for attrs, body in scripts:  # Sphinx's own: its files, the theme's few lines
            src = re.search(r'\bsrc="([^"]*)"', attrs)
            if src:
                assert re.fullmatch(
                    r"(?:\.\./)*(?:_static/[\w.-]+|searchindex)\.js(?:\?v=\w+)?", src[1]
                )
            assert "alert(" not in body and "XSS" not in body, (page.name, body[:200])
        assert "<iframe" not in lowered, page.name
        # no on* attribute (onerror=, onload=...), no javascript:/vbscript:/data: href or
        # src, no iframe, object, embed or svg element, no marker in a script or style
        parser = _Page()
        parser.feed(text)
        assert parser.problems == [], (page.name, parser.problems)

    # ... and the rest of the page is there, the payloads shown as text
    index = (out / "index.html").read_text("utf-8")
    for still_here in (
        "BEFORE-TEXT",
        "AFTER-TEXT",
        "BOMB-STILL-HERE",
        "REFS-STILL-HERE",
        "POST-STILL-HERE",
        "MDXSS prose",
        "API reference unavailable: deep could not be loaded.",
    ):
        assert still_here in htmlmod.unescape(re.sub(r"<[^>]+>", "", index)), still_here
    assert "&lt;/code&gt;&lt;script&gt;alert(" in index
    assert len(index) < 5_000_000  # the bomb did not expand into the page


def test_hostile_apicheck_build_finds_errors_and_is_bounded(project: Path, guard: Path) -> None:
    child, out = _build(project, "apicheck", guard)
    assert child.returncode == 1, child.stderr[-3000:]  # findings at the level "error"
    _within_limits(child)
    _no_secrets(out, child)
    assert (out / "apicheck.json").is_file()
    rules = set(re.findall(r"\[apidocs\.check\.([\w-]+)\]", child.stderr))
    assert {"spec-unreadable", "ref-unresolved", "ref-remote", "rendering"} <= rules


def test_markdown_source_reads_no_file_outside_the_project(tmp_path: Path, guard: Path) -> None:
    src = _project(tmp_path)
    (src / "endpoints" / "reads.md").write_text(
        textwrap.dedent("""\
            ---
            spec: xss
            ---
            """)
        + MARKDOWN_READS,
        encoding="utf-8",
    )
    child, out = _build(src, "html", guard)
    assert child.returncode == 0, child.stderr[-3000:]
    _within_limits(child)
    _no_secrets(out, child)
    assert not (out / "_downloads").exists() and not (out / "_images").exists()
    # each refusal is a warning with the Markdown file and line (after three lines of
    # front matter): raw, raw in reST, csv-table, download, image, raw's options as
    # YAML, :FILE:, Include, a nested include, literalinclude's :diff:, mermaid
    refused = sorted(
        (int(w["message"].split(":")[1]), w["subtype"])
        for w in apidocs_warnings(child.stderr)
        if w["message"].startswith("endpoints/reads.md:")
    )
    lines = [8, 15, 21, 27, 31, 35, 42, 46, 50, 54, 58]
    assert refused == [(line, "outside-project") for line in lines], child.stderr[-3000:]


#: work that grows with the input (issue 15): patterns Python's re backtracks on (an example
#: of 40 a's and a '!' against ``^(a+)+$`` needs 2**40 steps, against eleven ``a*`` about
#: 40**11), oneOf of 8 branches nested 6 deep (8**6 schemas to check a value), and numbers
#: beyond floats (1e309 reads as infinity; 1e-320 overflows a division)
COSTLY = "a" * 40 + "!"
BUDGETS_SPEC = f"""\
openapi: 3.0.3
info: {{title: Budgets, version: '1'}}
paths:
  /evil:
    post:
      operationId: evil
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Evil'}}
          text/plain:
            schema: {{type: string, pattern: '^(a+)+$'}}
            example: '{COSTLY}'
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/L0'}}
  /numbers:
    post:
      operationId: numbers
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Numbers'}}
      responses:
        '204': {{description: none}}
components:
  schemas:
    Evil:
      type: object
      properties:
        nested: {{type: string, pattern: '^(a+)+$', example: '{COSTLY}'}}
        adjacent: {{type: string, pattern: '^a*a*a*a*a*a*a*a*a*a*a*$', example: '{COSTLY}'}}
    Numbers:
      type: object
      required: [long, step, tiny, far]
      properties:
        long: {{type: string, minLength: 1e309}}
        step: {{type: number, multipleOf: 1e308}}
        tiny: {{type: number, multipleOf: 1e-320, minimum: 1.5}}
        far: {{type: integer, minimum: 1e309}}
""" + nested_one_of_schemas(6)


def _budgets_project(base: Path) -> Path:
    src = base / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(
        'extensions = ["sphinxext_apidocs"]\napidocs_specs = {"budgets": "budgets.yaml"}\n'
    )
    (src / "index.rst").write_text("Budgets\n=======\n\n.. api-spec:: budgets\n")
    (src / "budgets.yaml").write_text(BUDGETS_SPEC)
    return src


def test_costly_patterns_deep_one_of_and_huge_numbers_html(tmp_path: Path, guard: Path) -> None:
    """A hang before (108 s and more per pattern, 125 s for the oneOf) and an internal error
    (OverflowError); now bounded, and the made-up examples say what was not checked."""
    child, out = _build(_budgets_project(tmp_path), "html", guard)
    assert child.returncode == 0, child.stderr[-3000:]
    _within_limits(child)
    subtypes = {w["subtype"] for w in apidocs_warnings(child.stderr)}
    assert "internal" not in subtypes, child.stderr[-3000:]
    assert "structure" in subtypes  # minLength 1e309: no value satisfies the schema
    page = htmlmod.unescape((out / "index.html").read_text("utf-8"))
    assert "Not checked against pattern ^(a+)+$" in page
    assert "Not checked against the schema's alternatives" in page
    assert "minLength infinite" in page


def test_costly_patterns_deep_one_of_and_huge_numbers_apicheck(tmp_path: Path, guard: Path) -> None:
    child, out = _build(_budgets_project(tmp_path), "apicheck", guard)
    _within_limits(child)
    report = (out / "apicheck.json").read_text("utf-8")
    assert "internal-error" not in report, report[-3000:]
    rules = re.findall(r"\[apidocs\.check\.([\w-]+)\]", child.stderr)
    assert "example-invalid" not in rules  # a pattern not checked is not a wrong example
    unchecked = [line for line in child.stderr.splitlines() if "example-unchecked" in line]
    assert sum("'^(a+)+$'" in line for line in unchecked) == 1, unchecked  # once per pattern
    assert sum("'^a*a*a*a*a*a*a*a*a*a*a*$'" in line for line in unchecked) == 1, unchecked
    assert any("not checked against its schema" in line for line in unchecked), unchecked


FIFO_SPEC = """\
{"openapi": "3.0.3", "info": {"title": "Pipes", "version": "1"}, "paths": {"/x": {"post": {
  "requestBody": {"content": {"application/json": {"schema": {"$ref": "ref-fifo.json"}}}},
  "responses": {"200": {"description": "ok", "content": {"application/json": {
    "examples": {"a": {"externalValue": "example-fifo.json"}}}}}}}}}}
"""


@pytest.mark.parametrize("builder", ["html", "apicheck"])
def test_fifos_the_project_names_are_refused_without_blocking(
    tmp_path: Path, guard: Path, builder: str
) -> None:
    """A FIFO named by a ``$ref``, an ``externalValue``, ``apidocs_specs``, the template
    folder or ``apidocs_check_baseline``: opening one for reading blocks until a writer
    comes, which is never; each is refused with a warning and the build goes on."""
    src = tmp_path / "src"
    (src / "templates").mkdir(parents=True)
    (src / "api.json").write_text(FIFO_SPEC, encoding="utf-8")
    for fifo in ("ref-fifo.json", "example-fifo.json", "spec-fifo.json", "baseline.json"):
        os.mkfifo(src / fifo)
    os.mkfifo(src / "templates" / "kotlin.j2")
    (src / "conf.py").write_text(
        'extensions = ["sphinxext_apidocs"]\n'
        'apidocs_specs = {"api": "api.json", "pipe": "spec-fifo.json"}\n'
        'apidocs_sample_templates = "templates"\n'
        'apidocs_sample_languages = ["curl", "kotlin"]\n'
        'apidocs_check_baseline = "baseline.json"\n',
        encoding="utf-8",
    )
    (src / "index.rst").write_text(
        "Pipes\n=====\n\n.. api-spec:: api\n\n.. api-spec:: pipe\n", encoding="utf-8"
    )
    child, _out = _build(src, builder, guard)
    _within_limits(child)  # a blocked build is killed at the deadline
    assert "Traceback" not in child.stderr, child.stderr[-3000:]
    refused = set(re.findall(r"'([\w.-]+)': not a regular file", child.stderr))
    assert refused >= {"ref-fifo.json", "example-fifo.json", "spec-fifo.json"}, child.stderr
    if builder == "html":
        assert child.returncode == 0, child.stderr[-3000:]
        assert re.search(r"kotlin\.j2.*not a regular file", child.stderr), child.stderr
    else:
        assert re.search(r"apidocs_check_baseline: baseline\.json: not a regular", child.stderr)
