"""Numbers as the loader keeps them: floats that remember how they were written, and
integers past Python's digit limit kept as their digits."""

from __future__ import annotations

__all__ = ["SourceFloat", "int_or_digits"]


class SourceFloat(float):
    """A float that remembers the text it was written as (``.source``, e.g. ``'3.0'``, ``'1.50'``)."""

    __slots__ = ("source",)
    source: str

    def __new__(cls, source: str, value: float | None = None) -> SourceFloat:
        self = super().__new__(cls, float(source) if value is None else value)
        self.source = source
        return self

    def __reduce__(self) -> tuple[type[SourceFloat], tuple[str, float]]:
        return (SourceFloat, (self.source, float(self)))


def int_or_digits(text: str) -> int | str:
    """``int(text)``, or the digits themselves past Python's 4,300-digit limit."""
    try:
        return int(text)
    except ValueError:
        return text
