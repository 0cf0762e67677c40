"""Values computed once per key, also when several threads ask for them at the same time.

The engine computes a catalogue's indicators in two threads on DuckDB (see
:mod:`opsreport.indicators.engine`), and indicators share work: a fused query, a survey's
rounds, a view of a selection. The first thread to ask for a key computes its value; a thread
asking for the same key meanwhile waits for that value instead of computing it again.

Waiting cannot deadlock: a thread only waits for a key that another running thread is
computing, and a value that needed itself (directly or through other keys) would recurse
without end in one thread too, so the keys a computation needs form no cycle.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")


class Once:
    """A dictionary of values, each computed by the first caller of :meth:`get`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[Hashable, Future[Any]] = {}

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value of ``key``: ``compute()`` the first time, else the value computed.

        An error while computing is raised to the caller and to every caller waiting;
        the key is then forgotten, so a later call computes it again.
        """
        with self._lock:
            future = self._values.get(key)
            mine = future is None
            if mine:
                future = self._values[key] = Future()
        if not mine:
            return future.result()
        try:
            value = compute()
        except BaseException as error:
            with self._lock:
                del self._values[key]
            future.set_exception(error)
            raise
        future.set_result(value)
        return value
