"""The extension's ``setup()``: every directive, node, transform, builder and event
handler registered with Sphinx.  ``sphinxext_apidocs.setup`` imports this module
only when Sphinx loads the extension."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .. import __version__
from ..render import i18n
from ..render.text_nodes import code_name
from . import (
    builder,
    config,
    dependencies,
    domain,
    downloads,
    history,
    llms_files,
    markdown_endpoints,
    page_files,
    state,
    stats,
    translations,
    warning,
)
from .deferred import VISITORS, ExpandApiContent
from .directives.api_changelog import ApiChangelogDirective
from .directives.api_diagram import ApiDiagramDirective
from .directives.api_endpoint import ApiEndpointDirective
from .directives.api_markdown import ApiMarkdownDirective
from .directives.api_overview import ApiOverviewDirective
from .directives.api_schema import ApiSchemaDirective
from .directives.api_schemas import ApiSchemasDirective
from .directives.api_spec import ApiSpecDirective
from .nodes import api_code_block, pending_api_content, wrappable_text
from .transforms.all_formats import (
    DropSpecDownloads,
    LenientHighlighting,
    MermaidFallback,
    RemoteLogoAsLink,
    ShowControls,
)
from .transforms.html import (
    API_CODE_BLOCK_HTML,
    CODE_NAME_HTML,
    WRAPPABLE_TEXT_HTML,
    CodeSampleTabs,
    FoldLongTables,
    LogoBackground,
    NameScrollingCode,
    SchemaTableNames,
    SpecDownloadLinks,
)
from .transforms.latex import BreakLongTokens, LatexSampleLanguages, PdflatexUnicode

#: Bump when the shape of what the extension stores in the environment changes.
ENV_VERSION = 7  # 7: an api-spec's selection in the parts it shows (spec.selection.Selection)

STATIC = Path(__file__).parents[1] / "static"


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


def register(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.mermaid")
    app.add_message_catalog(i18n.CATALOG, str(i18n.LOCALE_DIR))
    config.register(app)
    warning.setup(app)
    domain.setup(app)
    app.add_directive("api-spec", ApiSpecDirective)
    app.add_directive("api-endpoint", ApiEndpointDirective)
    app.add_directive("api-schema", ApiSchemaDirective)
    app.add_directive("api-schemas", ApiSchemasDirective)
    app.add_directive("api-diagram", ApiDiagramDirective)
    app.add_directive("api-markdown", ApiMarkdownDirective)
    app.add_directive("api-overview", ApiOverviewDirective)
    app.add_directive("api-changelog", ApiChangelogDirective)
    app.add_node(pending_api_content, **VISITORS)  # type: ignore[arg-type]  # (visit, depart) pairs
    app.add_node(api_code_block, html=API_CODE_BLOCK_HTML)
    app.add_node(code_name, html=CODE_NAME_HTML)
    app.add_node(wrappable_text, html=WRAPPABLE_TEXT_HTML)  # type: ignore[arg-type]  # a Text
    app.add_post_transform(ExpandApiContent)
    app.add_post_transform(SchemaTableNames)
    app.add_post_transform(FoldLongTables)
    app.add_post_transform(CodeSampleTabs)
    app.add_post_transform(SpecDownloadLinks)
    app.add_post_transform(LogoBackground)
    app.add_post_transform(RemoteLogoAsLink)
    app.add_post_transform(DropSpecDownloads)
    app.add_post_transform(NameScrollingCode)
    app.add_post_transform(ShowControls)
    app.add_post_transform(LenientHighlighting)
    app.add_post_transform(LatexSampleLanguages)
    app.add_post_transform(BreakLongTokens)
    app.add_post_transform(PdflatexUnicode)
    app.add_post_transform(MermaidFallback)
    app.connect("config-inited", _strict_mermaid)
    app.add_css_file("apidocs.css")
    app.add_latex_package("sphinxextapidocs")
    app.connect("builder-inited", state.start_build)
    app.connect("builder-inited", history.read_git_entries)  # after start_build: its root
    app.connect("builder-inited", page_files.generate)  # after start_build: its spec cache
    app.connect("env-before-read-docs", state.preload)
    app.connect("write-started", state.preload)
    app.connect("builder-inited", _register_static)
    app.connect("build-finished", stats.write)
    app.connect("doctree-resolved", translations.collect_messages)
    app.connect("builder-inited", state.thaw, priority=100)
    builder.setup(app)
    downloads.setup(app)
    llms_files.setup(app)
    app.connect("env-get-outdated", state.new_build, priority=100)
    app.connect("env-get-outdated", dependencies.changed_dependencies)
    app.connect("env-purge-doc", dependencies.purge_dependencies)
    app.connect("env-merge-info", dependencies.merge_dependencies)
    app.connect("env-get-outdated", markdown_endpoints.outdated)
    app.connect("env-purge-doc", markdown_endpoints.purge)
    app.connect("env-merge-info", markdown_endpoints.merge_info)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
