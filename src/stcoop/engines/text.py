"""Text normalisation, language detection and tokenisation for Chinese and English.

The same functions run at index time and at query time, so a record and a query that
say the same thing produce the same terms:

* :func:`normalize`: Unicode NFKC (full-width letters and digits become half-width),
  traditional Chinese to simplified, case folding, accents removed from Latin letters,
  whitespace collapsed.
* :func:`detect_language`: ``"zh"``, ``"en"`` or another script's code, from the share
  of characters in each script (no model; a short mixed string is decided by the script
  with the most letters).
* :func:`tokenize`: Chinese runs segmented with rjieba in search mode (a long word and
  the shorter words inside it: 清华大学 → 清华, 大学, 清华大学), Latin runs split into
  words, English stop words dropped and the rest stemmed (Snowball), other scripts kept
  as whole words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import rjieba
import snowballstemmer

__all__ = [
    "Token",
    "contains_cjk",
    "detect_language",
    "normalize",
    "stem",
    "tokenize",
    "tokens",
]

_CJK: Final = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN: Final = re.compile(f"[{_CJK}]+")
_CJK_CHAR: Final = re.compile(f"[{_CJK}]")
# A run of Chinese characters, or a run of letters/digits of any other script.
_RUN: Final = re.compile(f"[{_CJK}]+|[^\\W_]+(?:['’][^\\W_]+)*", re.UNICODE)
_SPACES: Final = re.compile(r"\s+")

#: English function words that carry no topic (kept short on purpose: "it", "us" and
#: "who" are also acronyms in this field).
ENGLISH_STOP_WORDS: Final = frozenset(
    """a an and are as at be been by for from had has have in into is of on or that the
    their this to was were with within without its via than then these those there which
    while also such about between among over under upon other""".split()
)
#: Chinese particles and conjunctions that rjieba returns as words.
CHINESE_STOP_WORDS: Final = frozenset(
    "的 了 和 与 及 或 在 是 对 为 以 于 等 之 其 并 而 由 从 将 把 被 也 都 就 中 上 下".split()
    + "我 我们 该 这 那 有 个".split()
)

_SCRIPTS: Final[tuple[tuple[str, str], ...]] = (
    ("zh", _CJK),
    ("ja", "\u3040-\u30ff"),
    ("ko", "\uac00-\ud7af\u1100-\u11ff"),
    ("ru", "\u0400-\u04ff"),
    ("ar", "\u0600-\u06ff"),
    ("el", "\u0370-\u03ff"),
    ("he", "\u0590-\u05ff"),
    ("th", "\u0e00-\u0e7f"),
    ("hi", "\u0900-\u097f"),
)
_SCRIPT_PATTERNS: Final = tuple((code, re.compile(f"[{chars}]")) for code, chars in _SCRIPTS)
_LATIN: Final = re.compile(r"[a-zA-Z\u00c0-\u024f]")


@dataclass(frozen=True, slots=True)
class Token:
    """One term and the language it was read as (``"zh"``, ``"en"`` or ``"other"``)."""

    term: str
    language: str


@lru_cache(maxsize=1)
def _converter() -> object:
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=4096)
def _to_simplified(run: str) -> str:
    converted = _converter().convert(run)  # type: ignore[attr-defined]
    return str(converted)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def contains_cjk(text: str) -> bool:
    """Whether ``text`` holds at least one Chinese character."""
    return _CJK_CHAR.search(text) is not None


def normalize(text: str) -> str:
    """Normalise ``text`` for matching: NFKC, simplified Chinese, case-folded, no accents.

    >>> normalize("ＴＳＩＮＧＨＵＡ  Université 臺灣大學")
    'tsinghua universite 台湾大学'
    """
    text = unicodedata.normalize("NFKC", text)
    if contains_cjk(text):
        text = _CJK_RUN.sub(lambda m: _to_simplified(m.group(0)), text)
    text = _strip_accents(text.casefold())
    return _SPACES.sub(" ", text).strip()


def detect_language(text: str) -> str:
    """The main language of ``text``: ``"zh"``, ``"en"``, a script code, or ``"und"``.

    Latin-script text counts as ``"en"`` (the platform stems it as English); kana makes a
    string Japanese even when it holds Chinese characters.
    """
    counts: dict[str, int] = {}
    for code, pattern in _SCRIPT_PATTERNS:
        found = len(pattern.findall(text))
        if found:
            counts[code] = found
    latin = len(_LATIN.findall(text))
    if latin:
        counts["en"] = latin
    if not counts:
        return "und"
    if "ja" in counts and "zh" in counts:
        return "ja"
    # A Chinese character carries about as much as a short Latin word: weigh them so.
    if "zh" in counts:
        counts["zh"] *= 3
    return max(counts.items(), key=lambda item: item[1])[0]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The English Snowball stem of a lower-case ``word``."""
    return str(_stemmer().stemWord(word))


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


def tokenize(text: str, *, keep_stop_words: bool = False) -> list[Token]:
    """Split ``text`` into normalised terms, each with the language it was read as."""
    result: list[Token] = []
    for match in _RUN.finditer(normalize(text)):
        run = match.group(0)
        if _CJK_CHAR.match(run):
            for word in rjieba.cut_for_search(run):
                if word.strip() and (keep_stop_words or word not in CHINESE_STOP_WORDS):
                    result.append(Token(word, "zh"))
        elif _LATIN.search(run) and run.isascii():
            word = run.replace("’", "'").split("'")[0]
            if not keep_stop_words and word in ENGLISH_STOP_WORDS:
                continue
            if word:
                result.append(Token(stem(word) if word.isalpha() else word, "en"))
        else:
            result.append(Token(run, "en" if run.isdigit() else "other"))
    return result


def tokens(text: str, *, keep_stop_words: bool = False) -> list[str]:
    """The terms of :func:`tokenize` without their languages."""
    return [token.term for token in tokenize(text, keep_stop_words=keep_stop_words)]
