"""Organisation matching: link affiliation strings (any language) to registry records.

No Django here. Build a :class:`Registry` (from a ROR dump or from platform records),
wrap it in a :class:`Resolver` and call :meth:`Resolver.resolve`::

    registry = Registry.from_ror_dump(Path("ror.jsonl.gz"))
    resolver = Resolver(registry, corrections={correction_key("MIT"): "https://ror.org/042nb2s44"})
    matches = resolver.resolve("Dept. of Physics, Tsinghua Univ., Beijing 100084, P.R. China")
    best = next((m for m in matches if m.chosen), None)
"""

from stcoop.engines.orgmatch.geo import detect_country
from stcoop.engines.orgmatch.model import OrgMatch, OrgName, OrgRecord
from stcoop.engines.orgmatch.normalise import correction_key
from stcoop.engines.orgmatch.registry import Registry
from stcoop.engines.orgmatch.resolver import Resolver, primary

__all__ = [
    "OrgMatch",
    "OrgName",
    "OrgRecord",
    "Registry",
    "Resolver",
    "correction_key",
    "detect_country",
    "primary",
]
