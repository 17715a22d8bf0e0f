"""Diagrams over the corpus: every one Mermaid's own parser accepts, and how big they get.

For every spec under ``--dir`` (default ``../shared/corpus``) that has callbacks,
response links or webhooks: the overview, the sequence of every operation with
callbacks, the links diagram and the webhooks diagram; and the overview of every
spec (GitHub's among them, collapsed to tags).  All are parsed with
``mermaid.parse`` (npm ``mermaid`` with ``jsdom``, installed on first use by
``tests/mermaid_check.py``).  Spec loading is not timed.

    python benchmarks/bench_diagrams.py [--dir DIR] [--filter SUBSTR] [--max N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import mermaid_check  # noqa: E402
from _harness import CORPUS, corpus_specs  # noqa: E402

from sphinxext_apidocs.diagrams import mermaid  # noqa: E402
from sphinxext_apidocs.spec.normalize import load_spec  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=CORPUS)
    parser.add_argument("--filter", default="")
    parser.add_argument("--max", type=int, default=40, help="apidocs_diagram_max_operations")
    args = parser.parse_args()

    sources: list[tuple[str, str]] = []  # (what, Mermaid text)
    with_calls = 0
    seconds = 0.0
    biggest = ("", 0)
    for path in corpus_specs(args.dir, args.filter):
        spec = load_spec(path.resolve(), path.parent.resolve())[0]
        if spec is None:
            continue
        name = str(path.relative_to(args.dir))
        start = time.perf_counter()
        drawn = [("overview", mermaid.overview(spec, spec.operations, max_operations=args.max))]
        rich = False
        for op in spec.operations + spec.webhooks:
            if any(cb.operations for cb in op.callbacks):
                drawn.append((f"sequence {op.title}", mermaid.sequence(spec, op)))
                rich = True
        for kind, made in (
            ("links", mermaid.links(spec, spec.operations, max_operations=args.max)),
            ("webhooks", mermaid.webhooks(spec, max_operations=args.max)),
        ):
            if made is not None:
                drawn.append((kind, made))
                rich = True
        seconds += time.perf_counter() - start
        with_calls += rich
        for kind, made in drawn:
            sources.append((f"{name}: {kind}", made.source))
            if len(made.source) > biggest[1]:
                biggest = (f"{name}: {kind}", len(made.source))
    start = time.perf_counter()
    results = mermaid_check.parse([s for _, s in sources])
    parse_seconds = time.perf_counter() - start
    failures = [(what, error) for (what, _), error in zip(sources, results, strict=True) if error]
    print(
        f"{len(sources)} diagrams from {len(corpus_specs(args.dir, args.filter))} spec files "
        f"({with_calls} with callbacks, links or webhooks); drawn in {seconds:.2f} s, "
        f"parsed by Mermaid in {parse_seconds:.1f} s"
    )
    print(f"largest: {biggest[0]} ({biggest[1]:,} characters; Mermaid's limit is 50,000)")
    print(f"parse errors: {len(failures)}")
    for what, error in failures[:20]:
        print(f"  {what}: {error.splitlines()[0] if error else ''}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
