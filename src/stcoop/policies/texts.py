"""Plain-text policy documents: decoding, and finding the title and language.

No Django models here, so the command line can use it before Django starts.
"""

from __future__ import annotations

import re

#: Encodings tried in turn (GB 18030 reads GBK and GB 2312 files too).
ENCODINGS = ("utf-8-sig", "gb18030")
#: Longest line taken for a title.
TITLE_MAX = 100
_NOT_TITLE = re.compile(
    r"^(?:附\s*件\s*[0-9一二三四五六七八九十]*\s*[:：]?|attachment\s*\d*:?|annex\s*\d*:?|"
    r"[\d\W_]+)$",
    re.IGNORECASE,
)
_SENTENCE_END = tuple("。；;：:，,")
_CJK = re.compile(r"[\u3400-\u9fff]")


class TextDecodeError(ValueError):
    """A file that is neither UTF-8 nor GBK text."""


def decode_text(data: bytes) -> str:
    """The text of a UTF-8 (with or without BOM) or GBK/GB 18030 file, with ``\\n`` line ends.

    Raises:
        TextDecodeError: the bytes are in neither encoding.
    """
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise TextDecodeError("the file is neither UTF-8 nor GBK text")


def clean_text(text: str) -> str:
    """Lines without trailing spaces, at most one empty line between paragraphs, no
    empty lines at the start or end."""
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line)
    return "\n".join(out).strip()


def guess_title(text: str) -> str:
    """The first non-empty line that looks like a title: not an "attachment" label or a
    number, not a sentence, at most :data:`TITLE_MAX` characters. Empty if none."""
    for raw in text.split("\n"):
        line = raw.strip()
        if not line or _NOT_TITLE.match(line):
            continue
        if len(line) > TITLE_MAX or line.endswith(_SENTENCE_END):
            continue
        return line
    return ""


def guess_language(text: str) -> str:
    """``zh`` when a fair share of the letters are Chinese characters, else ``en``."""
    sample = text[:5000]
    letters = sum(1 for ch in sample if ch.isalpha())
    chinese = len(_CJK.findall(sample))
    return "zh" if letters and chinese / letters > 0.3 else "en"
