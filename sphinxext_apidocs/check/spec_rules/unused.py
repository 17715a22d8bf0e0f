"""The ``component-unused`` rule: a component nothing refers to, no page renders and
no discriminator mapping names (pure Python, no Sphinx)."""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any

from ...diagnostics.rules import COMPONENT_UNUSED
from ...spec.pointer import escape_token
from .walk import Walk

#: what :meth:`_Unused.scan` is looking at: an object of the spec, a map whose keys are
#: names (so a key ``example`` there is a name, not data), a map of Example objects, one
_SCAN_PLAIN, _SCAN_NAMES, _SCAN_EXAMPLES, _SCAN_EXAMPLE = "plain", "names", "examples", "example"
_DATA_KEYS = frozenset({"example", "default", "enum", "const"})
_NAME_MAPS = frozenset(
    {
        "properties", "patternProperties", "definitions", "schemas", "$defs",
        "dependentSchemas", "parameters", "responses", "headers", "links", "callbacks",
        "requestBodies", "securitySchemes", "securityDefinitions", "content", "encoding",
        "paths", "webhooks", "x-webhooks", "variables", "mapping", "scopes", "pathItems",
    }
)  # fmt: skip


def check_unused(walk: Walk, rendered: Set[str]) -> None:
    """Every component of the main file that is not used; ``rendered`` holds the keys
    (``file#pointer``) of the schemas a page renders, which count as used."""
    _Unused(walk, rendered).check()


class _Unused:
    def __init__(self, walk: Walk, rendered: Set[str]) -> None:
        self.walk = walk
        self.raw = walk.raw
        self.rendered = rendered

    def check(self) -> None:
        root, main = self.raw.root, self.raw.main
        if not root:
            return
        used = self.walk.used
        self.scan_refs(used)
        # a schema whose allOf names a base with a discriminator is an implicit mapping
        for component, bases in self.walk.all_of_refs.items():
            if component not in used and any(base in self.walk.discriminators for base in bases):
                used.add(component)
        if self.raw.swagger2:
            sections: Iterable[tuple[str, Any]] = ((s, root.get(s)) for s in self.raw.sections)
            prefix = ""
        else:
            components = root.get("components")
            if not isinstance(components, dict):
                return
            sections = ((s, components.get(s)) for s in self.raw.sections)
            prefix = "/components"
        for section, entries in sections:
            if not isinstance(entries, dict):
                continue
            for name in entries:
                pointer = f"{prefix}/{section}/{escape_token(str(name))}"
                if pointer in used or f"{main}#{pointer}" in self.rendered:
                    continue
                what = self.raw.sections[section]
                self.raw.report(
                    COMPONENT_UNUSED,
                    f"{what} {str(name)!r} is not used: no $ref, discriminator mapping or page "
                    "refers to it",
                    main,
                    pointer,
                )

    def scan_refs(self, used: set[str]) -> None:
        """Every ``$ref`` in every document that names a component of the main file (but
        from inside that component)."""
        for file, data in self.raw.data.items():
            if file != self.raw.main or not isinstance(data, dict):
                self.scan(data, file, None, used)
                continue
            container = data if self.raw.swagger2 else data.get("components")
            prefix = "" if self.raw.swagger2 else "/components"
            rest = dict(data)
            if isinstance(container, dict):
                if not self.raw.swagger2:
                    rest.pop("components", None)
                    rest["components"] = {
                        k: v for k, v in container.items() if k not in self.raw.sections
                    }
                for section in self.raw.sections:
                    entries = container.get(section)
                    if self.raw.swagger2:
                        rest.pop(section, None)
                    if not isinstance(entries, dict):
                        if entries is not None:
                            self.scan(entries, file, None, used)
                        continue
                    for name, value in entries.items():
                        owner = f"{prefix}/{section}/{escape_token(str(name))}"
                        self.scan(value, file, owner, used)
            self.scan(rest, file, None, used)

    def scan(self, value: Any, file: str, owner: str | None, used: set[str]) -> None:
        """The ``$ref`` in ``value`` -- not those inside example values, defaults, enums
        and consts, which are data (the example rules read them as written)."""
        stack: list[tuple[Any, str]] = [(value, _SCAN_PLAIN)]
        refs: set[str] = set()
        while stack:
            node, kind = stack.pop()
            if type(node) is dict:
                ref = node.get("$ref")
                if type(ref) is str:
                    refs.add(ref)
                named = kind in (_SCAN_NAMES, _SCAN_EXAMPLES)
                for key, child in node.items():
                    if type(child) is not dict and type(child) is not list:
                        continue
                    if named:
                        stack.append(
                            (child, _SCAN_EXAMPLE if kind == _SCAN_EXAMPLES else _SCAN_PLAIN)
                        )
                    elif key in _DATA_KEYS or (kind == _SCAN_EXAMPLE and key == "value"):
                        continue
                    elif key == "examples":
                        if type(child) is dict:  # a map of Example objects (a list: data)
                            stack.append((child, _SCAN_EXAMPLES))
                    else:
                        stack.append((child, _SCAN_NAMES if key in _NAME_MAPS else _SCAN_PLAIN))
            elif type(node) is list:
                for child in node:
                    if type(child) is dict or type(child) is list:
                        stack.append((child, _SCAN_PLAIN))
        for ref in refs:
            place = self.raw.target(file, ref)
            if place is not None:
                component = self.raw.component_of(*place)
                if component is not None and component != owner:
                    used.add(component)
