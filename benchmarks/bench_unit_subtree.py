"""Sub-tree of an organisation unit: materialised ``path`` vs walking ``parent`` links.

Every permission check of a unit administrator asks "which units are below mine?".
The unit model stores each unit's root-to-unit ``path`` so the answer is one
``path LIKE '/1/4/%'`` query (or the same prefix as an indexed range); the usual
alternatives are a recursive CTE or walking the ``parent`` foreign key, one query per
level or (naively) one per unit. All run here on the same tree, in-memory SQLite, and
must return the same units. The CTE is raw SQL; the others go through the ORM, which
adds its query-building time (about 0.1-0.2 ms a query here) to theirs.
"""

from __future__ import annotations

from typing import Any

from django_memory import setup
from timing import measure, with_ratios
from unit_tree import build_unit_tree

BRANCHING = 8
ROOTS = 10
LEVELS = 3  # below each root: 8 + 64 + 512 units


def by_path(root: Any) -> set[int]:
    """One query: every unit whose path starts with the root's path."""
    from stcoop.accounts.models import OrganisationUnit

    return set(
        OrganisationUnit.objects.filter(path__startswith=root.path).values_list("pk", flat=True)
    )


def by_path_range(root: Any) -> set[int]:
    """One query on the indexed ``path`` as a range: ``path >= '/1/' AND path < '/10'``.

    ``'0'`` follows ``'/'`` in ASCII, so the range holds exactly the paths with that
    prefix, and unlike ``LIKE`` (case-insensitive on SQLite) it can use the index.
    """
    from stcoop.accounts.models import OrganisationUnit

    upper = root.path[:-1] + "0"
    query = OrganisationUnit.objects.filter(path__gte=root.path, path__lt=upper)
    return set(query.values_list("pk", flat=True))


def by_recursive_cte(root: Any) -> set[int]:
    """One recursive SQL query over ``parent_id`` (SQLite and PostgreSQL both have it)."""
    from django.db import connection

    sql = (
        "WITH RECURSIVE sub(id) AS (SELECT id FROM accounts_organisationunit WHERE id = %s "
        "UNION ALL SELECT u.id FROM accounts_organisationunit u JOIN sub ON u.parent_id = sub.id) "
        "SELECT id FROM sub"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [root.pk])
        return {row[0] for row in cursor.fetchall()}


def by_level(root: Any) -> set[int]:
    """One query per level: the children of all units found so far."""
    from stcoop.accounts.models import OrganisationUnit

    found = {root.pk}
    frontier = [root.pk]
    while frontier:
        frontier = list(
            OrganisationUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        found.update(frontier)
    return found


def by_unit(root: Any) -> set[int]:
    """Naive baseline: recurse, asking for each unit's children separately."""
    from stcoop.accounts.models import OrganisationUnit

    found = {root.pk}
    for child in OrganisationUnit.objects.filter(parent_id=root.pk).only("pk"):
        found |= by_unit(child)
    return found


def run(repeat: int = 15) -> dict[str, Any]:
    """Time the five ways on a large and a small sub-tree; return medians and speed-ups."""
    setup("accounts")
    from stcoop.accounts.models import OrganisationUnit

    roots = build_unit_tree(roots=ROOTS, branching=BRANCHING, levels=LEVELS)
    total = OrganisationUnit.objects.count()
    middle = OrganisationUnit.objects.get(name_en="root 0.3")
    results: dict[str, Any] = {}
    for label, node in (("root_subtree", roots[0]), ("middle_subtree", middle)):
        expected = by_path(node)
        methods = {
            "path_startswith": by_path,
            "path_range": by_path_range,
            "recursive_cte": by_recursive_cte,
            "query_per_level": by_level,
            "query_per_unit": by_unit,
        }
        for name, method in methods.items():
            if method(node) != expected:
                raise AssertionError(f"{name} disagrees with path_startswith on {label}")
        cases = {
            name: measure(lambda m=method, n=node: m(n), repeat=repeat)
            for name, method in methods.items()
        }
        results[label] = {"units_found": len(expected)} | with_ratios(cases, "query_per_unit")
    return {
        "description": __doc__.strip().splitlines()[0],
        "database": "sqlite in-memory",
        "units_in_table": total,
        "results": results,
    }
