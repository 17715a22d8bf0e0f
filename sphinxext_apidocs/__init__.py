"""sphinxext_apidocs: OpenAPI documents as first-class Sphinx documentation.

Importing the package loads nothing else: the pipeline stages (``spec``,
``markdown``, ``samples``, ...) import without Sphinx, and :func:`setup` loads
the Sphinx glue (:mod:`sphinxext_apidocs.sphinx_ext`) only when Sphinx asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"

#: The pipeline's stages (sub-packages), in order: each imports only those before it,
#: and those before ``render`` import nothing of Sphinx, docutils or MyST
#: (``tests/project/test_layout.py`` holds the package to it; docs/architecture.rst explains it).
STAGES = (
    "diagnostics",
    "spec",
    "markdown",
    "validation",
    "samples",
    "diagrams",
    "changes",
    "render",
    "check",
    "sphinx_ext",
)


def setup(app: Sphinx) -> dict[str, Any]:
    """Sphinx's entry point: register the extension (see :mod:`.sphinx_ext.setup`)."""
    from .sphinx_ext.setup import register

    return register(app)
