"""Code samples over the corpus: time to make them all, and whether they are valid code.

For every operation of every spec under ``--dir`` (default ``../shared/corpus``):
build the request (:func:`samples.request.build_request`), render the code
sample in every built-in language, and make the example payloads of every
request and response body (one per ``oneOf`` branch), as the renderer does.
Spec loading is not timed.  Then the samples are checked with their
languages' own tools, one run per spec and language: Python ``compile()``,
``bash -n`` (curl, HTTPie), ``node --check`` (JavaScript), ``ruby -c``,
``php -l``, ``gofmt -e``, ``rustfmt``, ``javac`` (compiles) and ``tsc``
(type-checks) when installed.  C# is not checked (no compiler here).

    python benchmarks/bench_code_samples.py [--dir DIR] [--filter SUBSTR] [--no-check]

The issue's target: every payload and code sample for GitHub's 1,223
operations in under 5 s (``--filter github``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import corpus_specs  # noqa: E402

from sphinxext_apidocs.samples.code import BUILTIN, CodeSamples  # noqa: E402
from sphinxext_apidocs.samples.payload import body_schemas, branch_samples  # noqa: E402
from sphinxext_apidocs.samples.request import build_request  # noqa: E402
from sphinxext_apidocs.spec.normalize import load_spec  # noqa: E402

READ_FILE = 'import { readFile } from "node:fs/promises";\n'


def _check(language: str, codes: list[str], folder: Path) -> list[str]:
    """Errors of the language's own syntax check over ``codes`` (empty: all valid)."""
    if language in ("python", "python-httpx"):
        errors = []
        for n, code in enumerate(codes):
            try:
                compile(code, f"sample{n}", "exec")
            except SyntaxError as exc:
                errors.append(f"sample {n}: {exc}")
        return errors
    if language in ("curl", "httpie"):
        return _run_each(["bash", "-n"], codes, folder, ".sh", together=True)
    if language == "javascript" and shutil.which("node"):
        # one module: each sample in its own async function, the one import hoisted
        body = "".join(
            f"async function sample{n}() {{\n{code.replace(READ_FILE, '')}\n}}\n"
            for n, code in enumerate(codes)
        )
        return _run_each(["node", "--check"], [READ_FILE + body], folder, ".mjs")
    if language == "java" and shutil.which("javac"):
        # one javac run; each sample its own class
        classes = [
            c.replace("public class Main ", f"public class Main{n} ") for n, c in enumerate(codes)
        ]
        for n, code in enumerate(classes):
            (folder / f"Main{n}.java").write_text(code, encoding="utf-8")
        files = [str(folder / f"Main{n}.java") for n in range(len(codes))]
        command = ["javac", "-encoding", "UTF-8", "-proc:none", "-d", str(folder / "out")]
        result = subprocess.run([*command, *files], capture_output=True, text=True, timeout=1800)
        return [result.stderr[:300]] if result.returncode else []
    if language == "typescript" and shutil.which("tsc"):
        for n, code in enumerate(codes):
            (folder / f"s{n}.mts").write_text(code + "\nexport {};\n", encoding="utf-8")
        files = [str(folder / f"s{n}.mts") for n in range(len(codes))]
        command = ["tsc", "--noEmit", "--strict", "--target", "es2022", "--module", "es2022"]
        command += ["--lib", "es2022,dom"]
        result = subprocess.run([*command, *files], capture_output=True, text=True, timeout=1800)
        # node:fs/promises is typed only where @types/node is installed
        errors = [e for e in result.stdout.splitlines() if "error TS" in e and "node:fs" not in e]
        return errors[:3]
    if language == "ruby" and shutil.which("ruby"):
        return _run_each(["ruby", "-c"], codes, folder, ".rb", together=False)
    if language == "php" and shutil.which("php"):
        return _run_each(["php", "-l"], codes, folder, ".php", together=False)
    if language == "go" and shutil.which("gofmt"):
        return _run_each(["gofmt", "-e", "-l"], codes, folder, ".go", together=False)
    if language == "rust" and shutil.which("rustfmt"):
        command = ["rustfmt", "--edition", "2021", "--emit", "stdout"]
        return _run_each(command, codes, folder, ".rs", together=False)
    return []


def _run_each(
    command: list[str], codes: list[str], folder: Path, suffix: str, together: bool = True
) -> list[str]:
    """Run ``command`` on the codes: concatenated into one file (``together``), else one
    file each, in one process where the tool takes many files (gofmt, rustfmt)."""
    if together:
        codes = ["\n".join(codes)]
    paths = []
    for n, code in enumerate(codes):
        path = folder / f"s{n}{suffix}"
        path.write_text(code, encoding="utf-8")
        paths.append(str(path))
    many = command[0] in ("gofmt", "rustfmt")
    errors = []
    for batch in [paths] if many else [[p] for p in paths]:
        result = subprocess.run([*command, *batch], capture_output=True, text=True, timeout=600)
        if result.returncode != 0 or (command[0] == "gofmt" and result.stderr):
            errors.append((result.stderr or result.stdout)[:300])
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--filter", default="")
    parser.add_argument("--no-check", action="store_true", help="only time the generation")
    args = parser.parse_args()
    files = corpus_specs(args.dir, args.filter)
    renderer = CodeSamples()
    languages = list(BUILTIN)
    operations = samples = payloads = crashes = 0
    generate_s = 0.0
    invalid: dict[str, list[str]] = {}
    for path in files:
        spec, _problems, _used = load_spec(os.fspath(path), os.fspath(path.parent))
        if spec is None:
            continue
        by_language: dict[str, list[str]] = {lang: [] for lang in languages}
        start = time.perf_counter()
        for op in spec.operations:
            try:
                request = build_request(spec, op)
                for lang in languages:
                    by_language[lang].append(renderer.render(lang, request, op))
            except Exception:  # counted and shown: the benchmark reports crashes, never dies of one
                crashes += 1
                print(f"CRASH {path} {op.title}\n{traceback.format_exc()}")
            operations += 1
        for where, schema, context in body_schemas(spec):
            try:
                payloads += len(branch_samples(spec, schema, context))
            except Exception:  # as above
                crashes += 1
                print(f"CRASH {path} {where}\n{traceback.format_exc()}")
        generate_s += time.perf_counter() - start
        samples += sum(len(v) for v in by_language.values())
        if args.no_check or not spec.operations:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            for lang, codes in by_language.items():
                folder = Path(tmp) / re.sub(r"\W", "_", lang)
                folder.mkdir()
                for error in _check(lang, codes, folder):
                    invalid.setdefault(lang, []).append(f"{path.relative_to(args.dir)}: {error}")
        print(f"{len(spec.operations):5d} operations  {path.relative_to(args.dir)}", flush=True)
    print(
        f"\n{operations} operations, {samples} code samples in {len(languages)} languages, "
        f"{payloads} payloads: generated in {generate_s:.2f} s; {crashes} crashes"
    )
    if not args.no_check:
        tools = {"javascript": "node", "typescript": "tsc", "java": "javac", "go": "gofmt"}
        tools |= {"ruby": "ruby", "php": "php", "rust": "rustfmt", "csharp": "(none)"}
        checked = {lang for lang in languages if shutil.which(tools.get(lang, "bash"))}
        print("checked:", ", ".join(sorted(checked)))
        print("not checked:", ", ".join(sorted(set(languages) - checked)) or "-")
        for lang in languages:
            print(f"  {lang:13s} {len(invalid.get(lang, []))} specs with invalid samples")
            for line in invalid.get(lang, [])[:3]:
                print("     ", line.replace("\n", " ")[:300])
    return 1 if crashes or invalid else 0


if __name__ == "__main__":
    sys.exit(main())
