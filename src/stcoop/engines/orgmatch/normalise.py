"""Name normalisation shared by the index and the queries.

A name becomes a *key*: its words normalised (:func:`stcoop.engines.text.normalize`),
abbreviations expanded ("Univ." → university, "Acad." → academy), spelling variants
unified (centre → center), stop words in the main European languages dropped and the
rest stemmed. Two spellings of one name give one key; different word orders do not
("University of Washington" is not "Washington University").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from stcoop.engines.text import normalize

__all__ = [
    "ABBREVIATIONS",
    "STOP_WORDS",
    "correction_key",
    "key_of",
    "name_tokens",
    "word_spans",
]

#: Abbreviations written in affiliations (lower case, without the dot) → full word.
ABBREVIATIONS: Final[dict[str, str]] = {
    "univ": "university",
    "universi": "university",
    "uni": "university",
    "inst": "institute",
    "instit": "institute",
    "institut": "institute",
    "dept": "department",
    "dep": "department",
    "dpt": "department",
    "depart": "department",
    "lab": "laboratory",
    "labs": "laboratories",
    "lab.": "laboratory",
    "natl": "national",
    "sci": "sciences",
    "scis": "sciences",
    "acad": "academy",
    "technol": "technology",
    "tech": "technology",
    "med": "medical",
    "hosp": "hospital",
    "ctr": "center",
    "cntr": "center",
    "cent": "center",
    "centre": "center",
    "centro": "center",
    "res": "research",
    "eng": "engineering",
    "engn": "engineering",
    "coll": "college",
    "phys": "physics",
    "comput": "computing",
    "agric": "agricultural",
    "agr": "agricultural",
    "intl": "international",
    "int": "international",
    "fac": "faculty",
    "sch": "school",
    "assoc": "association",
    "soc": "society",
    "fdn": "foundation",
    "found": "foundation",
    "govt": "government",
    "mus": "museum",
    "chin": "chinese",
    "mt": "mount",
    "st": "saint",
    "ste": "sainte",
    "organisation": "organization",
    "programme": "program",
    "labour": "labor",
    "fed": "federal",
    "polytech": "polytechnic",
    "universitat": "university",
    "universitaet": "university",
    "universite": "university",
    "universidad": "university",
    "universidade": "university",
    "universita": "university",
    "universiteit": "university",
    "uniwersytet": "university",
    "univerzita": "university",
    "universitet": "university",
    "universitatea": "university",
    "instituto": "institute",
    "istituto": "institute",
    "instytut": "institute",
    "institutet": "institute",
    "zentrum": "center",
    "nacional": "national",
    "nazionale": "national",
    "nationale": "national",
    "academia": "academy",
    "akademie": "academy",
    "academie": "academy",
    "akademia": "academy",
    "accademia": "academy",
    "laboratoire": "laboratory",
    "laboratorio": "laboratory",
    "hopital": "hospital",
    "ospedale": "hospital",
    "politecnico": "polytechnic",
    "technische": "technical",
    "technischen": "technical",
    "inc": "",
    "ltd": "",
    "corp": "",
    "co": "",
    "gmbh": "",
    "llc": "",
    "plc": "",
    "ag": "",
    "incorporated": "",
    "corporation": "",
    "limited": "",
    "srl": "",
    "spa": "",
    "bv": "",
    "pty": "",
    "politecnica": "polytechnic",
    "peking": "beijing",
    "tsinghua": "qinghua",
    "canton": "guangzhou",
    "amoy": "xiamen",
}

#: Words that carry no identity (articles, prepositions, conjunctions; en/fr/de/es/it/pt/nl).
STOP_WORDS: Final[frozenset[str]] = frozenset(
    """of the and for at in on a an to from by with
    de del della delle dei degli di da do dos das des du la le les el los las l d
    der die das dem den und fur zu im am von
    y e et en i och og
    het voor""".split()
)

_WORD: Final = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_CJK: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """The words of an already normalised text with their character spans."""
    return [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]


@lru_cache(maxsize=200_000)
def normal_word(word: str) -> str:
    """One normalised word as a key term ("" for a stop word)."""
    word = word.replace("'", "").replace("’", "")
    word = ABBREVIATIONS.get(word, word)
    if not word or word in STOP_WORDS:
        return ""
    if ("ae" in word or "oe" in word or "ue" in word) and word.isascii():
        word = word.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    if word.isascii() and word.isalpha():
        return light_stem(word)
    return word


def light_stem(word: str) -> str:
    """Singular of an English plural (sciences → science, studies → study); cheap and
    conservative, so names in other languages are left alone."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "as")):
        return word[:-1]
    return word


def name_tokens(text: str) -> list[str]:
    """The key terms of a name or a piece of an affiliation (CJK runs kept whole)."""
    normal = normalize(text).replace("&", " and ")
    result: list[str] = []
    for word, _, _ in word_spans(normal):
        term = normal_word(word)
        if term:
            result.append(term)
    return result


def key_of(text: str) -> str:
    """The lookup key of a name: its key terms joined with spaces."""
    return " ".join(name_tokens(text))


def correction_key(text: str) -> str:
    """The normalised form of an input string used as the corrections key: normalised
    (case, accents, width, traditional/simplified Chinese), punctuation removed."""
    normal = normalize(text)
    return " ".join(word for word, _, _ in word_spans(normal))


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese character."""
    return _CJK.search(text) is not None
