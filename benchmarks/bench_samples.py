"""Generated payloads over the corpus: how many validate, and how fast they are made.

For every request and response schema of every spec under ``--dir`` (default
``../shared/corpus``), generate a payload in its context (request/response)
and validate it with jsonschema (``sphinxext_apidocs.validation.validator``).
A payload that fails is made again with the validator as ``check`` (what a
caller that can afford it gets: every ``oneOf``/``anyOf`` branch is then also
checked by jsonschema), and validated again.  Prints the pass rate per spec
and in total, with and without the check, the time spent generating without
the check (validation is not counted), and the failures grouped by cause
with their JSON pointers.

Causes (see ``classify``): a schema no value can satisfy is *unsatisfiable*
and leaves the denominator of the "satisfiable" rate; every other failure
counts against the sampler.

    python benchmarks/bench_samples.py [--dir DIR] [--filter SUBSTR] [--show N] [--no-check]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import re._parser as sre_parse  # type: ignore[import-not-found]  # Python's own regex parser
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import corpus_specs  # noqa: E402

from sphinxext_apidocs.samples.payload import (  # noqa: E402  (after the path set-up)
    MAX_ITEMS,
    MAX_LENGTH,
    body_schemas,
    sample,
)
from sphinxext_apidocs.spec.model import Schema  # noqa: E402
from sphinxext_apidocs.spec.normalize import load_spec  # noqa: E402
from sphinxext_apidocs.validation.validator import SpecValidator  # noqa: E402

#: causes of failures that no payload can avoid: the schema has no valid value
UNSATISFIABLE = {
    "oneof-equivalent-branches": "a oneOf whose every branch has a twin accepting the same values"
    " (annotations aside): no value is valid under exactly one",
    "allof-disjoint-types": "allOf parts whose types have nothing in common",
    "enum-outside-type": "an enum none of whose values has the declared type",
    "required-but-forbidden": "a required property that additionalProperties: false forbids"
    " (declared in no properties of that schema)",
    "required-recursion": "required properties that lead back to their own schema"
    " (no null, optional or empty-array way out): no finite value",
    "impossible-pattern": "a pattern no string matches (a ^ anchor after required characters)",
}
#: causes that are not the sample's fault, or that it accepts by design
EXPLAINED = {
    "readonly-behind-ref": "a readOnly (request) / writeOnly (response) property reached through"
    " $ref is required by the validator (in_context only sees the keyword written on the"
    " property itself); OpenAPI does not require it, the sample leaves it out",
    "discriminator-overlap": "the value is valid under several oneOf branches; the discriminator"
    " tells them apart for OpenAPI, JSON Schema cannot",
    "beyond-bounds": f"a minLength above MAX_LENGTH ({MAX_LENGTH}) or minItems/minProperties above"
    f" MAX_ITEMS ({MAX_ITEMS}): samples stay bounded",
}
OTHER = {
    "oneof-overlap": "the value is valid under several oneOf branches (they overlap: a value"
    " valid under one only would need a property another branch declares with another type)",
    "other": "not classified: a sampler shortcoming",
}

#: keywords that never change which values validate
_ANNOTATIONS = frozenset(
    {
        *("title", "description", "example", "examples", "default", "deprecated"),
        *("externalDocs", "xml", "readOnly", "writeOnly", "discriminator", "format"),
        *("$comment", "$id", "$schema", "$anchor", "contentMediaType", "contentEncoding"),
    }
)
_SCHEMA_MAPS = frozenset(("properties", "patternProperties", "definitions", "$defs"))
_SCHEMA_LISTS = frozenset(("allOf", "anyOf", "oneOf", "prefixItems"))
_SCHEMA_ONE = frozenset(
    {
        *("not", "additionalProperties", "additionalItems", "items", "contains"),
        *("propertyNames", "if", "then", "else", "unevaluatedItems", "unevaluatedProperties"),
    }
)


class Classifier:
    """Why a payload fails: walks jsonschema's errors back through the spec's raw schemas."""

    def __init__(self, validator: SpecValidator, context: str) -> None:
        self.registry = validator.registry(context)
        self.draft4 = validator.draft is not DRAFT202012
        self.cls = jsonschema.Draft4Validator if self.draft4 else jsonschema.Draft202012Validator
        self.context = context

    def classify(self, target: str, errors: list[jsonschema.ValidationError]) -> tuple[str, str]:
        """(cause, detail) of a failing payload: unsatisfiable only if every error is."""
        causes = [self.cause(target, e) for e in errors]
        for group in (OTHER, EXPLAINED, UNSATISFIABLE):
            for cause, detail in causes:
                if cause in group:
                    return cause, detail
        return causes[0]

    def cause(self, target: str, e: jsonschema.ValidationError) -> tuple[str, str]:
        detail = f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:160]}"
        try:
            chain, resolver = self.chain(target, list(e.absolute_schema_path)[:-1])
        except Exception:  # a path we cannot follow
            return "other", detail
        node = chain[-1][0]
        kind = str(e.validator)
        found = None
        if kind == "oneOf":
            found = self.one_of(e, node, resolver)
        elif kind in ("type", "enum"):
            found = self.enum_type(node) or self.all_of_types(chain)
        elif kind == "required":
            found = self.required(e, node, resolver)
        elif kind == "pattern" and isinstance(e.validator_value, str):
            found = "impossible-pattern" if _impossible(e.validator_value) else None
        elif kind in ("minLength", "minItems", "minProperties"):
            limit = MAX_LENGTH if kind == "minLength" else MAX_ITEMS
            if isinstance(e.validator_value, int) and e.validator_value > limit:
                found = "beyond-bounds"
        if found is None and kind == "required" and self.recursion(chain):
            found = "required-recursion"
        if found in UNSATISFIABLE and self.avoidable(chain):
            # the broken schema sits where the sample could have left it out
            return "other", f"{detail} (avoidable {found})"
        return found or "other", detail

    # -- following the schema path ------------------------------------------------------

    def deref(self, node: Any, resolver: Any, next_key: Any = None) -> tuple[Any, Any]:
        for _ in range(64):
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not isinstance(ref, str) or (not self.draft4 and next_key in node):
                break
            resolved = resolver.lookup(ref)
            node, resolver = resolved.contents, resolved.resolver
        return node, resolver

    def chain(self, target: str, path: list[Any]) -> tuple[list[tuple[Any, Any]], Any]:
        """[(node, key taken from it)] from the root schema to the failing keyword's schema."""
        resolved = self.registry.resolver().lookup(target)
        node, resolver = resolved.contents, resolved.resolver
        out: list[tuple[Any, Any]] = []
        for key in path:
            if key == "$ref":
                node, resolver = self.deref(node, resolver)
                continue
            node, resolver = self.deref(node, resolver, key)
            out.append((node, key))
            node = node[key]
        node, resolver = self.deref(node, resolver)
        out.append((node, None))
        return out, resolver

    def avoidable(self, chain: list[tuple[Any, Any]]) -> bool:
        """The path passes an optional property, an array that may be empty, or a branch."""
        for i, (node, key) in enumerate(chain[:-1]):
            if not isinstance(node, dict):
                continue
            optional = {
                "properties": chain[i + 1][1] not in (node.get("required") or []),
                "items": not node.get("minItems"),
                "additionalProperties": not node.get("minProperties"),
                "oneOf": True,
                "anyOf": True,
            }
            if optional.get(key, False):
                return True
        return False

    # -- causes -------------------------------------------------------------------------

    def one_of(self, e: jsonschema.ValidationError, node: Any, resolver: Any) -> str | None:
        branches = [json.dumps(self.canon(b, resolver), sort_keys=True) for b in node["oneOf"]]
        counts = Counter(branches)
        if len(branches) > 1 and all(counts[b] > 1 for b in branches):
            return "oneof-equivalent-branches"
        if "is valid under each of" in e.message:
            return (
                "discriminator-overlap" if self.discriminated(node, resolver) else "oneof-overlap"
            )
        return None

    def discriminated(self, node: Any, resolver: Any) -> bool:
        """A discriminator on the oneOf's schema, or on every branch (or an allOf part of it)."""
        if isinstance(node.get("discriminator"), dict):
            return True

        def has(schema: Any, resolver: Any, depth: int = 0) -> bool:
            schema, resolver = self.deref(schema, resolver)
            if not isinstance(schema, dict) or depth > 8:
                return False
            return isinstance(schema.get("discriminator"), dict) or any(
                has(part, resolver, depth + 1) for part in schema.get("allOf") or []
            )

        return all(has(branch, resolver) for branch in node["oneOf"])

    def enum_type(self, node: Any) -> str | None:
        enum, types = node.get("enum"), node.get("type")
        if not isinstance(enum, list) or types is None:
            return None
        types = types if isinstance(types, list) else [types]
        checker = self.cls.TYPE_CHECKER
        try:
            if not any(checker.is_type(v, t) for v in enum for t in types):
                return "enum-outside-type"
        except jsonschema.exceptions.UnknownType:
            return None
        return None

    def all_of_types(self, chain: list[tuple[Any, Any]]) -> str | None:
        for node, key in reversed(chain[:-1]):
            if key != "allOf" or not isinstance(node, dict):
                continue
            allowed: set[str] | None = _types(node)
            for part in node["allOf"]:
                part_types = _types(part if "$ref" not in part else self.resolved(part))
                if part_types is not None:
                    allowed = part_types if allowed is None else allowed & part_types
            if allowed is not None and not allowed:
                return "allof-disjoint-types"
        return None

    def resolved(self, node: Any) -> Any:
        try:
            return self.deref(node, self.registry.resolver())[0]
        except Exception:  # an unresolvable ref: nothing to classify by
            return {}

    def required(self, e: jsonschema.ValidationError, node: Any, resolver: Any) -> str | None:
        if not isinstance(e.instance, dict) or not isinstance(node, dict):
            return None
        missing = [name for name in e.validator_value if name not in e.instance]
        props = node.get("properties") or {}
        patterns = node.get("patternProperties") or {}
        hidden = "readOnly" if self.context == "request" else "writeOnly"
        causes = set()
        for name in missing:
            if name in props:
                target, _ = self.deref(props[name], resolver)
                causes.add("readonly-behind-ref" if target.get(hidden) is True else None)
            elif node.get("additionalProperties") is False and not any(
                re.search(p, name) for p in patterns
            ):
                causes.add("required-but-forbidden")
            else:
                causes.add(None)
        return causes.pop() if len(causes) == 1 else None

    def recursion(self, chain: list[tuple[Any, Any]]) -> bool:
        """The path goes round a cycle of required, non-nullable object properties."""
        seen: dict[int, int] = {}
        for i, (node, _key) in enumerate(chain):
            if id(node) in seen:
                start = seen[id(node)]
                steps = chain[start:i]
                if all(self.required_step(chain, j) for j in range(start, i)) and steps:
                    return True
            seen[id(node)] = i
        return False

    @staticmethod
    def required_step(chain: list[tuple[Any, Any]], j: int) -> bool:
        """The step out of ``chain[j]`` must be taken: a required property, an allOf part."""
        node, key = chain[j]
        if j and chain[j - 1][1] in ("properties", "allOf"):
            return True  # from the map of properties to one, from the list of parts to one
        if not isinstance(node, dict):
            return False
        types = node.get("type")
        if types == "null" or (isinstance(types, list) and "null" in types):
            return False
        if key == "properties":
            return chain[j + 1][1] in (node.get("required") or [])
        return key == "allOf"

    def canon(self, node: Any, resolver: Any, depth: int = 0) -> Any:
        """A schema with its references followed and its annotations dropped."""
        if not isinstance(node, dict) or depth > 40:
            return node
        if isinstance(node.get("$ref"), str):
            resolved = resolver.lookup(node["$ref"])
            inner = (
                ["$ref", id(resolved.contents)]
                if depth > 20
                else self.canon(resolved.contents, resolved.resolver, depth + 1)
            )
            rest = {k: v for k, v in node.items() if k != "$ref"}
            if self.draft4 or not self.canon(rest, resolver, depth + 1):
                return inner
            return {"allOf": [inner, self.canon(rest, resolver, depth + 1)]}
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _ANNOTATIONS or key.startswith("x-"):
                continue
            if key in _SCHEMA_MAPS and isinstance(value, dict):
                out[key] = {k: self.canon(v, resolver, depth + 1) for k, v in value.items()}
            elif key in _SCHEMA_LISTS and isinstance(value, list):
                out[key] = [self.canon(v, resolver, depth + 1) for v in value]
            elif key in _SCHEMA_ONE:
                out[key] = (
                    [self.canon(v, resolver, depth + 1) for v in value]
                    if isinstance(value, list)
                    else self.canon(value, resolver, depth + 1)
                )
            else:
                out[key] = value
        return out


def _types(node: Any) -> set[str] | None:
    types = node.get("type") if isinstance(node, dict) else None
    if types is None:
        return None
    out = set(types) if isinstance(types, list) else {types}
    if "number" in out:
        out.add("integer")
    return out


def _impossible(pattern: str) -> bool:
    """A ``^`` (or ``\\A``) after characters the pattern requires, outside multiline mode."""
    try:
        tree = sre_parse.parse(pattern)
    except Exception:  # a pattern Python cannot parse: not known to be impossible
        return False
    if tree.state.flags & re.MULTILINE:
        return False
    width = 0
    for op, arg in tree:
        if str(op) == "AT" and str(arg) in ("AT_BEGINNING", "AT_BEGINNING_STRING") and width:
            return True
        width += sre_parse.SubPattern(tree.state, [(op, arg)]).getwidth()[0]
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--filter", default="")
    parser.add_argument("--show", type=int, default=20, help="failures to print per cause")
    parser.add_argument(
        "--no-check", action="store_true", help="do not make failing payloads again with the check"
    )
    args = parser.parse_args()
    files = corpus_specs(args.dir, args.filter)
    total = passed = passed_checked = unchecked = 0
    generate_s = checked_s = 0.0
    github = [0, 0, 0]  # payloads, passed, passed with the check
    failures: dict[str, list[str]] = defaultdict(list)
    for path in files:
        spec, _problems, used = load_spec(os.fspath(path), os.fspath(path.parent))
        if spec is None:
            continue
        validator = SpecValidator(spec, os.fspath(path.parent), used)
        ok = ok_checked = count = 0
        for where, schema, context in body_schemas(spec):
            start = time.perf_counter()
            value = sample(spec, schema, context)
            generate_s += time.perf_counter() - start
            errors = _errors(validator, schema, value, context)
            if errors is None:
                unchecked += 1
                continue
            count += 1
            if not errors:
                ok += 1
                ok_checked += 1
                continue
            if not args.no_check:
                start = time.perf_counter()
                value = sample(spec, schema, context, check=_checker(validator, context))
                checked_s += time.perf_counter() - start
                errors = _errors(validator, schema, value, context) or []
                if not errors:
                    ok_checked += 1
                    continue
            cause, detail = Classifier(validator, context).classify(
                _target(validator, schema), errors
            )
            failures[cause].append(
                f"{path.relative_to(args.dir)} {where} {schema.location.pointer}: {detail}"
            )
        total += count
        passed += ok
        passed_checked += ok_checked
        if path.name == "api.github.com.json":
            github = [github[0] + count, github[1] + ok, github[2] + ok_checked]
        if count:
            checked = "" if args.no_check else f"  (checked {100 * ok_checked / count:5.1f}%)"
            print(
                f"{ok:5d}/{count:<5d} {100 * ok / count:6.1f}%{checked}  {path.relative_to(args.dir)}"
            )
    unsat = sum(len(failures[c]) for c in UNSATISFIABLE)
    print(
        f"\ntotal: {total + unchecked} payloads; {unchecked} not checkable (the schema has a"
        f" pattern Python's re cannot compile, or a type jsonschema does not know)"
    )
    _rate("validate", passed, total)
    if not args.no_check:
        _rate("validate with the check", passed_checked, total)
    _rate(f"of the satisfiable ({unsat} unsatisfiable left out) validate", passed, total - unsat)
    if not args.no_check:
        _rate("of the satisfiable validate with the check", passed_checked, total - unsat)
    if github[0]:
        _rate("of GitHub's (api.github.com.json) validate", github[1], github[0])
        if not args.no_check:
            _rate("of GitHub's validate with the check", github[2], github[0])
    print(f"generating took {generate_s:.2f} s", end="")
    print("" if args.no_check else f" (second tries with the check: {checked_s:.2f} s)")
    for title, group in (
        ("unsatisfiable schemas", UNSATISFIABLE),
        ("explained", EXPLAINED),
        ("sampler failures", OTHER),
    ):
        print(f"\n{title}:")
        for cause, text in group.items():
            lines = failures.get(cause, [])
            print(f"  {len(lines):4d}  {cause}: {text}")
            for line in lines[: args.show]:
                print(f"          {line}")
            if len(lines) > args.show:
                print(f"          ... {len(lines) - args.show} more")
    return 0


def _rate(what: str, ok: int, count: int) -> None:
    print(f"{ok}/{count} {what} ({100 * ok / max(count, 1):.2f}%)")


def _target(validator: SpecValidator, schema: Schema) -> str:
    if schema.ref:
        return f"{validator.uri(schema.ref.partition('#')[0])}#{schema.ref.partition('#')[2]}"
    return f"{validator.uri(schema.location.file)}#{schema.location.pointer}"


def _errors(
    validator: SpecValidator, schema: Schema, value: Any, context: str
) -> list[jsonschema.ValidationError] | None:
    """jsonschema's errors; None when the schema cannot be checked (not the sample's fault)."""
    cls = (
        jsonschema.Draft202012Validator
        if validator.draft is DRAFT202012
        else jsonschema.Draft4Validator
    )
    try:
        check = cls({"$ref": _target(validator, schema)}, registry=validator.registry(context))
        return list(check.iter_errors(value))
    except Exception:  # an uncompilable pattern, an unknown type, an unresolvable ref
        return None


def _checker(validator: SpecValidator, context: str) -> Callable[[Schema, Any], bool]:
    def check(schema: Schema, value: Any) -> bool:
        try:
            return not validator.errors(schema, value, context)
        except Exception:  # not checkable: no objection
            return True

    return check


if __name__ == "__main__":
    sys.exit(main())
