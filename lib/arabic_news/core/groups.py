"""Connected groups of linked items (union-find): the one implementation, for the clusters of
near-duplicate documents and the template groups of documents sharing lines."""

from __future__ import annotations

from collections.abc import Iterable


def connected_groups(links: Iterable[tuple[int, int]]) -> list[tuple[int, ...]]:
    """Return the connected groups of the items linked by ``links`` (pairs of item numbers), each
    sorted, sorted by their first member; items that no link names are in no group."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in links:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for x in parent:
        groups.setdefault(find(x), []).append(x)
    return sorted(tuple(sorted(g)) for g in groups.values())
