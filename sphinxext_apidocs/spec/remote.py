"""Remote ``$ref`` documents, fetched only when the project allows it (pure Python).

With ``apidocs_allow_remote_refs = True`` a :class:`RemoteFetcher` reads
``http(s)://`` documents: with a timeout for the whole document, a size cap, redirects only to
``http(s)`` (never to ``file:`` or another scheme) and at most five of them, and
a cache folder (under the build directory) so that later builds do not fetch
again.  Without it, nothing here runs and no socket is ever opened.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
import urllib.error
import urllib.request
from http.client import HTTPException
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")


class FetchError(Exception):
    """A remote document could not be fetched; the message says why."""


class _WebRedirectsOnly(urllib.request.HTTPRedirectHandler):
    max_redirections = 5

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in WEB_SCHEMES:
            raise FetchError(f"a redirect to {newurl!r} was refused (only http and https)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class RemoteFetcher:
    """Fetch ``http(s)`` documents, caching each in ``cache_dir`` by its URL."""

    def __init__(self, cache_dir: str, *, timeout: float = 10.0, max_bytes: int) -> None:
        self.cache_dir = Path(cache_dir)
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.fetched: list[str] = []
        """URLs read from the network (not from the cache) by this fetcher."""

    def _cached(self, url: str) -> Path:
        return self.cache_dir / hashlib.sha256(url.encode("utf-8")).hexdigest()

    def _read_until(self, response: Any, deadline: float) -> bytes:
        """The body, up to one byte over the size cap, read as it arrives: the timeout
        is a deadline for the whole document (a server that sends a byte now and then
        never makes a single read wait long), overrun by one read's timeout at most."""
        chunks: list[bytes] = []
        size = 0
        while size <= self.max_bytes:
            if time.monotonic() > deadline:
                raise FetchError(f"it took longer than {self.timeout:g} s")
            chunk: bytes = response.read1(self.max_bytes + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)

    def __call__(self, url: str) -> bytes:
        if urlsplit(url).scheme.lower() not in WEB_SCHEMES:
            raise FetchError(f"{url!r} is not an http or https URL")
        cached = self._cached(url)
        if cached.is_file():
            return cached.read_bytes()
        opener = urllib.request.build_opener(_WebRedirectsOnly())
        request = urllib.request.Request(url, headers={"User-Agent": "sphinxext-apidocs"})
        deadline = time.monotonic() + self.timeout
        try:
            with opener.open(request, timeout=self.timeout) as response:
                content = self._read_until(response, deadline)
        except FetchError:
            raise
        except (urllib.error.URLError, HTTPException, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise FetchError(f"{type(exc).__name__}: {reason}") from None
        if len(content) > self.max_bytes:
            raise FetchError(f"it is over the size limit of {self.max_bytes:,} bytes")
        self.fetched.append(url)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.cache_dir, delete=False) as tmp:
            tmp.write(content)
        os.replace(tmp.name, cached)
        return content


__all__ = ["FetchError", "RemoteFetcher"]
