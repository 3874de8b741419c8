"""Expert affinity for people in the registry: how well each fits a document.

Each person's profile is what the registry holds about their expertise, read as papers
for :func:`stcoop.engines.affinity.document_affinity`: every publication (title and
abstract) is one paper, and the biography (both languages), expertise keywords and
disciplines together make one more. A person with none of these scores lowest.
Expert review uses this to rank candidate reviewers for a proposal.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch

from stcoop.engines.affinity import Paper, document_affinity
from stcoop.engines.encoder import Encoder
from stcoop.people.models import Person, Publication

__all__ = ["expert_affinity", "person_papers"]


def person_papers(person: Person) -> list[Paper]:
    """The papers that stand for ``person``'s expertise (publications, then profile)."""
    papers = [
        Paper(f"publication-{publication.pk}", publication.title, publication.abstract)
        for publication in person.publications.all()
    ]
    terms = [*person.keywords, *person.disciplines]
    bios = [b for b in (person.bio_en, person.bio_zh_hans) if b]
    if terms or bios:
        papers.append(Paper(f"profile-{person.pk}", "; ".join(terms), " ".join(bios)))
    return papers


def expert_affinity(
    document_text: str, people: Iterable[Person], *, encoder: Encoder | None = None
) -> dict[int, float]:
    """How well each person's expertise fits ``document_text`` (Chinese or English).

    Args:
        document_text: the proposal, paper or technology profile (title and abstract).
        people: the candidates (a queryset is prefetched with their publications).
        encoder: the sentence encoder (the default one when ``None``).

    Returns:
        ``{person.pk: score}``, higher meaning a better fit; scores are z-scores across
        the candidates (see :func:`stcoop.engines.affinity.document_affinity`).
    """
    if hasattr(people, "prefetch_related"):
        people = people.prefetch_related(
            Prefetch("publications", queryset=Publication.objects.order_by("pk"))
        )
    archives = {str(person.pk): person_papers(person) for person in people}
    if not archives:
        return {}
    document = Paper("document", "", document_text.strip())
    scores = document_affinity(document, archives, encoder=encoder)
    return {int(pk): score for pk, score in scores.items()}
