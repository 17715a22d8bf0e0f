"""``api-schema``: a named component schema of a spec."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes

from ...diagnostics import suggest
from ...diagnostics.subtypes import Subtype
from ...render.i18n import _
from ...spec.parts import SpecParts
from ..domain import ObjectKind
from .base import INDEX_OPTIONS, SPEC_OPTION, ApiDirective, schema_desc


class ApiSchemaDirective(ApiDirective):
    """Render a named component schema."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {**SPEC_OPTION, **INDEX_OPTIONS}
    shows_parts = True

    def render(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        if len(name.splitlines()) > 1:  # a schema name is one line: refuse what follows
            self.warn(Subtype.UNKNOWN_SCHEMA, f"a schema name is one line, not {name!r}")
            return [self.placeholder(_("Unknown schema"))]
        loaded = self.load(self.options.get("spec"))
        if loaded is None:
            text = _("Schema {name} unavailable: the spec could not be loaded.")
            return [self.placeholder(text.format(name=name))]
        spec = loaded.spec
        assert spec is not None
        schema = spec.schema_by_name(name)
        # an unknown name: the closest names are suggested
        self.shows(loaded, SpecParts(schemas=frozenset({name}), schema_list=schema is None))
        if schema is None:
            hint = suggest.hint(name, [n for n, _ in spec.component_schemas], cutoff=0.4)
            self.warn(Subtype.UNKNOWN_SCHEMA, f"no schema {name!r} in spec {loaded.name!r}{hint}")
            return [self.placeholder(_("Unknown schema: {name}").format(name=name))]
        desc = schema_desc(loaded, name, self.state.document)
        return self.indexed(loaded, ObjectKind.SCHEMA, name, desc)
