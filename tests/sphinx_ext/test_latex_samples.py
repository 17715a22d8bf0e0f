"""The PDF keeps code samples in one language (``apidocs_latex_sample_languages``);
checked on the ``.tex``, so TeX need not be installed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..helpers import build, spec_project

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/things": {
            "get": {
                "operationId": "listThings",
                "x-codeSamples": [
                    {"lang": "Ruby", "source": "Things.list # handwritten"},
                    {"lang": "Python", "source": "things.list() # handwritten"},
                ],
                "responses": {"204": {"description": "done"}},
            }
        }
    },
}


def _tex(make_app: Any, tmp_path: Path, conf: str) -> str:
    src = spec_project(tmp_path, SPEC, conf=conf)
    app = build(make_app, src, "latex")
    return "\n".join(p.read_text(encoding="utf-8") for p in Path(app.outdir).glob("*.tex"))


@pytest.mark.parametrize(
    ("conf", "kept"),
    [
        ("", {"cURL"}),
        ("apidocs_latex_sample_languages = ['python', 'ruby']", {"Python", "Ruby"}),
        ("apidocs_latex_sample_languages = ['Ruby']", {"Ruby"}),
        ("apidocs_latex_sample_languages = []", set()),
    ],
)
def test_pdf_keeps_the_sample_languages_asked_for(
    make_app: Any, tmp_path: Path, conf: str, kept: set[str]
) -> None:
    tex = _tex(make_app, tmp_path, conf)
    shown = {label for label in ("cURL", "Python", "JavaScript", "Ruby") if f"{{{label}}}" in tex}
    assert shown == kept
    assert ("handwritten" in tex) == bool(kept & {"Python", "Ruby"})
    assert ("Code samples" in tex) == bool(kept)
