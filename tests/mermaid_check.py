"""Mermaid's own parser, from the npm registry, run with Node.js.

:func:`parse` installs ``mermaid`` and ``jsdom`` once into a cache folder
(``$APIDOCS_NODE_CACHE``, else ``~/.cache/sphinxext-apidocs``) and parses
diagram sources with ``tests/mermaid_parse.mjs``.  Used by ``tests/diagrams/test_diagrams.py``
and ``benchmarks/bench_diagrams.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

PACKAGES = ("mermaid@11", "jsdom@26")
SCRIPT = Path(__file__).with_name("mermaid_parse.mjs")


class ParserUnavailable(RuntimeError):
    """Node.js or npm is missing, or the packages could not be installed."""


def parser_dir() -> Path:
    """The folder with the parser's packages, installed on first use."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        raise ParserUnavailable("Node.js and npm are needed to run Mermaid's parser")
    cache = os.environ.get("APIDOCS_NODE_CACHE") or Path.home() / ".cache" / "sphinxext-apidocs"
    folder = Path(cache) / "mermaid-parser"
    if not all(
        (folder / "node_modules" / name / "package.json").is_file() for name in ("mermaid", "jsdom")
    ):
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(folder),
                "--no-audit",
                "--no-fund",
                "--silent",
                *PACKAGES,
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            raise ParserUnavailable(
                f"npm install {' '.join(PACKAGES)} failed: {done.stderr[-2000:]}"
            )
    shutil.copyfile(SCRIPT, folder / SCRIPT.name)
    return folder


def parse(sources: list[str]) -> list[str | None]:
    """For each source: None when Mermaid parses it, else the parser's message."""
    folder = parser_dir()
    done = subprocess.run(
        ["node", str(folder / SCRIPT.name)],
        input=json.dumps(sources),
        capture_output=True,
        text=True,
        timeout=600,
        cwd=folder,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the Mermaid parser failed: {done.stderr[-2000:]}")
    results: list[str | None] = json.loads(done.stdout)
    return results
