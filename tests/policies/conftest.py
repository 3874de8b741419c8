"""Policy document tests use the API helpers of ``tests/api``."""

from api.conftest import _fresh_throttle_counts, api_for, no_throttle

__all__ = ["_fresh_throttle_counts", "api_for", "no_throttle"]
