"""Markdown endpoint sources in a build: which files, their index, and their prose as nodes.

The files are the docs team's own, so their prose gets full MyST (admonitions,
roles, cross-references, ``mermaid`` fences), parsed while the page is read so
that references and read-time transforms see it.  Headings inside prose become
rubrics: an operation's body holds no sections.  Line numbers are kept, so
MyST's own warnings name the Markdown file and line.
"""

from __future__ import annotations

import os

from docutils import nodes
from docutils.utils import new_document
from sphinx.environment import BuildEnvironment
from sphinxcontrib.mermaid import mermaid

from . import store
from .markdown.merge import MarkdownIndex
from .markdown.parse import EndpointDoc, MarkdownSource, Prose
from .spec.model import Operation


def configured_files(env: BuildEnvironment) -> list[str]:
    build = store.state(env)
    return store.markdown_files(env.config.apidocs_markdown, build.root, env.config.language)


def load(env: BuildEnvironment, path: str) -> MarkdownSource:
    """A Markdown file, parsed (cached while unchanged), a dependency of this page."""
    build = store.state(env)
    env.note_dependency(path)
    return build.markdown.get(path, build.root)


def configured_index(env: BuildEnvironment, spec_name: str | None) -> MarkdownIndex | None:
    """The ``apidocs_markdown`` sources for a spec: those whose front matter names it or
    names no spec.  None when none is configured."""
    paths = configured_files(env)
    if not paths:
        return None
    sources = [load(env, p) for p in paths]
    return MarkdownIndex.of(s for s in sources if s.spec in (None, spec_name))


def general_docs(env: BuildEnvironment) -> str | None:
    """``general_docs.md`` in a folder of ``apidocs_markdown`` (translated if it can be)."""
    build = store.state(env)
    for pattern in env.config.apidocs_markdown:
        folder = os.path.realpath(os.path.join(build.root, pattern))
        candidate = os.path.join(folder, store.GENERAL_DOCS)
        if os.path.isdir(folder) and os.path.isfile(candidate):
            chosen = store.translated(store.Path(candidate), env.config.language)
            return str(chosen or candidate)
    return None


def prose_nodes(document: nodes.document, prose: Prose, path: str) -> list[nodes.Node]:
    """``prose`` rendered with MyST, as block nodes (headings as rubrics)."""
    from myst_parser.parsers.sphinx_ import MystParser

    inner = new_document(path, document.settings)
    MystParser().parse("\n" * (prose.line - 1) + prose.text, inner)
    _flatten_sections(inner)
    for block in list(inner.findall(nodes.literal_block)):
        if block.get("language") == "mermaid":  # a diagram, drawn by sphinxcontrib-mermaid
            diagram = mermaid()
            diagram["code"] = block.astext()
            diagram["options"] = {}
            block.replace_self(diagram)
    out = list(inner.children)
    for node in out:
        node.parent = None
    return out


def _flatten_sections(node: nodes.Element) -> None:
    for child in list(node.children):
        if isinstance(child, nodes.Element):
            _flatten_sections(child)
        if isinstance(child, nodes.section):
            title = child.next_node(nodes.title)
            replacement: list[nodes.Node] = []
            if title is not None:
                replacement.append(nodes.rubric(title.astext(), "", *title.children))
            replacement.extend(c for c in child.children if c is not title)
            child.replace_self(replacement)


def endpoint_prose(
    document: nodes.document, doc: EndpointDoc, path: str
) -> tuple[list[nodes.Node], list[nodes.Node]]:
    """The description and the other sub-sections of an endpoint, as nodes."""
    description = prose_nodes(document, doc.description, path) if doc.description else []
    extra: list[nodes.Node] = []
    for section in doc.sections:
        if section.title:
            extra.append(nodes.rubric(section.title, section.title, classes=["apidocs-rubric"]))
        extra.extend(prose_nodes(document, section, path))
    return description, extra


def find(
    env: BuildEnvironment, index_: MarkdownIndex, op: Operation
) -> tuple[EndpointDoc, str] | None:
    """The endpoint section for ``op`` and its file's absolute path."""
    doc = index_.find(op)
    if doc is None:
        return None
    root = store.state(env).root
    return doc, os.path.realpath(os.path.join(root, doc.file))


__all__ = [
    "configured_files",
    "configured_index",
    "endpoint_prose",
    "general_docs",
    "load",
    "prose_nodes",
]
