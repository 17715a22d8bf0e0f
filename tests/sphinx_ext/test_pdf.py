"""The manual in docs/ builds to a real PDF through Sphinx's LaTeX builder.

This runs what a user runs: ``sphinx-build -b latex`` (warnings are errors),
then the Makefile Sphinx writes beside the ``.tex`` (``make all-pdf``, i.e.
latexmk with the engine chosen by ``latex_engine`` in docs/conf.py), then
checks the PDF with ``pdftotext``.

It needs TeX Live, latexmk, make and poppler-utils, and for the diagrams the
Mermaid CLI with Debian's Chromium (``.ci/run`` installs them all). Without them the test is skipped on a developer machine and fails in CI
(where the environment variable ``CI`` is set).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

TEX_PACKAGES = (
    "latexmk texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended "
    "texlive-xetex tex-gyre fonts-freefont-otf xindy poppler-utils make"
)
TEX_HINT = f"TeX Live: apt-get install --no-install-recommends {TEX_PACKAGES}"
# Each tool the test runs, and how to get it on Debian/Ubuntu (what .ci/run does).
TOOLS = {
    "latexmk": TEX_HINT,
    "make": TEX_HINT,
    "pdftotext": TEX_HINT,
    "mmdc": "the Mermaid CLI: PUPPETEER_SKIP_DOWNLOAD=1 npm install --global @mermaid-js/mermaid-cli@11",
    "chromium": "Chromium, which the Mermaid CLI draws with: apt-get install chromium",
}
MIN_PDF_BYTES = 10 * 1024

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class PdfBuild:
    outdir: Path
    pdfs: list[Path]
    texs: list[Path]


def _tail(text: str, lines: int = 60) -> str:
    return "\n".join(text.splitlines()[-lines:])


def _require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    hints = dict.fromkeys(TOOLS[tool] for tool in missing)
    message = f"{', '.join(missing)} not found: install " + "; and ".join(hints)
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"CI must be able to build the PDF: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def pdf_build(tmp_path_factory: pytest.TempPathFactory) -> PdfBuild:
    _require_tools()
    assert (DOCS / "conf.py").is_file(), f"no Sphinx project at {DOCS}"
    outdir = tmp_path_factory.mktemp("latex")
    doctrees = tmp_path_factory.mktemp("doctrees")

    # A child process: the build neither sees nor changes this process's
    # Sphinx/docutils registries, and it is what a user would run.
    command = [sys.executable, "-m", "sphinx", "-N", "-b", "latex", "-W", "--keep-going"]
    sphinx = subprocess.run(
        [*command, "-d", str(doctrees), str(DOCS), str(outdir)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert sphinx.returncode == 0, (
        f"sphinx-build -b latex exited {sphinx.returncode}\n"
        f"--- stderr ---\n{_tail(sphinx.stderr)}\n--- stdout ---\n{_tail(sphinx.stdout)}"
    )
    texs = sorted(outdir.glob("*.tex"))
    assert texs, f"the latex builder wrote no .tex file in {outdir}"

    # Sphinx's Makefile + latexmkrc pick the engine (latex_engine) and the
    # index processor (xindy for xelatex/lualatex, makeindex for pdflatex).
    env = {**os.environ, "LATEXOPTS": "-interaction=nonstopmode -halt-on-error"}
    latex = subprocess.run(
        ["make", "-C", str(outdir), "all-pdf"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        errors="replace",
        env=env,
        timeout=900,
        check=False,
    )
    logs = "\n".join(
        f"--- {log.name} ---\n{_tail(log.read_text(errors='replace'), 40)}"
        for log in sorted(outdir.glob("*.log"))
    )
    assert latex.returncode == 0, (
        f"make all-pdf exited {latex.returncode}\n"
        f"--- output ---\n{_tail(latex.stdout + latex.stderr)}\n{logs}"
    )
    pdfs = [tex.with_suffix(".pdf") for tex in texs if tex.with_suffix(".pdf").exists()]
    return PdfBuild(outdir=outdir, pdfs=pdfs, texs=texs)


def _pdftotext(pdf: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
        check=True,
    )
    return result.stdout.decode("utf-8", errors="replace")


def _latex_title(tex: Path) -> str:
    """The document title from ``\\title{...}``, with LaTeX markup removed."""
    source = tex.read_text(encoding="utf-8")
    match = re.search(r"^\\title\{(?P<title>.*)\}\s*$", source, re.MULTILINE)
    assert match, f"no \\title{{...}} in {tex.name}"
    title = match["title"]
    title = title.replace(r"\sphinxhyphen{}", "-")
    title = re.sub(r"\\[a-zA-Z]+\*?(\{\})?", " ", title)  # other commands
    title = re.sub(r"\\(.)", r"\1", title)  # escaped characters: \_ \& \#
    return title.replace("{", "").replace("}", "").strip()


def _normalise(text: str) -> str:
    """Letters and digits only, case-folded: immune to line breaks and hyphenation."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def test_every_tex_file_becomes_a_pdf(pdf_build: PdfBuild) -> None:
    missing = [tex.name for tex in pdf_build.texs if tex.with_suffix(".pdf") not in pdf_build.pdfs]
    assert not missing, f"no PDF for {missing} in {pdf_build.outdir}"
    for pdf in pdf_build.pdfs:
        size = pdf.stat().st_size
        assert size > MIN_PDF_BYTES, f"{pdf.name} is only {size} bytes"


def test_pdf_shows_the_project_title(pdf_build: PdfBuild) -> None:
    for pdf in pdf_build.pdfs:
        title = _latex_title(pdf.with_suffix(".tex"))
        assert _normalise(title), f"empty title in {pdf.with_suffix('.tex').name}"
        text = _pdftotext(pdf)
        assert _normalise(title) in _normalise(text), (
            f"title {title!r} not found in the text of {pdf.name}:\n{text[:2000]}"
        )


def test_pdf_draws_the_diagrams(pdf_build: PdfBuild) -> None:
    """The Mermaid CLI drew every diagram of the manual as a picture whose text the
    PDF keeps (the callback receiver of the sequence diagram, the overview's tags)."""
    tex = "\n".join(t.read_text(encoding="utf-8") for t in pdf_build.texs)
    assert "Diagram (Mermaid source)" not in tex
    assert len(re.findall(r"\\sphinxincludegraphics\{mermaid-[0-9a-f]+\.pdf\}", tex)) >= 6
    text = _normalise("\n".join(_pdftotext(pdf) for pdf in pdf_build.pdfs))
    for words in ("Callback receiver", "Your server", "Bookstore API 1.4.0"):
        assert _normalise(words) in text, words


def test_pdf_drops_no_characters(pdf_build: PdfBuild) -> None:
    """Every character has a glyph in its font: nothing silently vanishes."""
    missing: list[str] = []
    for pdf in pdf_build.pdfs:
        log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
        missing += sorted(
            {line.strip() for line in log.splitlines() if line.startswith("Missing character")}
        )
    assert not missing, "characters with no glyph in the PDF:\n" + "\n".join(missing)


def test_pdflatex_typesets_the_symbols_the_extension_writes(tmp_path: Path) -> None:
    """``≥ 1; ≤ 5`` (constraints), ``→`` and ``−``: declared for pdflatex by the package
    the extension adds (xelatex and lualatex need nothing)."""
    _require_tools()
    (tmp_path / "conf.py").write_text(
        'extensions = ["sphinxext_apidocs"]\napidocs_specs = {"a": "api.yaml"}\n'
        'latex_engine = "pdflatex"\n'
    )
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      description: 'from → to, −1'\n      parameters:\n"
        "        - {name: n, in: query, schema: {type: integer, minimum: 1, maximum: 5}}\n"
        "      responses:\n        '200': {description: OK}\n",
        encoding="utf-8",
    )
    (tmp_path / "index.rst").write_text("T\n=\n\n.. api-spec:: a\n")
    out = tmp_path / "_build"
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(tmp_path), str(out), "-W"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert build.returncode == 0, _tail(build.stdout + build.stderr)
    (pdf,) = (out / "latex").glob("*.pdf")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "≥ 1; ≤ 5" in text
