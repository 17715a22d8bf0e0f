"""The network: never touched by default; with ``apidocs_allow_remote_refs``, fetched safely.

A local HTTP server (a thread on 127.0.0.1) stands in for the remote host.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sphinxext_apidocs.spec.remote import FetchError, RemoteFetcher

from ..helpers import apidocs_warnings, build, other_warnings

REMOTE_FILES = {
    "/schemas.yaml": b"Pet:\n  type: object\n  properties:\n    tag: {$ref: 'more.yaml#/Tag'}\n"
    b"    name: {type: string, description: REMOTEPETNAME}\n"
    b"Leak:\n  $ref: 'file:///etc/passwd'\n",
    "/more.yaml": b"Tag:\n  type: string\n  description: REMOTETAG\n",
    "/big.yaml": b"Big:\n  description: '" + b"x" * 6000 + b"'\n",
    "/example.json": b'{"name": "REMOTEEXAMPLE"}',
}


class _Handler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        if self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/trickle":  # a byte every 0.2 s: no single read waits long
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:  # the client gave up
                    return
                time.sleep(0.2)
            return
        body = REMOTE_FILES.get(self.path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _project(tmp_path: Path, base: str, conf: str = "") -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["sphinxext_apidocs", "myst_parser"]\n'
        'apidocs_specs = {"api": "api.yaml"}\n'
        'apidocs_markdown = ["md"]\n'
        'exclude_patterns = ["md", "_build"]\n' + conf
    )
    (src / "md").mkdir()
    (src / "md" / "pets.md").write_text(
        "## GET /pets\n\nSee [the guide](https://guide.example.com/pets).\n"
    )
    (src / "index.rst").write_text("T\n=\n\n.. api-spec:: api\n")
    (src / "api.yaml").write_text(
        "openapi: 3.1.0\n"
        "info: {title: T, version: '1', termsOfService: 'https://example.com/tos'}\n"
        "servers: [{url: 'https://api.example.com/v1'}]\n"
        "externalDocs: {url: 'https://docs.example.com'}\n"
        "paths:\n"
        "  /pets:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: OK\n"
        "          content:\n"
        "            application/json:\n"
        f"              schema: {{$ref: '{base}/schemas.yaml#/Pet'}}\n"
        "              examples:\n"
        f"                far: {{externalValue: '{base}/example.json'}}\n"
        "  /big:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: OK\n"
        "          content:\n"
        "            application/json:\n"
        f"              schema: {{$ref: '{base}/big.yaml#/Big'}}\n"
        "  /leak:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: OK\n"
        "          content:\n"
        f"            application/json: {{schema: {{$ref: '{base}/schemas.yaml#/Leak'}}}}\n"
        "  /redirect:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: OK\n"
        "          content:\n"
        f"            application/json: {{schema: {{$ref: '{base}/to-file'}}}}\n"
        "  /rebased:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: OK\n"
        "          content:\n"
        "            application/json:\n"
        f"              schema: {{$id: '{base}/schemas/', $ref: 'relative.yaml'}}\n"
        "  /scheme-relative:\n"
        "    get:\n"
        "      responses:\n"
        "        '200':\n"
        "          description: OK\n"
        "          content:\n"
        "            application/json: {schema: {$ref: '//evil.example.com/x.yaml'}}\n"
    )
    return src


def test_no_socket_is_opened_with_default_settings(
    make_app, tmp_path: Path, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Remote ``$ref``s (plain, rebased by ``$id``, scheme-relative), a remote
    ``externalValue``, server and documentation URLs, and a Markdown source with links:
    no connection, no name lookup."""
    opened: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        opened.append(args)
        raise OSError("the test forbids the network")

    src = _project(tmp_path, server)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    app = build(make_app, src)
    assert opened == []
    assert _Handler.requests == []
    subtypes = [w["subtype"] for w in apidocs_warnings(app.warning.getvalue())]
    assert subtypes.count("remote-ref") == 5  # pets, big, leak, redirect, rebased
    assert "outside-project" in subtypes  # the scheme-relative one
    html = (Path(app.outdir) / "index.html").read_text()
    assert "/scheme-relative" in html and "https://docs.example.com" in html


def test_remote_refs_are_fetched_once_when_allowed(make_app, tmp_path: Path, server: str) -> None:  # type: ignore[no-untyped-def]
    src = _project(
        tmp_path, server, "apidocs_allow_remote_refs = True\napidocs_max_file_size = 4000\n"
    )
    app = build(make_app, src)
    html = (Path(app.outdir) / "index.html").read_text()
    # the remote schema and the document it refers to, relative to its own URL
    assert "REMOTEPETNAME" in html and "REMOTETAG" in html
    warnings = {w["message"] for w in apidocs_warnings(app.warning.getvalue())}
    text = "\n".join(sorted(warnings))
    assert "over the size limit of 4,000 bytes" in text
    assert "Redirection to url 'file:///etc/passwd' is not allowed" in text
    # a remote document cannot reach a local file
    assert "'file:///etc/passwd' is an absolute file URI; not read" in text
    assert "root:" not in html
    assert not other_warnings(app.warning.getvalue())
    fetched = sorted(set(_Handler.requests))
    # the $id rebases "relative.yaml" onto .../schemas/
    assert fetched == [
        "/big.yaml",
        "/example.json",
        "/more.yaml",
        "/schemas.yaml",
        "/schemas/relative.yaml",
        "/to-file",
    ]
    # the remote externalValue is fetched like a remote $ref, and shown
    assert "REMOTEEXAMPLE" in html
    # a second build reads the cache: only what failed is asked again
    _Handler.requests.clear()
    (src / "index.rst").write_text("T\n=\n\n.. api-spec:: api\n\nEdited.\n")
    again = build(make_app, src)
    assert "/schemas.yaml" not in _Handler.requests and "/more.yaml" not in _Handler.requests
    assert "/example.json" not in _Handler.requests
    assert "REMOTEPETNAME" in (Path(again.outdir) / "index.html").read_text()
    assert list((Path(again.doctreedir) / "apidocs-remote").iterdir())


def test_the_fetch_timeout_is_a_deadline_for_the_whole_document(
    tmp_path: Path, server: str
) -> None:
    # a server that sends a byte every 0.2 s never lets one read wait 0.5 s; the
    # document (20 s in all) is given up near the 0.5 s deadline, not read to the end
    fetch = RemoteFetcher(str(tmp_path / "cache"), timeout=0.5, max_bytes=1000)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"0\.5 s"):
        fetch(f"{server}/trickle")
    assert time.monotonic() - started < 5


def test_the_fetcher_times_out_and_refuses_other_schemes(tmp_path: Path, server: str) -> None:
    fetch = RemoteFetcher(str(tmp_path / "cache"), timeout=0.5, max_bytes=1000)
    with pytest.raises(FetchError, match="timed out"):
        fetch(f"{server}/slow")
    with pytest.raises(FetchError, match="not an http or https URL"):
        fetch("file:///etc/passwd")
    with pytest.raises(FetchError, match="over the size limit"):
        fetch(f"{server}/big.yaml")
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())
