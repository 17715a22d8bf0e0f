"""The ``apicheck`` builder: every problem of the spec, its pages and its Markdown
sources, as findings with rule ids, severities and locations, in four reports.

It works like Sphinx's ``linkcheck``: the documents are read as for any builder
(directives record what they find), "writing" resolves each page and looks at
its links, and ``finish()`` runs the spec-wide rules, writes the reports and sets
the exit status.

Every ``apidocs`` warning logged during an ``apicheck`` build is a finding: a
filter on the extension's logger gives the record its rule (``apidocs.check.<rule>``),
severity and places, and a handler on Sphinx's logger collects it -- also records
that parallel readers send back to the main process.  A finding the project has
accepted (baseline, ``x-apicheck-ignore``) is logged at verbose level, so it is
neither shown nor counted by ``-W``, and stays in the reports as suppressed.
"""

from __future__ import annotations

import io
import logging as pylogging
import os
import time
import traceback
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from enum import StrEnum
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.logging import get_node_location

from .. import __version__
from ..check import anchors
from ..check.breaking import breaking_changes
from ..check.code_samples import known_language
from ..check.policy import (
    STALE_SHOWN,
    Policy,
    baseline_lines,
    baseline_text,
    ignores_in,
    read_baseline,
)
from ..check.report import (
    Coverage,
    github_annotations,
    summary_line,
    write_reports,
)
from ..check.run import (
    Background,
    ChildError,
    EarlyTextChecks,
    SpecChecks,
)
from ..check.translations import Translation, spec_prose, stale_translations
from ..diagnostics.problems import Problem
from ..diagnostics.rules import (
    ANCHOR_UNRESOLVED,
    BASELINE_STALE,
    CODE_SAMPLE_LANGUAGE,
    COMPONENT_UNUSED,
    MARKDOWN_UNMATCHED,
    OPERATION_UNDOCUMENTED,
    SAMPLE_INVALID,
    SCHEMA_UNSATISFIABLE,
    TRANSLATION_STALE,
    DocPlace,
    Finding,
    SpecPlace,
    rule_of,
)
from ..diagnostics.subtypes import Subtype
from ..markdown.merge import MarkdownIndex, unmatched
from ..render.links import SPEC_TEXT
from ..spec.files import read_project_file
from ..spec.internal import internal_schema_keys
from ..spec.model import Operation
from . import (
    config,
    history,
    markdown_endpoints,
    state,
    warning,
)
from .domain import ApiDomain, warn_duplicates
from .history import GIT_PREFIX
from .spec_cache import LoadedSpec

logger = logging.getLogger("sphinxext_apidocs")
VERBOSE = 15  # sphinx.util.logging.VERBOSE: shown with -v only


def _folder_in_workspace(root: str) -> str:
    """The project's folder relative to the checkout GitHub Actions runs in
    (``GITHUB_WORKSPACE``), as ``docs/``: annotations name files as the pull request's
    diff does.  Empty at the checkout's root, or when the project is not inside it."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if not workspace:
        return ""
    folder = os.path.relpath(os.path.realpath(root), os.path.realpath(workspace))
    if folder == "." or folder == ".." or folder.startswith(".." + os.sep):
        return ""
    return folder.replace(os.sep, "/") + "/"


class FindingFilter(pylogging.Filter):
    """Turns each ``apidocs`` warning into a finding carried by the record."""

    def __init__(self, builder: ApicheckBuilder) -> None:
        super().__init__()
        self.builder = builder

    def filter(self, record: pylogging.LogRecord) -> bool:
        if getattr(record, "type", None) != "apidocs" or hasattr(record, "apidocs_finding"):
            return True
        subtype = str(getattr(record, "subtype", "") or "")
        problem: Problem | None = getattr(record, "apidocs_problem", None)
        named: str | None = getattr(record, "apidocs_rule", None)
        rule = rule_of(subtype, named or (problem.rule if problem is not None else None))
        severity = self.builder.policy.severity(rule)
        if severity is None:  # the project turned this rule off
            return False
        message = problem.message if problem is not None else record.getMessage()
        spec = None
        if problem is not None and problem.file is not None and subtype != Subtype.MARKDOWN:
            spec = SpecPlace(problem.file, problem.line, problem.pointer)
        doc = self.builder.doc_place(getattr(record, "location", None))
        if problem is not None and subtype == Subtype.MARKDOWN and problem.file:
            doc = DocPlace(problem.file, problem.line)  # the Markdown source is the document
        finding = self.builder.policy.apply(Finding(rule, severity, message, spec, doc))
        record.apidocs_finding = finding
        record.subtype = f"check.{rule}"
        record.msg, record.args = "%s: %s [%s]", (severity, message, rule)
        if spec is not None:
            record.msg += " (%s)"
            record.args += (spec.where(),)
        elif problem is not None and doc is not None:  # a Markdown source
            record.msg += " (%s)"
            record.args += (doc.where(),)
        if finding.status != "open":
            record.levelno, record.levelname = VERBOSE, "VERBOSE"
        return True


class FindingCollector(pylogging.Handler):
    """Collects the findings the filter made (in this process or a parallel reader)."""

    def __init__(self) -> None:
        super().__init__(pylogging.DEBUG)
        self.findings: list[Finding] = []

    def emit(self, record: pylogging.LogRecord) -> None:
        finding = getattr(record, "apidocs_finding", None)
        # a warning held back by Sphinx (pending_warnings) comes here twice
        if isinstance(finding, Finding) and not hasattr(record, "apidocs_collected"):
            record.apidocs_collected = True
            self.findings.append(finding)


class ApicheckBuilder(Builder):
    """Checks the API documentation: spec, examples, pages, Markdown sources."""

    name = state.CHECKING_BUILDER
    epilog = __("Look for the findings in %(outdir)s/apicheck.txt (and .json, .junit.xml, .sarif).")
    default_translator_class = nodes.NodeVisitor  # never translates

    policy: Policy
    collector: FindingCollector
    _filter: FindingFilter

    def init(self) -> None:
        conf = self.config
        self.policy = Policy(dict(conf.apidocs_check_rules), conf.apidocs_check_fail_on)
        self.collector = FindingCollector()
        self._filter = FindingFilter(self)
        pylogging.getLogger("sphinx").addHandler(self.collector)
        warning.add_filter(self._filter)
        self.ids: dict[str, set[str]] = {}
        """The ids of each page, after resolving."""
        self._running: dict[str, Background] = {}
        """The spec-only rules running beside the reading, by spec path."""
        self._read_baseline()

    def _read_baseline(self) -> None:
        """The baseline file, if any: a regular file inside the project, no larger than
        ``apidocs_max_file_size``; one that cannot be used is a ``config`` warning, and
        the check goes on without it."""
        name = self.config.apidocs_check_baseline
        if not name:
            return
        root = str(self._sphinx.confdir or self._sphinx.srcdir)
        max_bytes = self.config.apidocs_max_file_size
        try:
            content = read_project_file(os.path.join(root, name), root, max_bytes)
            baseline = read_baseline(content, name, max_bytes)
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            message = f"apidocs_check_baseline: {name}: {reason}; checked without a baseline"
            config.warn_config(self._sphinx, "apidocs_check_baseline", message)
            return
        self.policy.baseline = baseline.rules
        if baseline.skipped:  # an entry that can match nothing, not a broken setup
            self._baseline_note(
                f"{baseline.skipped:,} baseline entries without a fingerprint match no "
                "finding (the first here); remove them",
                baseline.skipped_line,
            )

    def _baseline_note(self, message: str, line: int | None) -> None:
        """A ``baseline-stale`` note at ``line`` of the baseline file."""
        name = self.config.apidocs_check_baseline
        problem = Problem(Subtype.CHECK, message, name, line, rule=BASELINE_STALE)
        warning.warn(Subtype.CHECK, message, None, problem)

    def _stale_entries(self) -> None:
        """The baseline entries no finding matched, each at its line: the first ones by
        fingerprint, the rest as one count."""
        stale = self.policy.stale()
        if not stale:
            return
        shown = stale[: STALE_SHOWN + 1]  # and the first of the rest: where they start
        lines: dict[str, int | None] = {}
        name = self.config.apidocs_check_baseline
        root = str(self._sphinx.confdir or self._sphinx.srcdir)
        max_bytes = self.config.apidocs_max_file_size
        try:
            content = read_project_file(os.path.join(root, name), root, max_bytes)
            lines = baseline_lines(content, name, max_bytes, {fp for fp, _rule in shown})
        except (OSError, ValueError):  # changed since it was read: lines unknown
            pass
        for fingerprint, rule in stale[:STALE_SHOWN]:
            self._baseline_note(
                f"baseline entry {fingerprint} ({rule}) matches no finding; remove it",
                lines.get(fingerprint),
            )
        if len(stale) > STALE_SHOWN:
            self._baseline_note(
                f"{len(stale) - STALE_SHOWN:,} more baseline entries match no finding (the "
                "first here); remove them (apicheck.baseline.json in the output folder "
                "has today's findings)",
                lines.get(stale[STALE_SHOWN][0]),
            )

    @property
    def _sphinx(self) -> Sphinx:
        """The application (``Builder.app`` is deprecated from Sphinx 9, ``_app`` is new)."""
        app: Sphinx = getattr(self, "_app", None) or self.app
        return app

    # -- what Sphinx asks of every builder -------------------------------------
    def get_outdated_docs(self) -> Iterator[str]:
        yield from sorted(self.env.found_docs)  # every page is checked on every run

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return docname

    def prepare_writing(self, docnames: AbstractSet[str]) -> None:
        return

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        """Collect the page's ids; a same-page ``#anchor`` link to none of them is a finding."""
        ids = self.ids[docname] = set(doctree.ids)
        for ref in doctree.findall(nodes.reference):
            uri = ref.get("refuri", "")
            if SPEC_TEXT in ref["classes"]:
                continue  # checked in the spec (anchors.unresolved), with its pointer
            if uri.startswith("#") and len(uri) > 1 and uri[1:] not in ids:
                logger.warning(
                    "link to #%s: no element of this page has that id",
                    uri[1:],
                    type="apidocs",
                    subtype=Subtype.CHECK.value,
                    location=ref,
                    extra={"apidocs_rule": ANCHOR_UNRESOLVED},
                )

    # -- the rules that need the whole build ----------------------------------
    def doc_place(self, location: Any) -> DocPlace | None:
        """A record's location (a node, a docname, (docname, line)) as a place."""
        if location is None:
            return None
        if isinstance(location, nodes.Node):
            text = get_node_location(location)
            if not text:
                return None
            path, _, number = text.rpartition(":")
            docname = self.env.path2doc(path)
            return DocPlace(
                self._relative(path), int(number) if number.isdigit() else None, docname
            )
        line: int | None = None
        if isinstance(location, tuple):
            docname, line = str(location[0]), location[1]
        else:
            docname = str(location)
        if docname in self.env.found_docs:
            return DocPlace(str(self.env.doc2path(docname, False)), line, docname)
        path, _, number = docname.rpartition(":")  # "conf.py:12", as config warnings give
        if path and number.isdigit() and line is None:
            return DocPlace(self._relative(path), int(number))
        return DocPlace(self._relative(docname), line)

    def _relative(self, path: str) -> str:
        root = str(self._sphinx.confdir or self._sphinx.srcdir)
        return os.path.relpath(path, root).replace(os.sep, "/") if os.path.isabs(path) else path

    def finish(self) -> None:
        started = time.perf_counter()
        try:
            coverage = self._check_specs()
        finally:
            self._detach()
        counted = state.state(self.env).stats
        counted.check_seconds += time.perf_counter() - started
        counted.operations = sum(c.documented for c in coverage)  # on pages, and checked
        # one finding however often it was logged (a duplicate is seen again when either
        # of its pages is read)
        findings = list(dict.fromkeys(self.collector.findings))
        failed = self.policy.fails(findings)
        out = Path(self.outdir)
        out.mkdir(parents=True, exist_ok=True)
        disabled = {rule for rule in self.policy.severities if self.policy.severity(rule) is None}
        write_reports(
            out,
            findings,
            coverage,
            fail_on=self.policy.fail_on,
            failed=failed,
            version=__version__,
            disabled=disabled,
            fallback_file="conf.py",
        )
        (out / "apicheck.baseline.json").write_text(baseline_text(findings), encoding="utf-8")
        if os.environ.get("GITHUB_ACTIONS") == "true":
            folder = _folder_in_workspace(state.state(self.env).root)
            for line in github_annotations(findings, folder):
                print(line, flush=True)
        logger.info(summary_line(findings, coverage))
        if failed:
            self._sphinx.statuscode = 1

    def start_checks(self) -> None:
        """Load the largest configured spec and start its spec-only rules beside the
        reading (forked processes, see :mod:`sphinxext_apidocs.check.run`; the first as
        soon as its file is parsed); :meth:`finish` collects them, and checks the other
        specs itself."""
        build = state.state(self.env)
        paths = {
            os.path.normpath(os.path.join(build.root, rel)): name
            for name, rel in self.config.apidocs_specs.items()
        }
        sizes = {path: os.path.getsize(path) for path in paths if os.path.isfile(path)}
        if not sizes or self._running:
            return
        path = max(sizes, key=lambda p: sizes[p])
        real = os.path.relpath(os.path.realpath(path), os.path.realpath(build.root))
        early = EarlyTextChecks(real.replace(os.sep, "/"))  # named as the loader names it
        max_bytes = self.config.apidocs_max_file_size
        loaded = build.cache.get(paths[path], path, build.root, max_bytes, early.start)
        if loaded.spec is None:
            early.close()
        else:
            self._running[path] = Background(loaded.spec, loaded.documents, build.root, early=early)

    def _check_specs(self) -> list[Coverage]:
        """The spec-wide rules, coverage, and the baseline's stale entries."""
        env = self.env
        build = state.state(env)
        domain = env.get_domain("api")
        assert isinstance(domain, ApiDomain)
        wanted: dict[tuple[str, str], tuple[str, int | None] | None] = dict(warning.spec_uses(env))
        for name, rel in self.config.apidocs_specs.items():
            wanted.setdefault((name, os.path.normpath(os.path.join(build.root, rel))), None)
        coverage = []
        specs: dict[str, tuple[Operation, ...]] = {}
        loaded_specs: list[LoadedSpec] = []
        warn_duplicates(domain)
        for (name, path), where in sorted(wanted.items()):
            loaded = build.cache.get(name, path, build.root, self.config.apidocs_max_file_size)
            if where is None:  # no page used it, so no page reported its loading problems
                for problem in loaded.problems:
                    warning.warn(problem.subtype, problem.message, None, problem)
            spec = loaded.spec
            if spec is None:
                continue
            loaded_specs.append(loaded)
            running = self._running.get(path)
            if running is None or running.spec is not spec:  # not started, or edited meanwhile
                if running is not None:
                    running.close()
                running = self._running[path] = Background(
                    spec, loaded.documents, build.root, fork=False
                )
            try:
                # needs only the pages: done while the check processes finish
                coverage.append(self._coverage(domain, loaded, name))
                checks = running.result()
            except Exception as exc:  # a bug of ours: say so, never report the spec clean
                detail = str(exc) if isinstance(exc, ChildError) else traceback.format_exc()
                warning.warn(
                    Subtype.INTERNAL,
                    f"checking spec {name} failed; please report this:\n{detail}",
                    where,
                )
                continue
            finally:
                self._running.pop(path).close()
            self._judge(loaded, name, checks, domain, where)
            self._breaking_changes(name, where)
            specs[name] = loaded.known_operations()
        self._markdown_checks(specs)
        self._stale_translations(loaded_specs)
        self._stale_entries()
        return coverage

    def _judge(
        self,
        loaded: LoadedSpec,
        name: str,
        checks: SpecChecks,
        domain: ApiDomain,
        where: tuple[str, int | None] | None,
    ) -> None:
        """Report what the spec-only rules found, now that the pages are known: components
        a page renders are used, and so are internal ones (``x-internal``: meant to be
        shown nowhere); anchors are judged against the ids of the spec's pages."""
        spec = loaded.spec
        assert spec is not None
        self.policy.ignores.extend(checks.ignores)
        rendered = {
            key
            for schema_name, key in spec.component_schemas
            if f"schema:{name}:{schema_name}" in domain.objects
        } | internal_schema_keys(spec)
        problems = [
            p
            for p in checks.problems
            if not (p.rule == COMPONENT_UNUSED and f"{p.file}#{p.pointer}" in rendered)
        ]
        problems += anchors.unresolved(
            checks.links,
            self._spec_ids(domain, name),
            lambda role, target: bool(domain.find_linked(role, target, name)),
        )
        if not self.config.apidocs_link_base:
            problems += anchors.root_relative_links(checks.links)
        # what loading already reported (and a page logged) is not reported again, and a
        # schema no value satisfies has no valid sample either: one finding, not two
        known = {(rule_of(p.subtype, p.rule), p.file, p.pointer) for p in loaded.problems}
        known |= {
            (SAMPLE_INVALID, file, pointer)
            for rule, file, pointer in known
            if rule == SCHEMA_UNSATISFIABLE
        }
        for problem in dict.fromkeys(
            problems
        ):  # the same finding twice (two parts, two values): once
            if (rule_of(problem.subtype, problem.rule), problem.file, problem.pointer) in known:
                continue
            warning.warn(problem.subtype, problem.message, where, problem)

    def _breaking_changes(self, name: str, where: tuple[str, int | None] | None) -> None:
        """``breaking-change``: what breaks the clients of the newest version in
        ``apidocs_spec_history`` (and the history entries that do not load)."""
        for entry, loaded in history.loaded_entries(self.env, name):
            for problem in loaded.problems:
                warning.warn(problem.subtype, problem.message, where, problem)
            if loaded.spec is None:
                problem = history.unusable(name, entry)
                warning.warn(problem.subtype, problem.message, where, problem)
        found = history.versions(self.env, name)
        if len(found) < 2:
            return
        old, new = found[-2], found[-1]
        assert old.loaded.spec is not None
        # a git entry's file is named by the entry, not where it was written to be loaded
        named = {old.loaded.spec.file: old.entry} if old.entry.startswith(GIT_PREFIX) else {}
        for file, document in old.loaded.documents.items():
            self.policy.ignores.extend(ignores_in(named.get(file, file), document.data))
        problems = breaking_changes(
            history.changes(old, new),
            old.label,
            new.loaded.documents,
            old.loaded.documents,
            named,
        )
        for problem in problems:
            warning.warn(problem.subtype, problem.message, where, problem)

    def _markdown_checks(self, specs: dict[str, tuple[Operation, ...]]) -> None:
        """In the ``apidocs_markdown`` sources (``specs``: the operations of each spec,
        :meth:`.LoadedSpec.known_operations`): code samples without a known language, and
        sections for endpoints that none of the specs they may belong to has (the spec
        their front matter names, else any), also where no unfiltered ``api-spec`` looked
        for them."""
        build = state.state(self.env)
        reported = {
            (f.doc.file, f.doc.line)
            for f in self.collector.findings
            if f.rule == MARKDOWN_UNMATCHED and f.doc is not None
        }
        for path in markdown_endpoints.configured_files(self.env):
            source = build.markdown.get(path, build.root, self.config.apidocs_max_file_size)
            for endpoint in source.endpoints:
                for sample in endpoint.code_samples:
                    if not known_language(sample.language):
                        what = f"language {sample.language!r}" if sample.language else "no language"
                        message = f"{endpoint.title}: a code sample with {what} (not highlighted)"
                        problem = Problem(
                            Subtype.MARKDOWN,
                            message,
                            source.file,
                            sample.line,
                            rule=CODE_SAMPLE_LANGUAGE,
                        )
                        warning.warn(problem.subtype, message, None, problem)
            names = [source.spec] if source.spec in specs else sorted(specs)
            if not names or (source.spec is not None and source.spec not in specs):
                continue
            operations = [op for name in names for op in specs[name]]
            index = MarkdownIndex.of([source])
            for problem in unmatched(index, operations, " or ".join(names)):
                if (problem.file, problem.line) not in reported:
                    warning.warn(problem.subtype, problem.message, None, problem)

    def _stale_translations(self, loaded_specs: list[LoadedSpec]) -> None:
        """``translation-stale``: in the ``.po`` files of ``locale_dirs`` (every language),
        the translations of spec prose the specs no longer have, and fuzzy ones."""
        root = state.state(self.env).root
        spec_files = [
            os.path.relpath(file, root).replace(os.sep, "/")
            for loaded in loaded_specs
            for file in loaded.files
        ]
        prose = spec_prose(
            document.data for loaded in loaded_specs for document in loaded.documents.values()
        )
        for folder in self.config.locale_dirs:
            for po in sorted(Path(self.srcdir, folder).glob("*/LC_MESSAGES/**/*.po")):
                try:
                    content = read_project_file(str(po), root, self.config.apidocs_max_file_size)
                except OSError:  # outside the project, too large: Sphinx reports its catalogues
                    continue
                entries = [
                    Translation(m.id, m.lineno, m.fuzzy, tuple(p for p, _line in m.locations))
                    for m in read_po(io.BytesIO(content))
                    if isinstance(m.id, str) and m.id
                ]
                name = os.path.relpath(po, root).replace(os.sep, "/")
                for line, message in stale_translations(entries, spec_files, prose):
                    problem = Problem(Subtype.CHECK, message, rule=TRANSLATION_STALE)
                    warning.warn(Subtype.CHECK, message, (name, line), problem)

    def _spec_ids(self, domain: ApiDomain, spec_name: str) -> set[str]:
        """Every id of the pages that render operations of the spec."""
        pages = {o.docname for o in domain.objects.values() if o.spec == spec_name}
        return set().union(*(self.ids.get(page, set()) for page in pages))

    def _coverage(self, domain: ApiDomain, loaded: LoadedSpec, name: str) -> Coverage:
        spec = loaded.spec
        assert spec is not None
        missing = []
        operations = spec.operations + spec.webhooks
        for op in operations:
            if f"operation:{name}:{op.title}" in domain.objects:
                continue
            missing.append(op.title)
            document = loaded.documents.get(op.location.file)
            problem = Problem(
                Subtype.CHECK.value,
                f"{op.title} of spec {name} is rendered on no page",
                op.location.file,
                document.line_of(op.location.pointer) if document is not None else None,
                op.location.pointer,
                rule=OPERATION_UNDOCUMENTED,
            )
            warning.warn(problem.subtype, problem.message, None, problem)
        return Coverage(
            name,
            spec.file,
            len(operations),
            len(operations) - len(missing),
            tuple(missing),
        )

    def _detach(self) -> None:
        """Stop turning warnings into findings and end any check still running (the
        process may build again); idempotent."""
        warning.remove_filter(self._filter)
        pylogging.getLogger("sphinx").removeHandler(self.collector)
        for running in self._running.values():
            running.close()
        self._running.clear()

    def cleanup(self) -> None:
        self._detach()  # also when the build failed before finish()


#: env attribute: whether the documents were last read to be checked or to be shown
READ_FOR = "apidocs_read_for"


class ReadFor(StrEnum):
    """What the documents were read for (:data:`READ_FOR`)."""

    CHECK = "check"
    SHOW = "show"


def _read_again(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``: every page is read again under ``apicheck`` (what is found while
    reading, such as duplicates, is found on every run), and by the first other build
    after it -- ``apicheck`` reads operations as anchors only, and ``make apicheck html``
    shares one doctree folder."""
    purpose = ReadFor.CHECK if state.checking(env) else ReadFor.SHOW
    before = getattr(env, READ_FOR, None)
    setattr(env, READ_FOR, purpose)
    if purpose == ReadFor.CHECK or before not in (None, purpose):
        return sorted(env.found_docs - added - changed - removed)
    return []


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Also when the build failed (Sphinx then skips ``finish`` and ``cleanup``)."""
    if isinstance(app.builder, ApicheckBuilder):
        app.builder._detach()


def _start_checks(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs`` (before :func:`.state.preload` loads the other specs):
    start the spec-only rules."""
    builder = state.builder(env)
    if isinstance(builder, ApicheckBuilder):
        builder.start_checks()


def setup(app: Sphinx) -> None:
    app.add_builder(ApicheckBuilder)
    app.connect("env-get-outdated", _read_again)
    app.connect("env-before-read-docs", _start_checks, priority=400)
    app.connect("build-finished", _build_finished)
