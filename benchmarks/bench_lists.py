"""List pages and API lists on a large registry: latency against plain Django pages.

100,000 organisations and 50,000 projects (with about three participations each,
joining organisations and countries) are bulk-created in an in-memory SQLite database,
with mixed visibility, owners and sharing. Every page is requested through the whole
middleware stack with Django's test client, signed in as a platform administrator (who
sees every record) and as an organisation user (whose lists go through the visibility
rules). Each page is timed against a plain page of the same model in the same run: a
``ListView`` paginated the same way with a minimal template, and a JSON page of
``values()`` with the same count, page size, visibility rule, filter and order. Cases:

* ``page``: the first page as it opens;
* ``filtered``: organisations of one kind in one country, ongoing projects with a
  participant from one country (a join through participations);
* ``sorted``: the newest changes first.

``/projects/`` and ``/api/projects/`` are measured when the URL name ``projects:list``
and the ``/api/projects/`` route exist, and noted as skipped otherwise.

``STCOOP_BENCH_SCALE`` (e.g. ``0.002``) shrinks the data for a quick check; the JSON
says which sizes were used. Results give the median and the 95th percentile in seconds.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import sys
import time
import types
from collections.abc import Callable
from typing import Any

from django_memory import setup
from timing import with_ratios
from unit_tree import build_unit_tree

ORGANISATIONS = 100_000
PROJECTS = 50_000
PARTICIPATIONS_PER_PROJECT = (1, 5)
HTML_PAGE = 25  # RecordListView's default page size
SEED = 11
APPS = (
    "contenttypes",
    "auth",
    "sessions",
    "authtoken",
    "axes",
    "core",
    "accounts",
    "geo",
    "organisations",
    "projects",
    "matching",
)
KINDS = ("university", "institute", "company", "government", "nonprofit")


def _scale() -> float:
    try:
        return float(os.environ.get("STCOOP_BENCH_SCALE", "1"))
    except ValueError:
        return 1.0


def latency(fn: Callable[[], Any], *, repeat: int, warmup: int = 2) -> dict[str, Any]:
    """Time ``fn`` ``repeat`` times after ``warmup`` untimed calls: median and p95."""
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    ordered = sorted(runs)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {
        "median_s": statistics.median(runs),
        "p95_s": p95,
        "min_s": ordered[0],
        "max_s": ordered[-1],
        "repeat": repeat,
    }


# ------------------------------------------------------------------ data
def _countries() -> list[Any]:
    import pycountry

    from stcoop.geo.models import Country

    rows = [
        Country(
            iso2=c.alpha_2,
            iso3=c.alpha_3,
            numeric=c.numeric,
            name=c.name,
            name_en=c.name,
            name_zh_hans=c.name,
        )
        for c in pycountry.countries
    ]
    Country.objects.bulk_create(rows, batch_size=500)
    return list(Country.objects.order_by("pk"))


def _visibility(rng: random.Random) -> str:
    return rng.choice(("public",) * 4 + ("shared",) * 2 + ("internal",) * 4)


def _share(model: Any, rows: list[Any], units: list[Any], rng: random.Random) -> None:
    through = model.shared_with.through
    source = f"{model._meta.model_name}_id"
    links = [
        through(**{source: row.pk, "organisationunit_id": unit.pk})
        for row in rows
        if row.visibility == "shared"
        for unit in rng.sample(units, rng.randint(1, 2))
    ]
    through.objects.bulk_create(links, batch_size=2000)


def _ror(pk: int) -> str:
    """A ROR-shaped identifier (nine characters) unique to ``pk``."""
    return f"0{pk:06d}{pk % 97:02d}"


def _organisations(count: int, units: list[Any], countries: list[Any], rng: random.Random) -> None:
    from stcoop.organisations.models import ExternalId, Organisation

    now = datetime.datetime.now(datetime.UTC)
    rows = []
    for i in range(1, count + 1):
        country = rng.choice(countries)
        org = Organisation(
            pk=i,
            name_zh_hans=f"机构{i}",
            name_en=f"Organisation {i:06d} {country.iso2}",
            kind=rng.choice(KINDS),
            country=country,
            city=f"City {i % 500}",
            established=1900 + i % 120,
            acronyms=[f"O{i}"] if i % 3 == 0 else [],
            owner_unit=rng.choice(units),
            visibility=_visibility(rng),
        )
        org.search_text = org.compute_search_text()
        rows.append(org)
    Organisation.objects.bulk_create(rows, batch_size=2000)
    # auto_now fields take the insert time; spread them so sorting has work to do.
    for start in range(0, count, 5000):
        chunk = rows[start : start + 5000]
        for org in chunk:
            org.last_updated = now - datetime.timedelta(minutes=rng.randint(0, 10**6))
        Organisation.objects.bulk_update(chunk, ["last_updated"], batch_size=2000)
    _share(Organisation, rows, units, rng)
    ExternalId.objects.bulk_create(
        [
            ExternalId(organisation_id=org.pk, scheme="ror", value=_ror(org.pk))
            for org in rows
            if org.pk % 4 == 0
        ],
        batch_size=2000,
    )


def _projects(
    count: int, organisations: int, units: list[Any], countries: list[Any], rng: random.Random
) -> int:
    from stcoop.projects.models import Participation, Project

    today = datetime.datetime.now(datetime.UTC).date()
    statuses = ("ongoing", "ongoing", "completed", "signed")
    rows = []
    for i in range(1, count + 1):
        start = today - datetime.timedelta(days=rng.randint(0, 4000))
        project = Project(
            pk=i,
            code=f"P{i:07d}",
            acronym=f"PRJ{i}",
            title_zh_hans=f"合作项目{i}",
            title_en=f"Cooperation project {i}",
            start_date=start,
            end_date=start + datetime.timedelta(days=rng.randint(365, 1800)),
            status=rng.choice(statuses),
            keywords=["energy"] if i % 2 else ["health"],
            owner_unit=rng.choice(units),
            visibility=_visibility(rng),
        )
        project.search_text = f"{project.code}\n{project.acronym}\n{project.title_en}".casefold()
        rows.append(project)
    Project.objects.bulk_create(rows, batch_size=2000)
    _share(Project, rows, units, rng)
    links = []
    for project in rows:
        for order in range(rng.randint(*PARTICIPATIONS_PER_PROJECT)):
            organisation_id = rng.randint(1, organisations)
            links.append(
                Participation(
                    project_id=project.pk,
                    organisation_id=organisation_id,
                    role="coordinator" if order == 0 else "participant",
                    country=rng.choice(countries),
                    order=order,
                )
            )
    Participation.objects.bulk_create(links, batch_size=5000)
    return len(links)


def _actors(units: list[Any]) -> dict[str, Any]:
    from stcoop.accounts.models import User

    return {
        "platform_admin": User.objects.create(
            username="padmin", role="platform_admin", is_superuser=True
        ),
        "org_user": User.objects.create(username="orguser", role="org_user", unit=units[1]),
    }


# ------------------------------------------------------------------ plain pages
_PLAIN_TEMPLATE = (
    "<html><body><table>{% for o in object_list %}<tr><td>{{ o.pk }}</td>"
    "<td>{{ o.label }}</td><td>{{ o.kind }}</td><td>{{ o.country }}</td>"
    "<td>{{ o.last_updated }}</td></tr>{% endfor %}</table>"
    "<p>{{ page_obj.number }} / {{ paginator.num_pages }} ({{ paginator.count }})</p>"
    "</body></html>"
)


def _plain_querysets() -> dict[str, Callable[[Any, dict[str, str]], Any]]:
    """``model → (actor, params) → queryset``: the same rows, filter and order as the
    registry's page, with nothing but the ORM."""
    from django.db.models import F

    from stcoop.core.permissions import visible
    from stcoop.organisations.models import Organisation
    from stcoop.projects.models import Project

    def organisations(actor: Any, params: dict[str, str]) -> Any:
        rows = visible(actor, Organisation.objects.select_related("country")).annotate(
            label=F("name_en")
        )
        if "kind" in params:
            rows = rows.filter(kind=params["kind"], country__iso2=params["country"])
        order = ("-last_updated", "pk") if "sort" in params else ("name_en", "pk")
        return rows.order_by(*order)

    def projects(actor: Any, params: dict[str, str]) -> Any:
        rows = visible(actor, Project.objects.all()).annotate(
            label=F("title_en"), kind=F("status"), country=F("acronym")
        )
        if "status" in params:
            rows = rows.filter(
                status=params["status"], participations__country__iso2=params["country"]
            ).distinct()
        if "sort" in params:
            return rows.order_by("-last_updated", "pk")
        return rows.order_by(F("start_date").desc(nulls_last=True), "pk")

    return {"organisations": organisations, "projects": projects}


def _plain_urls() -> list[Any]:
    from django.core.paginator import Paginator
    from django.http import HttpRequest, JsonResponse
    from django.template import engines
    from django.urls import path
    from django.views.generic import ListView

    template = engines["django"].from_string(_PLAIN_TEMPLATE)
    querysets = _plain_querysets()

    class PlainList(ListView):  # type: ignore[type-arg]
        paginate_by = HTML_PAGE
        model_name = ""

        def get_queryset(self) -> Any:
            return querysets[self.model_name](self.request.user, self.request.GET.dict())

        def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> Any:
            from django.http import HttpResponse

            return HttpResponse(template.render(context, self.request))

    def plain_api(model_name: str) -> Callable[[HttpRequest], JsonResponse]:
        from django.conf import settings

        size = int(settings.REST_FRAMEWORK["PAGE_SIZE"])

        def view(request: HttpRequest) -> JsonResponse:
            rows = querysets[model_name](request.user, request.GET.dict())
            page = Paginator(
                rows.values("pk", "label", "kind", "country", "last_updated"), size
            ).page(int(request.GET.get("page", 1)))
            return JsonResponse({"count": page.paginator.count, "results": list(page)})

        return view

    return [
        path(
            f"plain/{name}/",
            PlainList.as_view(model_name=name),
            name=f"plain_{name}",
        )
        for name in ("organisations", "projects")
    ] + [path(f"plain-api/{name}/", plain_api(name)) for name in ("organisations", "projects")]


def _install_urls() -> None:
    """The project's URLs plus the plain pages, as the root URLconf."""
    from django.conf import settings
    from django.urls import clear_url_caches

    from stcoop.config import urls as project_urls

    module = types.ModuleType("bench_lists_urls")
    module.urlpatterns = [*_plain_urls(), *project_urls.urlpatterns]  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()


def _routes() -> dict[str, dict[str, str] | str]:
    """The pages to time: ``model → {kind: path}``, or a note why a model is skipped."""
    from django.urls import NoReverseMatch, Resolver404, resolve, reverse

    routes: dict[str, dict[str, str] | str] = {
        "organisations": {
            "html": reverse("organisations:list"),
            "api": "/api/organisations/",
        }
    }
    try:
        html = reverse("projects:list")
        resolve("/api/projects/")
    except (NoReverseMatch, Resolver404):
        routes["projects"] = "skipped: the URL name projects:list or /api/projects/ is absent"
    else:
        routes["projects"] = {"html": html, "api": "/api/projects/"}
    return routes


VARIANTS: dict[str, dict[str, dict[str, str]]] = {
    # model -> variant -> query parameters (``sort`` is the list pages' name; the API's
    # is ``ordering``; the plain pages read either)
    "organisations": {
        "page": {},
        "filtered": {"kind": "university", "country": "DE"},
        "sorted": {"sort": "-last_updated"},
    },
    "projects": {
        "page": {},
        "filtered": {"status": "ongoing", "country": "DE"},
        "sorted": {"sort": "-last_updated"},
    },
}


def _query(params: dict[str, str], *, api: bool) -> dict[str, str]:
    if api and "sort" in params:
        return {**{k: v for k, v in params.items() if k != "sort"}, "ordering": params["sort"]}
    return dict(params)


def run(repeat: int = 15) -> dict[str, Any]:
    """Build the data, then time every page for each actor against its plain page."""
    from django.conf import settings

    scale = _scale()
    organisations = max(50, int(ORGANISATIONS * scale))
    projects = max(20, int(PROJECTS * scale))
    setup(*APPS)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    from django.core.cache import cache
    from django.test import Client

    from stcoop.accounts.models import OrganisationUnit

    rng = random.Random(SEED)
    started = time.perf_counter()
    build_unit_tree(roots=5, branching=4, levels=2)
    units = list(OrganisationUnit.objects.order_by("pk"))
    countries = _countries()
    _organisations(organisations, units, countries, rng)
    participations = _projects(projects, organisations, units, countries, rng)
    actors = _actors(units)
    build_s = time.perf_counter() - started
    _install_urls()
    routes = _routes()

    results: dict[str, Any] = {}
    skipped: dict[str, str] = {}
    for label, actor in actors.items():
        client = Client()
        client.force_login(actor)

        def get(url: str, params: dict[str, str], c: Client = client) -> Any:
            cache.clear()  # no API throttling across the timed requests
            response = c.get(url, params)
            if response.status_code != 200:
                raise AssertionError(f"{url} {params} answered {response.status_code}")
            return response

        for model, route in routes.items():
            if isinstance(route, str):
                skipped[model] = route
                continue
            for variant, params in VARIANTS[model].items():
                html_params = _query(params, api=False)
                api_params = _query(params, api=True)
                ours = get(route["api"], api_params).json()["count"]
                plain = get(f"/plain-api/{model}/", html_params).json()["count"]
                if ours != plain:
                    raise AssertionError(
                        f"{model} {variant} for {label}: the API counts {ours}, plain {plain}"
                    )
                for url, plain_url, query in (
                    (route["html"], f"/plain/{model}/", html_params),
                    (route["api"], f"/plain-api/{model}/", api_params),
                ):
                    cases = {
                        "stcoop": latency(lambda u=url, q=query: get(u, q), repeat=repeat),
                        "plain": latency(
                            lambda u=plain_url, q=html_params: get(u, q), repeat=repeat
                        ),
                    }
                    results[f"{label} {url} {variant}"] = {
                        "rows": ours,
                        "query": query,
                    } | with_ratios(cases, "plain")
    return {
        "description": __doc__.strip().splitlines()[0],
        "database": "sqlite in-memory",
        "organisations": organisations,
        "projects": projects,
        "participations": participations,
        "units": len(units),
        "build_s": round(build_s, 2),
        "skipped": skipped,
        "results": results,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(repeat=int(sys.argv[1]) if len(sys.argv) > 1 else 15), indent=2))
