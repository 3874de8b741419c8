"""Markers for the indicator engine tests."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "spark: starts a local SparkSession (slow); deselect with -m 'not spark'"
    )
