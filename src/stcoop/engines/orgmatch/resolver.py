"""Link an affiliation string to the organisation(s) it names (:class:`Resolver`).

How a string is read, precision first:

1. **Corrections** (kept by people) decide before anything else.
2. **Phrases**: the string is split into segments (commas, semicolons, brackets) and
   normalised into key terms (:mod:`.normalise`). Every run of terms that is the key of
   a registry name is a hit ("Tsinghua Univ." → tsinghua university). A hit inside a
   longer hit is dropped ("University of California" inside "University of California,
   Berkeley"). A hit that is a whole segment is EXACT, else PHRASE.
3. **Chinese names**: runs of Chinese characters are looked up whole and by substring
   in an index of every CJK name (清华大学物理系 → 清华大学).
4. **Acronyms** count only when unique among the organisations of the country the
   string names.
5. **Fuzzy**: segments left unexplained are compared (rapidfuzz) with the names of the
   organisations sharing their rarest words.
6. **Cross-lingual**: a Chinese string no Chinese name explains is translated word by
   word (大学 → university, 清华 → qinghua) and matched fuzzily.

Evidence then decides: the country the string names (:func:`.geo.detect_country`) must
not contradict the record's; the record's city named in the string and a parent named
beside a child settle ambiguous names. A name of generic words only ("Institute of
Physics") is not enough alone. Among the chosen, the most specific comes first (a
child before its parent), which is the single answer the ROR scoring reads.

Last, a chosen candidate stays chosen only when its calibrated confidence
(:mod:`.confidence`: match type, margin to unrelated candidates, other organisations
named, record type, ...) reaches the resolver's ``threshold``: a wrong link is worse
than no link. Un-chosen candidates are still returned, with their confidence.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Final

from anyascii import anyascii
from rapidfuzz import fuzz

from stcoop.engines.orgmatch.confidence import THRESHOLD, confidence
from stcoop.engines.orgmatch.geo import US_STATES, country_names, detect_country
from stcoop.engines.orgmatch.model import OrgMatch, OrgRecord
from stcoop.engines.orgmatch.normalise import (
    correction_key,
    has_cjk,
    key_of,
    normal_word,
    word_spans,
)
from stcoop.engines.orgmatch.registry import Registry
from stcoop.engines.text import normalize

__all__ = ["Resolver", "primary"]

MAX_INPUT: Final = 1000
MAX_NAME_TERMS: Final = 16
MAX_RESULTS: Final = 5
CHOOSE: Final = 0.9

#: Key terms (stemmed) that do not identify an organisation on their own.
GENERIC: Final[frozenset[str]] = frozenset(
    key_of(word)
    for word in """university institute department laboratory laboratories center school
    faculty college sciences science research hospital national academy key state
    technology engineering medical medicine studies division unit group program
    international federal central general public royal graduate clinic clinical
    foundation society association council ministry agency office service services
    health education higher new physics chemistry biology mathematics computer
    computing informatics economics management business law arts humanities
    social institute polytechnic technical applied advanced training teaching
    regional provincial municipal city county district people peoples first second
    third affiliated branch campus north south east west northern southern eastern
    western upper lower great main centre centers institutes department departments
    biomedical molecular environmental agricultural natural life earth marine
    energy materials physical chemical electrical mechanical civil information
    data systems network laboratory lab team section area
    professor assistant associate phd student researcher postdoc postdoctoral fellow
    visiting lecturer currently member emeritus senior junior candidate dr prof mr ms
    umr upr ura ea unit inserm cnrs""".split()
) - {""}

_STATE_CODES: Final = frozenset(US_STATES) | {"USA", "UK", "PRC", "ROC", "EU"}

UNIT_WORDS: Final = """department institute laboratory center school faculty division
unit group program section clinic"""

_SEPARATORS: Final = re.compile(r"[,;:()\[\]{}|/\n\t\u3001\uff0c\uff1b\uff08\uff09]| - ")
_EMAIL: Final = re.compile(r"\S+@\S+")
_ACRONYM: Final = re.compile(r"\b[A-Z][A-Za-z0-9&\-]*[A-Z0-9]\b")
_CJK_RUN: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_POSTCODE: Final = re.compile(r"^\d{4,}$|^[a-z]{1,2}\d[a-z\d]?$|^\d[a-z]{2}$")

#: Chinese words → English, for names with no Chinese label in the registry.
ZH_EN: Final[dict[str, str]] = {
    "大学": "university", "学院": "college", "研究所": "institute", "研究院": "institute",
    "研究中心": "research center", "科学院": "academy of sciences", "医院": "hospital",
    "中国": "china", "中华": "china", "科技": "science and technology",
    "科学技术": "science and technology", "技术": "technology", "工业": "industrial",
    "工程": "engineering", "农业": "agricultural", "师范": "normal", "理工": "technology",
    "交通": "jiaotong", "医科": "medical", "医学": "medical", "中医药": "chinese medicine",
    "中医": "chinese medicine", "财经": "finance and economics", "经济": "economics",
    "电子": "electronic", "航空航天": "aeronautics and astronautics", "航空": "aeronautics",
    "航天": "astronautics", "石油": "petroleum", "地质": "geosciences", "海洋": "ocean",
    "林业": "forestry", "民族": "minzu", "人民": "people", "第一": "first", "第二": "second",
    "附属": "affiliated", "省": "province", "市": "", "国家": "national",
    "重点实验室": "key laboratory", "实验室": "laboratory", "中心": "center",
    "公司": "company", "集团": "group", "有限": "", "有限公司": "company",
    "北京": "beijing", "上海": "shanghai", "香港": "hong kong", "台湾": "taiwan",
    "澳门": "macau", "东京": "tokyo", "京都": "kyoto", "首尔": "seoul", "新加坡": "singapore",
    "美国": "america", "英国": "british", "日本": "japan", "德国": "germany",
    "法国": "france", "国立": "national", "国际": "international", "外国语": "foreign studies",
    "语言": "language", "政法": "political science and law", "体育": "sport",
    "艺术": "arts", "音乐": "music", "美术": "fine arts", "药科": "pharmaceutical",
    "矿业": "mining", "邮电": "posts and telecommunications", "传媒": "communication",
    "工商": "business", "管理": "management", "社会科学": "social sciences",
    "科学": "science", "信息": "information", "材料": "materials", "化学": "chemistry",
    "物理": "physics", "生物": "biology", "数学": "mathematics", "计算": "computing",
    "计算机": "computer", "能源": "energy", "环境": "environment", "水利": "water",
    "气象": "meteorological", "地理": "geography", "天文": "astronomical", "台": "observatory",
    "军事": "military", "国防": "national defense", "银行": "bank", "基金": "foundation",
    "委员会": "commission", "部": "ministry", "局": "bureau", "协会": "association",
    "学会": "society", "博物馆": "museum", "图书馆": "library", "联合": "union",
    "协和": "union", "中山": "sun yat sen", "南方": "southern", "东北": "northeast",
    "西北": "northwest", "西南": "southwest", "东南": "southeast", "华南": "south china",
    "华东": "east china", "华北": "north china", "华中": "huazhong", "北方": "north",
    "大连": "dalian", "哈尔滨": "harbin", "西安": "xian", "厦门": "xiamen",
    "广州": "guangzhou", "内蒙古": "inner mongolia", "山东": "shandong", "浙江": "zhejiang",
    "复旦": "fudan", "清华": "tsinghua", "北京大学": "peking university",
    "农学院": "university of agriculture", "农业大学": "agricultural university",
    "医科大学": "medical university", "师范大学": "normal university",
    "师范学院": "normal university", "职业技术学院": "vocational and technical college",
    "职业学院": "vocational college", "国家重点实验室": "state key laboratory",
    "厅": "department",
    "疾病预防控制中心": "center for disease control and prevention",
    "妇幼保健院": "maternal and child health hospital", "人民医院": "people's hospital",
    "中医院": "hospital of traditional chinese medicine", "药业": "pharmaceutical",
    "生态环境": "ecology and environment", "生态": "ecological", "安全": "security",
    "控制": "control", "污染": "pollution", "超级计算": "supercomputing",
    "人力资源": "human resources", "社会保障": "social security", "劳动": "labor",
    "内分泌": "endocrinology", "分子": "molecular",
    "电子商务": "e-commerce", "生物学": "biology",
    "戏剧": "theatre", "畜牧": "animal husbandry",
    "病毒": "virology", "装备": "equipment", "铸造": "casting", "合金": "alloy",
    "家电": "home appliances", "数字化": "digital", "毒理学": "toxicology",
    "计划生育": "family planning", "生殖": "reproductive", "环境化学": "environmental chemistry",
}  # fmt: skip


@dataclass
class _Name:
    key: str
    record: str
    kind: str  # display / label / alias / acronym / derived
    generic: bool
    weak: bool = False


@dataclass
class _Candidate:
    record: str
    score: float
    matching_type: str
    substring: str
    start: int
    reasons: list[str] = field(default_factory=list)
    chosen: bool = False
    generic: bool = False


@dataclass
class _Hit:
    start: int  # term positions (or character positions for CJK hits)
    end: int
    key: str
    substring: str
    whole: bool  # the hit is a whole segment
    cjk: bool = False


class Resolver:
    """Resolves affiliation strings against a :class:`Registry` (see module docstring)."""

    def __init__(
        self,
        registry: Registry,
        *,
        corrections: Mapping[str, str | None] | None = None,
        threshold: float | None = THRESHOLD,
    ) -> None:
        #: Confidence (:mod:`.confidence`) a candidate needs to stay chosen; None keeps
        #: every candidate the name evidence chose (more recall, less precision).
        self.threshold = threshold
        self.registry = registry
        self.corrections: dict[str, str | None] = {
            correction_key(k): v for k, v in (corrections or {}).items()
        }
        self._names: dict[str, list[_Name]] = defaultdict(list)
        self._cjk: dict[str, list[_Name]] = defaultdict(list)
        self._acronyms: dict[str, list[str]] = defaultdict(list)
        self._record_acronyms: dict[str, set[str]] = defaultdict(set)
        self._postings: dict[str, set[str]] = defaultdict(set)
        self._record_keys: dict[str, list[str]] = defaultdict(list)
        self._cities: dict[str, str] = {}
        self._max_cjk = 2
        for record in registry:
            self._add(record)
        self._place_terms: set[str] = {
            term for city in self._cities.values() for term in city.split()
        }
        self._place_terms.update(term for name in country_names() for term in key_of(name).split())
        self._subjects = self._subject_terms()
        for names in self._names.values():
            for name in names:
                name.weak = all(
                    t in GENERIC or t in self._subjects or t.isdigit() for t in name.key.split()
                )
        total = max(len(registry), 1)
        self._idf = {term: math.log(1 + total / len(ids)) for term, ids in self._postings.items()}

    # ------------------------------------------------------------ index
    def _add(self, record: OrgRecord) -> None:
        city = key_of(record.city) if record.city else ""
        if city:
            self._cities[record.id] = city
        for name in record.names:
            if name.kind == "acronym":
                acronym = name.text.strip().upper().replace(".", "")
                if 2 <= len(acronym) <= 12 and record.id not in self._acronyms[acronym]:
                    self._acronyms[acronym].append(record.id)
                    self._record_acronyms[record.id].add(acronym.lower())
                continue
            if has_cjk(name.text):
                compact = "".join(ch for ch in normalize(name.text) if ch.isalnum())
                if len(compact) >= 2:
                    self._cjk[compact].append(_Name(compact, record.id, name.kind, False))
                    self._max_cjk = max(self._max_cjk, len(compact))
                continue
            self._add_key(record, key_of(name.text), name.kind)
            head, _, tail = name.text.rpartition(",")
            if head and tail.strip():
                tail_key = key_of(tail)
                if tail_key and (tail_key == city or detect_country(tail) is not None):
                    self._add_key(record, key_of(head), "derived")
            if "(" in name.text:
                inside = " ".join(re.findall(r"\(([^)]*)\)", name.text))
                plain = key_of(re.sub(r"\([^)]*\)", " ", name.text))
                own = detect_country(inside) is not None and name.kind in ("display", "label")
                self._add_key(record, plain, "label" if own else "derived")

    def _subject_terms(self) -> frozenset[str]:
        """Words that name a subject rather than an organisation: those that mostly
        follow "department of", "institute for", ... in the registry's names."""
        after: dict[str, int] = defaultdict(int)
        units = {key_of(w) for w in UNIT_WORDS.split()}
        for key in self._names:
            terms = key.split()
            for index, term in enumerate(terms[1:], start=1):
                if terms[index - 1] in units or (index > 1 and terms[index - 2] in units):
                    after[term] += 1
        return frozenset(
            term
            for term, count in after.items()
            if count >= 3
            and count >= 0.4 * len(self._postings.get(term, ()))
            and term not in self._place_terms
        )

    def _add_key(self, record: OrgRecord, key: str, kind: str) -> None:
        if not key:
            return
        terms = key.split()
        if len(terms) > MAX_NAME_TERMS or (len(terms) == 1 and len(key) <= 3):
            return
        if any(n.record == record.id and n.key == key for n in self._names.get(key, ())):
            return
        generic = all(t in GENERIC or t.isdigit() for t in terms)
        self._names[key].append(_Name(key, record.id, kind, generic))
        self._record_keys[record.id].append(key)
        for term in terms:
            self._postings[term].add(record.id)

    # ------------------------------------------------------------ API
    def resolve_many(self, texts: Iterable[str]) -> list[list[OrgMatch]]:
        """:meth:`resolve` for each string, in order."""
        return [self.resolve(text) for text in texts]

    def resolve(self, text: str) -> list[OrgMatch]:
        """The organisations ``text`` names, best first (at most a few alternatives)."""
        if not isinstance(text, str):
            return []
        text = text[:MAX_INPUT]
        if not text.strip():
            return []
        key = correction_key(text)
        if key in self.corrections:
            target = self.corrections[key]
            if target is None or self.registry.get(target) is None:
                return []
            record = self.registry.get(target)
            assert record is not None
            return [OrgMatch(record.id, 1.0, True, "CORRECTION", text, ("correction=" + key,))]
        context = _Context(text, detect_country(text))
        candidates: dict[str, _Candidate] = {}
        self._phrases(context, candidates)
        self._chinese(context, candidates)
        self._acronym_hits(context, candidates)
        if not any(c.chosen for c in candidates.values()):
            self._fuzzy(context, candidates)
        if context.cjk_runs and not any(c.chosen for c in candidates.values()):
            self._cross_lingual(context, candidates)
        return self._calibrate(text, self._finish(candidates))

    def _calibrate(self, text: str, matches: list[OrgMatch]) -> list[OrgMatch]:
        """Un-choose the chosen candidates whose confidence is under the threshold
        (chosen ones stay first, in order)."""
        if self.threshold is None or not any(m.chosen for m in matches):
            return matches
        calibrated: list[OrgMatch] = []
        for match in matches:
            if match.chosen:
                sure = confidence(text, match, matches, self.registry)
                reasons = (*match.reasons, f"confidence={sure:.2f}")
                match = replace(match, chosen=sure >= self.threshold, reasons=reasons)
            calibrated.append(match)
        return sorted(calibrated, key=lambda m: not m.chosen)

    # ------------------------------------------------------------ evidence
    def _evidence(
        self,
        record_id: str,
        context: _Context,
        reasons: list[str],
        span: tuple[int, int] | None = None,
    ) -> float:
        """A factor from country and city agreement (< 1 contradicts, > 1 supports)."""
        record = self.registry.get(record_id)
        factor = 1.0
        if record is None:
            return 0.0
        if context.country and record.country:
            if context.country == record.country:
                factor += 0.05
                reasons.append("country=" + record.country)
            else:
                factor -= 0.3
                reasons.append(f"country_mismatch={context.country}/{record.country}")
        city = self._cities.get(record_id)
        padded = context.padded_key if span is None else context.outside(*span)
        if city and f" {city} " in padded:
            factor += 0.05
            reasons.append("city=" + city)
        if not record.active:
            factor -= 0.1
            reasons.append("inactive")
        return factor

    def _pick(
        self,
        names: list[_Name],
        context: _Context,
        hit_records: set[str],
        span: tuple[int, int] | None = None,
    ) -> tuple[list[str], str]:
        """The records an (ambiguous) name may mean, narrowed by evidence."""
        records = list(dict.fromkeys(n.record for n in names))
        if len(records) <= 1:
            return records, ""
        others = hit_records - set(records)
        by_parent = [r for r in records if self.registry.ancestors(r) & others]
        if len(by_parent) == 1:
            return by_parent, "parent_named"
        heads = [
            r for r in records if all(r == o or r in self.registry.ancestors(o) for o in records)
        ]
        if len(heads) == 1:
            return heads, "parent_of_others"
        if context.country:
            same = [
                r
                for r in records
                if (rec := self.registry.get(r)) is not None and rec.country == context.country
            ]
            if len(same) == 1:
                return same, "country_unique"
            if same:
                records = same
        padded = context.padded_key if span is None else context.outside(*span)
        cities = [r for r in records if (c := self._cities.get(r)) and f" {c} " in padded]
        if len(cities) == 1:
            return cities, "city_unique"
        real = [r for r in records if any(n.record == r and n.kind != "derived" for n in names)]
        if len(real) == 1:
            return real, "real_name"
        active = [r for r in records if (rec := self.registry.get(r)) is not None and rec.active]
        if len(active) == 1:
            return active, "active_unique"
        return records, "ambiguous"

    # ------------------------------------------------------------ strategies
    def _phrases(self, context: _Context, candidates: dict[str, _Candidate]) -> None:
        terms = context.terms
        found: list[_Hit] = []
        n = len(terms)
        for start in range(n):
            parts: list[str] = []
            for end in range(start + 1, min(n, start + MAX_NAME_TERMS) + 1):
                parts.append(terms[end - 1])
                if context.segment_of[end - 1] - context.segment_of[start] > 2:
                    break
                key = " ".join(parts)
                if key in self._names:
                    starts = context.segment_start(start) == start
                    ends = context.segment_end(end - 1) == end
                    whole = starts and ends
                    crosses = context.segment_of[end - 1] != context.segment_of[start]
                    if crosses and not whole:
                        continue
                    found.append(_Hit(start, end, key, context.surface(start, end), whole))
        hits = _outermost(found)
        all_records = {n.record for h in hits for n in self._names[h.key]}
        covered = [False] * n
        for hit in hits:
            for position in range(hit.start, hit.end):
                covered[position] = True
        for hit in hits:
            names = self._names[hit.key]
            records, why = self._pick(names, context, all_records, (hit.start, hit.end))
            generic = all(n.generic for n in names)
            weak = all(n.weak for n in names)
            derived = all(n.kind == "derived" for n in names)
            first = context.segment_start(hit.start)
            last = context.segment_end(hit.end - 1)
            for record_id in records:
                known = self._known_terms(record_id)
                rest = [
                    terms[i]
                    for i in range(first, last)
                    if not covered[i] and self._distinctive(terms[i]) and terms[i] not in known
                ]
                reasons = [f"name={hit.key}"]
                if why:
                    reasons.append(why)
                if hit.whole:
                    base, kind = 1.0, "EXACT"
                else:
                    base, kind = 0.99 - 0.04 * len(rest), "PHRASE"
                    if rest:
                        reasons.append("unexplained=" + " ".join(rest[:5]))
                    before = hit.start - 1
                    after = hit.end
                    if any(
                        first <= i < last
                        and not covered[i]
                        and self._distinctive(terms[i])
                        and terms[i] not in known
                        for i in (before, after)
                    ):
                        base -= 0.04
                        reasons.append("name_continues")
                    if rest and context.before_is_of(hit.start):
                        base -= 0.03
                        reasons.append("part_of")
                    if hit.end - hit.start == 1:
                        base -= 0.15
                        reasons.append("single_word")
                if hit.end - hit.start == 1 and self._idf.get(hit.key, 0.0) < 6.0:
                    base -= 0.1
                    reasons.append("common_word")
                if why == "ambiguous":
                    base -= 0.2
                factor = self._evidence(record_id, context, reasons, (hit.start, hit.end))
                if generic and why != "parent_named":
                    base -= 0.15 if hit.whole else 0.25
                    reasons.append("generic_name")
                elif weak and why != "parent_named" and factor <= 1.0:
                    base -= 0.15
                    reasons.append("descriptive_name")
                if derived and factor <= 1.0:
                    base -= 0.15
                    reasons.append("derived_name")
                self._offer(
                    candidates,
                    _Candidate(record_id, base * factor, kind, hit.substring, hit.start, reasons),
                )

    def _known_terms(self, record_id: str) -> set[str]:
        """Acronyms (lower case) of a record and its ancestors: not unexplained words."""
        known: set[str] = set()
        for other in (record_id, *self.registry.ancestors(record_id)):
            known.update(self._record_acronyms.get(other, ()))
        return known

    def _distinctive(self, term: str) -> bool:
        """Whether an unexplained term hints at an organisation (not a place, a generic
        word or a number)."""
        return not (term in GENERIC or term in self._place_terms or term.isdigit() or len(term) < 3)

    def _chinese(self, context: _Context, candidates: dict[str, _Candidate]) -> None:
        for run_index, run in enumerate(context.cjk_runs):
            hits: list[_Hit] = []
            limit = min(len(run), self._max_cjk)
            for start in range(len(run)):
                for end in range(start + 2, min(len(run), start + limit) + 1):
                    piece = run[start:end]
                    if piece in self._cjk:
                        hits.append(
                            _Hit(start, end, piece, piece, start == 0 and end == len(run), True)
                        )
            for hit in _outermost(hits):
                names = self._cjk[hit.key]
                records, why = self._pick(names, context, set())
                for record_id in records:
                    reasons = [f"name={hit.key}"]
                    if why:
                        reasons.append(why)
                    if hit.whole:
                        base, kind = 1.0, "EXACT"
                    else:
                        length = hit.end - hit.start
                        base, kind = (0.95 if length >= 4 else 0.8), "PHRASE"
                    if why == "ambiguous":
                        base -= 0.2
                    score = base * self._evidence(record_id, context, reasons)
                    self._offer(
                        candidates,
                        _Candidate(
                            record_id,
                            score,
                            kind,
                            hit.substring,
                            10_000 * run_index + hit.start,
                            reasons,
                        ),
                    )

    def _acronym_hits(self, context: _Context, candidates: dict[str, _Candidate]) -> None:
        for match in _ACRONYM.finditer(context.text):
            word = match.group(0)
            upper = sum(1 for ch in word if ch.isupper())
            if upper < 2 or upper < len(word) * 0.6:
                continue
            acronym = word.upper().replace("-", "")
            if len(acronym) < 3 or acronym in _STATE_CODES:
                continue
            records = self._acronyms.get(acronym, [])
            if not records:
                continue
            inside = len(context.text.strip()) > len(word) and not context.is_segment(word)
            if context.country:
                records = [
                    r
                    for r in records
                    if (rec := self.registry.get(r)) is not None and rec.country == context.country
                ]
            reasons = [f"acronym={word}"]
            if len(records) != 1:
                continue
            record_id = records[0]
            if context.country:
                score = 0.92
                reasons.append("country=" + context.country)
            elif len(word) >= 4 and word == context.text.strip():
                score = 0.9
                reasons.append("whole_string_unique")
            else:
                score = 0.8
            if inside:
                score -= 0.07
                reasons.append("inside_segment")
            if record_id in candidates:
                candidates[record_id].score = min(1.0, candidates[record_id].score + 0.03)
                candidates[record_id].reasons.append("acronym_agrees")
                continue
            self._offer(
                candidates,
                _Candidate(record_id, score, "ACRONYM", word, 5_000 + match.start(), reasons),
            )

    def _fuzzy_search(
        self, query_key: str, limit: int = 30, *, sort_only: bool = False
    ) -> list[tuple[str, float, str]]:
        """(record, similarity 0..1, best name key) of records sharing rare words."""
        terms = [t for t in dict.fromkeys(query_key.split()) if t in self._postings]
        if not terms:
            return []
        weights: dict[str, float] = defaultdict(float)
        for term in sorted(terms, key=lambda t: -self._idf[t])[:6]:
            postings = self._postings[term]
            if len(postings) > 5000:
                continue
            for record_id in postings:
                weights[record_id] += self._idf[term]
        ranked = sorted(weights.items(), key=lambda item: -item[1])[:limit]
        results: list[tuple[str, float, str]] = []
        for record_id, _ in ranked:
            best, best_key = 0.0, ""
            for key in self._record_keys.get(record_id, ()):
                if sort_only:
                    similarity = fuzz.token_sort_ratio(query_key, key) / 100.0
                else:
                    similarity = (
                        max(fuzz.ratio(query_key, key), fuzz.token_sort_ratio(query_key, key))
                        / 100.0
                    )
                if similarity > best:
                    best, best_key = similarity, key
            results.append((record_id, best, best_key))
        results.sort(key=lambda item: -item[1])
        return results

    def _fuzzy(self, context: _Context, candidates: dict[str, _Candidate]) -> None:
        for segment in context.segment_keys():
            if len(segment.replace(" ", "")) < 6 or len(segment.split()) < 2:
                continue
            results = self._fuzzy_search(segment)
            if not results:
                continue
            record_id, similarity, key = results[0]
            second = next((s for r, s, _ in results[1:] if r != record_id), 0.0)
            reasons = [f"name={key}", f"similarity={similarity:.2f}"]
            score = similarity
            if similarity - second < 0.03:
                score -= 0.25
                reasons.append("close_second")
            factor = self._evidence(record_id, context, reasons)
            if all(t in GENERIC for t in key.split()):
                score -= 0.2
                reasons.append("generic_name")
            elif factor <= 1.0 and all(
                t in GENERIC or t in self._subjects or t.isdigit() for t in key.split()
            ):
                score -= 0.15
                reasons.append("descriptive_name")
            if similarity < 0.92:
                score -= 0.08
            score *= factor
            if similarity >= 0.85:
                self._offer(
                    candidates,
                    _Candidate(record_id, score, "FUZZY", segment, 8_000, reasons),
                )

    def _cross_lingual(self, context: _Context, candidates: dict[str, _Candidate]) -> None:
        for run in context.cjk_runs:
            scored: dict[str, tuple[float, str, str]] = {}
            for query in translations(run):
                for record_id, similarity, key in self._fuzzy_search(query, sort_only=True)[:5]:
                    if similarity > scored.get(record_id, (0.0, "", ""))[0]:
                        scored[record_id] = (similarity, key, query)
            if not scored:
                continue
            ranked = sorted(scored.items(), key=lambda item: -item[1][0])
            record_id, (similarity, key, query) = ranked[0]
            best_margin = similarity - (ranked[1][1][0] if len(ranked) > 1 else 0.0)
            reasons = [f"translated={query}", f"name={key}", f"similarity={similarity:.2f}"]
            score = similarity
            if best_margin < 0.04:
                score -= 0.15
                reasons.append("close_second")
            if similarity < 0.9:
                score -= 0.08
            score *= self._evidence(record_id, context, reasons)
            if similarity >= 0.7:
                self._offer(
                    candidates,
                    _Candidate(record_id, score, "CROSS-LINGUAL", run, 9_000, reasons),
                )

    # ------------------------------------------------------------ decision
    @staticmethod
    def _offer(candidates: dict[str, _Candidate], candidate: _Candidate) -> None:
        candidate.score = max(0.0, min(1.0, candidate.score))
        candidate.chosen = candidate.score >= CHOOSE
        known = candidates.get(candidate.record)
        if known is None or candidate.score > known.score:
            candidates[candidate.record] = candidate

    def _finish(self, candidates: dict[str, _Candidate]) -> list[OrgMatch]:
        def type_rank(candidate: _Candidate) -> int:
            record = self.registry.get(candidate.record)
            types = record.types if record else ()
            if "education" in types:
                return 0
            if "facility" in types:
                return 2
            return 1

        def key(c: _Candidate) -> tuple[bool, bool, int, int]:
            # chosen first; names before acronyms; universities first (the gold sets link
            # a string to the main organisation); then the one named last
            return (not c.chosen, c.matching_type == "ACRONYM", type_rank(c), -c.start)

        ordered = sorted(candidates.values(), key=key)
        return [
            OrgMatch(
                org_id=c.record,
                score=round(c.score, 4),
                chosen=c.chosen,
                matching_type=c.matching_type,
                substring=c.substring,
                reasons=tuple(c.reasons),
            )
            for c in ordered[:MAX_RESULTS]
        ]


#: Chinese words with several usual English renderings.
ZH_VARIANTS: Final[dict[str, tuple[str, ...]]] = {
    "学院": ("college", "university", "institute", "academy"),
    "研究院": ("institute", "academy", "research institute"),
    "工业大学": ("university of technology", "polytechnic university"),
    "理工大学": ("university of technology", "university of science and technology"),
    "科技大学": ("university of science and technology", "science and technology university"),
    "中心": ("center", "centre"),
    "厅": ("department", "bureau"),
    "局": ("bureau", "administration"),
}

_ZH_MAX_WORD: Final = 8
_ZH_SUFFIXES: Final = frozenset("省市部局台厅")


def translations(run: str, limit: int = 8) -> list[str]:
    """Word-by-word English readings of a Chinese name as key strings: dictionary words
    (longest first), other characters as pinyin; ambiguous words give variants."""
    pieces: list[tuple[str, ...]] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            pieces.append((anyascii("".join(buffer)).lower(),))
            buffer.clear()

    position = 0
    while position < len(run):
        for size in range(min(_ZH_MAX_WORD, len(run) - position), 0, -1):
            word = run[position : position + size]
            if word in ZH_VARIANTS or word in ZH_EN:
                if size == 1 and word not in _ZH_SUFFIXES:
                    continue  # a single character is a word only as a suffix (省, 市, ...)
                flush()
                pieces.append(ZH_VARIANTS.get(word, (ZH_EN.get(word, ""),)))
                position += size
                break
        else:
            buffer.append(run[position])
            position += 1
    flush()
    readings = [""]
    for options in pieces:
        readings = [f"{r} {o}".strip() for r in readings for o in options][:limit]
    return [key for key in dict.fromkeys(key_of(r) for r in readings) if key]


def _outermost(hits: list[_Hit]) -> list[_Hit]:
    """Hits not strictly inside a longer hit."""
    kept: list[_Hit] = []
    for hit in hits:
        inside = any(
            other is not hit
            and other.start <= hit.start
            and hit.end <= other.end
            and (other.end - other.start) > (hit.end - hit.start)
            for other in hits
        )
        if not inside:
            kept.append(hit)
    return kept


class _Context:
    """An input string split into segments and key terms."""

    def __init__(self, text: str, country: str | None) -> None:
        self.text = text
        self.country = country
        cleaned = _EMAIL.sub(" ", text)
        normal = normalize(cleaned).replace("&", " and ")
        self.terms: list[str] = []
        self.surfaces: list[str] = []
        self.segment_of: list[int] = []
        self.cjk_runs: list[str] = []
        self.of_before: list[bool] = []
        for index, segment in enumerate(_SEPARATORS.split(normal)):
            previous = ""
            for word, _, _ in word_spans(segment):
                if has_cjk(word):
                    self.cjk_runs.extend(_CJK_RUN.findall(word))
                    continue
                term = normal_word(word)
                if not term or _POSTCODE.match(word):
                    previous = word
                    continue
                self.of_before.append(previous in {"of", "at", "de", "der", "du", "des"})
                previous = word
                self.terms.append(term)
                self.surfaces.append(word)
                self.segment_of.append(index)
        self.padded_key = " " + " ".join(self.terms) + " "

    def segment_start(self, position: int) -> int:
        segment = self.segment_of[position]
        while position > 0 and self.segment_of[position - 1] == segment:
            position -= 1
        return position

    def segment_end(self, position: int) -> int:
        segment = self.segment_of[position]
        while position + 1 < len(self.terms) and self.segment_of[position + 1] == segment:
            position += 1
        return position + 1

    def segment_length(self, start: int, end: int) -> int:
        return self.segment_end(end - 1) - self.segment_start(start)

    def surface(self, start: int, end: int) -> str:
        return " ".join(self.surfaces[start:end])

    def is_segment(self, word: str) -> bool:
        """Whether ``word`` stands alone between separators in the input."""
        return any(part.strip() == word for part in _SEPARATORS.split(self.text))

    def before_is_of(self, start: int) -> bool:
        """Whether the word before term ``start`` is "of"/"at" ("Institute X of <org>")."""
        return self.of_before[start] if start < len(self.of_before) else False

    def outside(self, start: int, end: int) -> str:
        """The terms outside ``[start, end)``, padded with spaces, for phrase tests."""
        return " " + " ".join(self.terms[:start]) + " | " + " ".join(self.terms[end:]) + " "

    def segment_keys(self) -> list[str]:
        keys: dict[int, list[str]] = defaultdict(list)
        for term, segment in zip(self.terms, self.segment_of, strict=True):
            keys[segment].append(term)
        return [" ".join(terms) for terms in keys.values()]


def primary(matches: list[OrgMatch], registry: Registry) -> OrgMatch | None:
    """The single organisation a string is linked to (what a ROR-style answer reports),
    or None when unsure: no candidate chosen, or several unrelated organisations chosen
    and the first is not clearly the main one (a non-university beside another, or
    three or more unrelated ones)."""
    chosen = [m for m in matches if m.chosen]
    if not chosen:
        return None
    first = chosen[0]
    if first.matching_type == "CORRECTION":
        return first
    family = registry.ancestors(first.org_id) | {first.org_id}
    unrelated = [
        m
        for m in chosen[1:]
        if m.org_id not in family
        and first.org_id not in registry.ancestors(m.org_id)
        and m.matching_type != "ACRONYM"
    ]
    record = registry.get(first.org_id)
    education = record is not None and "education" in record.types
    if len(unrelated) >= 2 or (unrelated and not education):
        return None
    return first
