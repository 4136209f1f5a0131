"""Clusters from certain pairs: union-find that never joins records which veto each other."""

from __future__ import annotations

from collections.abc import Callable, Iterable


class Clusters:
    """Union-find over record ids, each root keeping its member list."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.members: dict[int, list[int]] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def group(self, x: int) -> list[int]:
        return self.members.get(self.find(x), [x])

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        ma, mb = self.members.pop(ra, [ra]), self.members.pop(rb, [rb])
        if len(ma) < len(mb):
            ra, rb, ma, mb = rb, ra, mb, ma
        self.parent[rb] = ra
        ma.extend(mb)
        self.members[ra] = ma
        return ra

    def try_union(self, a: int, b: int, compatible: Callable[[int, int], bool]) -> bool:
        """Join the clusters of a and b unless some cross pair is incompatible."""
        ga, gb = self.group(a), self.group(b)
        if ga is gb or self.find(a) == self.find(b):
            return True
        for x in ga:
            for y in gb:
                if not compatible(x, y):
                    return False
        self.union(a, b)
        return True

    def groups(self) -> Iterable[list[int]]:
        return (m for m in self.members.values() if len(m) > 1)
