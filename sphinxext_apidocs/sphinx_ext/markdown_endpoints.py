"""Markdown endpoint sources in a build: which files, their index, and their prose as nodes.

The files are the docs team's own, so their prose gets full MyST (admonitions,
roles, cross-references, ``mermaid`` fences), parsed while the page is read so
that references and read-time transforms see it.  Headings inside prose become
rubrics: an operation's body holds no sections.  Line numbers are kept, so
MyST's own warnings name the Markdown file and line.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from docutils import nodes
from markdown_it import MarkdownIt
from sphinx import addnodes
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import LoggingReporter
from sphinxcontrib.mermaid import mermaid

from ..diagnostics.problems import Problem
from ..diagnostics.rules import MARKDOWN_SYNTAX
from ..diagnostics.subtypes import Subtype
from ..markdown.merge import MarkdownIndex, filled, filled_prose, operation_from, unmatched
from ..markdown.overlay import overlay
from ..markdown.parse import EndpointDoc, MarkdownSource, Prose
from ..render.description import markdown_inline, markdown_to_nodes
from ..render.i18n import _
from ..render.links import safe_url
from ..samples.request import server_url
from ..spec.files import inside, subtype_of
from ..spec.model import ApiSpec, Location, Operation
from . import dependencies, discovery, myst, state, warning
from .spec_cache import LoadedSpec


def configured_files(env: BuildEnvironment) -> list[str]:
    """The ``apidocs_markdown`` sources, the originals (:func:`load` lays each one's
    translation over it)."""
    build = state.state(env)
    return discovery.markdown_files(env.config.apidocs_markdown, build.root, None)


def translation(env: BuildEnvironment, path: str) -> str | None:
    """The translation of the source ``path`` for the project's ``language``, inside the
    project (``users.de.md`` beside it, ``de/users.md`` in its folder or beside it)."""
    root = os.path.realpath(state.state(env).root)
    try:
        found = discovery.translated(Path(path), env.config.language)
    except OSError:  # a folder that cannot be read: reported with the configuration
        return None
    real = os.path.realpath(found) if found is not None else None
    return real if real is not None and inside(real, root) else None


def load(env: BuildEnvironment, path: str) -> MarkdownSource:
    """A Markdown file, parsed (cached while unchanged), a dependency of this page; with
    its translation for the project's language laid over it, section by section."""
    build = state.state(env)
    source = _translated(env, path)
    for read in (path, translation(env, path)):
        if read is not None:
            dependencies.depend_on(env, read, build.markdown.sha256(read))
    return source


def _translated(env: BuildEnvironment, path: str) -> MarkdownSource:
    """The source ``path`` with its translation laid over it (see :mod:`..markdown.overlay`)."""
    build = state.state(env)
    max_bytes = env.config.apidocs_max_file_size
    source = build.markdown.get(path, build.root, max_bytes)
    translated = translation(env, path)
    if translated is None:
        return source
    return overlay(source, build.markdown.get(translated, build.root, max_bytes))


def section(env: BuildEnvironment, path: str, key: str) -> EndpointDoc | None:
    """The endpoint section ``key`` (:func:`.spec.paths.template_key`) of the source
    ``path``, translated as :func:`load` reads it (when the page is written)."""
    if translation(env, path) is None:
        build = state.state(env)
        index = build.markdown.index(path, build.root, env.config.apidocs_max_file_size)
    else:
        index = MarkdownIndex.of([_translated(env, path)])
    return index.by_template.get(key)


def _seen(env: BuildEnvironment, paths: list[str]) -> tuple[str, ...]:
    """What the pages that use ``apidocs_markdown`` read: its sources, their
    translations, ``general_docs.md`` (a change of these files re-reads them)."""
    general = general_docs(env)
    read = [*paths, general] if general is not None else paths
    translations = [t for t in (translation(env, p) for p in read) if t is not None]
    return (*paths, general or "", *translations)


#: env attribute: the pages that use ``apidocs_markdown``, and the files it found then
USERS = "apidocs_markdown_users"


def configured_index(
    env: BuildEnvironment, spec_name: str | None, lineno: int | None
) -> MarkdownIndex | None:
    """The ``apidocs_markdown`` sources for a spec: those whose front matter names it or
    names no spec.  None when none is configured.  The files' own problems are reported
    (once per build, whichever page finds them first)."""
    paths = configured_files(env)
    state.env_dict(env, USERS)[env.docname] = _seen(env, paths)
    if not paths:
        return None
    sources = [load(env, p) for p in paths]
    specs = env.config.apidocs_specs
    for source in sources:
        warning.record_problems(env, source.problems, lineno)
        if source.overview is not None and not source.tags:
            warning.record_problems(
                env,
                [
                    Problem(
                        Subtype.MARKDOWN.value,
                        "## Overview describes no tag: name them with tags: in the front matter, "
                        "or with Section: lines in the endpoints "
                        "(api-markdown shows it either way)",
                        source.file,
                        source.overview.line,
                        rule=MARKDOWN_SYNTAX,
                    )
                ],
                lineno,
            )
        if source.spec is not None and source.spec not in specs:
            known = ", ".join(sorted(specs)) or "none configured"
            warning.record_problems(
                env,
                [
                    Problem(
                        Subtype.MARKDOWN.value,
                        f"the front matter names spec {source.spec!r}, which apidocs_specs "
                        f"does not have (known: {known}); the file is not merged",
                        source.file,
                        1,
                        rule=MARKDOWN_SYNTAX,
                    )
                ],
                lineno,
            )
    index = MarkdownIndex.of(s for s in sources if s.spec in (None, spec_name))
    warning.record_problems(env, [p for p in index.problems if "twice" in p.message], lineno)
    return index


def report_unmatched(
    env: BuildEnvironment, index: MarkdownIndex | None, loaded: LoadedSpec, lineno: int | None
) -> None:
    """Report the sections of ``index`` (of files that name this spec, or of any file when
    there is one spec) whose endpoint the spec does not have, whatever part of the spec
    the page shows: reported once, by the first page that reads them."""
    if index is None or loaded.spec is None:
        return
    named = MarkdownIndex.of(
        source
        for source in index.sources
        if source.spec == loaded.name or len(env.config.apidocs_specs) <= 1
    )
    warning.record_problems(env, unmatched(named, loaded.known_operations(), loaded.name), lineno)


def outdated(app: Any, env: BuildEnvironment, added: Any, changed: Any, removed: Any) -> list[str]:
    """``env-get-outdated``: pages that use ``apidocs_markdown``, when the files it finds
    are not those it found when they were read (a file added, a translation, a
    ``general_docs.md``)."""
    users: dict[str, tuple[str, ...]] = state.env_dict(env, USERS)
    if not users:
        return []
    now = _seen(env, configured_files(env))
    return sorted(d for d, seen in users.items() if seen != now and d in env.all_docs)


def purge(app: Any, env: BuildEnvironment, docname: str) -> None:
    state.env_dict(env, USERS).pop(docname, None)


def merge_info(app: Any, env: BuildEnvironment, docnames: Any, other: BuildEnvironment) -> None:
    state.merge_env_dict(env, other, docnames, USERS)


def general_docs(env: BuildEnvironment) -> str | None:
    """``general_docs.md`` in a folder of ``apidocs_markdown`` (:func:`load` lays its
    translation over it)."""
    root = os.path.realpath(state.state(env).root)
    for pattern in env.config.apidocs_markdown:
        folder = os.path.join(root, pattern)
        candidate = os.path.join(folder, discovery.GENERAL_DOCS)
        if not (os.path.isdir(folder) and os.path.isfile(candidate)):
            continue
        chosen = os.path.realpath(candidate)
        if inside(chosen, root):  # never a file outside the project
            return chosen
    return None


def general_prose(
    env: BuildEnvironment, document: nodes.document, loaded: LoadedSpec
) -> list[nodes.Node]:
    """``general_docs.md`` (the file after its front matter) rendered, else nothing; it
    describes the API of ``apidocs_specs``, so a spec a directive names by its path (a
    name not configured) gets nothing."""
    general = general_docs(env)
    if general is None or loaded.name not in env.config.apidocs_specs:
        return []
    return whole_prose(document, load(env, general), general, loaded.spec)


def whole_prose(
    document: nodes.document, source: MarkdownSource, path: str, spec: ApiSpec | None
) -> list[nodes.Node]:
    """A whole Markdown file (after its front matter), its ``{base_url}`` filled."""
    if source.whole is None:
        return []
    base = base_url(document.settings.env, spec, None)
    return prose_nodes(document, filled_prose(source.whole, base), path)


def base_url(env: BuildEnvironment, spec: ApiSpec | None, op: Operation | None) -> str:
    """``apidocs_base_url``, else the operation's or the spec's first server."""
    configured: str | None = env.config.apidocs_base_url
    if configured:
        return configured
    any_operation = Operation("get", "/", Location(""))  # (it has no servers of its own)
    return server_url(spec or ApiSpec("", "3.1.0", "", ""), op or any_operation)


def with_base_url(
    env: BuildEnvironment, doc: EndpointDoc, spec: ApiSpec | None, op: Operation | None
) -> EndpointDoc:
    """``doc`` with FastMarkDocs' placeholders (``{base_url}``...) filled from
    :func:`base_url`."""
    return filled(doc, base_url(env, spec, op or operation_from(doc)))


def prose_nodes(document: nodes.document, prose: Prose, path: str) -> list[nodes.Node]:
    """``prose`` rendered with MyST, as block nodes (headings as rubrics); as plain
    CommonMark when the project does not load ``myst_parser``."""
    env = document.settings.env
    if not hasattr(env, "myst_config"):  # myst_parser is not in extensions
        out = markdown_to_nodes(prose.text)
        fences = _HEADINGS.parse(prose.text)
        codes = {
            t.content.rstrip("\n")
            for t in fences
            if t.type == "fence" and t.info.strip() == "mermaid"
        }
        _mermaid_fences(out, codes)
        return out
    # its own reporter: MyST's and docutils' messages go through Sphinx's logging, with
    # the Markdown file as their place (so -W sees them)
    reporter = LoggingReporter(path, document.reporter.report_level, document.reporter.halt_level)
    text = "\n" * (prose.line - 1) + _dense_headings(prose.text)
    where = f"{os.path.relpath(path, state.state(env).root)}:{prose.line}"
    with _files_read(env, document) as read:
        inner = myst.render(document, text, path, reporter)
    outside = [f for f in read if not inside(f, state.state(env).root)]
    if outside:  # a read the check before each directive did not foresee: show none of it
        warning.record(
            env,
            Subtype.OUTSIDE_PROJECT,
            f"{where}: this part reads {outside[0]!r}, outside the project; not shown",
            None,
        )
        return [_not_shown()]
    _flatten_sections(inner, inner)
    _stable_zoom_ids(inner)
    _confined_files(env, inner, path, where)
    _sanitize(env, inner, where)
    out = list(inner.children)
    for node in out:
        node.parent = None
    _mermaid_fences(out)
    return out


def _sanitize(env: BuildEnvironment, root: nodes.Element, where: str) -> None:
    """Raw HTML through the spec descriptions' allow-list sanitizer, and links with a
    scheme that is not for the web (``javascript:``, ``data:``...) as text: MyST passes
    both through, and a Markdown source may come from anyone who can open a pull
    request."""
    removed: list[str] = []

    def report(subtype: str, message: str) -> None:
        removed.append(message)

    for raw in list(root.findall(nodes.raw)):
        if "html" not in raw.get("format", "").split():
            continue
        inline = isinstance(raw.parent, nodes.TextElement)
        text = raw.astext()
        clean = (
            markdown_inline(text, report=report)
            if inline
            else markdown_to_nodes(text, report=report)
        )
        raw.replace_self(clean or [])
    for ref in list(root.findall(nodes.reference)):
        uri = ref.get("refuri")
        if uri and safe_url(uri) is None:
            removed.append(f"link to {uri[:40]!r}")
            ref.replace_self(ref.children)
    for image in list(root.findall(nodes.image)):
        if safe_url(image.get("uri", "")) is None:
            removed.append(f"image {image.get('uri', '')[:40]!r}")
            image.parent.remove(image)
    if removed:
        warning.record(
            env,
            Subtype.HTML,
            f"{where}: removed unsafe content from a Markdown source: " + "; ".join(removed),
            None,
        )


_HEADINGS = MarkdownIt("commonmark")


def _dense_headings(text: str) -> str:
    """``text`` with its ATX headings renumbered from level 1 without gaps (``##`` then
    ``####`` become ``#`` then ``##``): a chunk of a file read as a document of its own,
    without MyST's warnings about where headings start.  Line numbers are kept."""
    tokens = _HEADINGS.parse(text)
    found = [(t.map[0], int(t.tag[1])) for t in tokens if t.type == "heading_open" and t.map]
    levels = {level: n for n, level in enumerate(sorted({lv for _, lv in found}), 1)}
    lines = text.split("\n")
    for line, level in found:
        stripped = lines[line].lstrip()
        if stripped.startswith("#"):
            lines[line] = "#" * levels[level] + stripped[level:]
    return "\n".join(lines)


@contextmanager
def _files_read(env: BuildEnvironment, document: nodes.document) -> Iterator[list[str]]:
    """The files a parse inserted (docutils' ``record_dependencies``: include, raw and
    csv-table ``:file:``) or noted (Sphinx's dependencies: literalinclude, mermaid), as
    absolute paths; they are forgotten again, as dependencies, if outside the project."""
    root = state.state(env).root
    record = document.settings.record_dependencies
    recorded = list(record.list) if record is not None else []
    noted = set(env.dependencies.get(env.docname, ()))
    found: list[str] = []
    try:
        yield found
    finally:
        if record is not None:
            found += [os.path.abspath(p) for p in record.list[len(recorded) :]]
            record.list[len(recorded) :] = [
                p for p in record.list[len(recorded) :] if inside(os.path.abspath(p), root)
            ]
        for dep in set(env.dependencies.get(env.docname, ())) - noted:
            full = os.path.join(env.srcdir, dep)
            found.append(full)
            if not inside(full, root):
                env.dependencies[env.docname].discard(dep)


def _not_shown() -> nodes.paragraph:
    para = nodes.paragraph(classes=["apidocs-placeholder"])
    para += nodes.emphasis("", _("(not shown: it reads a file outside the project)"))
    return para


def _confined_files(env: BuildEnvironment, root: nodes.Element, path: str, where: str) -> None:
    """Images and downloads of a Markdown source that name anything but a regular file
    inside the project (:func:`.myst.refusal`) are dropped, with a warning:
    Sphinx would copy that file into the output."""
    refused: list[tuple[str, OSError]] = []

    def refuse(target: str) -> bool:
        error = myst.refusal(env, target, path)
        if error is not None:
            refused.append((target, error))
        return error is not None

    for image in list(root.findall(nodes.image)):
        uri = image.get("uri", "")
        local = uri and "://" not in uri and not uri.startswith("data:")
        if local and refuse(uri):
            image.parent.remove(image)
    for download in list(root.findall(addnodes.download_reference)):
        target = download.get("reftarget", "")
        if target and "://" not in target and refuse(target):
            download.replace_self(nodes.Text(download.astext()))
    for target, error in refused:
        warning.record(
            env,
            subtype_of(error),
            f"{where}: {target!r} is not read ({error.strerror or error}); not shown",
            None,
        )


def _mermaid_fences(roots: list[nodes.Node], codes: set[str] | None = None) -> None:
    """``mermaid`` fences become diagrams, drawn by sphinxcontrib-mermaid (``codes``: the
    fences' text, where the blocks no longer say their language)."""

    def diagram(block: nodes.Node) -> mermaid | None:
        if not isinstance(block, nodes.literal_block):
            return None
        if block.get("language") != "mermaid" and block.astext() not in (codes or ()):
            return None
        node = mermaid()
        node["code"] = block.astext()
        node["options"] = {}
        return node

    for i, root in enumerate(roots):
        found = diagram(root)
        if found is not None:
            roots[i] = found
        elif isinstance(root, nodes.Element):
            for block in list(root.findall(nodes.literal_block, include_self=False)):
                found = diagram(block)
                if found is not None:
                    block.replace_self(found)


def _flatten_sections(node: nodes.Element, document: nodes.document) -> None:
    """Sections as rubrics, which keep their ids and names (``(label)=`` targets)."""
    for child in list(node.children):
        if isinstance(child, nodes.Element):
            _flatten_sections(child, document)
        if isinstance(child, nodes.section):
            title = child.next_node(nodes.title)
            replacement: list[nodes.Node] = []
            if title is not None:
                rubric = nodes.rubric(title.astext(), "", *title.children)
                rubric["ids"], rubric["names"] = child["ids"], child["names"]
                for id_ in child["ids"]:
                    document.ids[id_] = rubric
                replacement.append(rubric)
            replacement.extend(c for c in child.children if c is not title)
            child.replace_self(replacement)


def _stable_zoom_ids(document: nodes.document) -> None:
    """The ids of zoomable diagrams numbered in the page, in place of sphinxcontrib-
    mermaid's random ones: two builds of a page are the same."""
    for node in document.findall(mermaid):
        if "zoom_id" in node:
            document.id_counter["apidocs-zoom"] += 1
            node["zoom_id"] = f"id-apidocs-zoom-{document.id_counter['apidocs-zoom']}"


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
    """The endpoint section for ``op`` and the absolute path of the source it is in (the
    original, when a translation is laid over it)."""
    doc = index_.find(op)
    if doc is None:
        return None
    source = next(s for s in index_.sources if any(d is doc for d in s.endpoints))
    root = state.state(env).root
    return doc, os.path.realpath(os.path.join(root, source.file))


__all__ = [
    "base_url",
    "configured_files",
    "configured_index",
    "endpoint_prose",
    "general_docs",
    "load",
    "prose_nodes",
    "report_unmatched",
    "whole_prose",
    "with_base_url",
]
