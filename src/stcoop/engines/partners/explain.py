"""Reasons as short English sentences (for the command line and logs; pages translate
the structured reasons themselves)."""

from __future__ import annotations

from stcoop.engines.partners.model import Reason

__all__ = ["reason_text"]


def _names(values: object) -> str:
    if isinstance(values, list):
        return "; ".join(str(v) for v in values)
    return str(values)


def reason_text(reason: Reason) -> str:
    """One line for ``reason``, e.g. ``worked with X; Y (3 shared projects)``."""
    v = reason.values
    if reason.code == "network":
        return (
            f"worked with {_names(v.get('worked_with', []))} ({v.get('times', 0)} shared projects)"
        )
    if reason.code == "network_2hop":
        return f"worked with partners of the consortium: {_names(v.get('via', []))}"
    if reason.code == "topic":
        return f"similar projects: {_names(v.get('similar_projects', []))}"
    if reason.code == "track_record":
        text = f"{v.get('projects', 0)} past projects"
        if v.get("coordinated"):
            text += f", {v['coordinated']} coordinated"
        return text
    if reason.code == "new_country":
        return f"adds a country: {v.get('country', '')}"
    return reason.code
