"""``api-schemas``: every component schema of a spec (or those ``:schemas:`` names),
each in full and registered with the ``api`` domain."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes

from ...diagnostics.subtypes import Subtype
from ...render.i18n import _
from ...spec.parts import SpecParts
from .base import INDEX_OPTIONS, ApiDirective, list_option


class ApiSchemasDirective(ApiDirective):
    """Render the component schemas of a spec, in the spec's order.

    ``:schemas:`` keeps those whose name one of its regular expressions matches in full
    (``Pet``, ``Order.*``); ``:exclude:`` leaves out those one of its expressions matches.
    """

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "schemas": list_option,
        "exclude": list_option,
        **INDEX_OPTIONS,
    }
    shows_parts = True

    def render(self) -> list[nodes.Node]:
        loaded = self.load(self.arguments[0])
        if loaded is None:
            return [
                self.placeholder(
                    _("Schemas unavailable: {spec} could not be loaded.").format(
                        spec=self.arguments[0]
                    )
                )
            ]
        assert loaded.spec is not None
        names = [name for name, _key in loaded.spec.component_schemas]
        wanted = self.regexes("schemas")
        unwanted = self.regexes("exclude")
        chosen = [
            name
            for name in names
            if (not wanted or any(p.fullmatch(name) for p in wanted))
            and not any(p.fullmatch(name) for p in unwanted)
        ]
        self.shows(loaded, SpecParts(schemas=frozenset(chosen), schema_list=True))
        if not chosen:
            what = "has no component schema" if not names else "select no schema"
            subject = f"spec {loaded.name!r}" if not names else "the filters of api-schemas"
            self.warn(Subtype.FILTER, f"{subject} {what}")
            return [self.placeholder(_("No schema to show."))]
        box = nodes.container(classes=["apidocs-schemas"])
        box.extend(self.schemas(loaded, chosen, shared=False))
        return [box]
