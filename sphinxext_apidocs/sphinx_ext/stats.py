"""Build statistics, for every builder: ``OUT/apidocs-stats.json`` and one log line.

Counted in the main process: specs are parsed there before parallel readers fork
(``state.preload``), and post-transforms -- where operations are rendered -- run
there also for parallel writers.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from .state import state

logger = logging.getLogger("sphinxext_apidocs")

FILE = "apidocs-stats.json"


def write(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the figures of this build, in the output folder and the log."""
    if exception is not None or app.builder is None:
        return
    build = state(app.env)
    counted = build.stats
    cache = build.cache
    specs = cache.specs()
    data: dict[str, Any] = {
        "builder": app.builder.name,
        "specs": len(specs),
        "operations_in_specs": sum(
            len(s.spec.operations) + len(s.spec.webhooks) for s in specs if s.spec
        ),
        "schemas_in_specs": sum(len(s.spec.component_schemas) for s in specs if s.spec),
        **{k: v for k, v in asdict(counted).items() if k != "started"},
        "spec_loads": cache.loads,
        "spec_cache_hits": cache.hits,
        "load_seconds": cache.load_seconds,
        "total_seconds": time.perf_counter() - counted.started,
    }
    for key, value in data.items():
        if isinstance(value, float):
            data[key] = round(value, 3)
    out = Path(app.outdir)
    out.mkdir(parents=True, exist_ok=True)
    (out / FILE).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    logger.info(
        "apidocs: %d spec(s), %d operations and %d schemas rendered, %d code samples; "
        "loading %.2f s (%d loads, %d cache hits), rendering %.2f s, checking %.2f s",
        data["specs"],
        counted.operations,
        counted.schemas,
        counted.samples,
        cache.load_seconds,
        cache.loads,
        cache.hits,
        counted.render_seconds,
        counted.check_seconds,
    )
