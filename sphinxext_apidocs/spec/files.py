"""Reading a file the project names: only a regular file inside the project (pure Python).

Every file the build reads because the project names it (a spec and what its ``$ref``
and ``externalValue`` name, a Markdown source, a code sample template, the apicheck
baseline), and every read made to tell whether such a file changed, goes through
:func:`read_project_file`.  It refuses, before opening anything, a path that leads
out of the project (by ``..`` or by a symlink: a template linked to
``/proc/self/environ`` would put the build's environment into the page) and anything
but a regular file (a FIFO or a device would block the build or never end).  The file
is opened without blocking and checked again once open, so one swapped for a FIFO in
between is refused too.
"""

from __future__ import annotations

import errno
import os
import stat

from ..diagnostics.subtypes import Subtype


class Refused(OSError):
    """A file the build does not open; ``subtype`` is the warning's (``outside-project``,
    ``file`` for one that is not a regular file, ``size``), ``strerror`` says why."""

    def __init__(self, subtype: Subtype, reason: str) -> None:
        super().__init__(errno.EPERM, reason)
        self.subtype = subtype


def project_file(path: str, root: str) -> str:
    """The real path of ``path`` (symlinks resolved), which is a regular file inside
    ``root``; raises :class:`Refused`, or :class:`OSError` for a file that is missing
    or cannot be looked at."""
    try:
        real = os.path.realpath(path)
        info = os.stat(real) if inside(real, root) else None
    except ValueError:  # an embedded NUL
        raise Refused(Subtype.FILE, "not a file name") from None
    if info is None:
        raise Refused(Subtype.OUTSIDE_PROJECT, "outside the project")
    if not stat.S_ISREG(info.st_mode):
        raise Refused(Subtype.FILE, "not a regular file")
    return real


def read_project_file(path: str, root: str, max_bytes: int | None = None) -> bytes:
    """The bytes of ``path``, checked by :func:`project_file` before it is opened; one of
    more than ``max_bytes`` bytes is refused (``size``) without being read."""
    real = project_file(path, root)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    with open(os.open(real, flags | getattr(os, "O_BINARY", 0)), "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):  # swapped since it was checked
            raise Refused(Subtype.FILE, "not a regular file")
        if max_bytes is None:
            return f.read()
        if info.st_size <= max_bytes:
            # the size it has and one byte more, so that no buffer of the whole limit is
            # reserved for a small file; a file that grew meanwhile is read on to the limit
            content = f.read(info.st_size + 1)
            if len(content) > info.st_size:
                content += f.read(max_bytes + 1 - len(content))
            if len(content) <= max_bytes:
                return content
    size = max(info.st_size, max_bytes + 1)
    raise Refused(Subtype.SIZE, f"{size:,} bytes, over the limit of {max_bytes:,}")


def subtype_of(error: OSError) -> Subtype:
    """The warning subtype for a file that could not be read."""
    return error.subtype if isinstance(error, Refused) else Subtype.FILE


def inside(path: str, root: str) -> bool:
    """Whether ``path`` is ``root`` or below it, symlinks resolved (whether or not
    anything is there)."""
    real, real_root = os.path.realpath(path), os.path.realpath(root)
    return real == real_root or real.startswith(os.path.join(real_root, ""))
