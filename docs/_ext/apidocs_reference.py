"""Reference tables for the manual, built from the extension's own code.

Three directives, so the manual cannot drift from the code:

``apidocs-config-table``
    One row per :data:`sphinxext_apidocs.sphinx_ext.config.OPTIONS` entry: the name, the
    default value (its ``repr``) and the description.

``apidocs-rules-table``
    One row per ``apicheck`` rule of :data:`sphinxext_apidocs.diagnostics.rules.RULES`:
    its id, default severity, summary and example.

``apidocs-warnings-table``
    One row per :class:`sphinxext_apidocs.diagnostics.subtypes.Subtype` member:
    ``apidocs.<value>`` and the member's docstring.  Enum members do not keep
    docstrings at run time, so the docstrings are read from the source of
    ``subtypes.py`` with :mod:`ast`: each ``NAME = "value"`` assignment in the
    class body is paired with the string expression right after it.

``apidocs-layout``
    The package's stages in pipeline order (``sphinxext_apidocs.STAGES``), each with
    its job (the sub-package's docstring) and its modules with their size and the
    first sentence of their docstring.

Descriptions contain reST inline markup (````code````); it is parsed with
``self.state.inline_text``, which handles inline markup only (no directives,
no substitutions are defined), so the text stays safe.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


def subtype_docs() -> list[tuple[str, str, str]]:
    """(member name, value, docstring) for every ``Subtype`` member, in source order."""
    from sphinxext_apidocs.diagnostics import subtypes

    tree = ast.parse(inspect.getsource(subtypes))
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Subtype")
    docs: dict[str, str] = {}
    body = cls.body
    for stmt, after in zip(body, [*body[1:], None], strict=True):
        if not (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            continue
        if (
            isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[stmt.targets[0].id] = inspect.cleandoc(after.value.value)
    return [(member.name, member.value, docs.get(member.name, "")) for member in subtypes.Subtype]


class _TableDirective(SphinxDirective):
    has_content = False
    required_arguments = 0
    optional_arguments = 0

    headers: tuple[str, ...] = ()
    widths: tuple[int, ...] = ()

    def cell(
        self, content: str | nodes.Node | list[nodes.Node], *, markup: bool = False
    ) -> nodes.entry:
        para = nodes.paragraph()
        if isinstance(content, str):
            if markup:
                children, messages = self.state.inline_text(content, self.lineno)
                para.extend(children)
                para.extend(messages)
            else:
                para += nodes.Text(content)
        elif isinstance(content, list):
            para.extend(content)
        else:
            para += content
        return nodes.entry("", para)

    def table(self, rows: list[list[nodes.entry]], classes: list[str]) -> nodes.table:
        table = nodes.table(classes=classes)
        tgroup = nodes.tgroup(cols=len(self.headers))
        table += tgroup
        for width in self.widths:
            tgroup += nodes.colspec(colwidth=width)
        thead = nodes.thead()
        head = nodes.row()
        for label in self.headers:
            head += nodes.entry("", nodes.paragraph("", label))
        thead += head
        tgroup += thead
        tbody = nodes.tbody()
        for cells in rows:
            row = nodes.row()
            row.extend(cells)
            tbody += row
        tgroup += tbody
        return table


class ConfigTable(_TableDirective):
    """Every ``apidocs_*`` configuration value, from ``config.OPTIONS``."""

    headers = ("Name", "Default", "Description")
    widths = (28, 20, 52)

    def run(self) -> list[nodes.Node]:
        from sphinxext_apidocs.sphinx_ext.config import OPTIONS

        rows = []
        for option in OPTIONS:
            rows.append(
                [
                    self.cell(nodes.literal("", option.name)),
                    self.cell(nodes.literal("", repr(option.default))),
                    self.cell(option.doc, markup=True),
                ]
            )
        return [self.table(rows, ["apidocs-config-table"])]


class WarningsTable(_TableDirective):
    """Every ``apidocs`` warning subtype, from ``diagnostics.subtypes.Subtype``."""

    headers = ("Subtype", "Meaning")
    widths = (30, 70)

    def run(self) -> list[nodes.Node]:
        rows = []
        for _name, value, doc in subtype_docs():
            rows.append(
                [self.cell(nodes.literal("", f"apidocs.{value}")), self.cell(doc, markup=True)]
            )
        return [self.table(rows, ["apidocs-warnings-table"])]


class RulesTable(_TableDirective):
    """Every ``apicheck`` rule, from ``diagnostics.rules.RULES``, grouped by family."""

    headers = ("Rule", "Severity", "What it catches", "Example", "To silence it")
    widths = (18, 9, 33, 22, 18)

    def run(self) -> list[nodes.Node]:
        from sphinxext_apidocs.diagnostics.rules import RULES

        rows = []
        for rule in sorted(RULES.values(), key=lambda r: _FAMILIES.index(r.family)):
            severity = rule.severity + (" (fixed)" if rule.fixed else "")
            rows.append(
                [
                    self.cell(nodes.literal("", rule.id)),
                    self.cell(severity),
                    self.cell(rule.summary, markup=True),
                    self.cell(rule.example, markup=True),
                    self.cell(_silence(rule), markup=True),
                ]
            )
        return [self.table(rows, ["apidocs-rules-table"])]


_FAMILIES = ["spec", "examples", "docs", "setup"]


def _silence(rule: Any) -> str:
    """How a project silences one rule's findings (from the rule's family)."""
    if rule.fixed:
        return "Fix the setup: this rule cannot be lowered or turned off."
    off = f"``apidocs_check_rules = {{'{rule.id}': 'off'}}``"
    if rule.id == "baseline-stale":
        return f"Delete the entry from the baseline file; or {off}"
    if rule.id == "spec-unreadable":  # a file that cannot be read holds no extension
        return f"{off}; or the baseline file"
    if rule.family in ("spec", "examples"):
        return f"``x-apicheck-ignore: [{rule.id}]`` on the object in the spec; or {off}"
    return f"{off}; or the baseline file"


def first_sentence(doc: str | None) -> str:
    """The first sentence of a docstring, on one line."""
    text = " ".join((doc or "").split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


class PackageLayout(SphinxDirective):
    """Every stage of the package and its modules, read from the package itself."""

    def run(self) -> list[nodes.Node]:
        import sphinxext_apidocs

        root = Path(sphinxext_apidocs.__file__).parent
        stages = nodes.definition_list(classes=["apidocs-layout"])
        for stage in sphinxext_apidocs.STAGES:
            folder = root / stage
            modules = nodes.bullet_list()
            for path in sorted(folder.rglob("*.py")):
                if path.name == "__init__.py" and path.parent == folder:
                    continue
                self.env.note_dependency(str(path))
                source = path.read_text(encoding="utf-8")
                name = path.relative_to(folder).as_posix()
                summary = first_sentence(ast.get_docstring(ast.parse(source)))
                para = nodes.paragraph()
                para += nodes.literal("", name)
                para += nodes.Text(f" ({source.count(chr(10))} lines): ")
                children, messages = self.state.inline_text(summary, self.lineno)
                para.extend(children)
                para.extend(messages)
                modules += nodes.list_item("", para)
            job = ast.get_docstring(ast.parse((folder / "__init__.py").read_text("utf-8")))
            children, messages = self.state.inline_text(" ".join((job or "").split()), self.lineno)
            item = nodes.definition_list_item()
            item += nodes.term("", "", nodes.literal("", f"{stage}/"))
            item += nodes.definition("", nodes.paragraph("", "", *children, *messages), modules)
            stages += item
        return [stages]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("apidocs-rules-table", RulesTable)
    app.add_directive("apidocs-config-table", ConfigTable)
    app.add_directive("apidocs-warnings-table", WarningsTable)
    app.add_directive("apidocs-layout", PackageLayout)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
