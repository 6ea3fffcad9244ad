"""Stand-ins for services that are made on first use.

The window appears before the data layer has loaded (importing SQLAlchemy takes longer than
the whole window takes to show). Pages hold a :class:`Deferred` in place of their service and
call it as usual; the first call makes the real one. Step 2 of the start makes the pages that
use them right after the first frame, so a person rarely waits for that first call.

What it buys: with the services made at once, the store and SQLAlchemy came before the first
frame, 0.5–0.65 s more CPU at every start (README, "What each start-up device buys")."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar, cast

T = TypeVar("T")


class Deferred(Generic[T]):
    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._made: T | None = None
        self._lock = threading.Lock()  # a worker (an import job) may be the first caller

    def resolve(self) -> T:
        with self._lock:
            if self._made is None:
                self._made = self._make()
            return self._made

    def __getattr__(self, name: str) -> object:
        return getattr(self.resolve(), name)


def deferred(make: Callable[[], T]) -> T:
    """A :class:`Deferred` where the service itself is expected: it forwards every attribute
    to the service, which a type checker cannot see through ``__getattr__``."""
    return cast(T, Deferred(make))
