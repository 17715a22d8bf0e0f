"""The rules on paths: ``path-parameter-undeclared``, ``path-parameter-unused``,
``path-identical`` and ``path-ambiguous`` (pure Python, no Sphinx)."""

from __future__ import annotations

import re
from typing import Any

from ...diagnostics import suggest
from ...diagnostics.rules import (
    PATH_AMBIGUOUS,
    PATH_IDENTICAL,
    PATH_PARAMETER_UNDECLARED,
    PATH_PARAMETER_UNUSED,
)
from ...spec.model import Operation
from ...spec.paths import TEMPLATE, raw_operations
from ...spec.pointer import escape_token
from ...validation.bounds import search
from .raw import Key, RawSpec, all_operations, bare, scalar_text


def check_path_parameters(raw: RawSpec) -> None:
    """Template names no path parameter declares; path parameters not in the template."""
    for op in all_operations(raw.spec, webhooks=False):
        if not isinstance(raw.value_at((op.location.file, op.location.pointer)), dict):
            continue  # not an object: the normaliser said so
        names = [n for n in TEMPLATE.findall(op.path) if not n.startswith("$")]
        if op.kind == "callback" and op.path.startswith("$"):
            continue
        # RFC 6570 operators ({+path}, {ids*}) are not OpenAPI, but common enough
        known = set(names) | {bare(n) for n in names}
        declared = [p for p in op.parameters if p.location_in == "path"]
        declared_names = {p.name for p in declared}
        if not any(p.location_in == "unresolved" for p in op.parameters):
            for name in dict.fromkeys(names):
                if name in declared_names or bare(name) in declared_names:
                    continue
                hint = suggest.aside(name, declared_names - known, what="parameter")
                raw.report(
                    PATH_PARAMETER_UNDECLARED,
                    f"{{{name}}} in the path of {op.title} has no 'in: path' parameter "
                    f"{bare(name)!r}{hint}",
                    op.location.file,
                    op.location.pointer,
                )
        if not declared:
            continue
        sites = parameter_sites(raw, op)
        for param in declared:
            if param.name in known:
                continue
            file, pointer, shared = sites.get(
                (param.location.file, param.location.pointer),
                (param.location.file, param.location.pointer, False),
            )
            if shared:  # listed for every operation of the path
                hint = suggest.aside(param.name, set(names), what="template name")
                where = op.path
            else:
                hint = suggest.aside(param.name, set(names) - declared_names, what="template name")
                where = op.title
            raw.report(
                PATH_PARAMETER_UNUSED,
                f"path parameter {param.name!r} of {where} is not in the path template{hint}",
                file,
                pointer,
            )


def parameter_sites(raw: RawSpec, op: Operation) -> dict[Key, tuple[str, str, bool]]:
    """Where each parameter of ``op`` is listed: resolved place -> (file, pointer of the
    list entry, listed at the path-item level)."""
    out: dict[Key, tuple[str, str, bool]] = {}
    file, op_pointer = op.location.file, op.location.pointer
    item_pointer = op_pointer.rsplit("/", 1)[0]
    for pointer, shared in ((item_pointer, True), (op_pointer, False)):
        owner = raw.value_at((file, pointer))
        entries = owner.get("parameters") if isinstance(owner, dict) else None
        if not isinstance(entries, list):
            continue
        for i, entry in enumerate(entries):
            site = f"{pointer}/parameters/{i}"
            found = raw.deref(entry, file, site)
            if found is not None:
                out[(found[1], found[2])] = (file, site, shared)
    return out


def check_paths(raw: RawSpec) -> None:
    """Paths the same but for their template names; paths that can match one request."""
    paths = raw.root.get("paths")
    if not isinstance(paths, dict):
        return
    templates = [p for p in paths if isinstance(p, str) and not p.startswith("x-")]
    first: dict[str, str] = {}
    unique: list[str] = []
    for path in templates:
        shape = TEMPLATE.sub("{}", path)
        if shape in first:
            raw.report(
                PATH_IDENTICAL,
                f"path {path} is the same as {first[shape]} but for the names of its "
                "template parameters",
                raw.main,
                "/paths/" + escape_token(path),
            )
        else:
            first[shape] = path
            unique.append(path)
    segments = [TEMPLATE.sub("{}", p).split("/") for p in unique]
    by_length: dict[int, list[int]] = {}
    for i, segs in enumerate(segments):
        by_length.setdefault(len(segs), []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in by_length.values():
        candidate_pairs(members, segments, 0, pairs)
    schemas = _ParameterSchemas(raw)
    for i, j in sorted(pairs):
        example = ambiguity(segments[i], segments[j], unique[i], unique[j])
        if example is None or schemas.kept_apart(unique[i], segments[i], unique[j], segments[j]):
            continue
        shown = f" (both match {example})" if example else ""
        raw.report(
            PATH_AMBIGUOUS,
            f"path {unique[j]} and path {unique[i]} can match the same request{shown}, and "
            "neither is more specific",
            raw.main,
            "/paths/" + escape_token(unique[j]),
        )


class _ParameterSchemas:
    """The schemas of the path parameters of each path, read when first needed."""

    def __init__(self, raw: RawSpec) -> None:
        self.raw = raw
        self._paths: dict[str, dict[str, list[dict[str, Any] | None]]] = {}

    def kept_apart(self, path1: str, segs1: list[str], path2: str, segs2: list[str]) -> bool:
        """Whether a literal segment of one path is one that the other path's parameter at
        that place cannot take (``teams`` for an integer ``{role_id}``)."""
        written1, written2 = path1.split("/"), path2.split("/")
        if len(written1) != len(segs1) or len(written2) != len(segs2):
            return False  # a template name with a slash: cannot be told
        for a, b, w1, w2 in zip(segs1, segs2, written1, written2, strict=True):
            if a == "{}" and "{" not in b:
                if not self.parameter_admits(path1, w1[1:-1], b):
                    return True
            elif b == "{}" and "{" not in a and not self.parameter_admits(path2, w2[1:-1], a):
                return True
        return False

    def parameter_admits(self, path: str, name: str, literal: str) -> bool:
        """Whether path parameter ``name`` of ``path`` can take the value ``literal``: by
        the schema of every operation that declares it (any doubt: it can)."""
        found = self._paths.get(path)
        if found is None:
            found = self._paths[path] = self.path_parameter_schemas(path)
        schemas = found.get(name)
        if not schemas:
            return True
        return any(_schema_admits(schema, literal) for schema in schemas)

    def path_parameter_schemas(self, path: str) -> dict[str, list[dict[str, Any] | None]]:
        """The schema of each ``in: path`` parameter of ``path``, as each operation sees it
        (the operation's own, else the path item's); None where it cannot be told."""
        paths = self.raw.root.get("paths")
        entry = paths.get(path) if isinstance(paths, dict) else None
        found = self.raw.deref(entry, self.raw.main, "/paths/" + escape_token(path))
        if found is None or not isinstance(found[0], dict):
            return {}
        item, file, _pointer = found
        shared = self.path_parameters(item.get("parameters"), file)
        ops = [op for _below, op in raw_operations(item) if isinstance(op, dict)]
        if not ops:
            return {name: [schema] for name, schema in shared.items()}
        names = {bare(n) for n in TEMPLATE.findall(path)}
        out: dict[str, list[dict[str, Any] | None]] = {}
        for op in ops:
            own = self.path_parameters(op.get("parameters"), file)
            for name in names:
                # undeclared (the operation's or the path item's): anything goes
                schema = own[name] if name in own else shared.get(name)
                out.setdefault(name, []).append(schema)
        return out

    def path_parameters(self, entries: Any, file: str) -> dict[str, dict[str, Any] | None]:
        """The ``in: path`` parameters of a parameter list: name -> schema (None if none)."""
        out: dict[str, dict[str, Any] | None] = {}
        if not isinstance(entries, list):
            return out
        for entry in entries:
            found = self.raw.deref(entry, file, "")
            if found is None or not isinstance(found[0], dict):
                continue
            param, pfile, _ = found
            name = param.get("name")
            if param.get("in") != "path" or not isinstance(name, str):
                continue
            if self.raw.swagger2:
                out[name] = param  # the parameter is its own schema
                continue
            schema = self.raw.deref(param.get("schema"), pfile, "")
            out[name] = schema[0] if schema is not None and isinstance(schema[0], dict) else None
        return out


# -- helpers ------------------------------------------------------------------------

_NUMERIC = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _schema_admits(schema: dict[str, Any] | None, literal: str) -> bool:
    """Whether a path segment ``literal`` can be a value of a parameter with ``schema``:
    by its type (integer, number, boolean), enum and pattern; anything else can be."""
    if schema is None:
        return True
    written = schema.get("type")
    types = [written] if isinstance(written, str) else written
    if isinstance(types, list) and types and not any(_type_admits(t, literal) for t in types):
        return False
    enum = schema.get("enum")
    if isinstance(enum, list) and enum and not any(_enum_admits(v, literal) for v in enum):
        return False
    pattern = schema.get("pattern")
    # a pattern that cannot be checked (unreadable, too costly here) can match
    return not (isinstance(pattern, str) and search(pattern, literal) is False)


def _type_admits(written: Any, literal: str) -> bool:
    if written in ("integer", "number"):
        return _NUMERIC.fullmatch(literal) is not None
    if written == "boolean":
        return literal in ("true", "false")
    if written == "null":
        return literal in ("", "null")
    return True


def _enum_admits(value: Any, literal: str) -> bool:
    if value is None:
        return literal == "null"
    if isinstance(value, (dict, list)):
        return True  # cannot be told
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and _NUMERIC.fullmatch(literal) and float(literal) == value:
        return True
    return scalar_text(value) == literal


_SMALL_GROUP = 12


def candidate_pairs(
    members: list[int], segments: list[list[str]], pos: int, pairs: set[tuple[int, int]]
) -> None:
    """Add to ``pairs`` the pairs of ``members`` (paths of the same length) that could match
    the same request, by splitting on literal segments position by position."""
    while True:
        if len(members) <= _SMALL_GROUP or pos >= len(segments[members[0]]):
            for a, i in enumerate(members):
                for j in members[a + 1 :]:
                    pairs.add((i, j) if i < j else (j, i))
            return
        buckets: dict[str, list[int]] = {}
        wild: list[int] = []
        for m in members:
            seg = segments[m][pos]
            if "{" in seg:
                wild.append(m)
            else:
                buckets.setdefault(seg, []).append(m)
        if len(buckets) + (1 if wild else 0) == 1:
            pos += 1  # nothing to split on here
            continue
        if not buckets:
            members = wild
            pos += 1
            continue
        for bucket in buckets.values():  # a literal bucket with the templated ones
            candidate_pairs(sorted(bucket + wild), segments, pos + 1, pairs)
        return


_RANK_LITERAL, _RANK_PARTIAL, _RANK_TEMPLATE = 2, 1, 0


def _rank(segment: str) -> int:
    if "{" not in segment:
        return _RANK_LITERAL
    return _RANK_TEMPLATE if segment == "{}" else _RANK_PARTIAL


_SEGMENT_RES: dict[str, re.Pattern[str]] = {}


def _segment_re(segment: str) -> re.Pattern[str]:
    found = _SEGMENT_RES.get(segment)
    if found is None:
        found = re.compile(".+".join(re.escape(part) for part in segment.split("{}")))
        _SEGMENT_RES[segment] = found
    return found


def _segments_meet(a: str, b: str) -> bool:
    """Whether one request segment can match both (normalised) segments."""
    if a == b:
        return True
    ta, tb = "{" in a, "{" in b
    if not ta and not tb:
        return False
    if ta and tb:
        pa, sa = a.partition("{}")[0], a.rpartition("{}")[2]
        pb, sb = b.partition("{}")[0], b.rpartition("{}")[2]
        return (pa.startswith(pb) or pb.startswith(pa)) and (sa.endswith(sb) or sb.endswith(sa))
    template, literal = (a, b) if ta else (b, a)
    return _segment_re(template).fullmatch(literal) is not None


def ambiguity(first: list[str], second: list[str], path1: str, path2: str) -> str | None:
    """None unless the two paths (normalised segments) can match one request with neither
    more specific; then an example request (``""`` when none can be written down)."""
    first_more = second_more = tie = False
    for a, b in zip(first, second, strict=True):
        if a == b:
            continue
        if not _segments_meet(a, b):
            return None
        ra, rb = _rank(a), _rank(b)
        if ra > rb:
            first_more = True
        elif rb > ra:
            second_more = True
        else:
            tie = True
    if not ((first_more and second_more) or tie):
        return None
    written1, written2 = path1.split("/"), path2.split("/")
    example = []
    for a, b, w1, w2 in zip(first, second, written1, written2, strict=False):
        if "{" not in a:
            example.append(a)
        elif "{" not in b:
            example.append(b)
        else:
            example.append(w1 if _rank(a) >= _rank(b) else w2)
    return "/".join(example)
