"""Every ``apicheck`` rule, declared once, and the finding they produce.

The same declarations give each rule its stable id, family and default
severity, map the extension's warning subtypes onto rules, and render the
rules reference in the docs (``docs/apicheck.rst``), so the list cannot drift.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from enum import StrEnum

from .subtypes import Subtype


class Severity(StrEnum):
    """How bad a finding is; the values are those of ``apidocs_check_rules`` and
    ``apidocs_check_fail_on``."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


SEVERITIES = tuple(Severity)
"""Most severe first.  ``off`` (in ``apidocs_check_rules``) disables a rule."""


class Family(StrEnum):
    """What a rule looks at: the spec, its examples, the documentation, or the setup."""

    SPEC = "spec"
    EXAMPLES = "examples"
    DOCS = "docs"
    SETUP = "setup"


class Status(StrEnum):
    """Whether a finding counts: ``open``; ``baselined`` (in the baseline file);
    ``ignored`` (``x-apicheck-ignore``)."""

    OPEN = "open"
    BASELINED = "baselined"
    IGNORED = "ignored"


@dataclass(frozen=True)
class Rule:
    id: str
    family: Family
    severity: Severity
    summary: str
    example: str
    """A short example of what the rule catches."""
    fixed: bool = False
    """An internal or configuration problem: never lowered or disabled, so a broken
    setup is never reported as clean."""


RULES: dict[str, Rule] = {}


def _rule(
    id: str, family: Family, severity: Severity, summary: str, example: str, **kw: bool
) -> str:
    RULES[id] = Rule(id, family, severity, summary, example, **kw)
    return id


# -- spec integrity ----------------------------------------------------------
SPEC_UNREADABLE = _rule(
    "spec-unreadable",
    Family.SPEC,
    Severity.ERROR,
    "A spec or referenced file is missing, too large, not UTF-8, not YAML/JSON, too deep, "
    "uses unsafe YAML tags or aliases, or is not an OpenAPI document.",
    "``openapi: 3.0.3`` followed by a tab-indented line (a YAML syntax error).",
)
DUPLICATE_KEY = _rule(
    "duplicate-key",
    Family.SPEC,
    Severity.ERROR,
    "A mapping holds the same key twice; the last one wins and the first is lost.",
    "``/pets:`` written twice under ``paths``.",
)
REF_UNRESOLVED = _rule(
    "ref-unresolved",
    Family.SPEC,
    Severity.ERROR,
    "A ``$ref`` that resolves to nothing (missing file or pointer), or leaves the project.",
    "``$ref: '#/components/schemas/Pett'`` where only ``Pet`` exists.",
)
REF_REMOTE = _rule(
    "ref-remote",
    Family.SPEC,
    Severity.WARNING,
    "A remote ``$ref`` that was not fetched (``apidocs_allow_remote_refs`` is off).",
    "``$ref: https://example.com/schemas/pet.yaml``.",
)
REF_CYCLE = _rule(
    "ref-cycle",
    Family.SPEC,
    Severity.ERROR,
    "A chain of ``$ref`` that only points at itself.",
    "``A: {$ref: '#/components/schemas/B'}`` and ``B: {$ref: '#/components/schemas/A'}``.",
)
STRUCTURE = _rule(
    "spec-structure",
    Family.SPEC,
    Severity.ERROR,
    "A part of the spec has the wrong shape (a list where an object belongs, a parameter "
    "without ``in``); it is skipped in the output.",
    "``parameters: {name: id}`` (an object where a list belongs).",
)
UNSUPPORTED = _rule(
    "spec-unsupported",
    Family.SPEC,
    Severity.NOTE,
    "A schema keyword the documentation does not show (unknown, misspelt, of another "
    "JSON Schema version), or an OpenAPI 3.2 field it does not read (``$self``, "
    "``itemEncoding`` and ``prefixEncoding`` outside a stream); listed once per spec and "
    "keyword.",
    "``requried: [id]`` (a misspelt ``required``), ``additionalItems`` in an OpenAPI 3.1 schema.",
)
OPERATION_ID_DUPLICATE = _rule(
    "operation-id-duplicate",
    Family.SPEC,
    Severity.ERROR,
    "Two operations share an ``operationId``; references by that id find the first.",
    "``operationId: getPet`` on both ``GET /pets/{id}`` and ``GET /pets``.",
)
PATH_PARAMETER_UNDECLARED = _rule(
    "path-parameter-undeclared",
    Family.SPEC,
    Severity.ERROR,
    "A ``{name}`` in a path template that no path parameter declares.",
    "``/pets/{petId}`` with no ``in: path`` parameter ``petId``.",
)
PATH_PARAMETER_UNUSED = _rule(
    "path-parameter-unused",
    Family.SPEC,
    Severity.ERROR,
    "An ``in: path`` parameter whose name is not in the path template.",
    "``/pets/{id}`` declaring the path parameter ``petId``.",
)
PATH_IDENTICAL = _rule(
    "path-identical",
    Family.SPEC,
    Severity.ERROR,
    "Two paths that differ only in the names of their template parameters.",
    "``/pets/{id}`` and ``/pets/{petId}``.",
)
PATH_AMBIGUOUS = _rule(
    "path-ambiguous",
    Family.SPEC,
    Severity.WARNING,
    "Two paths that can both match the same request, neither more specific (a literal "
    "segment facing a parameter whose type, enum or pattern excludes it does not count).",
    "``/pets/{id}/toys`` and ``/pets/mine/{kind}``: both match ``/pets/mine/toys``.",
)
PARAMETER_DUPLICATE = _rule(
    "parameter-duplicate",
    Family.SPEC,
    Severity.ERROR,
    "The same parameter (name and location) listed twice in one parameter list.",
    "Two ``{name: limit, in: query}`` entries under one operation.",
)
SECURITY_UNDEFINED = _rule(
    "security-undefined",
    Family.SPEC,
    Severity.ERROR,
    "A security requirement names a scheme that ``securitySchemes`` does not define.",
    "``security: [{apiKey: []}]`` where only ``bearer`` is defined.",
)
SECURITY_SCOPE_UNDEFINED = _rule(
    "security-scope-undefined",
    Family.SPEC,
    Severity.ERROR,
    "A security requirement asks for an OAuth 2 scope that none of the scheme's flows lists.",
    "``security: [{oauth: [admin]}]`` where the flows only list ``read`` and ``write``.",
)
SERVER_VARIABLE_UNDEFINED = _rule(
    "server-variable-undefined",
    Family.SPEC,
    Severity.ERROR,
    "A ``{variable}`` in a server URL that the server's ``variables`` does not define, or a "
    "variable default outside its own ``enum``.",
    "``url: https://{region}.example.com`` with no ``variables: {region: ...}``.",
)
DISCRIMINATOR_MAPPING = _rule(
    "discriminator-mapping",
    Family.SPEC,
    Severity.ERROR,
    "A discriminator ``mapping`` value that names no schema.",
    "``mapping: {dog: '#/components/schemas/Dgo'}``.",
)
REQUIRED_UNDEFINED = _rule(
    "required-undefined",
    Family.SPEC,
    Severity.WARNING,
    "``required`` names a property that the schema (with its ``allOf`` parts, or the schema a "
    "``oneOf``/``anyOf`` branch belongs to) does not define, or sits on an array schema.",
    "``required: [name]`` beside ``properties: {title: ...}``.",
)
ENUM_TYPE = _rule(
    "enum-type",
    Family.SPEC,
    Severity.ERROR,
    "An ``enum`` value of another type than the schema's ``type``.",
    "``type: integer`` with ``enum: [1, 2, 'three']``.",
)
COMPONENT_UNUSED = _rule(
    "component-unused",
    Family.SPEC,
    Severity.WARNING,
    "A component nothing refers to, no page renders (``api-schema``) and no discriminator "
    "mapping names.",
    "``components/schemas/OldPet`` that no ``$ref`` uses.",
)
SCHEMA_UNSATISFIABLE = _rule(
    "schema-unsatisfiable",
    Family.SPEC,
    Severity.WARNING,
    "A schema no value can satisfy: ``enum: []``, ``allOf`` parts with no type in common, "
    "a lower bound above its upper bound, an object that requires a property of its own "
    "schema (``TreeNode`` requiring a ``parent`` that is a ``TreeNode``: no value ends), "
    "a required property that ``additionalProperties: false`` forbids because only an "
    "``allOf`` part declares it. Its made-up example cannot be valid.",
    "``allOf: [{type: string}, {type: integer}]``.",
)
LINK_TARGET = _rule(
    "link-target",
    Family.SPEC,
    Severity.ERROR,
    "A Link object whose ``operationId`` or ``operationRef`` names no operation.",
    "``links: {owner: {operationId: getUsr}}`` where the id is ``getUser``.",
)
BREAKING_CHANGE = _rule(
    "breaking-change",
    Family.SPEC,
    Severity.ERROR,
    "A change from the newest version in ``apidocs_spec_history`` that breaks clients: an "
    "operation, success response or media type removed, a parameter or property newly "
    "required, a type changed, a request constraint tightened, a scope required, ...",
    "``limit`` became a required query parameter of ``GET /pets``.",
)

# -- examples ----------------------------------------------------------------
EXAMPLE_INVALID = _rule(
    "example-invalid",
    Family.EXAMPLES,
    Severity.ERROR,
    "A media-type, parameter or schema example (or ``default``) that does not validate "
    "against its schema (OpenAPI 3.0: draft 4 with ``nullable``; 3.1: JSON Schema 2020-12 or "
    "``jsonSchemaDialect``; a ``readOnly`` property is not required in a request, nor a "
    "``writeOnly`` one in a response).",
    "``example: {id: 'seven'}`` for ``id: {type: integer}``.",
)
EXAMPLE_ADDITIONAL_PROPERTY = _rule(
    "example-additional-property",
    Family.EXAMPLES,
    Severity.WARNING,
    "An example with a property its schema forbids (``additionalProperties: false``, "
    "``unevaluatedProperties: false``): often a renamed field.",
    "``example: {id: 1, nmae: Rex}`` for a schema with ``additionalProperties: false``.",
)
EXAMPLE_READONLY_WRITEONLY = _rule(
    "example-readonly-writeonly",
    Family.EXAMPLES,
    Severity.WARNING,
    "A request example with a ``readOnly`` property, or a response example with a "
    "``writeOnly`` one (also nested, through ``$ref``, ``allOf``, ``oneOf`` and array "
    "items): a request does not send such a property, a response does not return it.",
    "``example: {id: 7, name: Rex}`` for a request body whose ``id`` is ``readOnly``.",
)
EXAMPLE_FORMAT = _rule(
    "example-format",
    Family.EXAMPLES,
    Severity.WARNING,
    "An example that fits its schema but not the schema's ``format``: ``date-time``, "
    "``date``, ``uuid``, ``email``, ``ipv4``, ``ipv6``, ``uri``.",
    "``example: 2024-13-45`` for ``{type: string, format: date}``.",
)
SAMPLE_INVALID = _rule(
    "sample-invalid",
    Family.EXAMPLES,
    Severity.WARNING,
    "A payload the extension generated for a schema does not validate against that schema "
    "(the schema cannot be met, or the generator fell short).",
    "``allOf: [{type: string}, {type: integer}]`` (no value is both).",
)
EXAMPLE_UNCHECKED = _rule(
    "example-unchecked",
    Family.EXAMPLES,
    Severity.WARNING,
    "An example, default or generated payload that could not be checked in full: a "
    "``pattern`` Python cannot read, or that could backtrack for very long on the value "
    "(nested or adjacent repeats: reported once per pattern), or a schema whose checking "
    "needs more work than the budget allows (``oneOf`` nested deep). It is not called "
    "invalid.",
    "``pattern: '^(a+)+$'`` with ``example: aaaaaaaaaaaaaaaaaaaaaaaaaaaa!``.",
)
# -- documentation -----------------------------------------------------------
OPERATION_UNDOCUMENTED = _rule(
    "operation-undocumented",
    Family.DOCS,
    Severity.WARNING,
    "An operation of a configured spec that no page renders (coverage).",
    "``DELETE /pets/{id}`` when the pages only use ``api-spec`` with ``:methods: get``.",
)
OPERATION_DUPLICATE = _rule(
    "operation-duplicate",
    Family.DOCS,
    Severity.WARNING,
    "The same operation (or schema) rendered on two pages without ``:no-index:``.",
    "``.. api-endpoint:: GET /pets`` on two pages.",
)
MARKDOWN_UNMATCHED = _rule(
    "markdown-unmatched",
    Family.DOCS,
    Severity.WARNING,
    "A Markdown endpoint section for an endpoint the spec does not have (with the closest one).",
    "``## GET /pet`` when the spec has ``GET /pets``.",
)
MARKDOWN_MISMATCH = _rule(
    "markdown-mismatch",
    Family.DOCS,
    Severity.WARNING,
    "A Markdown endpoint section that documents a parameter, status code or request body the "
    "spec's operation lacks, or names path parameters differently.",
    "``- `colour` (string): ...`` under ``## GET /pets`` whose spec has no ``colour``.",
)
MARKDOWN_SYNTAX = _rule(
    "markdown-syntax",
    Family.DOCS,
    Severity.WARNING,
    "A Markdown endpoint source line that cannot be read (a malformed parameter item, bad "
    "front matter, a near-miss endpoint heading, the same endpoint twice).",
    "``## FETCH /pets`` (not an HTTP method).",
)
XREF_UNRESOLVED = _rule(
    "xref-unresolved",
    Family.DOCS,
    Severity.ERROR,
    "An ``:api:op:``, ``:api:schema:`` or ``:api:tag:`` reference that finds nothing, or "
    "finds the same name in several specs.",
    "``:api:op:`getPett``` (a typo).",
)
ANCHOR_UNRESOLVED = _rule(
    "anchor-unresolved",
    Family.DOCS,
    Severity.ERROR,
    "A link to ``#anchor`` (in a page or in spec text) that no element of the target page has.",
    "``[see below](#pagination)`` on a page without a ``pagination`` section.",
)
LINK_ROOT_RELATIVE = _rule(
    "link-root-relative",
    Family.DOCS,
    Severity.WARNING,
    "A link in spec text that starts with ``/``, a path on the site the spec came from, "
    "while ``apidocs_link_base`` does not say which site that is.",
    "``[customers](/docs/api/customers)`` in a description of Stripe's spec.",
)
CODE_SAMPLE_LANGUAGE = _rule(
    "code-sample-language",
    Family.DOCS,
    Severity.WARNING,
    "A hand-written code sample (``x-codeSamples`` or a Markdown fence) with no language, or "
    "one that is not known for highlighting.",
    "``x-codeSamples: [{lang: Pyton, source: ...}]``.",
)
FILTER_EMPTY = _rule(
    "filter-empty",
    Family.DOCS,
    Severity.WARNING,
    "A directive's filters (``:tags:``, ``:paths:``, ``:methods:`` ...) select nothing.",
    "``.. api-spec:: petstore`` with ``:tags: Pet`` when the tag is ``pet``.",
)
DIRECTIVE_INVALID = _rule(
    "directive-invalid",
    Family.DOCS,
    Severity.ERROR,
    "A directive that cannot do its work: an unknown spec, operation or schema, a bad option "
    "value, a missing file.",
    "``.. api-endpoint:: GET /nowhere``.",
)
RENDERING = _rule(
    "rendering",
    Family.DOCS,
    Severity.WARNING,
    "Something was left out or changed while rendering: unsafe HTML removed, a code sample "
    "template that failed, a diagram with nothing to draw, characters LaTeX cannot typeset.",
    "``<script>`` in an operation description.",
)
TRANSLATION_STALE = _rule(
    "translation-stale",
    Family.DOCS,
    Severity.WARNING,
    "A translation of spec prose (an entry of a ``.po`` file in ``locale_dirs`` placed at a "
    "spec file) whose text the spec no longer has, or that is marked fuzzy and so not used.",
    '``msgid "List the pets."`` after the summary became ``List pets.``.',
)
# -- the setup ---------------------------------------------------------------
CONFIG_INVALID = _rule(
    "config-invalid",
    Family.SETUP,
    Severity.ERROR,
    "A configuration value the extension cannot use (a wrong type, an unknown rule id in "
    "``apidocs_check_rules``, an unreadable baseline file).",
    "``apidocs_check_rules = {'ref-unresloved': 'off'}``.",
    fixed=True,
)
INTERNAL_ERROR = _rule(
    "internal-error",
    Family.SETUP,
    Severity.ERROR,
    "An unexpected error inside the extension; what it was working on is not checked. "
    "Please report it.",
    "(none: a bug of ours)",
    fixed=True,
)
BASELINE_STALE = _rule(
    "baseline-stale",
    Family.SETUP,
    Severity.NOTE,
    "A baseline entry that no longer matches any finding, or has no fingerprint: remove "
    "it from the file.",
    "An entry for a ``$ref`` that has since been fixed.",
)

#: the rule of each warning subtype, where no more specific rule is given
SUBTYPE_RULES: dict[str, str] = {
    Subtype.FILE: SPEC_UNREADABLE,
    Subtype.SIZE: SPEC_UNREADABLE,
    Subtype.ENCODING: SPEC_UNREADABLE,
    Subtype.PARSE: SPEC_UNREADABLE,
    Subtype.UNSAFE: SPEC_UNREADABLE,
    Subtype.DEPTH: SPEC_UNREADABLE,
    Subtype.ALIAS: SPEC_UNREADABLE,
    Subtype.NOT_OPENAPI: SPEC_UNREADABLE,
    Subtype.DUPLICATE_KEY: DUPLICATE_KEY,
    Subtype.REF: REF_UNRESOLVED,
    Subtype.OUTSIDE_PROJECT: REF_UNRESOLVED,
    Subtype.REMOTE_REF: REF_REMOTE,
    Subtype.REF_CYCLE: REF_CYCLE,
    Subtype.STRUCTURE: STRUCTURE,
    Subtype.UNSUPPORTED: UNSUPPORTED,
    Subtype.HTML: RENDERING,
    Subtype.UNKNOWN_SPEC: DIRECTIVE_INVALID,
    Subtype.UNKNOWN_OPERATION: DIRECTIVE_INVALID,
    Subtype.UNKNOWN_SCHEMA: DIRECTIVE_INVALID,
    Subtype.OPTION: DIRECTIVE_INVALID,
    Subtype.XREF: XREF_UNRESOLVED,
    Subtype.DUPLICATE: OPERATION_DUPLICATE,
    Subtype.FILTER: FILTER_EMPTY,
    Subtype.MARKDOWN: MARKDOWN_MISMATCH,
    Subtype.DIAGRAM: RENDERING,
    Subtype.CONFIG: CONFIG_INVALID,
    Subtype.HISTORY: CONFIG_INVALID,
    Subtype.CHANGE: BREAKING_CHANGE,
    Subtype.TEMPLATE: RENDERING,
    Subtype.INTERNAL: INTERNAL_ERROR,
    Subtype.LATEX: RENDERING,
}


def rule_of(subtype: str, rule: str | None = None) -> str:
    """The rule a warning belongs to: the one it names, else its subtype's."""
    if rule is not None and rule in RULES:
        return rule
    return SUBTYPE_RULES.get(subtype, INTERNAL_ERROR)


@dataclass(frozen=True)
class _Place:
    file: str
    line: int | None = None

    def where(self) -> str:
        """``file:line``, as far as known."""
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True)
class SpecPlace(_Place):
    """Where in a spec: a file (relative to the project), a 1-based line, a JSON pointer."""

    pointer: str | None = None

    def where(self) -> str:
        """``file:line #pointer``, as far as known."""
        out = super().where()
        return out if self.pointer is None else f"{out} #{self.pointer}"


@dataclass(frozen=True)
class DocPlace(_Place):
    """Where in the documentation: a source file (relative to the project) and 1-based line."""

    docname: str | None = None


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    spec: SpecPlace | None = None
    doc: DocPlace | None = None
    status: str = Status.OPEN
    """A :class:`Status`."""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def fingerprint(self) -> str:
        """What identifies this finding across edits: the rule, the spec file and pointer
        (or the document), and the message with line numbers taken out -- never a line."""
        parts = [self.rule]
        if self.spec is not None:
            parts += [self.spec.file, self.spec.pointer or ""]
        if self.doc is not None:
            parts.append(self.doc.docname or self.doc.file)
        parts.append(_LINE_NUMBERS.sub(r"\1#", self.message))
        return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]

    def where(self) -> str:
        """``spec:line #pointer`` and ``doc:line``, as far as known: the spec first (what
        the finding is about; the page renders it)."""
        return ", ".join(p.where() for p in (self.spec, self.doc) if p is not None)


_LINE_NUMBERS = re.compile(r"(:|\blines? |\bcolumn )\d+\b")
"""Line (and column) numbers in messages: ``api.yaml:12``, ``(first at line 12)``."""


def severity_rank(severity: str) -> int:
    """0 for error, 1 for warning, 2 for note; 3 for anything else (never fails)."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)
