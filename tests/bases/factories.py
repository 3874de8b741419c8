"""Set-up helpers for bases (written straight to the database: no permission check)."""

from __future__ import annotations

import datetime
from typing import Any

from stcoop.bases.choices import BaseKind, BaseStatus, ReportStatus
from stcoop.bases.models import BaseStatusChange, CooperationBase, SelfReport
from stcoop.core.choices import Visibility


def make_base(owner_unit: Any, name: str = "测试基地", **fields: Any) -> CooperationBase:
    """A base owned by ``owner_unit`` (public, joint research centre in Guangdong unless
    told otherwise) with its first status in the timeline."""
    data: dict[str, Any] = {
        "name_zh_hans": name,
        "name_en": fields.pop("name_en", f"{name} (en)"),
        "kind": BaseKind.JOINT_RESEARCH_CENTRE,
        "province": "CN-GD",
        "city": "广州",
        "visibility": Visibility.PUBLIC,
        "status": BaseStatus.APPLIED,
    }
    data.update(fields)
    base = CooperationBase.objects.create(owner_unit=owner_unit, **data)
    BaseStatusChange.objects.create(
        base=base, from_status="", to_status=base.status, date=datetime.date(2020, 1, 1)
    )
    return base


def make_report(base: CooperationBase, year: int = 2023, **fields: Any) -> SelfReport:
    """A report of ``base`` for ``year`` (a draft unless told otherwise)."""
    data: dict[str, Any] = {"status": ReportStatus.DRAFT, "projects_running": 3}
    data.update(fields)
    return SelfReport.objects.create(base=base, owner_unit=base.owner_unit, year=year, **data)
