"""``api-diagram``: a Mermaid diagram of a spec, checked now and drawn when the page is
written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ...diagnostics import suggest
from ...diagnostics.subtypes import Subtype
from ...diagrams.mermaid import KINDS
from ...render.i18n import N_, _
from ..deferred import pending
from ..nodes import ContentKind
from .base import SPEC_OPTION, ApiDirective, list_option, split_commas


class ApiDiagramDirective(ApiDirective):
    """A Mermaid diagram drawn from a spec: ``overview``, ``sequence``, ``links`` or
    ``webhooks``.  What it names is checked now; it is drawn when the page is
    written, when links to the rendered operations are known."""

    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **SPEC_OPTION,
        "kind": directives.unchanged_required,
        "operation": directives.unchanged_required,
        "tags": list_option,
    }

    def render(self) -> list[nodes.Node]:
        target = self.options.get("spec") or (self.arguments[0] if self.arguments else None)
        operation = " ".join(self.options.get("operation", "").split())
        kind = self.options.get("kind", "sequence" if operation else "overview").strip()
        if kind not in KINDS:
            self.warn(
                Subtype.OPTION,
                f":kind: {kind!r} is not one of {', '.join(KINDS)}{suggest.hint(kind, list(KINDS), cutoff=0.4)}",
            )
            return [
                self.placeholder(_("Diagram unavailable: unknown kind {kind}.").format(kind=kind))
            ]
        loaded = self.load(target)
        if loaded is None:
            return [self.placeholder(_("Diagram unavailable: the spec could not be loaded."))]
        spec = loaded.spec
        assert spec is not None
        node = pending(loaded, ContentKind.DIAGRAM, kind)
        node["tags"] = split_commas(self.options.get("tags", ""))
        known_tags = {t.name for t in spec.tags} | {t for op in spec.operations for t in op.tags}
        if node["tags"] and kind in ("sequence", "webhooks"):
            self.warn(
                Subtype.OPTION, f":tags: is for overview and links diagrams; ignored by {kind}"
            )
            node["tags"] = []
        for tag in node["tags"]:
            if tag not in known_tags:
                hint = suggest.hint(tag, sorted(known_tags), cutoff=0.4)
                self.warn(Subtype.FILTER, f":tags: the spec has no tag {tag!r}{hint}")
        if kind == "sequence":
            if not operation:
                self.warn(
                    Subtype.OPTION,
                    "a sequence diagram needs :operation: (operationId or METHOD /path)",
                )
                return [self.placeholder(_("Diagram unavailable: no :operation: given."))]
            op = self.find_operation(loaded, operation)
            if op is None:
                text = _("Diagram unavailable: unknown operation {operation}.")
                return [self.placeholder(text.format(operation=operation))]
            node["operation"] = str(op.location)
        elif operation:
            self.warn(Subtype.OPTION, f":operation: is for sequence diagrams; ignored by {kind}")
        tags = set(node["tags"])
        selected = [op for op in spec.operations if not tags or tags & set(op.tags)]
        missing = {
            "links": (
                not any(r.links for op in selected for r in op.responses),
                N_("declares no response links in these tags")
                if tags
                else N_("declares no response links"),
            ),
            "webhooks": (not spec.webhooks, N_("declares no webhooks")),
        }
        empty, why = missing.get(kind, (False, ""))
        if empty:
            self.warn(Subtype.DIAGRAM, f"nothing to draw: spec {loaded.name!r} {why}")
            return [self.placeholder(_("No diagram: the API {why}.").format(why=_(why)))]
        return [node]
