"""Output for tools and LLMs, for HTML builders (``apidocs_llms_txt``): ``llms.txt`` and
``llms-full.txt`` at the root of the output, one Markdown file per operation in
``_apidocs/<spec>/operations/`` and one per named schema they use in
``_apidocs/<spec>/schemas/``.

Written once the build has written its pages, from the ``api`` domain (the operations
some page renders, with their page and anchor) and the model (the text: see
:mod:`..render.llms`); a file only when its content changed, and the Markdown files of
operations and schemas no page renders any more are removed.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.config import Config
from sphinx.util import logging

from ..render.code_samples import collect
from ..render.llms import (
    IndexLink,
    OperationText,
    SchemaLink,
    SchemaText,
    description,
    first_sentence,
    llms_index,
    one_line,
    operation_markdown,
)
from ..render.schema import schemas_used
from ..samples.validity import MadeUp, MadeUpKey
from ..spec.model import ApiSpec, Operation, Schema
from ..validation.validator import SpecValidator
from . import state, warning
from .deferred import spec_validator
from .domain import ApiDomain, ApiObject, ObjectKind
from .downloads import FOLDER, HTML_BUILDERS, spec_folder, write_if_changed

logger = logging.getLogger("sphinxext_apidocs")

INDEX = "llms.txt"
FULL = "llms-full.txt"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def file_slug(taken: set[str], *texts: str) -> str:
    """A file name (without ``.md``) made of the first of ``texts`` that gives one, in
    ASCII letters, digits, ``-`` and ``_``; unique in ``taken`` ignoring case, as file
    systems on macOS and Windows do (``taken`` holds the names lowercased; this one is
    added)."""
    base = next((b for b in (_UNSAFE.sub("-", t).strip("-")[:100] for t in texts) if b), "file")
    slug, n = base, 1
    while slug.lower() in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug.lower())
    return slug


def relative(uri: str, folder: str) -> str:
    """``uri`` (relative to the output root) as seen from ``folder`` (also under it)."""
    path, hash_, fragment = uri.partition("#")
    rel = posixpath.relpath(path or ".", folder) if folder else path
    if not path or path.endswith("/"):
        rel = rel.rstrip("/") + "/"
    return rel + hash_ + fragment


@dataclass
class SpecOutput:
    """One spec's share: its operations in spec order and where each is."""

    name: str
    spec: ApiSpec
    operations: list[tuple[Operation, ApiObject, str]]
    """(operation, its domain object, its Markdown file under the output)"""
    schemas: dict[str, str]
    """named schema -> its Markdown file under the output"""
    validator: SpecValidator | None = None
    """Judges the made-up examples (see :func:`.deferred.spec_validator`)."""
    made_up_cache: dict[MadeUpKey, MadeUp] = field(default_factory=dict)
    """The made-up bodies the pages of the spec made (:func:`.made_up`)."""


def write(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the files, for HTML builders, unless ``apidocs_llms_txt`` is off."""
    builder = app.builder
    if exception is not None or builder is None or builder.name not in HTML_BUILDERS:
        return
    if not app.config.apidocs_llms_txt:
        return
    domain = app.env.get_domain("api")
    assert isinstance(domain, ApiDomain)
    by_spec: dict[str, dict[str, ApiObject]] = {}
    for obj in domain.objects.values():
        if obj.kind == ObjectKind.OPERATION:
            by_spec.setdefault(obj.spec, {})[obj.title] = obj
    if not by_spec:
        return
    outputs = [out for name in sorted(by_spec) if (out := _spec_output(app, name, by_spec[name]))]
    pages = _page_uris(app, outputs)
    outdir = Path(app.outdir)
    wanted: set[Path] = set()
    full_parts: list[str] = []
    for out in outputs:
        full_parts.append(_write_spec(app, out, pages, outdir, wanted))
    for out in outputs:
        for kind in ("operations", "schemas"):
            folder = outdir / spec_folder(out.name, app.config.apidocs_specs) / kind
            for stale in folder.glob("*.md") if folder.is_dir() else ():
                if stale not in wanted:
                    stale.unlink()
    title, summary = _title(app, outputs)
    full = llms_index(title, summary, "", []) + "\n" + "\n".join(full_parts)
    write_if_changed(outdir / FULL, full.encode())
    titles = {docname: node.astext() for docname, node in app.env.titles.items()}
    index = _index(titles, title, summary, outputs, pages)
    write_if_changed(outdir / INDEX, index.encode())


def _spec_output(app: Sphinx, name: str, objects: dict[str, ApiObject]) -> SpecOutput | None:
    paths = [path for (used, path) in warning.spec_uses(app.env) if used == name]
    if not paths:
        return None
    build = state.state(app.env)
    loaded = build.cache.get(name, paths[0], build.root, app.config.apidocs_max_file_size)
    if loaded.spec is None:  # reported where it is used
        return None
    spec = loaded.spec
    folder = spec_folder(name, app.config.apidocs_specs)
    taken: set[str] = set()
    operations = []
    for op in spec.operations + spec.webhooks:
        if op.title in objects:
            slug = file_slug(taken, op.operation_id or "", f"{op.method}-{op.path}", "operation")
            operations.append((op, objects[op.title], f"{folder}/operations/{slug}.md"))
    taken = set()
    schemas = {
        schema: f"{folder}/schemas/{file_slug(taken, schema, 'schema')}.md"
        for schema in schemas_used(spec, [op for op, _obj, _file in operations])
    }
    validator = spec_validator(app.env, loaded)
    made_up_cache = loaded.render_memo.setdefault("made_up", {})
    return SpecOutput(name, spec, operations, schemas, validator, made_up_cache)


def _schema_links(schemas: dict[str, str], folder: str) -> SchemaLink:
    """Links from files in ``folder`` to the schemas' files."""
    return lambda name: relative(schemas[name], folder) if name in schemas else None


def _page_uris(app: Sphinx, outputs: list[SpecOutput]) -> dict[str, str]:
    """Each page that renders an operation -> its URI from the output root."""
    builder = app.builder
    out = {}
    for spec_output in outputs:
        for _op, obj, _file in spec_output.operations:
            if obj.docname not in out:
                if isinstance(builder, SingleFileHTMLBuilder):
                    out[obj.docname] = app.config.root_doc + builder.out_suffix
                else:
                    out[obj.docname] = builder.get_target_uri(obj.docname)
    return out


def _write_spec(
    app: Sphinx, out: SpecOutput, pages: dict[str, str], outdir: Path, wanted: set[Path]
) -> str:
    """Write the spec's operation and schema files; its part of ``llms-full.txt``."""
    config = app.config
    renderer = state.code_samples(app.env)
    spec = out.spec
    made_up: dict[tuple[object, str, str], list[str]] = {}  # shared by all texts

    def curl(op: Operation) -> str:
        try:
            samples = collect(
                renderer,
                op,
                spec,
                ("curl",),
                config.apidocs_base_url,
                config.apidocs_example_max_chars,
                config.apidocs_sample_properties,
            )
        except Exception:  # reported on the HTML page, where the same sample failed
            return ""
        return next((s.code for s in samples if s.language == "curl"), "")

    def text(op: Operation, obj: ApiObject, file: str, level: int, sample: str) -> str:
        folder = posixpath.dirname(file) if level == 1 else ""
        how = OperationText(
            spec,
            page_url=relative(f"{pages[obj.docname]}#{obj.anchor}", folder),
            schema_link=_schema_links(out.schemas if level == 1 else {}, folder),
            curl=sample,
            example_max_chars=config.apidocs_example_max_chars,
            properties=config.apidocs_sample_properties,
            level=level,
            validator=out.validator,
            made_up=made_up,
            made_up_cache=out.made_up_cache,
        )
        return operation_markdown(op, how)

    def op_texts(op: Operation, obj: ApiObject, file: str) -> tuple[str, str]:
        sample = curl(op)
        return text(op, obj, file, 1, sample), text(op, obj, file, 3, sample)

    def schema_texts(name: str, schema: Schema, file: str) -> tuple[str, str]:
        linked = SchemaText(spec, _schema_links(out.schemas, posixpath.dirname(file)))
        unlinked = SchemaText(spec, _schema_links({}, ""))
        return linked.full(name, schema, 1), unlinked.full(name, schema, 3)

    full = [f"## {one_line(spec.title)} {one_line(spec.version)}", description(spec.description)]
    for op, obj, file in out.operations:
        made = partial(op_texts, op, obj, file)
        full.append(_write_markdown(outdir / file, wanted, op.title, str(op.location), made))
    if out.schemas:
        full.append(f"## {one_line(spec.title)}: schemas")
    for name, file in out.schemas.items():
        schema = spec.schema_by_name(name)
        if schema is not None:
            made = partial(schema_texts, name, schema, file)
            full.append(
                _write_markdown(outdir / file, wanted, f"schema {name}", str(schema.location), made)
            )
    return "\n\n".join(part for part in full if part)


def _write_markdown(
    path: Path, wanted: set[Path], what: str, location: str, make: Callable[[], tuple[str, str]]
) -> str:
    """Write the Markdown file of ``what`` to ``path`` (``make`` gives its text and its
    part of ``llms-full.txt``, which is returned).  Should that fail, a bug of ours, the
    build goes on: a warning, no file, nothing in ``llms-full.txt``."""
    try:
        own, in_full = make()
        write_if_changed(path, own.encode())
    except Exception as exc:
        warning.internal(f"the Markdown of {what} could not be written", exc, location)
        return ""
    wanted.add(path)
    return in_full


def _title(app: Sphinx, outputs: list[SpecOutput]) -> tuple[str, str]:
    if len(outputs) == 1:
        spec = outputs[0].spec
        summary = spec.summary or first_sentence(spec.description)
        return spec.title, summary or f"{spec.title} {spec.version}"
    return app.config.project, "API reference: " + ", ".join(o.spec.title for o in outputs)


def _index(
    titles: dict[str, str],
    title: str,
    summary: str,
    outputs: list[SpecOutput],
    pages: dict[str, str],
) -> str:
    sections: list[tuple[str, list[IndexLink]]] = []
    optional: list[IndexLink] = []
    for out in outputs:
        prefix = f"{out.spec.title}: " if len(outputs) > 1 else ""
        counts: dict[str, int] = {}
        for _op, obj, _file in out.operations:
            counts[obj.docname] = counts.get(obj.docname, 0) + 1
        sections.append(
            (
                f"{prefix}Pages",
                [
                    IndexLink(
                        titles.get(docname, docname),
                        pages[docname],
                        f"{n} operations" if n > 1 else "1 operation",
                    )
                    for docname, n in counts.items()
                ],
            )
        )
        sections.append(
            (
                f"{prefix}Operations",
                [IndexLink(op.title, file, op.summary or "") for op, _obj, file in out.operations],
            )
        )
        optional.extend(IndexLink(name, file) for name, file in out.schemas.items())
    sections.append(("Optional", optional))
    versions = "; ".join(f"{one_line(o.spec.title)} {one_line(o.spec.version)}" for o in outputs)
    prose = f"Version: {versions}. Everything in one file: [{FULL}]({FULL})."
    return llms_index(title, summary, prose, sections)


def exclude_from_sources(app: Sphinx, config: Config) -> None:
    """``config-inited``: an output folder inside the source folder does not make the
    Markdown files sources (as Sphinx keeps its own ``_sources`` out), whichever
    builder wrote them: a LaTeX build after an HTML one into ``_build/html`` reads
    none of them either.  Added before the environment compares configurations, so
    every build adds the same patterns."""
    patterns = [f"**/{FOLDER}/*/{kind}/**" for kind in ("operations", "schemas")]
    missing = [p for p in patterns if p not in config.exclude_patterns]
    if missing:
        config.exclude_patterns = [*config.exclude_patterns, *missing]


def setup(app: Sphinx) -> None:
    app.connect("config-inited", exclude_from_sources)
    app.connect("build-finished", write)


__all__ = ["FULL", "INDEX", "file_slug", "relative", "setup"]
