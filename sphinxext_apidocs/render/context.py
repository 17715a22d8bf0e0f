"""What the node builders need to know while rendering one directive."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from sphinx import addnodes

from ..changes.diff import Milestones
from ..samples.code import CodeSamples
from ..samples.payload import Context, SampleProperties
from ..samples.validity import Failure, MadeUp, MadeUpKey
from ..spec.model import ApiSpec, Schema
from ..validation.validator import SpecValidator
from .description import markdown_inline, markdown_to_nodes
from .links import SPEC_TEXT, root_relative, with_base

_ID_UNSAFE = re.compile(r"[^\w.:-]+")


def anchor(*parts: str) -> str:
    """A stable HTML id from parts (case and letters of any script kept, the rest to ``-``)."""
    text = "-".join(p for p in parts if p)
    return _ID_UNSAFE.sub("-", text).strip("-_") or "x"


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is free; it is then taken."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def httpdomain_id(method: str, path: str) -> str:
    """The anchor sphinxcontrib-httpdomain gives a route, e.g. ``get--pets-petId``."""
    path = re.sub(r"[{}]", "", path)
    path = re.sub(r"[<>:/]", "-", path)
    return anchor(method.lower() + "-" + path)


@dataclass
class PageExamples:
    """The example blocks a page shows, shared by the directives' content on it: an example
    already shown on the page is a link to its first occurrence, not a second block."""

    #: the first block of each (language, text)
    first: dict[tuple[str, str], nodes.literal_block] = field(default_factory=dict)
    #: the ids the page has taken (a first block gets one when it is repeated)
    ids: set[str] = field(default_factory=set)

    def repeat_of(self, block: nodes.literal_block) -> str | None:
        """The id of the block shown earlier on the page with the same text (given one
        now if it had none), else None: ``block`` is then the first."""
        key = (block.get("language", ""), block.astext())
        first = self.first.setdefault(key, block)
        if first is block:
            return None
        if not first["ids"]:
            first["ids"].append(unique_id(f"example-{len(self.first)}", self.ids))
        ids: list[str] = first["ids"]
        return ids[0]


@dataclass
class RenderContext:
    spec: ApiSpec
    spec_name: str
    schema_depth: int = 5
    row_budget: int = 400
    example_max_chars: int = 20000
    #: which optional properties a made-up request body holds (``apidocs_sample_properties``)
    sample_properties: SampleProperties = "minimal"
    #: per operation: named schema keys already expanded (rendered once, then referenced)
    expanded: set[str] = field(default_factory=set)
    rows_left: int = 0
    #: per operation: made-up examples shown, as (media type, text)
    examples_shown: set[tuple[str, str]] = field(default_factory=set)
    #: names of the component schemas shown in full elsewhere: there, a link, not expanded;
    #: the made-up example of a body that is one of them is shown there too
    linked_schemas: frozenset[str] = frozenset()
    #: the examples shown on the page so far (None: every example shown where it belongs)
    page_examples: PageExamples | None = None
    #: memo for :func:`render.schema.merged`, by ``id`` of a schema (which it also holds)
    merged_cache: dict[int, tuple[Schema, Any]] = field(default_factory=dict)
    #: parsed descriptions by text; copies are handed out
    text_cache: dict[str, list[nodes.Node]] = field(default_factory=dict)
    #: the bodies made up from schemas, judged (:func:`.made_up`), shared with the llms files
    made_up_cache: dict[MadeUpKey, MadeUp] = field(default_factory=dict)
    #: code samples: the renderer (None: none generated), languages in tab order, base URL
    code_samples: CodeSamples | None = None
    sample_languages: tuple[str, ...] = ()
    base_url: str | None = None
    #: the site that links in spec text starting with ``/`` are on (None: kept as written)
    link_base: str | None = None
    #: draw a sequence diagram in operations with callbacks
    diagrams: bool = False
    #: spec prose in the page's language (None: as written); every text given to it is a
    #: message of the page's catalogue
    translate: Callable[[str], str] | None = None
    #: when schema fields came and last changed, by the JSON pointer of their schema
    field_milestones: Mapping[str, Milestones] = field(default_factory=dict)
    #: judges made-up bodies against their schemas (None: they are not judged)
    validator: SpecValidator | None = None
    #: the made-up bodies found invalid, with their schema and context, for the caller to
    #: report (each is also said so on the page)
    invalid_samples: list[tuple[Schema, Context, list[Failure]]] = field(default_factory=list)

    def start_operation(self) -> None:
        self.expanded = set()
        self.examples_shown = set()
        self.rows_left = self.row_budget

    def prose(self, text: str) -> str:
        """``text`` (a summary, a description: spec prose) in the page's language."""
        return self.translate(text) if self.translate is not None and text.strip() else text

    def blocks(self, text: str | None, *, translated: bool = False) -> list[nodes.Node]:
        """Block nodes for a CommonMark description from the spec, in the page's language
        (``translated``: ``text`` is already, a part of a :meth:`prose` text)."""
        if not text:
            return []
        if not translated:
            text = self.prose(text)
        found = self.text_cache.get(text)
        if found is None:
            found = self.text_cache[text] = markdown_to_nodes(text)
        return self._linked([node.deepcopy() for node in found])

    def xref(self, kind: str, target: str, content: nodes.Node) -> addnodes.pending_xref:
        """``content`` linked to the ``api`` domain's ``kind`` object ``target`` of this
        spec (an operation, tag or schema), wherever it is shown; plain where none is."""
        return addnodes.pending_xref(
            "",
            content,
            refdomain="api",
            reftype=kind,
            reftarget=target,
            refexplicit=True,
            refwarn=False,
            apidocs_spec=self.spec_name,
        )

    def inline(self, text: str | None, *, translated: bool = False) -> list[nodes.Node]:
        """Inline nodes for CommonMark spec text (``translated``: as :meth:`blocks`)."""
        if not text:
            return []
        return self._linked(markdown_inline(text if translated else self.prose(text)))

    def _linked(self, parsed: list[nodes.Node]) -> list[nodes.Node]:
        """Spec text whose links to objects look in this spec first, and whose links
        starting with ``/`` are on :attr:`link_base`."""
        for root in parsed:
            if not isinstance(root, nodes.Element):
                continue
            for xref in root.findall(addnodes.pending_xref):
                xref["apidocs_spec"] = self.spec_name
            if self.link_base:
                for ref in root.findall(nodes.reference):
                    uri = ref.get("refuri", "")
                    if SPEC_TEXT in ref["classes"] and root_relative(uri):
                        ref["refuri"] = with_base(self.link_base, uri)
        return parsed

    def resolve(self, schema: Schema) -> tuple[Schema, str | None]:
        """Follow references to the schema they end at; also return the name of the first."""
        if not schema.ref:
            return schema, schema.ref_name
        name = self.spec.schema_names.get(schema.ref) or schema.ref_name
        return self.spec.referent(schema), name
