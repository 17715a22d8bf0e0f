"""The user manual in docs/ is built with the extension itself, warning-free."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sphinxext_apidocs.diagnostics.rules import RULES

DOCS = Path(__file__).parents[2] / "docs"


def test_docs_build_html_without_warnings(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            str(DOCS),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    reference = (tmp_path / "html" / "reference.html").read_text()
    # the demo spec is really rendered, not a placeholder
    assert 'class="apidocs-method' in reference
    assert "apidocs-placeholder" not in reference
    # the rules reference is generated from the code: one row per rule
    page = (tmp_path / "html" / "apicheck.html").read_text()
    table = page[page.index("apidocs-rules-table") :]
    table = table[: table.index("</table>")]
    assert table.count("<tr") == len(RULES) + 1  # and the header row


def test_docs_pass_apicheck(tmp_path: Path) -> None:
    """The manual's own API docs are intact: no finding at all, every operation on a page."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "apicheck", str(DOCS), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "apicheck.json").read_text(encoding="utf-8"))
    assert report["findings"] == []
    percent = {c["spec"]: c["percent"] for c in report["coverage"]}
    # the demo spec and the specs of docs/specs.rst: OpenAPI 3.2, polymorphism, vendor
    # extensions (whose internal operation is not asked for)
    assert set(percent.values()) == {100.0} and len(percent) == 4
