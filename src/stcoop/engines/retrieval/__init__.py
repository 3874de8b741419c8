"""Bilingual retrieval: BM25 and cross-lingual sentence vectors, fused and explained.

>>> index = SearchIndex()
>>> index.upsert([Document("project:1", "project", {"title_en": "Quantum computing platform"})])
>>> [hit.id for hit in index.search("量子计算")]
['project:1']

The engine takes plain :class:`Document` objects and knows nothing of the database; the
search app turns records into documents and keeps the index in step with writes.
"""

from .analysis import embed_text
from .highlight import highlight
from .index import SearchIndex
from .types import Document, Explanation, Hit, Mode, SearchFilter, TermMatch

__all__ = [
    "Document",
    "Explanation",
    "Hit",
    "Mode",
    "SearchFilter",
    "SearchIndex",
    "TermMatch",
    "embed_text",
    "highlight",
]
