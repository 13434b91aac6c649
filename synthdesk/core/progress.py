"""Progress reporting and cancellation for long steps, without Qt."""

from __future__ import annotations

import time
from collections.abc import Callable

from synthdesk.core.errors import Cancelled

ProgressCallback = Callable[[float, str], None]


class Progress:
    """Report a step's progress as a fraction and a message, and check for cancel.

    A ``Progress`` may cover only part of its parent's range (see ``span``),
    so a step reports 0..1 of its own work without knowing where it sits.
    Reports closer together than ``min_interval`` seconds are dropped unless
    the fraction reached 1.
    """

    def __init__(
        self,
        callback: ProgressCallback | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        start: float = 0.0,
        end: float = 1.0,
        min_interval: float = 0.1,
    ):
        self._callback = callback
        self._is_cancelled = is_cancelled
        self._start = start
        self._end = end
        self._min_interval = min_interval
        self._last = 0.0

    def report(self, fraction: float, message: str = "") -> None:
        self.check()
        if self._callback is None:
            return
        now = time.monotonic()
        if fraction < 1.0 and now - self._last < self._min_interval:
            return
        self._last = now
        fraction = min(max(fraction, 0.0), 1.0)
        self._callback(self._start + (self._end - self._start) * fraction, message)

    def check(self) -> None:
        """Raise ``Cancelled`` when the user asked to stop."""
        if self._is_cancelled is not None and self._is_cancelled():
            raise Cancelled()

    def span(self, start: float, end: float) -> Progress:
        """Return a ``Progress`` for the part ``start..end`` of this one."""
        width = self._end - self._start
        return Progress(
            self._callback,
            self._is_cancelled,
            self._start + width * start,
            self._start + width * end,
            self._min_interval,
        )
