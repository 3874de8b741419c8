"""The platform's data as indicator source tables.

Indicator definitions do not read Django's tables directly: they read the *source
tables* described by :data:`SCHEMA` — flat, named for what they hold, with countries as
ISO alpha-3 codes and regions as M49 codes. :func:`source_tables` builds each one as an
Ibis expression over the raw database tables, so the same expressions run wherever the
raw tables are: DuckDB (rows copied from SQLite), PostgreSQL (in place) or Spark.

This module imports no Django, so ``stcoop indicators validate`` works without a
database; :mod:`stcoop.indicators.loading` reads the raw tables.
"""

from __future__ import annotations

from collections.abc import Mapping

import ibis.expr.types as ir

from stcoop.engines.indicators import TableSchema

#: Raw database tables the source tables are built from, with the columns read.
RAW_COLUMNS: dict[str, tuple[str, ...]] = {
    "geo_country": ("id", "iso2", "iso3", "region_id", "income_group"),
    "geo_region": ("id", "code"),
    "bases_cooperationbase": (
        "id",
        "kind",
        "province",
        "country_id",
        "host_organisation_id",
        "designation_date",
        "designation_year",
        "status",
        "last_updated",
    ),
    "bases_cooperationbase_partner_countries": ("id", "cooperationbase_id", "country_id"),
    "bases_cooperationbase_partner_organisations": ("id", "cooperationbase_id", "organisation_id"),
    "bases_selfreport": (
        "id",
        "base_id",
        "year",
        "status",
        "projects_running",
        "new_international_projects",
        "foreign_experts_hosted",
        "people_trained",
        "joint_publications",
        "patents_filed",
        "patents_granted",
        "standards",
        "transfer_contracts",
        "transfer_value",
        "funding_central",
        "funding_local",
        "funding_enterprise",
        "funding_foreign",
        "funding_other",
        "last_updated",
    ),
    "projects_project": (
        "id",
        "programme_id",
        "status",
        "start_date",
        "end_date",
        "total_cost",
        "currency",
        "last_updated",
    ),
    "projects_participation": (
        "id",
        "project_id",
        "organisation_id",
        "role",
        "country_id",
        "funding_amount",
    ),
    "projects_projectfunding": (
        "id",
        "project_id",
        "funder_id",
        "source",
        "year",
        "amount",
        "currency",
    ),
    "projects_budgetline": ("id", "programme_id", "source", "year", "amount", "currency"),
    "projects_output": (
        "id",
        "project_id",
        "kind",
        "year",
        "partner_country_id",
        "value",
        "quantity",
    ),
    "organisations_organisation": ("id", "kind", "country_id", "status"),
    "agreements_agreement": ("id", "kind", "status", "signed_date", "last_updated"),
    "agreements_agreement_countries": ("id", "agreement_id", "country_id"),
    "collaboration_countryyear": ("id", "year", "country_id", "coauthored_works", "source"),
    "collaboration_countrypairyear": (
        "id",
        "year",
        "country_a_id",
        "country_b_id",
        "works",
        "source",
    ),
    "memberships_internationalmembership": (
        "id",
        "organisation_id",
        "member_country_id",
        "member_organisation_id",
        "role",
        "since",
        "annual_contribution",
        "last_updated",
    ),
}

_BASE_COLUMNS = {
    "base_id": "integer",
    "kind": "text",
    "province": "text",
    "host_organisation_id": "integer",
    "designation_year": "integer",
    "status": "text",
}

#: Source tables for indicator definitions (name → columns and types).
SCHEMA: dict[str, TableSchema] = {
    "bases": TableSchema(
        columns={
            **_BASE_COLUMNS,  # type: ignore[dict-item]
            "country": "text",
            "region": "text",
            "designation_date": "date",
            "last_updated": "timestamp",
        },
        updated_column="last_updated",
    ),
    "base_partner_countries": TableSchema(
        columns={
            **_BASE_COLUMNS,  # type: ignore[dict-item]
            "partner_country": "text",
            "partner_region": "text",
            "last_updated": "timestamp",
        },
        updated_column="last_updated",
    ),
    "base_partner_organisations": TableSchema(
        columns={
            **_BASE_COLUMNS,  # type: ignore[dict-item]
            "organisation_id": "integer",
            "organisation_country": "text",
            "last_updated": "timestamp",
        },
        updated_column="last_updated",
    ),
    "base_self_reports": TableSchema(
        columns={
            **_BASE_COLUMNS,  # type: ignore[dict-item]
            "year": "integer",
            "report_status": "text",
            "projects_running": "integer",
            "new_international_projects": "integer",
            "foreign_experts_hosted": "integer",
            "people_trained": "integer",
            "joint_publications": "integer",
            "patents_filed": "integer",
            "patents_granted": "integer",
            "standards": "integer",
            "transfer_contracts": "integer",
            "transfer_value": "decimal",
            "funding_central": "decimal",
            "funding_local": "decimal",
            "funding_enterprise": "decimal",
            "funding_foreign": "decimal",
            "funding_other": "decimal",
            "last_updated": "timestamp",
        },
        updated_column="last_updated",
    ),
    "projects": TableSchema(
        columns={
            "project_id": "integer",
            "programme_id": "integer",
            "status": "text",
            "start_date": "date",
            "start_year": "integer",
            "end_year": "integer",
            "total_cost": "decimal",
            "currency": "text",
            "last_updated": "timestamp",
        },
        updated_column="last_updated",
    ),
    "project_participants": TableSchema(
        columns={
            "project_id": "integer",
            "programme_id": "integer",
            "organisation_id": "integer",
            "role": "text",
            "country": "text",
            "region": "text",
            "start_year": "integer",
            "funding_amount": "decimal",
            "last_updated": "timestamp",
        },
        updated_column="last_updated",
    ),
    "project_funding": TableSchema(
        columns={
            "project_id": "integer",
            "programme_id": "integer",
            "funder_id": "integer",
            "source": "text",
            "year": "integer",
            "amount": "decimal",
            "currency": "text",
        }
    ),
    "programme_budget": TableSchema(
        columns={
            "programme_id": "integer",
            "source": "text",
            "year": "integer",
            "amount": "decimal",
            "currency": "text",
        }
    ),
    "project_outputs": TableSchema(
        columns={
            "project_id": "integer",
            "programme_id": "integer",
            "kind": "text",
            "year": "integer",
            "partner_country": "text",
            "value": "decimal",
            "quantity": "integer",
        }
    ),
    "agreement_countries": TableSchema(
        columns={
            "agreement_id": "integer",
            "kind": "text",
            "status": "text",
            "country": "text",
            "region": "text",
            "signed_date": "date",
            "signed_year": "integer",
            "last_updated": "timestamp",
        },
        updated_column="last_updated",
    ),
    "country_coauthorship": TableSchema(
        columns={
            "country": "text",
            "region": "text",
            "year": "integer",
            "coauthored_works": "integer",
            "source": "text",
        }
    ),
    "country_pair_coauthorship": TableSchema(
        columns={
            "country": "text",
            "region": "text",
            "partner": "text",
            "year": "integer",
            "works": "integer",
            "source": "text",
        }
    ),
    "memberships": TableSchema(
        columns={
            "membership_id": "integer",
            "organisation_id": "integer",
            "member_country": "text",
            "member_organisation_id": "integer",
            "role": "text",
            "since": "date",
            "since_year": "integer",
            "annual_contribution": "decimal",
            "last_updated": "timestamp",
        },
        updated_column="last_updated",
    ),
}


def _blank_to_null(column: ir.StringValue) -> ir.StringValue:
    return column.nullif("")


def _countries(raw: Mapping[str, ir.Table]) -> ir.Table:
    country, region = raw["geo_country"], raw["geo_region"]
    joined = country.left_join(region, country.region_id == region.id)
    return joined.select(
        country_pk=joined.id,
        iso2=joined.iso2,
        iso3=joined.iso3,
        region=joined.code,
    )


def _bases(raw: Mapping[str, ir.Table], countries: ir.Table) -> ir.Table:
    b = raw["bases_cooperationbase"]
    joined = b.left_join(countries, b.country_id == countries.country_pk)
    return joined.select(
        base_id=joined.id.cast("int64"),
        kind=joined.kind,
        province=_blank_to_null(joined.province),
        host_organisation_id=joined.host_organisation_id.cast("int64"),
        designation_year=joined.designation_year.cast("int64").fill_null(
            joined.designation_date.year().cast("int64")
        ),
        status=joined.status,
        country=joined.iso3,
        region=joined.region,
        designation_date=joined.designation_date,
        last_updated=joined.last_updated,
    )


def source_tables(raw: Mapping[str, ir.Table]) -> dict[str, ir.Table]:
    """The source tables of :data:`SCHEMA` as Ibis expressions over ``raw``.

    Args:
        raw: the raw database tables named in :data:`RAW_COLUMNS`, all on one backend.
    """
    countries = _countries(raw)
    bases = _bases(raw, countries)

    base_keys = bases.select(*_BASE_COLUMNS, "last_updated")
    pc = raw["bases_cooperationbase_partner_countries"]
    pcj = pc.inner_join(base_keys, pc.cooperationbase_id == base_keys.base_id).left_join(
        countries, pc.country_id == countries.country_pk
    )
    partner_countries = pcj.select(
        *[pcj[c] for c in _BASE_COLUMNS],
        partner_country=pcj.iso3,
        partner_region=pcj.region,
        last_updated=pcj.last_updated,
    )

    po = raw["bases_cooperationbase_partner_organisations"]
    org = raw["organisations_organisation"]
    org_countries = org.select(org_pk=org.id, org_country_pk=org.country_id)
    poj = (
        po.inner_join(base_keys, po.cooperationbase_id == base_keys.base_id)
        .left_join(org_countries, po.organisation_id == org_countries.org_pk)
        .left_join(countries, org_countries.org_country_pk == countries.country_pk)
    )
    partner_organisations = poj.select(
        *[poj[c] for c in _BASE_COLUMNS],
        organisation_id=poj.organisation_id.cast("int64"),
        organisation_country=poj.iso3,
        last_updated=poj.last_updated,
    )

    sr = raw["bases_selfreport"]
    report_columns = SCHEMA["base_self_reports"].columns
    numbers = {
        c: ("int64" if kind == "integer" else "float64")
        for c, kind in report_columns.items()
        if kind in ("integer", "decimal") and c not in _BASE_COLUMNS and c != "year"
    }
    reports = sr.select(
        report_base_id=sr.base_id,
        year=sr.year.cast("int64"),
        report_status=sr.status,
        report_updated=sr.last_updated,
        **{c: sr[c].cast(dtype) for c, dtype in numbers.items()},
    )
    srj = reports.inner_join(base_keys, reports.report_base_id == base_keys.base_id)
    self_reports = srj.select(
        *[srj[c] for c in _BASE_COLUMNS],
        year=srj.year,
        report_status=srj.report_status,
        **{c: srj[c] for c in numbers},
        last_updated=srj.report_updated,
    )

    p = raw["projects_project"]
    projects = p.select(
        project_id=p.id.cast("int64"),
        programme_id=p.programme_id.cast("int64"),
        status=p.status,
        start_date=p.start_date,
        start_year=p.start_date.year().cast("int64"),
        end_year=p.end_date.year().cast("int64"),
        total_cost=p.total_cost.cast("float64"),
        currency=p.currency,
        last_updated=p.last_updated,
    )

    project_keys = projects.select("project_id", "programme_id", "start_year", "last_updated")
    pa = raw["projects_participation"]
    paj = pa.inner_join(project_keys, pa.project_id == project_keys.project_id).left_join(
        countries, pa.country_id == countries.country_pk
    )
    participants = paj.select(
        project_id=paj.project_id.cast("int64"),
        programme_id=paj.programme_id,
        organisation_id=paj.organisation_id.cast("int64"),
        role=paj.role,
        country=paj.iso3,
        region=paj.region,
        start_year=paj.start_year,
        funding_amount=paj.funding_amount.cast("float64"),
        last_updated=paj.last_updated,
    )

    pf = raw["projects_projectfunding"]
    pfj = pf.inner_join(project_keys, pf.project_id == project_keys.project_id)
    funding = pfj.select(
        project_id=pfj.project_id.cast("int64"),
        programme_id=pfj.programme_id,
        funder_id=pfj.funder_id.cast("int64"),
        source=pfj.source,
        year=pfj.year.cast("int64"),
        amount=pfj.amount.cast("float64"),
        currency=pfj.currency,
    )

    bl = raw["projects_budgetline"]
    budget = bl.select(
        programme_id=bl.programme_id.cast("int64"),
        source=bl.source,
        year=bl.year.cast("int64"),
        amount=bl.amount.cast("float64"),
        currency=bl.currency,
    )

    out = raw["projects_output"]
    outj = out.inner_join(project_keys, out.project_id == project_keys.project_id).left_join(
        countries, out.partner_country_id == countries.country_pk
    )
    outputs = outj.select(
        project_id=outj.project_id.cast("int64"),
        programme_id=outj.programme_id,
        kind=outj.kind,
        year=outj.year.cast("int64"),
        partner_country=outj.iso3,
        value=outj.value.cast("float64"),
        quantity=outj.quantity.cast("int64"),
    )

    ag, ac = raw["agreements_agreement"], raw["agreements_agreement_countries"]
    acj = ac.inner_join(ag, ac.agreement_id == ag.id).left_join(
        countries, ac.country_id == countries.country_pk
    )
    agreement_countries = acj.select(
        agreement_id=acj.agreement_id.cast("int64"),
        kind=acj.kind,
        status=acj.status,
        country=acj.iso3,
        region=acj.region,
        signed_date=acj.signed_date,
        signed_year=acj.signed_date.year().cast("int64"),
        last_updated=acj.last_updated,
    )

    cy = raw["collaboration_countryyear"]
    cyj = cy.inner_join(countries, cy.country_id == countries.iso2)
    coauthorship = cyj.select(
        country=cyj.iso3,
        region=cyj.region,
        year=cyj.year.cast("int64"),
        coauthored_works=cyj.coauthored_works.cast("int64"),
        source=cyj.source,
    )

    pair = raw["collaboration_countrypairyear"]
    a, b = countries.view(), countries.view()
    pj = pair.inner_join(a, pair.country_a_id == a.iso2).inner_join(b, pair.country_b_id == b.iso2)
    forward = pj.select(
        country=pj.iso3,
        region=pj.region,
        partner=pj.iso3_right,
        year=pj.year.cast("int64"),
        works=pj.works.cast("int64"),
        source=pj.source,
    )
    backward = pj.select(
        country=pj.iso3_right,
        region=pj.region_right,
        partner=pj.iso3,
        year=pj.year.cast("int64"),
        works=pj.works.cast("int64"),
        source=pj.source,
    )

    m = raw["memberships_internationalmembership"]
    mj = m.left_join(countries, m.member_country_id == countries.country_pk)
    memberships = mj.select(
        membership_id=mj.id.cast("int64"),
        organisation_id=mj.organisation_id.cast("int64"),
        member_country=mj.iso3,
        member_organisation_id=mj.member_organisation_id.cast("int64"),
        role=mj.role,
        since=mj.since,
        since_year=mj.since.year().cast("int64"),
        annual_contribution=mj.annual_contribution.cast("float64"),
        last_updated=mj.last_updated,
    )

    return {
        "bases": bases,
        "base_partner_countries": partner_countries,
        "base_partner_organisations": partner_organisations,
        "base_self_reports": self_reports,
        "projects": projects,
        "project_participants": participants,
        "project_funding": funding,
        "programme_budget": budget,
        "project_outputs": outputs,
        "agreement_countries": agreement_countries,
        "country_coauthorship": coauthorship,
        "country_pair_coauthorship": forward.union(backward, distinct=False),
        "memberships": memberships,
    }


__all__ = ["RAW_COLUMNS", "SCHEMA", "source_tables"]
