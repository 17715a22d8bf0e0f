"""Sphinx configuration of the sphinxext-apidocs manual.

The manual is built with the extension itself, from the demo spec in
``openapi/``.  Build it with::

    python -m sphinx -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# The local extension that renders the reference tables from the code.
sys.path.insert(0, HERE)
# The package itself, when the manual is built from a clone without installing it.
if importlib.util.find_spec("sphinxext_apidocs") is None:
    sys.path.append(os.path.dirname(HERE))

from sphinxext_apidocs import __version__  # noqa: E402

# -- Project -----------------------------------------------------------------
project = "sphinxext-apidocs"
author = "The sphinxext-apidocs authors"
copyright = "2025, " + author
version = release = __version__

# -- General -----------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinxext_apidocs",
    "_ext.apidocs_reference",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
# Markdown endpoint sources are merged into operations, not pages of their own.
exclude_patterns = ["_build", "endpoints", "legacy-endpoints.md"]
# The manual must be warning-free for real: nothing is suppressed.
suppress_warnings: list[str] = []

# -- sphinxext_apidocs -------------------------------------------------------
apidocs_specs = {"bookstore": "openapi/bookstore.yaml"}
# Earlier versions of the demo spec, for the changelog (changelog-api.rst).
apidocs_spec_history = {
    "bookstore": ["openapi/bookstore-1.2.yaml", "openapi/bookstore-1.3.yaml"],
}
# Prose, examples and samples for the reviews operations, in Markdown.
apidocs_markdown = ["endpoints"]
# Code samples: three built-in languages and one added by a template of this
# manual's own (_sample_templates/http.j2: the raw HTTP request).
apidocs_sample_languages = ["curl", "python", "javascript", "http"]
apidocs_sample_templates = "_sample_templates"
# Translations of the pages and of the spec prose they render (see translations.rst):
# build with -D language=de.
locale_dirs = ["locales"]

# Diagrams in the PDF: the Mermaid CLI with Debian's Chromium (see diagrams.rst).
mermaid_params = [
    "--puppeteerConfigFile",
    os.path.join(HERE, "_mermaid", "puppeteer-config.json"),
    "--pdfFit",
]

# -- MyST --------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- HTML --------------------------------------------------------------------
try:
    import furo  # noqa: F401
except ImportError:
    html_theme = "alabaster"
else:
    html_theme = "furo"
html_title = f"sphinxext-apidocs {release}"

# -- LaTeX / PDF -------------------------------------------------------------
# xelatex typesets Unicode (arrows, dashes, accented names in specs) with
# system fonts; pdflatex would fail on characters outside Latin-1.
latex_engine = "xelatex"
latex_documents = [
    ("index", "sphinxext-apidocs.tex", "sphinxext-apidocs manual", author, "manual"),
]
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
}
