"""Markdown endpoint sources: parse and merge a generated 200-endpoint source.

Generates a FastMarkDocs-style file (``## Endpoints`` with ``### METHOD /path``
sections, each with a description, ``Section:`` tags, parameters, request and
response examples, code samples in two languages and a prose sub-section) and
a spec with the same 200 operations, then times parsing the file
(:func:`parse_markdown`), indexing it and merging every section into its
operation (:func:`merge`).  Spec loading is not timed; rendering the prose with
MyST happens in Sphinx and is not part of this figure.

    python benchmarks/bench_markdown.py [--endpoints 200] [--repeat 5]

The issue's target: under 0.5 s for 200 endpoints.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sphinxext_apidocs.markdown.merge import MarkdownIndex, merge  # noqa: E402
from sphinxext_apidocs.markdown.parse import parse_markdown  # noqa: E402
from sphinxext_apidocs.spec.normalize import load_spec  # noqa: E402

METHODS = ("get", "post", "put", "patch", "delete")


def _markdown(n: int) -> str:
    out = [
        "---",
        "spec: bench",
        "tags: [things]",
        "---",
        "# Things",
        "",
        "## Overview",
        "",
        "All the things.",
        "",
        "## Endpoints",
        "",
    ]
    for i in range(n):
        method = METHODS[i % len(METHODS)]
        out += [
            f"### {method.upper()} /things{i // len(METHODS)}/{{thing_id}}",
            "",
            f"Operation number {i} does its work. It has a second sentence with `code`.",
            "",
            f"Section: things, group{i % 7}",
            "",
            "#### Parameters",
            "",
            "- `thing_id` (string, required): The thing's id.",
            "- `verbose` (boolean, optional): Say more.",
            "",
            "#### Request Example",
            "",
            "```json",
            f'{{"name": "thing {i}", "size": {i}}}',
            "```",
            "",
            "#### Response Examples",
            "",
            "**Done (200):**",
            "",
            "```json",
            f'{{"id": "t{i}", "ok": true}}',
            "```",
            "",
            "#### Code Examples",
            "",
            "```bash",
            f"curl https://api.example.com/things/{i}",
            "```",
            "",
            "```python",
            f"print({i})",
            "```",
            "",
            "#### Notes",
            "",
            ":::{note}",
            "Mind the thing.",
            ":::",
            "",
        ]
    return "\n".join(out)


def _spec(n: int) -> str:
    paths: dict[str, list[str]] = {}
    for i in range(n):
        path = f"/things{i // len(METHODS)}/{{thing_id}}"
        paths.setdefault(path, []).append(
            f"    {METHODS[i % len(METHODS)]}:\n"
            f"      operationId: op{i}\n"
            "      parameters:\n"
            "        - {name: thing_id, in: path, required: true, schema: {type: string}}\n"
            "        - {name: verbose, in: query, schema: {type: boolean}}\n"
            "      requestBody:\n"
            "        content:\n"
            "          application/json:\n"
            "            schema: {type: object}\n"
            "      responses:\n"
            "        '200':\n"
            "          description: Done.\n"
            "          content:\n"
            "            application/json:\n"
            "              schema: {type: object}\n"
        )
    body = "".join(f"  {path}:\n" + "".join(ops) for path, ops in paths.items())
    return f"openapi: 3.0.3\ninfo: {{title: Bench, version: '1'}}\npaths:\n{body}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoints", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    text = _markdown(args.endpoints)
    with tempfile.TemporaryDirectory() as folder:
        spec_path = Path(folder, "bench.yaml")
        spec_path.write_text(_spec(args.endpoints))
        spec = load_spec(spec_path, Path(folder))[0]
    assert spec is not None and len(spec.operations) == args.endpoints
    times = []
    merged = problems = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        source = parse_markdown(text, "bench.md")
        index = MarkdownIndex.of([source])
        merged = problems = 0
        for op in spec.operations:
            doc = index.find(op)
            if doc is not None:
                _op, found = merge(op, doc)
                merged += 1
                problems += len(found)
        times.append(time.perf_counter() - start)
    print(
        f"{len(source.endpoints)} endpoint sections ({len(text):,} characters), "
        f"{merged} merged into {len(spec.operations)} operations, {problems} problems"
    )
    print(
        f"parse + index + merge: median {statistics.median(times):.3f} s, "
        f"best {min(times):.3f} s over {args.repeat} runs (target < 0.5 s)"
    )
    return 0 if merged == args.endpoints and problems == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
