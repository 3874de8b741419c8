"""Real texts from ``/work/shared/data`` (``STCOOP_DATA_DIR``) for the search benchmark.

Pools of English and Chinese texts (CORDIS project, topic and programme titles, Norwegian
H2020 project names, H2020 and ROR organisation names, CSL Chinese titles, abstracts and
keywords) and labelled bilingual pairs (ROR organisations with a Chinese label).
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

# "<abstract>. <title>": the title follows the last full stop and a space.
_ABSTRACT_TITLE = re.compile(r"^(.*[.。!?！？])\s+(\S.*)$")
DATA = Path(os.environ.get("STCOOP_DATA_DIR", "/work/shared/data"))


@dataclass
class Pools:
    """Real texts by language, and labelled pairs."""

    en: list[str] = field(default_factory=list)
    zh: list[str] = field(default_factory=list)
    org_en: list[str] = field(default_factory=list)
    # (English display name, Chinese label) of the same organisation.
    org_pairs: list[tuple[str, str]] = field(default_factory=list)
    # (alias, display name) of the same organisation.
    org_aliases: list[tuple[str, str]] = field(default_factory=list)
    # (title, abstract, keywords) of Chinese papers.
    papers_zh: list[tuple[str, str, str]] = field(default_factory=list)


def _csv_column(path: Path, column: str, delimiter: str = ",") -> list[str]:
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        return [row[column].strip() for row in csv.DictReader(handle, delimiter=delimiter)]


def _tsv_texts(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle if line.strip()]


def _ror(path: Path, pools: Pools) -> None:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if "names" in record:
                names = record["names"]
                display = next(
                    (n["value"] for n in names if "ror_display" in n.get("types", [])), None
                )
                chinese = [n["value"] for n in names if n.get("lang") == "zh"]
                aliases = [n["value"] for n in names if "alias" in n.get("types", [])]
            else:
                display = record.get("name")
                chinese = [x["label"] for x in record.get("labels", []) if x.get("iso639") == "zh"]
                aliases = list(record.get("aliases", []))
            if not display:
                continue
            pools.org_en.append(display)
            if chinese:
                pools.org_pairs.append((display, chinese[0]))
            for alias in aliases[:1]:
                if len(alias) > 12 and alias.isascii() and alias.lower() != display.lower():
                    pools.org_aliases.append((alias, display))


def load_pools(data: Path = DATA) -> Pools:
    """Read every text the benchmark uses; missing files are skipped.

    Raises:
        FileNotFoundError: ``data`` does not exist.
    """
    if not data.is_dir():
        raise FileNotFoundError(f"{data}: real data folder not found (set STCOOP_DATA_DIR)")
    pools = Pools()
    cordis = data / "cordis"
    if (cordis / "fp7-projects-dev.json").exists():
        projects = json.loads((cordis / "fp7-projects-dev.json").read_text("utf-8"))
        pools.en += [p["title"] for p in projects if p.get("title")]
    if (cordis / "h2020-topics.csv").exists():
        pools.en += _csv_column(cordis / "h2020-topics.csv", "title", ";")
    if (cordis / "h2020-programmes.csv").exists():
        pools.en += _csv_column(cordis / "h2020-programmes.csv", "title", ";")
    norway = cordis / "norway-h2020-participations.csv"
    if norway.exists():
        pools.en += sorted(set(_csv_column(norway, "Prosjektnavn", ";")))
        pools.en += sorted(set(_csv_column(norway, "Topic", ";")))
    if (cordis / "h2020-organisations-2017.csv").exists():
        pools.org_en += _csv_column(cordis / "h2020-organisations-2017.csv", "name")
    if (data / "ror" / "ror-records-subset.jsonl.gz").exists():
        _ror(data / "ror" / "ror-records-subset.jsonl.gz", pools)
    csl = data / "csl"
    for name in ("cls_ctg-train.tsv", "cls_ctg-dev.tsv"):
        if (csl / name).exists():
            pools.zh += [row[1] for row in _tsv_texts(csl / name) if len(row) >= 2]
    if (csl / "cls_dcp-dev.tsv").exists():
        pools.zh += [row[1][:200] for row in _tsv_texts(csl / "cls_dcp-dev.tsv") if len(row) >= 2]
    if (csl / "kg-dev.tsv").exists():
        for row in _tsv_texts(csl / "kg-dev.tsv"):
            if len(row) >= 3:
                found = _ABSTRACT_TITLE.match(row[1])
                if not found:
                    continue
                abstract, title = found.group(1), found.group(2)
                pools.papers_zh.append((title, abstract, row[2].replace("_", " ")))
                pools.zh.append(title)
    pools.en = [t for t in dict.fromkeys(pools.en) if t and "?" not in t]
    pools.zh = [t for t in dict.fromkeys(pools.zh) if t]
    pools.org_en = [t for t in dict.fromkeys(pools.org_en) if t]
    return pools
