"""Technology matchmaking: ranking quality and latency, against text fit alone.

A synthetic bilingual market (in-memory SQLite): for each of 12 topics, English requests
and Chinese offers written from varied sentence templates, so every request's best
offers are in the other language. Each request wants a readiness level and targets one
country; an offer is *relevant* to a request when it is on the same topic, reaches the
readiness level and comes from a targeted country. The ranking of
:func:`stcoop.matching.matchmaking.profile_matches` (text fit blended with
complementarity) is compared in the same run with the same candidates ranked by text fit
alone (the search service's hybrid retrieval) and by chance: MRR, precision@5 and
nDCG@10 over all requests, and the median and 95th-percentile latency of one request's
matches.

``STCOOP_BENCH_SCALE`` scales the number of profiles (default 1: 1,200 offers and 240
requests).
"""

from __future__ import annotations

import math
import os
import random
import statistics
import time
from typing import Any

from django_memory import setup

SEED = 7
OFFERS_PER_TOPIC = 100
REQUESTS_PER_TOPIC = 20
COUNTRIES = (
    ("CN", "CHN", "China", "中国"),
    ("DE", "DEU", "Germany", "德国"),
    ("TH", "THA", "Thailand", "泰国"),
)

TOPICS: tuple[tuple[str, str, str], ...] = (
    ("perovskite solar cells", "钙钛矿太阳能电池", "new_energy"),
    ("solid-state lithium batteries", "固态锂电池", "new_energy"),
    ("salt-tolerant rice breeding", "耐盐水稻育种", "agriculture"),
    ("seawater desalination membranes", "海水淡化膜", "water"),
    ("industrial robot vision", "工业机器人视觉", "advanced_manufacturing"),
    ("cancer immunotherapy antibodies", "肿瘤免疫治疗抗体", "biomedicine"),
    ("satellite remote sensing of crops", "农作物卫星遥感", "aerospace"),
    ("hydrogen fuel cell vehicles", "氢燃料电池汽车", "transport"),
    ("biodegradable plastics", "可降解塑料", "new_materials"),
    ("machine translation of speech", "语音机器翻译", "artificial_intelligence"),
    ("offshore wind turbine foundations", "海上风电基础", "marine"),
    ("wastewater phosphorus recovery", "污水除磷回收", "environment"),
)
REQUEST_TEMPLATES = (
    "We are looking for {t} technology for our production.",
    "Partner sought with proven {t} know-how.",
    "Company seeks licence for {t}.",
    "Research cooperation wanted on {t} with a pilot.",
)
OFFER_TEMPLATES = (
    "本团队提供{t}技术，寻求合作伙伴。",
    "{t}成套技术许可，已完成中试验证。",
    "我们开发了新型{t}工艺，可进行技术转让。",
    "面向海外企业推广{t}解决方案。",
)


def _scale() -> float:
    try:
        return max(0.02, float(os.environ.get("STCOOP_BENCH_SCALE", "1")))
    except ValueError:
        return 1.0


def _build(scale: float) -> tuple[list[Any], dict[int, set[int]]]:
    from stcoop.accounts.models import OrganisationUnit
    from stcoop.geo.models import Country
    from stcoop.organisations.models import Organisation
    from stcoop.technologies.models import TechnologyProfile

    rng = random.Random(SEED)
    unit = OrganisationUnit.objects.create(
        name_en="Bench", name_zh_hans="基准", kind="ministry", path="/1/"
    )
    countries = [
        Country.objects.create(iso2=a, iso3=b, name_en=c, name_zh_hans=d)
        for a, b, c, d in COUNTRIES
    ]
    organisations = [
        Organisation.objects.create(
            owner_unit=unit,
            visibility="public",
            kind="company",
            name_en=f"Company {i}",
            name_zh_hans=f"公司{i}",
            country=countries[i % len(countries)],
        )
        for i in range(60)
    ]
    offers_per_topic = max(3, round(OFFERS_PER_TOPIC * scale))
    requests_per_topic = max(1, round(REQUESTS_PER_TOPIC * scale))
    offers: list[tuple[Any, int]] = []
    requests: list[tuple[Any, int]] = []
    for index, (en, zh, sector) in enumerate(TOPICS):
        for _ in range(offers_per_topic):
            organisation = rng.choice(organisations)
            offer = TechnologyProfile.objects.create(
                owner_unit=unit,
                visibility="public",
                status="published",
                kind="technology_offer",
                organisation=organisation,
                title_zh_hans=rng.choice(OFFER_TEMPLATES).format(t=zh),
                description_zh_hans=rng.choice(OFFER_TEMPLATES).format(t=zh),
                sectors=[sector],
                cooperation=[rng.choice(("licence", "technical", "research"))],
                trl=rng.randint(2, 9),
            )
            offers.append((offer, index))
        for _ in range(requests_per_topic):
            request = TechnologyProfile.objects.create(
                owner_unit=unit,
                visibility="public",
                status="published",
                kind="technology_request",
                organisation=rng.choice(organisations),
                title_en=rng.choice(REQUEST_TEMPLATES).format(t=en),
                description_en=rng.choice(REQUEST_TEMPLATES).format(t=en),
                sectors=[sector],
                cooperation=["licence", "technical"],
                trl=rng.randint(4, 8),
            )
            request.target_countries.set([rng.choice(countries)])
            requests.append((request, index))
    relevant: dict[int, set[int]] = {}
    for request, topic in requests:
        wanted = {c.iso2 for c in request.target_countries.all()}
        relevant[request.pk] = {
            offer.pk
            for offer, offer_topic in offers
            if offer_topic == topic
            and offer.trl >= request.trl
            and offer.organisation.country.iso2 in wanted
            and offer.organisation_id != request.organisation_id
        }
    return [r for r, _t in requests], relevant


def _metrics(rankings: dict[int, list[int]], relevant: dict[int, set[int]]) -> dict[str, float]:
    mrr, p5, ndcg = [], [], []
    for pk, ranked in rankings.items():
        good = relevant[pk]
        if not good:
            continue
        first = next((i for i, r in enumerate(ranked, 1) if r in good), None)
        mrr.append(1 / first if first else 0.0)
        p5.append(sum(1 for r in ranked[:5] if r in good) / 5)
        dcg = sum(1 / math.log2(i + 1) for i, r in enumerate(ranked[:10], 1) if r in good)
        ideal = sum(1 / math.log2(i + 1) for i in range(1, min(10, len(good)) + 1))
        ndcg.append(dcg / ideal if ideal else 0.0)
    return {
        "mrr": round(statistics.fmean(mrr), 4),
        "precision_at_5": round(statistics.fmean(p5), 4),
        "ndcg_at_10": round(statistics.fmean(ndcg), 4),
        "queries": len(mrr),
    }


def run(repeat: int = 3) -> dict[str, Any]:
    setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # every app: the search index reads every type
    from stcoop.accounts.models import User
    from stcoop.matching.matchmaking import profile_matches
    from stcoop.search import store
    from stcoop.technologies.models import TechnologyProfile

    scale = _scale()
    requests, relevant = _build(scale)
    start = time.perf_counter()
    store.rebuild()
    store.reset_index()
    store.get_index()
    index_s = time.perf_counter() - start
    actor = User.objects.create(username="bench", role="platform_admin", is_superuser=True)

    blended: dict[int, list[int]] = {}
    text_only: dict[int, list[int]] = {}
    chance: dict[int, list[int]] = {}
    rng = random.Random(SEED)
    latencies: list[float] = []
    for _ in range(max(1, repeat)):
        for request in requests:
            begin = time.perf_counter()
            matches = profile_matches(actor=actor, profile=request)
            latencies.append(time.perf_counter() - begin)
            blended[request.pk] = [m.instance.pk for m in matches]
            by_text = sorted(matches, key=lambda m: -(m.parts.get("text") or 0.0))
            text_only[request.pk] = [m.instance.pk for m in by_text]
            shuffled = [m.instance.pk for m in matches]
            rng.shuffle(shuffled)
            chance[request.pk] = shuffled
    ordered = sorted(latencies)
    return {
        "profiles": TechnologyProfile.objects.count(),
        "requests": len(requests),
        "scale": scale,
        "index_build_s": round(index_s, 3),
        "quality": {
            "blended (text + complementarity)": _metrics(blended, relevant),
            "text fit alone (hybrid retrieval)": _metrics(text_only, relevant),
            "chance (same candidates shuffled)": _metrics(chance, relevant),
        },
        "latency_per_request": {
            "median_s": round(statistics.median(latencies), 4),
            "p95_s": round(ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)], 4),
            "runs": len(latencies),
        },
    }
