"""Which country an affiliation string names (:func:`detect_country`).

Country names come from the CLDR tables of :mod:`babel` in twenty-odd languages (中国,
Deutschland, Allemagne, ...), plus the usual short forms ("P.R. China", "PRC", "USA",
"UK"), US states and "ST 12345" ZIP codes, Chinese provinces and major research
cities. The last country named in a string wins (affiliations end with the country).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from stcoop.engines.text import normalize

__all__ = ["country_names", "detect_country"]

_LANGUAGES: Final = (
    "en fr de es it pt nl zh zh_Hant ja ko ru pl sv tr cs da fi nb hu el uk ro id vi"
).split()
_NOT_COUNTRIES: Final = frozenset({"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "XK"})
# names that are too often something else (a US state, a person, a word)
_AMBIGUOUS: Final = frozenset(
    {"georgia", "jersey", "chad", "jordan", "turkey", "guinea", "niger", "dominica",
     "congo", "kongo", "india", "man", "wales", "norfolk island", "columbia",
     "panama", "lebanon"}
)  # fmt: skip

_EXTRA: Final[dict[str, str]] = {
    "p r china": "CN", "pr china": "CN", "prc": "CN", "p r c": "CN", "china": "CN",
    "peoples republic of china": "CN", "people s republic of china": "CN",
    "the peoples republic of china": "CN", "mainland china": "CN", "中华人民共和国": "CN",
    "中国": "CN", "india": "IN", "republic of india": "IN",
    "usa": "US", "u s a": "US", "u s": "US", "united states of america": "US",
    "united states": "US", "america": "US",
    "uk": "GB", "u k": "GB", "england": "GB", "scotland": "GB", "great britain": "GB",
    "northern ireland": "GB", "britain": "GB", "wales uk": "GB",
    "korea": "KR", "south korea": "KR", "republic of korea": "KR", "rep of korea": "KR",
    "korea republic of": "KR", "korea south": "KR", "north korea": "KP",
    "taiwan roc": "TW", "taiwan r o c": "TW", "republic of china": "TW", "台湾": "TW",
    "hong kong sar": "HK", "hong kong": "HK", "hongkong": "HK", "macao": "MO", "macau": "MO",
    "russia": "RU", "russian federation": "RU", "czech republic": "CZ", "czechia": "CZ",
    "iran": "IR", "islamic republic of iran": "IR", "viet nam": "VN", "vietnam": "VN",
    "the netherlands": "NL", "holland": "NL", "deutschland": "DE", "brasil": "BR",
    "espana": "ES", "italia": "IT", "schweiz": "CH", "suisse": "CH", "osterreich": "AT",
    "turkiye": "TR", "republic of turkey": "TR", "ivory coast": "CI", "cote d ivoire": "CI",
    "uae": "AE", "u a e": "AE", "syria": "SY", "tanzania": "TZ", "laos": "LA",
    "bolivia": "BO", "venezuela": "VE", "moldova": "MD", "macedonia": "MK",
    "kingdom of saudi arabia": "SA", "ksa": "SA", "republic of ireland": "IE", "eire": "IE",
    "tbilisi georgia": "GE", "republic of georgia": "GE", "amman jordan": "JO",
    "dr congo": "CD", "drc": "CD", "democratic republic of congo": "CD",
    "democratic republic of the congo": "CD", "republic of congo": "CG",
    "new delhi": "IN", "delhi": "IN", "mumbai": "IN", "bangalore": "IN", "bengaluru": "IN",
    "chennai": "IN", "kolkata": "IN", "hyderabad india": "IN", "pune": "IN",
    "beijing": "CN", "shanghai": "CN", "guangzhou": "CN", "shenzhen": "CN", "wuhan": "CN",
    "nanjing": "CN", "hangzhou": "CN", "tianjin": "CN", "chengdu": "CN", "xian": "CN",
    "xi an": "CN", "harbin": "CN", "changchun": "CN", "hefei": "CN", "jinan": "CN",
    "qingdao": "CN", "dalian": "CN", "shenyang": "CN", "changsha": "CN", "chongqing": "CN",
    "kunming": "CN", "lanzhou": "CN", "fuzhou": "CN", "xiamen": "CN", "zhengzhou": "CN",
    "nanchang": "CN", "taiyuan": "CN", "shijiazhuang": "CN", "guiyang": "CN", "nanning": "CN",
    "urumqi": "CN", "hohhot": "CN", "suzhou": "CN", "wuxi": "CN", "ningbo": "CN",
    "guangdong": "CN", "jiangsu": "CN", "zhejiang": "CN", "shandong": "CN", "hubei": "CN",
    "hunan": "CN", "henan": "CN", "hebei": "CN", "sichuan": "CN", "shaanxi": "CN",
    "shanxi": "CN", "anhui": "CN", "fujian": "CN", "jiangxi": "CN", "liaoning": "CN",
    "jilin": "CN", "heilongjiang": "CN", "yunnan": "CN", "guizhou": "CN", "guangxi": "CN",
    "gansu": "CN", "xinjiang": "CN", "inner mongolia": "CN", "hainan": "CN", "ningxia": "CN",
    "qinghai": "CN", "tibet": "CN",
    "北京": "CN", "上海": "CN", "广州": "CN", "深圳": "CN", "武汉": "CN", "南京": "CN",
    "杭州": "CN", "天津": "CN", "成都": "CN", "西安": "CN", "重庆": "CN", "香港": "HK",
    "澳门": "MO", "台北": "TW",
    "tokyo": "JP", "osaka": "JP", "kyoto": "JP", "nagoya": "JP", "sendai": "JP",
    "seoul": "KR", "daejeon": "KR", "busan": "KR", "taipei": "TW", "hsinchu": "TW",
    "tainan": "TW", "taichung": "TW", "singapore": "SG",
    "london": "GB", "oxford": "GB", "cambridge uk": "GB", "edinburgh": "GB", "glasgow": "GB",
    "manchester uk": "GB", "paris": "FR", "lyon": "FR", "marseille": "FR", "toulouse": "FR",
    "grenoble": "FR", "berlin": "DE", "munich": "DE", "munchen": "DE", "hamburg": "DE",
    "heidelberg": "DE", "frankfurt": "DE", "cologne": "DE", "koln": "DE", "dresden": "DE",
    "madrid": "ES", "barcelona": "ES", "rome": "IT", "roma": "IT", "milan": "IT",
    "milano": "IT", "amsterdam": "NL", "utrecht": "NL", "leiden": "NL", "delft": "NL",
    "zurich": "CH", "geneva": "CH", "lausanne": "CH", "vienna": "AT", "wien": "AT",
    "stockholm": "SE", "copenhagen": "DK", "oslo": "NO", "helsinki": "FI",
    "brussels": "BE", "leuven": "BE", "ghent": "BE", "lisbon": "PT", "porto": "PT",
    "warsaw": "PL", "krakow": "PL", "prague": "CZ", "budapest": "HU", "athens": "GR",
    "moscow": "RU", "saint petersburg": "RU", "novosibirsk": "RU", "kyiv": "UA", "kiev": "UA",
    "istanbul": "TR", "ankara": "TR", "tehran": "IR", "cairo": "EG", "riyadh": "SA",
    "toronto": "CA", "montreal": "CA", "vancouver": "CA", "ottawa": "CA",
    "sydney": "AU", "melbourne": "AU", "canberra": "AU", "brisbane": "AU",
    "auckland": "NZ", "sao paulo": "BR", "rio de janeiro": "BR", "mexico city": "MX",
    "buenos aires": "AR", "santiago de chile": "CL", "bogota": "CO", "lima peru": "PE",
    "nairobi": "KE", "lagos": "NG", "johannesburg": "ZA", "cape town": "ZA",
    "bangkok": "TH", "kuala lumpur": "MY", "jakarta": "ID", "manila": "PH", "hanoi": "VN",
    "ho chi minh city": "VN", "dhaka": "BD", "karachi": "PK", "lahore": "PK",
    "islamabad": "PK",
}  # fmt: skip

US_STATES: Final[dict[str, str]] = {
    "AL": "alabama", "AK": "alaska", "AZ": "arizona", "AR": "arkansas", "CA": "california",
    "CO": "colorado", "CT": "connecticut", "DE": "delaware", "FL": "florida",
    "GA": "georgia", "HI": "hawaii", "ID": "idaho", "IL": "illinois", "IN": "indiana",
    "IA": "iowa", "KS": "kansas", "KY": "kentucky", "LA": "louisiana", "ME": "maine",
    "MD": "maryland", "MA": "massachusetts", "MI": "michigan", "MN": "minnesota",
    "MS": "mississippi", "MO": "missouri", "MT": "montana", "NE": "nebraska",
    "NV": "nevada", "NH": "new hampshire", "NJ": "new jersey", "NM": "new mexico",
    "NY": "new york", "NC": "north carolina", "ND": "north dakota", "OH": "ohio",
    "OK": "oklahoma", "OR": "oregon", "PA": "pennsylvania", "RI": "rhode island",
    "SC": "south carolina", "SD": "south dakota", "TN": "tennessee", "TX": "texas",
    "UT": "utah", "VT": "vermont", "VA": "virginia", "WA": "washington",
    "WV": "west virginia", "WI": "wisconsin", "WY": "wyoming", "DC": "district of columbia",
}  # fmt: skip
# state names that are also something else do not count alone
_STATE_NAMES: Final = frozenset(US_STATES.values()) - {"georgia", "washington", "new york",
                                                       "indiana", "delaware"}  # fmt: skip

_ZIP: Final = re.compile(r"\b([A-Z]{2})[ ,]+\d{5}(?:-\d{4})?\b")
_STATE_COUNTRY: Final = re.compile(r"\b([A-Z]{2}),?\s+(?:USA|U\.S\.A\.?|US|United States)\b")
_WORD: Final = re.compile(r"[^\W_]+", re.UNICODE)
_CJK_RUN: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_MAX_WORDS: Final = 6


def _key(text: str) -> str:
    return " ".join(_WORD.findall(normalize(text).replace("'", " ")))


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Normalised country name (many languages) → ISO 3166-1 alpha-2 code."""
    from babel import Locale

    names: dict[str, str] = {}
    ambiguous: set[str] = set()
    for language in _LANGUAGES:
        try:
            territories = Locale.parse(language).territories
        except (ValueError, LookupError):  # pragma: no cover - CLDR always has these
            continue
        for code, name in territories.items():
            if len(code) != 2 or not code.isalpha() or code in _NOT_COUNTRIES:
                continue
            key = _key(name)
            if not key:
                continue
            if names.get(key, code) != code:
                ambiguous.add(key)
            names[key] = code
    for key in ambiguous | _AMBIGUOUS:
        names.pop(key, None)
    for name in _STATE_NAMES:
        names[name] = "US"
    for name, code in _EXTRA.items():
        names[_key(name)] = code
    return names


@lru_cache(maxsize=1)
def _cjk_names() -> tuple[tuple[str, str], ...]:
    """Chinese/Japanese/Korean-script country names, longest first."""
    return tuple(
        sorted(
            ((k, v) for k, v in country_names().items() if _CJK_RUN.fullmatch(k)),
            key=lambda item: -len(item[0]),
        )
    )


def _mentions(text: str) -> list[tuple[int, int, str]]:
    """(start, -length, code) of every country mention (word positions)."""
    names = country_names()
    words = _WORD.findall(normalize(text).replace("'", " "))
    found: list[tuple[int, int, str]] = []
    start = 0
    while start < len(words):
        step = 1
        for length in range(min(_MAX_WORDS, len(words) - start), 0, -1):
            code = names.get(" ".join(words[start : start + length]))
            if code is not None:
                found.append((start, -length, code))
                step = length
                break
        start += step
    return found


def detect_country(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of the country ``text`` names, None when none.

    >>> detect_country("Dept. of Physics, Tsinghua Univ., Beijing 100084, P.R. China")
    'CN'
    >>> detect_country("Stanford University, Stanford, CA 94305")
    'US'
    """
    if not text or not text.strip():
        return None
    text = text[:2000]
    for pattern in (_STATE_COUNTRY, _ZIP):
        matches = list(pattern.finditer(text))
        if matches and matches[-1].group(1) in US_STATES:
            return "US"
    mentions = _mentions(text)
    if mentions:
        # the last mention; "Hong Kong, China" is Hong Kong
        last = max(mentions, key=lambda item: item[0])[2]
        regions = [code for _, _, code in mentions if code in {"HK", "MO", "TW"}]
        return regions[-1] if last == "CN" and regions else last
    normal = normalize(text)
    best: tuple[int, str] | None = None
    for run in _CJK_RUN.finditer(normal):
        for name, code in _cjk_names():
            position = run.group(0).rfind(name)
            if position >= 0:
                at = run.start() + position
                if best is None or at > best[0]:
                    best = (at, code)
    return best[1] if best else None
