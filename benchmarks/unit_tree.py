"""A synthetic organisation-unit tree for benchmarks, written in one bulk insert."""

from __future__ import annotations

from typing import Any


def build_unit_tree(*, roots: int, branching: int, levels: int) -> list[Any]:
    """Create ``roots`` trees, each unit with ``branching`` children, ``levels`` deep.

    Paths are computed directly (explicit primary keys), as
    :func:`stcoop.accounts.services.unit_create` would store them. Returns the roots.
    """
    from stcoop.accounts.models import OrganisationUnit

    rows: list[OrganisationUnit] = []

    def add(parent: OrganisationUnit | None, name: str) -> OrganisationUnit:
        pk = len(rows) + 1
        path = f"{parent.path if parent else '/'}{pk}/"
        unit = OrganisationUnit(
            pk=pk, name_zh_hans=name, name_en=name, kind="other", parent=parent, path=path
        )
        rows.append(unit)
        return unit

    tops = []
    for r in range(roots):
        level = [add(None, f"root {r}")]
        tops.append(level[0])
        for _ in range(levels):
            level = [
                add(parent, f"{parent.name_en}.{i}") for parent in level for i in range(branching)
            ]
    OrganisationUnit.objects.bulk_create(rows, batch_size=1000)
    return tops
