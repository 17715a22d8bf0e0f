"""A file's content hash and the stat it had when hashed: whether what was read from it
(a parsed spec, a Markdown source, a dependency) is still current."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from ..diagnostics.subtypes import Subtype
from ..spec.files import Refused, read_project_file


@dataclass(frozen=True)
class Fingerprint:
    """A file's content hash, and the stat it had when hashed.  A file of more than
    ``max_bytes`` bytes is not read: its "hash" says so, with its size."""

    path: str
    root: str
    max_bytes: int
    sha256: str | None
    stat: tuple[int, int] | None

    @classmethod
    def of(cls, path: str, root: str, max_bytes: int, content: bytes | None = None) -> Fingerprint:
        """The fingerprint of ``path`` (a file the project names, inside ``root``), with
        ``content`` when the caller has just read it."""
        try:
            st = os.stat(path)
            digest = hashlib.sha256(
                read_project_file(path, root, max_bytes) if content is None else content
            ).hexdigest()
        except Refused as exc:
            if exc.subtype is not Subtype.SIZE:
                return cls(path, root, max_bytes, None, None)
            digest = f"over the size limit: {st.st_size} bytes"
        except OSError:  # also a file refused (a FIFO would block the build)
            return cls(path, root, max_bytes, None, None)
        return cls(path, root, max_bytes, digest, (st.st_size, st.st_mtime_ns))

    def still_valid(self) -> bool:
        """Same content: the same stat, or else the same hash."""
        try:
            st = os.stat(self.path)
        except OSError:
            return self.sha256 is None
        if (st.st_size, st.st_mtime_ns) == self.stat:
            return True
        return Fingerprint.of(self.path, self.root, self.max_bytes).sha256 == self.sha256
