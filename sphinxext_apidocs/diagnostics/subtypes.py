"""The enumerated ``apidocs`` warning subtypes (pure Python, no Sphinx).

Every warning the extension emits has type ``apidocs`` and one of these
subtypes, so ``suppress_warnings = ["apidocs.<subtype>"]`` works.  The
docstring of each member is the text of the warnings reference in the docs.
"""

from __future__ import annotations

from enum import StrEnum


class Subtype(StrEnum):
    """Warning subtypes, by the stage that finds them."""

    # loading
    FILE = "file"
    """A spec, Markdown, example or template file is missing, cannot be read, or is not a regular file (a FIFO, a device, a folder: it is not opened)."""
    SIZE = "size"
    """A file is larger than ``apidocs_max_file_size``; it is not parsed."""
    ENCODING = "encoding"
    """A file is not UTF-8 (or UTF-16/32 with a BOM) text."""
    PARSE = "parse"
    """YAML or JSON syntax error."""
    UNSAFE = "unsafe"
    """A YAML tag that would construct objects (``!!python/...``) or another unsupported tag; the value is kept as text and nothing runs."""
    DEPTH = "depth"
    """Nesting deeper than the loader accepts; the document is refused."""
    ALIAS = "alias"
    """YAML aliases that expand too far ("billion laughs") or refer to themselves."""
    DUPLICATE_KEY = "duplicate-key"
    """A mapping holds the same key twice; the last one wins."""
    NOT_OPENAPI = "not-openapi"
    """The document is not an OpenAPI 3.x or Swagger 2.0 description."""
    # references
    REF = "ref"
    """A ``$ref`` that cannot be resolved (missing file, missing pointer, bad pointer)."""
    REF_CYCLE = "ref-cycle"
    """A chain of ``$ref`` that only points at itself."""
    REMOTE_REF = "remote-ref"
    """A reference to a remote URL; nothing is fetched."""
    OUTSIDE_PROJECT = "outside-project"
    """A reference or path that leaves the project (also by a symlink); nothing is read."""
    # the spec's content
    STRUCTURE = "structure"
    """A part of the spec has the wrong shape (a list where an object belongs, ...); it is skipped with a placeholder."""
    UNSUPPORTED = "unsupported"
    """A schema keyword the extension does not show (an unknown or misspelt one, one of
    another JSON Schema version, ``externalDocs`` on a schema ...), or an OpenAPI 3.2 field
    it does not read (``$self``; ``itemEncoding`` and ``prefixEncoding`` outside a stream):
    reported once per spec and keyword, where it is first used, so nothing the spec says
    is dropped in silence."""
    HTML = "html"
    """Unsafe HTML or a URL with a non-web scheme in spec text was removed."""
    SAMPLE = "sample"
    """A body example made up from its schema does not validate against that schema (the schema cannot be met, or the generator falls short): warned once per schema, at the schema, by the builds that show it; the page says so under the example. ``apicheck`` reports it as ``sample-invalid``."""
    # directives and configuration
    UNKNOWN_SPEC = "unknown-spec"
    """A directive names a spec that is neither in ``apidocs_specs`` nor a file."""
    UNKNOWN_OPERATION = "unknown-operation"
    """``api-endpoint`` names an operation the spec does not have."""
    UNKNOWN_SCHEMA = "unknown-schema"
    """``api-schema`` names a schema the spec does not have."""
    OPTION = "option"
    """A directive option has an invalid value (a bad regular expression, an unknown method, ...)."""
    XREF = "xref"
    """A reference (``:api:op:``, ``:api:schema:``, ``:api:tag:``) that finds nothing, or finds the same name in several specs; the closest target is suggested."""
    DUPLICATE = "duplicate"
    """The same operation, schema or tag is documented twice; the second is not indexed (give one of them ``:no-index:``)."""
    FILTER = "filter"
    """A directive's filters select no operation."""
    MARKDOWN = "markdown"
    """A Markdown endpoint source disagrees with the spec (an endpoint, parameter or status code the spec does not have, path parameters named differently, the same endpoint twice) or has a line it cannot read (a malformed parameter item, bad front matter)."""
    DIAGRAM = "diagram"
    """An ``api-diagram`` with nothing to draw (no links, no webhooks), or, once per build, diagrams shown as Mermaid source in PDF output because the Mermaid CLI is missing."""
    CONFIG = "config"
    """A configuration value has the wrong type or value; the default is used."""
    HISTORY = "history"
    """An ``apidocs_spec_history`` entry that cannot be read (``git show`` failed, a bad ``git:REV:PATH``) or is not a usable spec; that version is left out."""
    CHANGE = "change"
    """A change from the newest version in ``apidocs_spec_history`` to the current spec that breaks clients (reported by ``apicheck`` only)."""
    PAGES = "pages"
    """``apidocs_pages`` leaves a page alone: a file it did not generate is where a page belongs (it is kept), or the spec cannot be loaded or the file written."""
    TEMPLATE = "template"
    """A code sample template (``apidocs_sample_templates``) has a syntax error or fails while rendering; that language's sample is left out."""
    INTERNAL = "internal"
    """An unexpected error inside the extension while reading a spec; the spec is skipped. Please report it with the spec."""
    CHECK = "check"
    """Findings of the ``apicheck`` builder. Under ``apicheck`` every ``apidocs`` warning is
    a finding with the subtype ``check.<rule>`` (see the rules reference), so
    ``suppress_warnings = ["apidocs.check.component-unused"]`` hides one rule's findings."""
    LATEX = "latex"
    """Characters the LaTeX engine cannot typeset (use xelatex or lualatex)."""
