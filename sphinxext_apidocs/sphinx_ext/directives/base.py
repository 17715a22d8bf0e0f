"""What every apidocs directive shares: finding and loading the spec (every file it was
built from a dependency of the document), warnings, code sample languages, indexing an
object with the ``api`` domain, and an operation's deferred body."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from myst_parser.mocking import MockState
from sphinx import addnodes
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ...changes.diff import Milestones
from ...diagnostics import suggest
from ...diagnostics.subtypes import Subtype
from ...markdown.merge import MarkdownIndex, merge
from ...markdown.parse import EndpointDoc
from ...render.code_samples import template_errors
from ...render.context import anchor, unique_id
from ...render.i18n import _
from ...render.operation import operation_anchors, operation_node
from ...render.overview import SECTION
from ...render.schema import schema_anchor
from ...spec.model import Operation
from ...spec.parts import SpecParts
from ...spec.paths import template_key
from .. import history, markdown_endpoints, state, warning
from ..config import known_languages
from ..deferred import pending
from ..dependencies import depend_on, depend_on_parts
from ..discovery import template_dir
from ..domain import ApiDomain, ApiObject, ObjectKind, index_node
from ..nodes import MARK, ContentKind, pending_api_content
from ..spec_cache import LoadedSpec
from ..translations import prose_translator


def list_option(argument: str | None) -> str:
    return (argument or "").strip()


def split_commas(value: str) -> list[str]:
    return [v.strip() for v in value.replace("\n", ",").split(",") if v.strip()]


SPEC_OPTION: dict[str, Callable[[str], Any]] = {"spec": directives.unchanged_required}
"""``:spec:``: the spec, by name in ``apidocs_specs`` or by path."""

INDEX_OPTIONS: dict[str, Callable[[str], Any]] = {
    "no-index": directives.flag,
    "noindex": directives.flag,
}
"""``:no-index:`` (or ``:noindex:``): the object is not indexed."""


class ApiDirective(SphinxDirective):
    """What every apidocs directive shares: finding the spec and warning.

    Subclasses implement :meth:`render`; every node it returns is marked
    with the ``apidocs`` class and the directive's source position.
    """

    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **SPEC_OPTION,
        "languages": list_option,
        "no-samples": directives.flag,
        **INDEX_OPTIONS,
    }

    shows_history: ClassVar[bool] = False
    """Whether :meth:`render` shows the history of a spec (``apidocs_spec_history``); a
    directive also does when ``apidocs_change_badges`` is on.  :meth:`load` then makes the
    history's files dependencies of the document, and warns of their problems."""

    shows_parts: ClassVar[bool] = False
    """Whether :meth:`render` says which parts of a spec it shows (:meth:`shows`): the page
    is then read again when those parts change, not whenever a file of the spec does."""

    def run(self) -> list[nodes.Node]:
        self.spec_milestones: dict[str, dict[str, Milestones]] = {}
        """The :func:`.history.operation_milestones` of each spec shown, by its path."""
        out = self.render()
        taken = self.taken_ids()
        for node in out:
            if isinstance(node, nodes.Element):
                taken.update(i for e in node.findall(nodes.Element) for i in e["ids"])
        for node in out:
            if isinstance(node, nodes.Element):
                node["classes"].append(MARK)
                self.set_source_info(node)
                self.note_sections(node, taken)
                self.register_ids(node)
        return out

    def note_sections(self, node: nodes.Element, taken: set[str]) -> None:
        """Give each heading of a spec's description in ``node`` an id, and register it
        with the ``api`` domain as a section (what ``#section/<Heading>`` links name)."""
        domain = self.env.get_domain("api")
        assert isinstance(domain, ApiDomain)
        for heading in node.findall(nodes.rubric):
            spec = heading.get(SECTION)
            text = heading.astext().strip()
            if not spec or not text or heading["ids"]:
                continue
            heading["ids"].append(unique_id(anchor("section", spec, text), taken))
            if "no-index" not in self.options and "noindex" not in self.options:
                domain.note_object(
                    ApiObject(
                        ObjectKind.SECTION,
                        spec,
                        text,
                        self.env.docname,
                        heading["ids"][0],
                        self.lineno,
                    )
                )

    def render(self) -> list[nodes.Node]:
        raise NotImplementedError

    def warn(self, subtype: Subtype, message: str) -> None:
        warning.record(self.env, subtype, message, self.lineno)

    def placeholder(self, text: str) -> nodes.Node:
        para = nodes.paragraph(classes=["apidocs-placeholder"])
        para += nodes.emphasis("", text)
        return para

    def load(self, target: str | None) -> LoadedSpec | None:
        found = _find_spec_path(self.env, target)
        if isinstance(found, str):
            self.warn(Subtype.UNKNOWN_SPEC, found)
            return None
        name, path = found
        config = self.config
        build = state.state(self.env)
        loaded = build.cache.get(name, path, build.root, config.apidocs_max_file_size)
        if loaded.spec is None or not self.shows_parts:
            for file, sha256 in loaded.hashes.items():
                depend_on(self.env, file, sha256)
        warning.record_problems(self.env, loaded.problems, self.lineno)
        warning.record_spec_use(self.env, name, path, self.lineno)
        if loaded.spec is None:
            return None
        if self.shows_history or history.badges_wanted(self.env, name):
            history.use_history(self.env, name, self.lineno)
        return loaded

    def shows(self, loaded: LoadedSpec, parts: SpecParts) -> None:
        """The page shows ``parts`` of ``loaded`` (see :attr:`shows_parts`)."""
        depend_on_parts(self.env, loaded, parts)

    def regexes(self, option: str) -> list[re.Pattern[str]]:
        """The regular expressions of ``option`` (separated by spaces); a bad one warns."""
        out = []
        for text in self.options.get(option, "").split():
            try:
                out.append(re.compile(text))
            except re.error as exc:
                self.warn(
                    Subtype.OPTION,
                    f":{option}: {text!r} is not a valid regular expression ({exc}); ignored",
                )
        return out

    def sample_languages(self) -> list[str] | None:
        """The code samples this directive asks for (None: ``apidocs_sample_languages``).

        Also registers every file under the template folder as a dependency (also one
        in a subfolder, which a template may ``{% include %}``), so that an edited
        template rebuilds the pages that use it.
        """
        build = state.state(self.env)
        folder = template_dir(self.config.apidocs_sample_templates, build.root)
        if folder is not None:
            for parent, _folders, names in sorted(os.walk(folder)):
                for template in sorted(os.path.join(parent, name) for name in names):
                    depend_on(self.env, template, build.sha256(template))
        if "no-samples" in self.options:
            return []
        if "languages" not in self.options:
            return None
        renderer = state.code_samples(self.env)
        wanted = split_commas(self.options["languages"])
        unknown = [lang for lang in wanted if renderer.language(lang) is None]
        if unknown:
            known = known_languages(self.config, build.root)
            self.warn(
                Subtype.OPTION,
                f":languages: has no built-in language or template for {', '.join(unknown)}"
                f"{suggest.hint(unknown[0], known, cutoff=0.4)}; left out. Known: "
                + ", ".join(known),
            )
        return [lang for lang in wanted if lang not in unknown]

    def indexed(
        self, loaded: LoadedSpec, kind: ObjectKind, name: str, desc: nodes.Element, **extra: Any
    ) -> list[nodes.Node]:
        """``desc``, registered with the ``api`` domain under its first anchor and preceded by
        its general index entry -- unless the directive has ``:no-index:`` or the object has
        no anchor."""
        if isinstance(desc, addnodes.desc):
            sig = next(iter(desc.findall(addnodes.desc_signature)), None)
            anchors = sig["ids"] if sig is not None else []
        else:  # a tag's section
            anchors = desc["ids"]
        if "no-index" in self.options or "noindex" in self.options or not anchors:
            return [desc]
        obj = ApiObject(kind, loaded.name, name, self.env.docname, anchors[0], self.lineno, **extra)
        domain = self.env.get_domain("api")
        assert isinstance(domain, ApiDomain)
        domain.note_object(obj)
        return [index_node(obj), desc]

    def schemas(self, loaded: LoadedSpec, names: list[str], *, shared: bool) -> list[nodes.Node]:
        """Each named component schema in full (its body rendered at write time), indexed.
        ``shared``: an ``api-spec``'s *Schemas* section, which gives way to a page of the
        schema's own (see ``ExpandApiContent.render``)."""
        out: list[nodes.Node] = []
        for name in names:
            desc = schema_desc(loaded, name, self.state.document)
            if shared:
                for body in desc.findall(pending_api_content):
                    body["shared"] = True
            out.extend(self.indexed(loaded, ObjectKind.SCHEMA, name, desc, shared=shared))
        return out

    def operation(
        self,
        loaded: LoadedSpec,
        op: Operation,
        languages: list[str] | None,
        taken: set[str],
        markdown: tuple[EndpointDoc, str] | None = None,
    ) -> list[nodes.Node]:
        """An operation's ``desc`` (its body rendered at write time), indexed.

        With ``markdown`` (its endpoint section and file), the section's prose is
        rendered now, with MyST, and carried inside the placeholder; the rest of the
        section is merged into the operation when the body is rendered."""
        body = pending(loaded, ContentKind.OPERATION, str(op.location), languages)
        if markdown is not None:
            doc = markdown_endpoints.with_base_url(self.env, markdown[0], loaded.spec, op)
            op = self.merged(op, doc)
            self.attach_markdown(body, doc, markdown[1])
        return self.indexed_operation(loaded, op, body, taken)

    def attach_markdown(self, body: pending_api_content, doc: EndpointDoc, path: str) -> None:
        """The section's prose, rendered now, and where to find the rest at write time."""
        body["markdown_file"] = path
        body["markdown_key"] = template_key(doc.method, doc.path)
        description, extra = markdown_endpoints.endpoint_prose(self.state.document, doc, path)
        body += nodes.container("", *description, classes=["apidocs-md-description"])
        body += nodes.container("", *extra, classes=["apidocs-md-extra"])

    def indexed_operation(
        self, loaded: LoadedSpec, op: Operation, body: nodes.Node, taken: set[str]
    ) -> list[nodes.Node]:
        desc: nodes.Element
        if state.checking(self.env):  # the anchors, for the domain and the link checks
            desc = nodes.container("", ids=operation_anchors(op, taken, loaded.name))
        else:
            if loaded.path not in self.spec_milestones:
                self.spec_milestones[loaded.path] = history.operation_milestones(self.env, loaded)
            desc = operation_node(
                op,
                [body],
                taken_ids=taken,
                spec_name=loaded.name,
                milestones=self.spec_milestones[loaded.path].get(template_key(op.method, op.path)),
            )
        return self.indexed(
            loaded,
            ObjectKind.OPERATION,
            op.operation_id or op.title,
            desc,
            title=op.title,
            summary=self.summary(loaded, op),
            deprecated=op.deprecated,
        )

    def summary(self, loaded: LoadedSpec, op: Operation) -> str:
        """``op``'s summary in the page's language, for the domain (the operations index)."""
        if not op.summary or not loaded.path:
            return op.summary or ""
        return prose_translator(self.env, self.state.document, loaded)(op.summary)

    def find_operation(self, loaded: LoadedSpec, target: str) -> Operation | None:
        """The operation ``target`` names (operationId or ``METHOD /path``), else a warning
        with the closest name."""
        assert loaded.spec is not None
        op = loaded.spec.find_operation(target)
        if op is None and replace(loaded.spec, operations=loaded.internal).find_operation(target):
            self.warn(
                Subtype.UNKNOWN_OPERATION,
                f"the operation {target!r} of spec {loaded.name!r} is x-internal: not shown "
                "(apidocs_show_internal shows it)",
            )
        elif op is None:
            everything = loaded.spec.operations + loaded.spec.webhooks
            names = [o.operation_id for o in everything if o.operation_id]
            hint = suggest.hint(target, names + [o.title for o in everything], cutoff=0.4)
            self.warn(
                Subtype.UNKNOWN_OPERATION, f"no operation {target!r} in spec {loaded.name!r}{hint}"
            )
        return op

    def markdown_for(
        self, loaded: LoadedSpec, op: Operation, index: MarkdownIndex | None
    ) -> tuple[EndpointDoc, str] | None:
        return markdown_endpoints.find(self.env, index, op) if index is not None else None

    def merged(self, op: Operation, doc: EndpointDoc) -> Operation:
        """``op`` with its Markdown section merged; the disagreements are warnings."""
        result, problems = merge(op, doc)
        warning.record_problems(self.env, problems, self.lineno)
        return result

    def check_templates(
        self, loaded: LoadedSpec, operations: list[Operation], languages: list[str] | None
    ) -> None:
        """Render the project's own templates once per operation now, at read time: a
        template that fails is reported with this directive, on every build."""
        build = state.state(self.env)
        folder = template_dir(self.config.apidocs_sample_templates, build.root)
        if folder is None or loaded.spec is None:
            return
        wanted = self.config.apidocs_sample_languages if languages is None else languages
        # every file, also one that is refused when it is read (a symlink out, a FIFO)
        own = [lang for lang in wanted if os.path.lexists(os.path.join(folder, f"{lang}.j2"))]
        for subtype, message in template_errors(
            state.code_samples(self.env),
            loaded.spec,
            operations,
            own,
            self.config.apidocs_base_url,
            self.config.apidocs_example_max_chars,
        ):
            self.warn(subtype, message + "; that language's sample is left out")

    def taken_ids(self) -> set[str]:
        return set(self.state.document.ids)

    def register_ids(self, node: nodes.Element) -> None:
        for element in node.findall(nodes.Element):
            node_id: str
            for node_id in element.get("ids", []):
                self.state.document.ids.setdefault(node_id, element)

    def in_section_context(self) -> bool:
        """Whether the output goes straight into a section (so it may hold sections)."""
        if isinstance(self.state, MockState):
            parent = self.state.inliner.parent  # MyST: its mock state has no ``parent``
        else:
            parent = self.state.parent
        return isinstance(parent, (nodes.section, nodes.document))


def schema_desc(loaded: LoadedSpec, name: str, document: nodes.document) -> addnodes.desc:
    """A named schema's signature, with its anchor unless ``document`` has it already, and
    its body (rendered at write time)."""
    desc = addnodes.desc(
        domain="api", objtype="schema", desctype="schema", classes=["api", "apidocs-schema"]
    )
    sig = addnodes.desc_signature("", "")
    node_id = schema_anchor(loaded.name, name)
    if node_id not in document.ids:
        sig["ids"].append(node_id)
    sig += nodes.inline("", _("schema"), classes=["apidocs-kind"])
    sig += nodes.Text(" ")
    sig += addnodes.desc_name(name, name)
    sig["_toc_name"] = name
    sig["_toc_parts"] = (name,)
    desc += sig
    content = addnodes.desc_content()
    content += pending(loaded, ContentKind.SCHEMA, name)
    desc += content
    return desc


def _find_spec_path(env: BuildEnvironment, target: str | None) -> tuple[str, str] | str:
    """(name, absolute path) for a spec name or a document-relative path; else an error
    message (a path in the project with no file yet is a dependency of the document being
    read, so that it is read again once the file is there)."""
    specs: dict[str, str] = env.config.apidocs_specs
    root = state.state(env).root
    if not target:
        if len(specs) == 1:
            name, rel = next(iter(specs.items()))
            return name, os.path.normpath(os.path.join(root, rel))
        if not specs:
            return "no spec given and apidocs_specs is empty"
        return (
            "several specs are configured; name one with :spec: (" + ", ".join(sorted(specs)) + ")"
        )
    target = target.strip()
    if target in specs:
        return target, os.path.normpath(os.path.join(root, specs[target]))
    _rel, abs_path = env.relfn2path(target, env.docname)
    if os.path.isfile(abs_path):
        abs_path = os.path.normpath(abs_path)
        # a configured file keeps its configured name; another is named by its path in the
        # project (v1/api.yaml and v2/api.yaml are two specs, not one "api")
        for name, rel in specs.items():
            if os.path.normpath(os.path.join(root, rel)) == abs_path:
                return name, abs_path
        relative = os.path.relpath(abs_path, root).replace(os.sep, "/")
        return os.path.splitext(relative)[0], abs_path
    if Path(os.path.realpath(abs_path)).is_relative_to(os.path.realpath(root)):
        depend_on(env, os.path.normpath(abs_path), None)  # read again once it exists
    known = ", ".join(sorted(specs)) or "none configured"
    return f"unknown spec {target!r}: not a name in apidocs_specs ({known}) and not a file"
