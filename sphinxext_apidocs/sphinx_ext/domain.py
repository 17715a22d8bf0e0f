"""The ``api`` domain: operations, schemas and tags as Sphinx objects.

The directives register what they render (:meth:`ApiDomain.note_object`) while
reading, from the model, with the anchor they gave it; roles (``:api:op:``,
``:api:schema:``, ``:api:tag:``), ``:any:``, MyST links and the references the
renderer puts in schema tables and response links are resolved here.

Keys carry the spec name (``books:getBook``), so two services with the same
operationId live side by side; a target may be qualified the same way, and an
unqualified one that matches in several specs is a warning naming them.  An
operation is found by operationId or by ``METHOD /path``.  A reference that
finds nothing is always a warning (``apidocs.xref``), with the closest target.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Any, ClassVar, NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, Index, IndexEntry, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from ..diagnostics import suggest
from ..diagnostics.controls import inventory_name, show_controls
from ..diagnostics.subtypes import Subtype
from ..render.i18n import N_, _, lazy_
from . import state, warning
from .nodes import pending_api_content

logger = logging.getLogger("sphinxext_apidocs")


class ObjectKind(StrEnum):
    """What the ``api`` domain documents (its object types)."""

    OPERATION = "operation"
    SCHEMA = "schema"
    TAG = "tag"
    SECTION = "section"
    """A heading of the spec's description, which Redoc-style links name
    (``#section/Authentication``): no role, no index entry, not in search."""


#: object type -> the role that refers to it
KINDS = {ObjectKind.OPERATION: "op", ObjectKind.SCHEMA: "schema", ObjectKind.TAG: "tag"}
KIND_OF_ROLE = {role: kind for kind, role in KINDS.items()} | {"section": ObjectKind.SECTION}
_METHOD_PATH = re.compile(
    r"^\s*(get|put|post|delete|options|head|patch|trace)\s+(\S+)\s*$", re.IGNORECASE
)


class ApiObject(NamedTuple):
    kind: ObjectKind
    spec: str
    name: str
    """operationId (else ``METHOD /path``), schema name, tag name or heading text."""
    docname: str
    anchor: str
    lineno: int | None
    title: str = ""
    """``METHOD /path`` for an operation."""
    summary: str = ""
    deprecated: bool = False
    shared: bool = False
    """A schema of an ``api-spec``'s *Schemas* section, which other pages of the same spec
    may show too: never a duplicate, and a place other than such a section comes first."""

    @property
    def qualified_name(self) -> str:
        return f"{self.spec}:{self.name}"


def operation_key(target: str) -> str:
    """``GET /books/{id}`` for any spelling of a method and path, else the target."""
    m = _METHOD_PATH.match(target)
    return f"{m[1].upper()} {m[2]}" if m else target.strip()


class ApiXRefRole(XRefRole):
    """Dangling references always warn (not only in nitpicky mode)."""

    def __init__(self) -> None:
        super().__init__(warn_dangling=True)


class OperationsIndex(Index):
    """All operations, by spec (when there are several) and first path segment."""

    name = "operations"
    localname = lazy_("Operations Index")
    shortname = "operations"

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        domain = self.domain
        assert isinstance(domain, ApiDomain)
        return operation_groups(domain, docnames=docnames), False


def operation_groups(
    domain: ApiDomain, *, spec: str | None = None, docnames: Iterable[str] | None = None
) -> list[tuple[str, list[IndexEntry]]]:
    """Operations by first path segment (webhooks together), by spec too where there are
    several; ``spec`` keeps one spec's."""
    operations = [o for o in domain.objects.values() if o.kind == ObjectKind.OPERATION]
    several = spec is None and len({o.spec for o in operations}) > 1
    wanted = set(docnames) if docnames is not None else None
    groups: dict[str, list[IndexEntry]] = {}
    for obj in sorted(operations, key=lambda o: (o.spec, _path_of(o.title), o.title)):
        if (spec is not None and obj.spec != spec) or (
            wanted is not None and obj.docname not in wanted
        ):
            continue
        path = _path_of(obj.title)
        prefix = "/" + path.strip("/").split("/", 1)[0] if path.startswith("/") else _("Webhooks")
        group = f"{obj.spec} {prefix}" if several else prefix
        groups.setdefault(group, []).append(
            IndexEntry(
                obj.title,
                0,
                obj.docname,
                obj.anchor,
                obj.spec if several or spec is not None else "",
                _("deprecated") if obj.deprecated else "",
                obj.summary,
            )
        )
    return sorted(groups.items())


def _path_of(title: str) -> str:
    return title.partition(" ")[2]


class ApiDomain(Domain):
    name = "api"
    label = "API"
    object_types = {
        "operation": ObjType("operation", "op", "any"),
        "schema": ObjType("schema", "schema", "any"),
        "tag": ObjType("tag", "tag", "any"),
        "section": ObjType("section"),
    }
    roles = {"op": ApiXRefRole(), "schema": ApiXRefRole(), "tag": ApiXRefRole()}
    _specs: set[str] | None = None  # the spec names in :attr:`objects`, cached
    #: :meth:`names` of each (kind, spec), cached: every page of a page tree asks
    _names: dict[tuple[ObjectKind, str], frozenset[str]] | None = None
    indices = [OperationsIndex]
    initial_data = {
        "objects": {},
        "operation_ids": {},
        "keys_by_page": {},
        "index_pages": set(),
        "linking_pages": set(),
    }
    #: bump when the stored shape changes
    data_version = 4

    # -- storage --------------------------------------------------------------
    @property
    def objects(self) -> dict[str, ApiObject]:
        """The object each key means: of its places, the first in document order.  Keys are
        ``kind:spec:name`` (operations by ``METHOD /path``)."""
        return self.data.setdefault("objects", {})

    @property
    def places(self) -> dict[str, list[ApiObject]]:
        """Every place each key is documented (more than one: duplicates)."""
        return self.data.setdefault("places", {})

    @property
    def index_pages(self) -> set[str]:
        """Pages with an ``api-index`` directive."""
        return self.data.setdefault("index_pages", set())

    @property
    def linking_pages(self) -> set[str]:
        """Pages whose output depends on where objects are: references, rendered operations."""
        return self.data.setdefault("linking_pages", set())

    @property
    def keys_by_page(self) -> dict[str, set[str]]:
        """The keys of :attr:`places` each page documents: what :meth:`clear_doc` visits
        (all keys for each page made reading Microsoft Graph beta's 2,840 pages
        quadratic: a fifth of the build)."""
        return self.data.setdefault("keys_by_page", {})

    @property
    def operation_ids(self) -> dict[str, str]:
        """``operation:spec:operationId`` -> the operation's key in :attr:`objects`."""
        return self.data.setdefault("operation_ids", {})

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        for node in document.findall(addnodes.pending_xref):
            if node.get("refdomain") == "api" or node.get("reftype") in ("any", "myst"):
                self.linking_pages.add(docname)
                return
        if any(True for _ in document.findall(_renders_operations)):
            self.linking_pages.add(docname)

    def pages_to_rewrite(self, output: str) -> list[str]:
        """When the objects changed since the last build of ``output`` (a builder and its
        folder): the pages that link to them and the ``api-index`` pages."""
        snapshot = sorted(
            (k, o.docname, o.anchor, o.summary, o.deprecated) for k, o in self.objects.items()
        )
        digest = hashlib.sha256(repr(snapshot).encode()).hexdigest()
        digests = self.data.setdefault("digests", {})
        if digests.get(output) == digest:
            return []
        digests[output] = digest
        return sorted(self.index_pages | self.linking_pages)

    def note_object(self, obj: ApiObject) -> None:
        """Register a place of ``obj``.  Of several places, the first in document order is
        the one links go to (so serial and parallel builds agree), a shared one only when
        there is no other; the others are a warning naming it (:func:`report_duplicates`)
        -- except for tags, which a tag page and the whole reference both show, and shared
        places."""
        key = f"{obj.kind}:{obj.spec}:{obj.title if obj.kind == ObjectKind.OPERATION else obj.name}"
        places = self.places.setdefault(key, [])
        if obj in places:
            return
        places.append(obj)
        places.sort(key=_document_order)
        self.keys_by_page.setdefault(obj.docname, set()).add(key)
        self.objects[key] = places[0]
        if obj.kind == ObjectKind.OPERATION and obj.name != obj.title:
            self.operation_ids[f"operation:{obj.spec}:{obj.name}"] = key
        self._specs = self._names = None

    def clear_doc(self, docname: str) -> None:
        self.index_pages.discard(docname)
        self.linking_pages.discard(docname)
        for key in sorted(self.keys_by_page.pop(docname, ())):
            places = self.places.get(key, [])
            kept = [o for o in places if o.docname != docname]
            if kept:
                self.places[key] = kept
                self.objects[key] = kept[0]
                continue
            self.places.pop(key, None)
            self.objects.pop(key, None)
            for obj in places:  # the operationIds that named the key: names of nothing now
                alias = f"operation:{obj.spec}:{obj.name}"
                if obj.kind == ObjectKind.OPERATION and self.operation_ids.get(alias) == key:
                    del self.operation_ids[alias]
        self._specs = self._names = None

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        wanted = set(docnames)
        self.index_pages.update(set(otherdata.get("index_pages", ())) & wanted)
        self.linking_pages.update(set(otherdata.get("linking_pages", ())) & wanted)
        for places in otherdata.get("places", {}).values():
            for obj in places:
                if obj.docname in wanted:
                    self.note_object(obj)

    # -- finding --------------------------------------------------------------
    def find(self, kind: ObjectKind, target: str, spec_hint: str | None = None) -> list[ApiObject]:
        """Objects ``target`` may mean: qualified (``spec:name``, the longest spec name that
        fits), else in any spec; ``spec_hint`` (the renderer's own links) keeps one spec."""
        specs = self.spec_names()
        qualifier = max((n for n in specs if target.startswith(n + ":")), key=len, default=None)
        attempts = []
        if qualifier is not None:
            attempts.append(([qualifier], target[len(qualifier) + 1 :]))
        attempts.append(([spec_hint] if spec_hint else sorted(specs), target))
        for candidates, name in attempts:
            if kind == ObjectKind.OPERATION:
                name = operation_key(name)
            found = []
            for spec_name in candidates:
                key = f"{kind}:{spec_name}:{name}"
                if kind == ObjectKind.OPERATION and key not in self.objects:
                    key = self.operation_ids.get(key, key)
                if key in self.objects:
                    found.append(self.objects[key])
            if found:
                return found
        return []

    def find_linked(self, role: str, target: str, spec: str | None) -> list[ApiObject]:
        """What a Redoc-style link in the text of ``spec`` (None: of a Markdown page)
        names (``#tag/Pet-Store``): the object of that name, else the one whose name is
        the same once case and punctuation are ignored, as Redoc's anchors spell names."""
        kind = KIND_OF_ROLE[role]
        found = self.find(kind, target, spec)
        if found:
            return found
        wanted = _slug(target)
        return [
            o
            for o in self.objects.values()
            if o.kind == kind and o.spec == (spec or o.spec) and _slug(o.name) == wanted
        ][:1]

    def names(self, kind: ObjectKind, spec: str) -> frozenset[str]:
        """The names of the objects of ``kind`` documented for ``spec``."""
        if self._names is None:
            found: dict[tuple[ObjectKind, str], set[str]] = {}
            for o in self.objects.values():
                found.setdefault((o.kind, o.spec), set()).add(o.name)
            self._names = {key: frozenset(names) for key, names in found.items()}
        return self._names.get((kind, spec), frozenset())

    def spec_names(self) -> set[str]:
        specs: set[str] | None = getattr(self, "_specs", None)
        if specs is None:
            specs = {o.spec for o in self.objects.values()}
            self._specs = specs
        return specs

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        kind = KIND_OF_ROLE.get(typ)
        if kind is None:
            return None
        if node.get("apidocs_link"):
            found = self.find_linked(typ, target, node.get("apidocs_spec"))
        else:
            found = self.find(kind, target, node.get("apidocs_spec"))
        if not found:
            return None
        if len(found) > 1 and node.get("refwarn"):
            warning.warn_while_writing(
                env,
                Subtype.XREF,
                f"{kind} {target!r} is in several specs ({', '.join(o.spec for o in found)}); "
                f"linked to the first. Qualify it: {found[0].spec}:{target}",
                node,
            )
        obj = found[0]
        fragment = node.get("apidocs_fragment")  # a part of its rendering (render.schema_xref)
        target_id = f"{obj.anchor}-{fragment}" if fragment else obj.anchor
        return make_refnode(
            builder, fromdocname, obj.docname, target_id, contnode, obj.qualified_name
        )

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        out = []
        for kind, role in KINDS.items():
            # one result per spec: Sphinx reports an ambiguous :any: itself
            for obj in self.find(kind, target):
                ref = make_refnode(
                    builder, fromdocname, obj.docname, obj.anchor, contnode, obj.qualified_name
                )
                out.append((f"api:{role}", ref))
        return out

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Names and display names as ``objects.inv`` can hold them: spec text with a line
        break or a misleading number would add entries of its own (``inventory_name``)."""
        entries: list[tuple[ApiObject, str]] = []
        for obj in self.objects.values():
            names = [obj.name] + ([obj.title] if obj.title and obj.title != obj.name else [])
            entries.extend((obj, name) for name in names)
        counts: dict[tuple[str, str], int] = {}
        for obj, name in entries:
            counts[obj.kind, name] = counts.get((obj.kind, name), 0) + 1
        for obj, name in entries:
            shown = show_controls(obj.title or obj.name)
            # qualified: what another project links to; it never collides.  Search shows
            # the display name, so an operation's second name is kept out of it (-1)
            qualified = inventory_name(f"{obj.spec}:{name}")
            searched = name == obj.name and obj.kind != ObjectKind.SECTION
            yield qualified, shown, obj.kind, obj.docname, obj.anchor, 1 if searched else -1
            if counts[obj.kind, name] == 1:  # unqualified where one spec has it (-1: not searched)
                yield inventory_name(name), shown, obj.kind, obj.docname, obj.anchor, -1

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:
        return f"API {type.lname}"

    def suggestion(self, kind: str, target: str) -> str:
        """``; did you mean 'x'?`` naming the closest object of ``kind``, or nothing."""
        names = set()
        for obj in self.objects.values():
            if obj.kind == kind:
                names.update([obj.name, obj.qualified_name] + ([obj.title] if obj.title else []))
        wanted = operation_key(target) if kind == ObjectKind.OPERATION else target
        return suggest.hint(wanted, names, cutoff=0.5)


def warn_duplicates(domain: ApiDomain) -> None:
    """Every object documented in more than one place, once each."""
    for key in sorted(domain.places):
        places = domain.places[key]
        first = places[0]
        if first.kind in (ObjectKind.TAG, ObjectKind.SECTION):
            continue
        for other in places[1:]:
            if not other.shared and (other.docname, other.anchor) != (first.docname, first.anchor):
                _warn_duplicate(domain.env, other, first)


def report_duplicates(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: the duplicates, from the places of every page (read in this build
    or before, by one process or several), so every build reports them while they remain.
    ``apicheck`` reports them with its spec-wide rules."""
    domain = env.get_domain("api")
    assert isinstance(domain, ApiDomain)
    if not state.checking(env):
        warn_duplicates(domain)


def _warn_duplicate(env: BuildEnvironment, other: ApiObject, first: ApiObject) -> None:
    logger.warning(
        "%s %s of spec %s is also documented at %s; links go there (give this one :no-index:)",
        other.kind,
        other.title or other.name,
        other.spec,
        _where(env, first),
        type="apidocs",
        subtype=Subtype.DUPLICATE.value,
        location=(other.docname, other.lineno),
    )


def _slug(name: str) -> str:
    return re.sub(r"[\W_]+", "-", name.lower()).strip("-")


def _document_order(obj: ApiObject) -> tuple[bool, str, int]:
    return obj.shared, obj.docname, obj.lineno or 0


def _where(env: BuildEnvironment, obj: ApiObject) -> str:
    path = env.doc2path(obj.docname, False)
    return f"{path}:{obj.lineno}" if obj.lineno else str(path)


def warn_missing_reference(app: Sphinx, domain: Domain, node: pending_xref) -> bool | None:
    """A dangling ``:api:*:`` reference: our own warning, with the closest target."""
    if not isinstance(domain, ApiDomain):
        return None
    if not node.get("refwarn"):
        return True  # a schema name in a table (nitpicky mode): linked where it can be
    kind = KIND_OF_ROLE.get(node["reftype"], "object")
    target = node["reftarget"]
    hint = domain.suggestion(kind, target)
    link = node.get("apidocs_link")
    if link is None:
        message = f"no {kind} {target!r} in the documented specs{hint}"
    elif state.checking(app.env):
        return True  # apicheck reports it with its place in the spec (check.anchors)
    else:
        message = f"link {link}: no {kind} {target!r} is documented{hint}"
    warning.warn_while_writing(app.env, Subtype.XREF, message, node)
    return True


INDEX_ENTRIES = {
    ObjectKind.OPERATION: N_("{name} ({spec} API operation)"),
    ObjectKind.SCHEMA: N_("{name} ({spec} API schema)"),
    ObjectKind.TAG: N_("{name} ({spec} API tag)"),
}
"""The general index entry of each kind of object (sections have none)."""


def index_node(obj: ApiObject) -> addnodes.index:
    """The general index entry of an object."""
    entry = _(INDEX_ENTRIES[ObjectKind(obj.kind)])
    names = [obj.title or obj.name]
    if obj.kind == ObjectKind.OPERATION and obj.name != obj.title:
        names.append(obj.name)
    return addnodes.index(
        entries=[
            ("single", entry.format(name=name, spec=obj.spec), obj.anchor, "", None)
            for name in names
        ]
    )


# -- the operations index inside a page -----------------------------------------


class pending_api_index(nodes.General, nodes.Element):
    """Where ``api-index`` puts the operations table once every page has been read."""


class ApiIndexDirective(SphinxDirective):
    """``.. api-index::``: the operations index as a page's content (a page a toctree
    can hold), grouped by spec and first path segment; ``:spec:`` keeps one spec."""

    option_spec: ClassVar[dict[str, Any]] = {"spec": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        domain = self.env.get_domain("api")
        assert isinstance(domain, ApiDomain)
        domain.index_pages.add(self.env.docname)
        spec = self.options.get("spec", "").strip()
        if spec and spec not in self.config.apidocs_specs:
            known = ", ".join(sorted(self.config.apidocs_specs)) or "none configured"
            warning.record(
                self.env,
                Subtype.UNKNOWN_SPEC,
                f"api-index: no spec {spec!r} in apidocs_specs (known: {known})",
                self.lineno,
            )
        node = pending_api_index("", spec=spec)
        self.set_source_info(node)
        return [node]


class FillApiIndex(SphinxPostTransform):
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        domain = self.env.get_domain("api")
        assert isinstance(domain, ApiDomain)
        for node in list(self.document.findall(pending_api_index)):
            out: list[nodes.Node] = []
            for group, entries in operation_groups(domain, spec=node["spec"] or None):
                out.append(nodes.rubric(group, group))
                out.append(_index_table(entries))
            if not out:
                out = [nodes.paragraph("", _("No operation is documented yet."))]
            node.replace_self(out)


def _index_table(entries: list[IndexEntry]) -> nodes.table:
    """Method, path (a reference, resolved with the others) and summary of each operation."""
    table = nodes.table(classes=["apidocs-operations-index"])
    group = nodes.tgroup(cols=3)
    table += group
    for width in (12, 44, 44):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    row = nodes.row()
    for title in (_("Method"), _("Path"), _("Summary")):
        row += nodes.entry("", nodes.paragraph("", title))
    head += row
    group += head
    body = nodes.tbody()
    for e in entries:
        method, _space, path = e.name.partition(" ")
        row = nodes.row()
        badge = nodes.inline(
            "", method, classes=["apidocs-method", f"apidocs-method-{method.lower()}"]
        )
        row += nodes.entry("", nodes.paragraph("", "", badge))
        link = addnodes.pending_xref(
            "",
            nodes.literal(path, path),
            refdomain="api",
            reftype="op",
            reftarget=f"{e.extra}:{e.name}" if e.extra else e.name,
            refexplicit=True,
            refwarn=False,
        )
        para = nodes.paragraph("", "", link)
        if e.qualifier:
            para += nodes.Text(" ")
            para += nodes.inline(
                "", e.qualifier, classes=["apidocs-flag", "apidocs-flag-deprecated"]
            )
        row += nodes.entry("", para)
        row += nodes.entry("", nodes.paragraph("", e.descr))
        body += row
    group += body
    return table


def _rewrite_linking_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Index pages, and pages that link to API objects once those moved or went away."""
    domain = env.get_domain("api")
    assert isinstance(domain, ApiDomain)
    return [d for d in domain.pages_to_rewrite(state.output(env)) if d in env.found_docs]


def _renders_operations(node: nodes.Node) -> bool:
    return isinstance(node, (pending_api_content, pending_api_index))


def setup(app: Sphinx) -> None:
    app.add_domain(ApiDomain)
    app.connect("warn-missing-reference", warn_missing_reference)
    app.add_directive("api-index", ApiIndexDirective)
    app.add_node(pending_api_index)
    app.add_post_transform(FillApiIndex)
    app.connect("env-get-updated", _rewrite_linking_pages)
    app.connect("env-updated", report_duplicates)
