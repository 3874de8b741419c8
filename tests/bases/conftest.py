"""Base tests use the API helpers of ``tests/api`` (token clients, throttle control)."""

from api.conftest import _fresh_throttle_counts, api_for, no_throttle

__all__ = ["_fresh_throttle_counts", "api_for", "no_throttle"]
