# Reference cases for scope analysis: every construct the issue lists.
# tests/test_scopes.py checks that nbrefactor's scope walk and the standard
# library's symtable classify every name in every scope the same way.
import os
import numpy as np
from collections import defaultdict as dd

LIMIT = 10
counter = 0
items = []


def params(a, /, b, *args, c=LIMIT, d: int = 1, **kwargs) -> "int":
    return a + b + c + d + len(args) + len(kwargs) + unknown_global


def uses_global():
    global counter
    counter += 1
    items.append(counter)
    return os.path.join("a", "b")


def closure(x):
    total = 0

    def inner(y):
        nonlocal total
        total += y
        return total + x + LIMIT

    def reader():
        return total * x

    return inner, reader


def comprehensions(rows):
    squares = [r * r for r in rows if r > LIMIT]
    pairs = {k: v for k, v in zip(rows, squares)}
    nested = [[c for c in row if c != r0] for r0, row in enumerate(rows)]
    gen = sum(x for x in rows)
    found = [y for r in rows if (y := r * 2) > 3]
    return squares, pairs, nested, gen, found, y


def lambdas(data):
    key = lambda item, k=LIMIT: item[k] + offset
    return sorted(data, key=key), (lambda: data)()


class Model:
    size = 3
    names = [n for n in range(size)]
    doubled = [size * 2 for _ in range(3)]

    def __init__(self, w):
        self.w = w * self.size

    def forward(self, x):
        return x * self.w + size

    @staticmethod
    def build():
        return Model(LIMIT)


def class_in_function(k):
    class Inner:
        attr = k
        other = LIMIT

        def get(self):
            return k + attr

    return Inner


def statements(path, value):
    with open(path) as fh, open(path) as (fh2):
        text = fh.read() + fh2.read()
    try:
        number = int(text)
    except ValueError as exc:
        number = exc
    for i, (a, *rest) in enumerate([(1, 2, 3)]):
        first, *middle, last = rest + [i, a]
    del text
    while (n := value) > 0:
        value -= 1
    match value:
        case {"kind": kind, **others}:
            result = kind, others
        case [head, *tail]:
            result = head, tail
        case Model(size=sz) as model:
            result = sz, model
        case str() | bytes() as raw:
            result = raw
        case _:
            result = None
    import json as js
    from os import path as p
    return number, first, middle, last, n, result, js, p


async def coroutine(source):
    async with source as s:
        async for item in s:
            yield item
    results = [await x async for x in source]
    return


def shadowing(np):
    os = "not the module"
    return np, os, dd


def decorated(fn):
    return fn


@decorated
def target(a=counter):
    return a


def deletes():
    local = 1
    del local
    del items[0]


def augmented():
    items[0] += 1
    items.attr = 3
    return items


def try_star():
    try:
        pass
    except* ValueError as group:
        return group


def star_targets(seq):
    *head, tail = seq
    [x, [y, *z]] = seq
    return head, tail, x, y, z


def default_refers_to_param(x, y=lambda: x):
    return y


print(params, uses_global, closure, comprehensions, lambdas, Model, class_in_function)
outside = [q for q in range(3)]
if (w := len(outside)) > 2:
    print(w)
