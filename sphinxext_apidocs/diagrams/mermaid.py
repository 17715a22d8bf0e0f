"""Mermaid diagrams drawn from the API model (pure Python, no Sphinx).

Four kinds, each a function returning a :class:`Diagram`:

* :func:`overview`: the API, its tags and their operations (a tree); past
  ``max_operations`` only the tags are drawn, each with its count, in a grid;
* :func:`sequence`: one operation as a sequence diagram: the request with its
  key parameters, the responses by status, and the callbacks the API sends;
* :func:`links`: the response links between operations (OpenAPI Link objects);
* :func:`webhooks`: the webhooks the API sends.

Every piece of spec text reaches the Mermaid source through :func:`label` (or
:func:`plain` for the accessible title and description), which keeps letters,
digits and a few harmless signs and writes everything else as a Mermaid entity
code (``#60;``): a quote, bracket, ``#``, ``;``, ``%%`` or line break from the
spec can neither end a label nor start a statement, and ``<script>`` arrives
in the page as text.  Node ids are generated (``o1``, ``t2``), never taken
from the spec.  ``<br/>`` is the only markup, and only this module writes it.

The diagrams' own words (titles, participants, notes, counts) come through a
:class:`Words` given by the caller, who knows the reader's language; they are
written as literal ``words.gettext("...")`` / ``words.ngettext(...)`` calls so that
the catalogue's extraction finds them.  Mermaid's keywords stay as they are.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote, unquote

from ..spec.model import (
    ApiSpec,
    Callback,
    Link,
    Operation,
)
from ..spec.paths import ADDITIONAL_OPERATIONS
from ..spec.pointer import unescape_token

KINDS = ("overview", "sequence", "links", "webhooks")

#: What may stay as written in a label; the rest becomes ``#<code point>;``.  Not ``$``
#: (``$$...$$`` is KaTeX maths) nor ``:`` (``fa:fa-x`` is an icon).
_LABEL_SAFE = frozenset(" .,/-_?!+*=@~'()[]{}")
#: ``accTitle`` / ``accDescr`` are shown as written: a colon is harmless there.
_PLAIN_SAFE = _LABEL_SAFE | {":"}
#: Mermaid refuses a diagram whose text is longer than 50,000 characters.
MAX_SOURCE = 48_000
_BREAK = "<br/>"
_SPACES = re.compile(r"\s+")

#: A rendered page for an operation (or tag), as a URL relative to the diagram's page.
OperationUrl = Callable[[Operation], "str | None"]
TagUrl = Callable[[str], "str | None"]


def _no_url(_: object) -> None:
    return None


def _english(message: str) -> str:
    return message


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


@dataclass(frozen=True)
class Words:
    """The diagrams' words in the reader's language: their own through ``gettext(message)``
    and ``ngettext(singular, plural, n)`` of the caller's catalogue (this stage knows
    nothing of Sphinx), and the spec's prose (summaries, descriptions) through
    ``prose(text)``; as written (English) by default."""

    gettext: Callable[[str], str] = _english
    ngettext: Callable[[str, str, int], str] = _english_plural
    prose: Callable[[str], str] = _english


ENGLISH = Words()


@dataclass(frozen=True)
class Diagram:
    kind: str
    source: str
    """The Mermaid text."""
    title: str
    """Plain text: the accessible title, also the alternative text where no picture is drawn."""
    note: str | None = None
    """What the diagram leaves out (caps), to be shown beside it."""


# -- text -----------------------------------------------------------------------


def _flatten(text: str, limit: int) -> str:
    """One line: whitespace runs (line breaks included) become a space; control and
    format characters (bidi overrides, zero-width) are dropped; cut at ``limit``."""
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C" or c.isspace())
    text = _SPACES.sub(" ", text).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def label(text: str, limit: int = 80) -> str:
    """``text`` as safe Mermaid label text (for a quoted node or edge label, a message,
    a note, a participant's name)."""
    out = "".join(
        c if c.isalnum() or c in _LABEL_SAFE else f"#{ord(c)};" for c in _flatten(text, limit)
    )
    return out or "(unnamed)"  # Mermaid rejects an empty label


def plain(text: str, limit: int = 200) -> str:
    """``text`` for ``accTitle`` / ``accDescr`` lines, which Mermaid shows as written (no
    entity codes): signs outside the safe set become spaces."""
    kept = "".join(c if c.isalnum() or c in _PLAIN_SAFE else " " for c in _flatten(text, limit))
    return _SPACES.sub(" ", kept).strip()


def _url(url: str) -> str:
    """A link target inside ``click ... href "..."`` (no quote or space can end it)."""
    return quote(url, safe="/#:?=&%.-_~+@!$,;*'()")


def _first_sentence(text: str | None, limit: int = 60) -> str:
    if not text:
        return ""
    first = _flatten(text, 400).split(". ")[0]
    return _flatten(first.rstrip("."), limit)


class _Source:
    """Lines of Mermaid text, with the header every diagram has."""

    def __init__(self, header: str, title: str, description: str) -> None:
        self.lines = [header, f"  accTitle: {plain(title)}", f"  accDescr: {plain(description)}"]

    def add(self, line: str, indent: int = 1) -> None:
        self.lines.append("  " * indent + line)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _op_label(op: Operation, words: Words, with_summary: bool = True) -> str:
    text = label(op.title)
    if op.deprecated:
        text += " " + label(words.gettext("(deprecated)"))
    if with_summary and op.summary:
        text += _BREAK + label(words.prose(op.summary), 60)
    return text


def _operations(words: Words, n: int) -> str:
    return words.ngettext("{count} operation", "{count} operations", n).format(count=f"{n:,}")


def _in_groups(words: Words, operations: int, groups: int) -> str:
    """Such as "12 operations in 3 groups"."""
    in_groups = words.ngettext(
        "{operations} in {count} group", "{operations} in {count} groups", groups
    )
    return in_groups.format(operations=_operations(words, operations), count=f"{groups:,}")


def _fitted(diagram: Diagram, words: Words) -> Diagram:
    """``diagram``, or, when its text is longer than Mermaid draws, a one-node diagram
    that says so."""
    if len(diagram.source) <= MAX_SOURCE:
        return diagram
    src = _Source("flowchart LR", diagram.title, words.gettext("The diagram is too large to draw."))
    too_large = label(words.gettext("Too large to draw"))
    src.add(f'x["{too_large}"]')
    note = words.gettext(
        "The diagram's Mermaid text would be {length} characters, more than Mermaid draws "
        "({limit}); lower apidocs_diagram_max_operations or draw a part of the API with :tags:."
    ).format(length=f"{len(diagram.source):,}", limit=f"{MAX_SOURCE:,}")
    return Diagram(diagram.kind, src.text(), diagram.title, note)


# -- overview ---------------------------------------------------------------------


def overview(
    spec: ApiSpec,
    operations: Iterable[Operation],
    *,
    tags: list[str] | None = None,
    operation_url: OperationUrl = _no_url,
    tag_url: TagUrl = _no_url,
    max_operations: int = 40,
    words: Words = ENGLISH,
) -> Diagram:
    """The API, its tags (those in ``tags`` when given) and their operations.

    An operation sits under its first tag (of ``tags``, when given), as in
    ``api-spec``; untagged ones under "Other operations".  With more than
    ``max_operations`` operations, each tag is one node with its count, and at
    most ``max_operations`` tags are drawn.
    """
    groups: dict[str, list[Operation]] = {}
    order = [t.name for t in spec.tags]
    for op in operations:
        first = next((t for t in op.tags if not tags or t in tags), None)
        if first is None and tags:
            continue
        groups.setdefault(first or "", []).append(op)
    names = [n for n in order if n in groups] + sorted(n for n in groups if n not in order and n)
    if "" in groups:
        names.append("")
    total = sum(len(v) for v in groups.values())
    title = words.gettext("Overview of {api}").format(api=spec.title)
    if tags:
        title += " " + words.gettext("(tags {tags})").format(tags=", ".join(tags))
    other = words.gettext("Other operations")
    in_summary = words.gettext("other operations")
    summary = ", ".join(
        f"{name or in_summary}: {_operations(words, len(groups[name]))}"
        for name in names[:max_operations]
    )
    description = f"{_in_groups(words, total, len(names))}. {summary}"
    api = label(spec.title) + (f" {label(spec.version)}" if spec.version else "")
    grid = None
    if len(names) > 1:
        grid = _tag_grid(title, description, api, names, groups, tag_url, max_operations, words)
        if total > max_operations:
            return _fitted(grid, words)
    src = _Source("flowchart LR", title, description)
    src.add(f'api(["{api}"])')
    n_op = 0
    for t_index, name in enumerate(names, 1):
        tid = f"t{t_index}"
        src.add(f'api --> {tid}["{label(name or other)}"]')
        url = tag_url(name) if name else None
        if url:
            src.add(f'click {tid} href "{_url(url)}" "{label(name)}"')
        for op in groups[name][:max_operations]:  # one group: as many as may be drawn
            n_op += 1
            oid = f"o{n_op}"
            src.add(f'{tid} --> {oid}["{_op_label(op, words)}"]')
            url = operation_url(op)
            if url:
                src.add(f'click {oid} href "{_url(url)}" "{label(op.title)}"')
            if op.deprecated:
                src.add(f"class {oid} deprecated")
    note = None
    if total > n_op:
        left = total - n_op
        more = words.ngettext("{count} more operation", "{count} more operations", left)
        src.add(f'{tid} --> more["… {label(more.format(count=f"{left:,}"))}"]')
        note = words.gettext(
            "The first {drawn} of {total} operations are drawn "
            "(apidocs_diagram_max_operations = {limit})."
        ).format(drawn=n_op, total=total, limit=max_operations)
    src.add("classDef deprecated stroke-dasharray: 4 3")
    tree = Diagram("overview", src.text(), title, note)
    if len(tree.source) > MAX_SOURCE and grid is not None:  # long labels: the tags only
        return _fitted(grid, words)
    return _fitted(tree, words)


def _tag_grid(
    title: str,
    description: str,
    api: str,
    names: list[str],
    groups: dict[str, list[Operation]],
    tag_url: TagUrl,
    max_tags: int,
    words: Words,
    columns: int = 6,
) -> Diagram:
    """Too many operations to draw: one node per tag with its count, in a grid of
    ``columns`` inside a box for the API (invisible links ``~~~`` make the columns),
    at most ``max_tags`` tags and a last node counting the rest."""
    total = sum(len(v) for v in groups.values())
    src = _Source("flowchart TB", title, description)
    heading = f"{api}{_BREAK}{label(_in_groups(words, total, len(names)))}"
    src.add(f'subgraph api["{heading}"]')
    src.add("direction TB", 2)
    ids = []
    other = words.gettext("Other operations")
    for t_index, name in enumerate(names[:max_tags], 1):
        tid = f"t{t_index}"
        ids.append(tid)
        count = label(_operations(words, len(groups[name])))
        src.add(f'{tid}["{label(name or other)}{_BREAK}{count}"]', 2)
    left = names[max_tags:]
    if left:
        ids.append("more")
        hidden = sum(len(groups[n]) for n in left)
        more = words.ngettext("{count} more group", "{count} more groups", len(left))
        more = label(more.format(count=f"{len(left):,}"))
        src.add(f'more["… {more}{_BREAK}{label(_operations(words, hidden))}"]', 2)
    for column in range(columns):
        chain = ids[column::columns]
        if len(chain) > 1:
            src.add(" ~~~ ".join(chain), 2)
    src.add("end")
    for tid, name in zip(ids, names[:max_tags], strict=False):  # "more" has no page
        url = tag_url(name) if name else None
        if url:
            src.add(f'click {tid} href "{_url(url)}" "{label(name)}"')
    if left:
        note = words.gettext(
            "{operations}: too many to draw one by one (the limit is "
            "apidocs_diagram_max_operations = {limit}), so each tag is one node with its "
            "count, and only the first {limit} tags are drawn. Draw one tag's operations "
            "with the :tags: option."
        )
    else:
        note = words.gettext(
            "{operations}: too many to draw one by one (the limit is "
            "apidocs_diagram_max_operations = {limit}), so each tag is one node with its "
            "count. Draw one tag's operations with the :tags: option."
        )
    operations = _in_groups(words, total, len(names))
    return Diagram(
        "overview", src.text(), title, note.format(operations=operations, limit=max_tags)
    )


# -- sequence ----------------------------------------------------------------------

_EXPRESSION = re.compile(r"\{(\$[^{}]+)\}")


def describe_expression(expression: str, words: Words = ENGLISH) -> str:
    """A runtime expression (``$request.body#/callbackUrl``) in words."""
    source, _, pointer = expression.partition("#")
    parts = source.split(".")
    if parts[0] not in ("$request", "$response"):
        whole = {
            "$url": words.gettext("the request URL"),
            "$method": words.gettext("the request method"),
            "$statusCode": words.gettext("the response status"),
        }
        return whole.get(source, expression)
    request = parts[0] == "$request"
    if len(parts) >= 2 and parts[1] == "body":
        field = " ".join(unescape_token(p) for p in pointer.strip("/").split("/") if p)
        if field:
            text = (
                words.gettext("the request body field {field}")
                if request
                else words.gettext("the response body field {field}")
            )
            return text.format(field=field)
        return words.gettext("the request body") if request else words.gettext("the response body")
    if len(parts) >= 3:
        name = ".".join(parts[2:])
        places = {
            ("$request", "header"): words.gettext("the request header {name}"),
            ("$request", "query"): words.gettext("the request query parameter {name}"),
            ("$request", "path"): words.gettext("the request path parameter {name}"),
            ("$response", "header"): words.gettext("the response header {name}"),
        }
        place = places.get((parts[0], parts[1]))
        if place is not None:
            return place.format(name=name)
    return expression


def callback_condition(callback: Callback, words: Words = ENGLISH) -> str:
    """Where a callback goes, in words: the URL of its expression, each runtime
    expression in it explained."""
    found = _EXPRESSION.findall(callback.expression)
    whole = callback.expression.strip()
    if whole.startswith("$") or (len(found) == 1 and whole == "{" + found[0] + "}"):
        where = describe_expression(found[0] if found else whole, words)
        return words.gettext("to the URL in {where}").format(where=where)
    if found:
        meanings = ", ".join(f"{{{e}}} = {describe_expression(e, words)}" for e in found)
        return words.gettext("to {url}, with {meanings}").format(
            url=callback.expression, meanings=meanings
        )
    return words.gettext("to {url}").format(url=callback.expression)


def _key_parameters(op: Operation, words: Words, limit: int = 5) -> str:
    required = [p for p in op.parameters if p.required]
    names = [f"{p.name} ({p.location_in})" for p in required[:limit]]
    if len(required) > limit:
        names.append(words.gettext("{count} more").format(count=len(required) - limit))
    text = ", ".join(names)
    body = op.request_body
    if body is not None and body.content:
        media_type = body.content[0].media_type
        text += ("; " if text else "") + words.gettext("request body {media_type}").format(
            media_type=media_type
        )
    return text


def _status(status: str, words: Words) -> str:
    """A response's status as the reader says it (``default``: any other status)."""
    return words.gettext("any other status") if status == "default" else status


def _response_text(status: str, description: str | None, words: Words) -> str:
    head = _status(status, words)
    first = _first_sentence(words.prose(description) if description else None)
    return label(head) + (": " + label(first) if first else "")


def _exchange(
    src: _Source,
    op: Operation,
    caller: str,
    callee: str,
    indent: int,
    words: Words,
    max_responses: int = 8,
) -> None:
    """The request ``caller`` -> ``callee`` and the responses back."""
    message = _op_label(op, words)
    params = _key_parameters(op, words)
    if params:
        message += _BREAK + label(params, 120)
    src.add(f"{caller}->>{callee}: {message}", indent)
    responses = op.responses[:max_responses]
    if not responses:
        none = label(words.gettext("(no responses documented)"))
        src.add(f"{callee}-->>{caller}: {none}", indent)
    elif len(responses) == 1:
        text = _response_text(responses[0].status, responses[0].description, words)
        src.add(f"{callee}-->>{caller}: {text}", indent)
    else:
        for i, response in enumerate(responses):
            src.add(
                f"{'alt' if i == 0 else 'else'} {label(_status(response.status, words))}", indent
            )
            text = _response_text(response.status, response.description, words)
            src.add(f"{callee}-->>{caller}: {text}", indent + 1)
        src.add("end", indent)
    left = len(op.responses) - max_responses
    if left > 0:
        more = words.ngettext("{count} more response", "{count} more responses", left)
        src.add(f"Note over {caller},{callee}: {label(more.format(count=left))}", indent)


def sequence(
    spec: ApiSpec, op: Operation, max_callbacks: int = 10, words: Words = ENGLISH
) -> Diagram:
    """The client's request, the responses by status, then each callback the API sends
    (to a callback receiver, the client's own server) and its answers.  A webhook is
    drawn the other way: the API calls your server."""
    title = words.gettext("Sequence of {operation}").format(operation=op.title)
    statuses = ", ".join(_status(r.status, words) for r in op.responses) or words.gettext(
        "no documented response"
    )
    if op.kind == "webhook":
        description = words.gettext(
            "The API sends the webhook {path} to your server, which answers {statuses}."
        ).format(path=op.path, statuses=statuses)
        src = _Source("sequenceDiagram", title, description)
        src.add(f"participant A as {label(spec.title)}")
        server = label(words.gettext("Your server"))
        src.add(f"participant S as {server}")
        _exchange(src, op, "A", "S", 1, words)
        return _fitted(Diagram("sequence", src.text(), title), words)
    every = [cb for cb in op.callbacks if cb.operations]
    callbacks = every[:max_callbacks]
    if callbacks:
        description = words.ngettext(
            "The client calls {operation}, the API answers {statuses}, and sends "
            "{count} callback: {names}.",
            "The client calls {operation}, the API answers {statuses}, and sends "
            "{count} callbacks: {names}.",
            len(every),
        ).format(
            operation=op.title,
            statuses=statuses,
            count=f"{len(every):,}",
            names=", ".join(cb.name for cb in callbacks),
        )
    else:
        description = words.gettext(
            "The client calls {operation}, the API answers {statuses}."
        ).format(operation=op.title, statuses=statuses)
    src = _Source("sequenceDiagram", title, description)
    client = label(words.gettext("Client"))
    src.add(f"participant C as {client}")
    src.add(f"participant A as {label(spec.title)}")
    if callbacks:
        receiver = label(words.gettext("Callback receiver"))
        src.add(f"participant R as {receiver}")
    _exchange(src, op, "C", "A", 1, words)
    for cb in callbacks:
        name = label(words.gettext("Callback {name}").format(name=cb.name))
        condition = label(callback_condition(cb, words), 100)
        src.add(f"Note over A,R: {name}{_BREAK}{condition}")
        for cb_op in cb.operations[:5]:
            _exchange(src, cb_op, "A", "R", 1, words)
    note = None
    if len(every) > max_callbacks:
        note = words.gettext("{left} of {total} callbacks not drawn.").format(
            left=len(every) - max_callbacks, total=len(every)
        )
    return _fitted(Diagram("sequence", src.text(), title, note), words)


# -- links ------------------------------------------------------------------------


def link_target(spec: ApiSpec, link: Link) -> Operation | None:
    """The operation a Link object names (by operationId, or by an ``operationRef`` into
    this document's paths)."""
    if link.operation_id:
        return next((o for o in spec.operations if o.operation_id == link.operation_id), None)
    ref = link.operation_ref or ""
    if not ref.startswith("#/paths/"):
        return None
    tokens = [unescape_token(unquote(t)) for t in ref[len("#/paths/") :].split("/")]
    if len(tokens) == 3 and tokens[1] in ADDITIONAL_OPERATIONS:  # OpenAPI 3.2
        tokens = [tokens[0], tokens[2]]
    elif len(tokens) == 2:
        tokens[1] = tokens[1].lower()
    else:
        return None
    path, method = tokens
    return next((o for o in spec.operations if o.path == path and o.method == method), None)


def _json(value: object) -> str:
    try:
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


def _link_label(status: str, link: Link, words: Words) -> str:
    parts = [label(f"{status}: {link.name}", 60)]
    for name, value in link.parameters[:4]:
        parts.append(label(f"{name} = {_json(value)}", 60))
    left = len(link.parameters) - 4
    if left > 0:
        more = words.ngettext("{count} more parameter", "{count} more parameters", left)
        parts.append(label(more.format(count=left)))
    return _BREAK.join(parts)


def links(
    spec: ApiSpec,
    operations: Iterable[Operation],
    *,
    operation_url: OperationUrl = _no_url,
    max_operations: int = 40,
    words: Words = ENGLISH,
) -> Diagram | None:
    """Which call follows which: an edge per response link, labelled with the status,
    the link's name and its parameter mapping.  ``None`` when no link is declared."""
    edges: list[tuple[Operation, str, Link, Operation | None]] = []
    for op in operations:
        for response in op.responses:
            for link in response.links:
                edges.append((op, response.status, link, link_target(spec, link)))
    if not edges:
        return None
    ids: dict[int, str] = {}
    title = words.gettext("Response links of {api}").format(api=spec.title)
    leads_to = words.gettext("{operation} {status} leads to {target}")
    nothing = words.gettext("nothing")
    followed = ", ".join(
        leads_to.format(
            operation=op.title,
            status=status,
            target=target.title if target else link.operation_id or link.operation_ref or nothing,
        )
        for op, status, link, target in edges[:20]
    )
    count = words.ngettext("{count} link: {links}", "{count} links: {links}", len(edges))
    src = _Source("flowchart LR", title, count.format(count=f"{len(edges):,}", links=followed))
    drawn = 0
    left_out = 0
    for source, status, link, target in edges:
        needed: list[Operation] = []
        for o in (source, target):  # a self-link needs its operation once
            if o is not None and id(o) not in ids and all(o is not n for n in needed):
                needed.append(o)
        if len(ids) + len(needed) > max_operations or drawn >= 3 * max_operations:
            left_out += 1
            continue
        for op in needed:
            node_id = ids[id(op)] = f"o{len(ids) + 1}"
            src.add(f'{node_id}["{_op_label(op, words, with_summary=False)}"]')
            url = operation_url(op)
            if url:
                src.add(f'click {node_id} href "{_url(url)}" "{label(op.title)}"')
        if target is not None:
            target_id = ids[id(target)]
        else:
            drawn_missing = f"m{drawn + 1}"
            named = link.operation_id or link.operation_ref or words.gettext("(no target)")
            missing = label(words.gettext("not an operation of this API"))
            src.add(f'{drawn_missing}["{label(named)}{_BREAK}{missing}"]')
            src.add(f"class {drawn_missing} missing")
            target_id = drawn_missing
        src.add(f'{ids[id(source)]} -->|"{_link_label(status, link, words)}"| {target_id}')
        drawn += 1
    src.add("classDef missing stroke-dasharray: 4 3")
    note = None
    if left_out:
        note = words.ngettext(
            "{count} link of {total} not drawn: the diagram stops at {operations} operations "
            "and {links} links (apidocs_diagram_max_operations).",
            "{count} links of {total} not drawn: the diagram stops at {operations} operations "
            "and {links} links (apidocs_diagram_max_operations).",
            left_out,
        ).format(
            count=f"{left_out:,}",
            total=len(edges),
            operations=max_operations,
            links=3 * max_operations,
        )
    return _fitted(Diagram("links", src.text(), title, note), words)


# -- webhooks ----------------------------------------------------------------------


def webhooks(spec: ApiSpec, *, max_operations: int = 40, words: Words = ENGLISH) -> Diagram | None:
    """The webhooks the API sends to the subscriber's server; ``None`` when there are none."""
    hooks = list(spec.webhooks)
    if not hooks:
        return None
    title = words.gettext("Webhooks of {api}").format(api=spec.title)
    sends = words.ngettext(
        "The API sends {count} webhook: {paths}",
        "The API sends {count} webhooks: {paths}",
        len(hooks),
    )
    paths = ", ".join(h.path for h in hooks[:20])
    src = _Source("sequenceDiagram", title, sends.format(count=f"{len(hooks):,}", paths=paths))
    src.add(f"participant A as {label(spec.title)}")
    server = label(words.gettext("Your server"))
    src.add(f"participant S as {server}")
    for hook in hooks[:max_operations]:
        _exchange(src, hook, "A", "S", 1, words, max_responses=4)
    note = None
    if len(hooks) > max_operations:
        note = words.gettext(
            "{left} of {total} webhooks not drawn (apidocs_diagram_max_operations = {limit})."
        ).format(left=len(hooks) - max_operations, total=len(hooks), limit=max_operations)
    return _fitted(Diagram("webhooks", src.text(), title, note), words)


__all__ = [
    "ENGLISH",
    "KINDS",
    "Diagram",
    "Words",
    "callback_condition",
    "describe_expression",
    "label",
    "link_target",
    "links",
    "overview",
    "plain",
    "sequence",
    "webhooks",
]
