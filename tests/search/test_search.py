"""The search service: documents of every type, the durable store, freshness after writes,
permissions and facets."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from stcoop.search import store
from stcoop.search.documents import REGISTRY, SEARCH_TYPES, document_for, instances_for
from stcoop.search.models import SearchDocument
from stcoop.search.services import search_records, similar_records

from .corpus import build_corpus

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


@pytest.fixture
def corpus(units: Any) -> Any:
    data = build_corpus(units)
    store.rebuild()
    return data


def ids(results: Any) -> list[str]:
    return [item.id for item in results.items]


def test_every_type_has_a_document(corpus: Any) -> None:
    types = set(SearchDocument.objects.filter(deleted=False).values_list("type", flat=True))
    assert types == set(REGISTRY)
    assert set(SEARCH_TYPES) == set(REGISTRY)
    doc = document_for(corpus.tsinghua)
    assert doc is not None
    assert doc.id == f"organisation:{corpus.tsinghua.pk}"
    assert doc.fields["title_zh"] == "清华大学"
    assert doc.fields["title_en"] == "Tsinghua University"
    assert "THU" in doc.fields["acronyms"]
    assert doc.facets["country"] == ("CN",)
    assert doc.facets["access"] == ("public",)
    assert document_for(units_unit := corpus.tsinghua.owner_unit) is None, units_unit
    found = instances_for([doc.id, "organisation:999999", "nonsense", "project:x"])
    assert list(found) == [doc.id]


def test_rebuild_keeps_vectors_and_tombstones_gone_records(corpus: Any) -> None:
    row = SearchDocument.objects.get(doc_id=f"organisation:{corpus.tsinghua.pk}")
    assert len(bytes(row.vector)) == 512 * 4
    seq = row.seq
    store.rebuild()  # nothing changed: no row rewritten
    assert SearchDocument.objects.get(pk=row.pk).seq == seq
    pk = corpus.fraunhofer.pk
    type(corpus.fraunhofer).objects.filter(pk=pk).delete()  # no signal on queryset delete? there is
    store.rebuild()
    assert SearchDocument.objects.get(doc_id=f"organisation:{pk}").deleted


def test_search_finds_by_name_acronym_and_across_languages(corpus: Any) -> None:
    assert ids(search_records(user=ANONYMOUS, query="清华大学"))[0] == (
        f"organisation:{corpus.tsinghua.pk}"
    )
    assert f"organisation:{corpus.tsinghua.pk}" in ids(search_records(user=ANONYMOUS, query="THU"))
    # A Chinese query finds an English-only project and the reverse.
    zh = search_records(user=ANONYMOUS, query="量子计算")
    assert f"project:{corpus.quantum.pk}" in ids(zh)[:3]
    en = search_records(user=ANONYMOUS, query="perovskite solar cells")
    assert f"project:{corpus.solar.pk}" in ids(en)[:3]
    item = next(i for i in en.items if i.id == f"project:{corpus.solar.pk}")
    assert item.explanation.semantic_similarity is not None
    assert item.url == f"/projects/{corpus.solar.pk}/"


def test_types_and_facets(corpus: Any) -> None:
    results = search_records(user=ANONYMOUS, query="Tsinghua", mode="lexical")
    assert results.facet_counts["type"].get("organisation") == 1
    assert results.facet_counts["country"].get("CN", 0) >= 1
    only = search_records(user=ANONYMOUS, query="Tsinghua", types=["technology"], mode="lexical")
    assert ids(only) == [f"technology:{corpus.technology.pk}"]
    # Type counts are those of the search over every type.
    assert only.facet_counts["type"]["organisation"] == 1
    german = search_records(user=ANONYMOUS, query="Fraunhofer", facets={"country": ["DE"]})
    assert f"organisation:{corpus.fraunhofer.pk}" in ids(german)
    none = search_records(user=ANONYMOUS, query="Fraunhofer", facets={"country": ["CN"]})
    assert f"organisation:{corpus.fraunhofer.pk}" not in ids(none)


def test_empty_and_huge_queries(corpus: Any) -> None:
    assert search_records(user=ANONYMOUS, query="   ").items == []
    huge = search_records(user=ANONYMOUS, query="量子 " * 1000)
    assert huge.truncated
    odd = search_records(user=ANONYMOUS, query="\u200b\ufeff🙂 ∑ Тест ﷽")
    assert odd.total >= 0
    with pytest.raises(ValueError, match="unknown search mode"):
        search_records(user=ANONYMOUS, query="x", mode="magic")


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (None, False),
        ("org_user", True),  # member of the owning unit (enterprise)
        ("platform_admin", True),
        ("ministry_admin", True),
        ("base_manager", False),  # another unit
        ("expert", False),
    ],
)
def test_private_records_only_for_those_who_may_see_them(
    corpus: Any, users: Any, role: str | None, sees: bool
) -> None:
    user = ANONYMOUS if role is None else getattr(users, role)
    doc_id = f"organisation:{corpus.secret.pk}"
    results = search_records(user=user, query="Zyxwv Lithography", mode="lexical")
    assert (doc_id in ids(results)) is sees
    # Facet counts count only what the user sees.
    assert results.facet_counts["type"].get("organisation", 0) == (1 if sees else 0)


def test_similar_records(corpus: Any) -> None:
    document = document_for(corpus.technology)
    assert document is not None
    similar = similar_records(user=ANONYMOUS, document=document, limit=5)
    assert document.id not in [item.id for item in similar]
    assert similar


def test_write_is_searchable_renamed_and_deleted(units: Any, committed: Any) -> None:
    from organisations.factories import OrganisationFactory

    with committed():
        org = OrganisationFactory(owner_unit=units.ministry, name_en="Qwertyuiop Institute")
    doc_id = f"organisation:{org.pk}"
    assert doc_id in ids(search_records(user=ANONYMOUS, query="Qwertyuiop", mode="lexical"))
    with committed():
        org.name_en = "Asdfghjkl Centre"
        org.save()
    assert doc_id not in ids(search_records(user=ANONYMOUS, query="Qwertyuiop", mode="lexical"))
    assert doc_id in ids(search_records(user=ANONYMOUS, query="Asdfghjkl", mode="lexical"))
    with committed():
        org.visibility = "internal"
        org.save()
    assert doc_id not in ids(search_records(user=ANONYMOUS, query="Asdfghjkl", mode="lexical"))
    with committed():
        org.delete()
    assert SearchDocument.objects.get(doc_id=doc_id).deleted
    assert store.get_index().get(doc_id) is None


def test_child_rows_refresh_their_parent(units: Any, committed: Any) -> None:
    from organisations.factories import OrganisationFactory
    from projects.factories import ProjectFactory
    from stcoop.projects.models import Participation

    with committed():
        project = ProjectFactory(owner_unit=units.ministry)
        partner = OrganisationFactory(owner_unit=units.ministry, name_en="Zxcvbnm Partners")
    assert f"project:{project.pk}" not in ids(
        search_records(user=ANONYMOUS, query="Zxcvbnm", mode="lexical")
    )
    with committed():
        Participation.objects.create(project=project, organisation=partner)
    assert f"project:{project.pk}" in ids(
        search_records(user=ANONYMOUS, query="Zxcvbnm", mode="lexical")
    )


def test_rolled_back_write_queues_nothing_and_later_writes_still_do(
    units: Any, committed: Any
) -> None:
    from django.db import transaction

    from organisations.factories import OrganisationFactory

    with committed():
        try:
            with transaction.atomic():
                OrganisationFactory(owner_unit=units.ministry, name_en="Rollback Corp")
                raise RuntimeError
        except RuntimeError:
            pass
    with committed():
        org = OrganisationFactory(owner_unit=units.ministry, name_en="Committed Corp")
    assert f"organisation:{org.pk}" in ids(
        search_records(user=ANONYMOUS, query="Committed Corp", mode="lexical")
    )


def test_catch_up_reads_the_change_history(units: Any) -> None:
    """Bulk imports write no signals; the change history names what they touched."""
    from django.contrib.contenttypes.models import ContentType

    from stcoop.core.models import ObjectChange
    from stcoop.organisations.models import Organisation

    org = Organisation.objects.bulk_create(
        [
            Organisation(
                owner_unit=units.ministry,
                name_en="Bulk Imported Lab",
                kind="institute",
                visibility="public",
            )
        ]
    )[0]
    ObjectChange.objects.create(
        action="create",
        content_type=ContentType.objects.get_for_model(Organisation),
        object_id=str(org.pk),
        object_repr="Bulk Imported Lab",
    )
    assert store.changes_pending()
    # The immediate backend runs the queued catch-up at once, inside get_index.
    store._live.catch_up_asked = 0.0
    store.get_index()
    assert not store.changes_pending()
    assert f"organisation:{org.pk}" in ids(
        search_records(user=ANONYMOUS, query="Bulk Imported Lab", mode="lexical")
    )


def test_index_survives_a_restart(corpus: Any) -> None:
    first = store.get_index()
    assert len(first) == SearchDocument.objects.filter(deleted=False).count()
    store.reset_index()  # a new process: loads the stored vectors, encodes nothing
    from unittest import mock

    with mock.patch("stcoop.engines.encoder.UniversalSentenceEncoder.encode") as encode:
        again = store.get_index()
        assert len(again) == len(first)
        assert encode.call_count == 0
