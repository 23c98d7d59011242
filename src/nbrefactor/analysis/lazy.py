"""A cached property without the lock ``functools.cached_property`` takes on Python 3.11.

Facts are computed once per document, and every fact of every document goes
through the descriptor once: on 3.11 ``cached_property`` acquires a lock (shared
by all instances) each time, which costs more than many of the facts
themselves. Python 3.12 dropped that lock; this is the same descriptor without it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class lazy(Generic[T]):
    """``@lazy`` on a method: computed on first access, then stored on the instance."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def computed(self, instance: object) -> bool:
        """Whether ``instance`` has this value already (asking for it would not compute it)."""
        return self.name in instance.__dict__

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> lazy[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> T | lazy[T]:
        if instance is None:
            return self
        value = self.func(instance)
        instance.__dict__[self.name] = value
        return value
