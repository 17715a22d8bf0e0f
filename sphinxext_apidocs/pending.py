"""Spec content is rendered when a page is written, not when it is read.

While reading, a directive leaves what Sphinx needs at read time (sections,
object signatures with their anchors and TOC entries, the page's own prose)
and one small :class:`pending_api_content` node per operation or schema body.
:class:`ExpandApiContent`, a post-transform that runs before references are
resolved, replaces each with the rendered nodes.

Why: a large spec renders to millions of nodes.  Built at read time, every
read transform (smart quotes, i18n, references, ...) walks them and the
pickled doctrees hold them; built at write time, they are made once, written,
and dropped.  Spec text also stays out of smart quotes that way.  Warnings
about the content are found at read time (see :mod:`.render.audit`), so
nothing is reported only when a page happens to be written.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxTranslator

from . import store
from .render.context import RenderContext
from .render.operation import operation_body
from .render.schema import schema_block
from .spec.model import Schema


class pending_api_content(nodes.General, nodes.Element):
    """Placeholder for an operation or schema body; attributes name the spec and target."""


def pending(loaded: store.LoadedSpec, kind: str, target: str) -> pending_api_content:
    return pending_api_content(
        "", spec_name=loaded.name, spec_path=loaded.path, kind=kind, target=target
    )


def _skip(translator: SphinxTranslator, node: nodes.Node) -> None:
    raise nodes.SkipNode


VISITORS: dict[str, tuple[Any, None]] = {
    fmt: (_skip, None) for fmt in ("html", "latex", "text", "man", "texinfo")
}


class ExpandApiContent(SphinxPostTransform):
    """Render every placeholder (before pending references are resolved)."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        found = list(self.document.findall(pending_api_content))
        if not found:
            return
        build = store.state(self.env)
        config = self.config
        for node in found:
            loaded = build.cache.get(
                node["spec_name"], node["spec_path"], build.root, config.apidocs_max_file_size
            )
            spec = loaded.spec
            ctx = RenderContext(
                spec=spec,  # type: ignore[arg-type]  # checked below
                spec_name=loaded.name,
                schema_depth=config.apidocs_schema_depth,
                row_budget=config.apidocs_operation_budget,
                example_max_chars=config.apidocs_example_max_chars,
                merged_cache=loaded.render_memo.setdefault("merged", {}),
                text_cache=loaded.render_memo.setdefault("text", {}),
            )
            content: list[nodes.Node] = []
            if spec is None:
                missing = f"(content unavailable: the spec {loaded.name} could not be loaded)"
            elif node["kind"] == "operation":
                missing = "(content unavailable: the operation is no longer in the spec)"
                op = loaded.operation_at(node["target"])
                if op is not None:
                    content = operation_body(ctx, op)
            else:
                missing = "(content unavailable: the schema is no longer in the spec)"
                key = dict(spec.component_schemas).get(node["target"])
                if key is not None:  # render a reference to it, so that recursion is seen at once
                    ctx.start_operation()
                    reference = Schema(spec.schemas[key].location, ref=key, ref_name=node["target"])
                    content = schema_block(ctx, reference, title_name=node["target"])
            if not content:
                placeholder = nodes.paragraph(classes=["apidocs-placeholder"])
                placeholder += nodes.emphasis("", missing)
                content = [placeholder]
            node.replace_self(content)


__all__ = ["ExpandApiContent", "pending", "pending_api_content"]
