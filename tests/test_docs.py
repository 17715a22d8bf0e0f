"""The user manual in docs/ is built with the extension itself, warning-free."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).parent.parent / "docs"


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
