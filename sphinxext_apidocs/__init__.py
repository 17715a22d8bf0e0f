"""sphinxext_apidocs: OpenAPI documents as first-class Sphinx documentation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from . import apicheck, config, domain, locale, markdown_nodes, reporting, stats, store
from .directives import (
    ApiDiagramDirective,
    ApiEndpointDirective,
    ApiMarkdownDirective,
    ApiSchemaDirective,
    ApiSpecDirective,
)
from .pending import VISITORS, ExpandApiContent, pending_api_content
from .transforms import (
    BreakLongTokens,
    CodeSampleTabs,
    FoldLongTables,
    LenientHighlighting,
    MermaidFallback,
    PdflatexUnicode,
    ShowControls,
)

__version__ = "0.1.0"

#: Bump when the shape of what the extension stores in the environment changes.
ENV_VERSION = 4

STATIC = Path(__file__).parent / "static"


def _register_static(app: Sphinx) -> None:
    """``builder-inited``: the stylesheet is an HTML static file and the LaTeX package
    an additional LaTeX file, so Sphinx copies them with the rest, before pages link
    them (a clean build and an incremental one then write the same ``?v=`` checksum)."""
    if app.builder.format == "html":
        app.config.html_static_path = [*app.config.html_static_path, str(STATIC / "html")]
    elif app.builder.format == "latex":
        sty = str(STATIC / "latex" / "sphinxextapidocs.sty")
        app.config.latex_additional_files = [*app.config.latex_additional_files, sty]


def _strict_mermaid(app: Sphinx, conf: Config) -> None:
    """Diagrams hold spec text: Mermaid's strict security level (HTML in labels is
    escaped, no click callbacks), unless the project chose a level itself."""
    init = dict(conf.mermaid_init_config or {})
    init.setdefault("securityLevel", "strict")
    conf.mermaid_init_config = init


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.mermaid")
    app.add_message_catalog(locale.CATALOG, str(locale.LOCALE_DIR))
    config.register(app)
    reporting.setup(app)
    domain.setup(app)
    app.add_directive("api-spec", ApiSpecDirective)
    app.add_directive("api-endpoint", ApiEndpointDirective)
    app.add_directive("api-schema", ApiSchemaDirective)
    app.add_directive("api-diagram", ApiDiagramDirective)
    app.add_directive("api-markdown", ApiMarkdownDirective)
    app.add_node(pending_api_content, **VISITORS)  # type: ignore[arg-type]  # (visit, depart) pairs
    app.add_post_transform(ExpandApiContent)
    app.add_post_transform(FoldLongTables)
    app.add_post_transform(CodeSampleTabs)
    app.add_post_transform(ShowControls)
    app.add_post_transform(LenientHighlighting)
    app.add_post_transform(BreakLongTokens)
    app.add_post_transform(PdflatexUnicode)
    app.add_post_transform(MermaidFallback)
    app.connect("config-inited", _strict_mermaid)
    app.add_css_file("apidocs.css")
    app.add_latex_package("sphinxextapidocs")
    app.connect("builder-inited", store.start_build)
    app.connect("env-before-read-docs", store.preload)
    app.connect("write-started", store.preload)
    app.connect("builder-inited", _register_static)
    app.connect("build-finished", stats.write)
    app.connect("builder-inited", store.thaw, priority=100)
    apicheck.setup(app)
    app.connect("env-get-outdated", store.new_build, priority=100)
    app.connect("env-get-outdated", store.changed_dependencies)
    app.connect("env-purge-doc", store.purge_dependencies)
    app.connect("env-merge-info", store.merge_dependencies)
    app.connect("env-get-outdated", markdown_nodes.outdated)
    app.connect("env-purge-doc", markdown_nodes.purge)
    app.connect("env-merge-info", markdown_nodes.merge_info)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
