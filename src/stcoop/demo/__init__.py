"""A seeded, realistic demo dataset: ``stcoop demo`` (or :func:`generate_demo`).

The demo grows with the platform: each app adds steps through
:mod:`stcoop.demo.registry` (a ``demo`` module exposing ``demo_steps``).
Importing this package needs Django set up (it imports models).
"""

from stcoop.demo.generate import demo_reset, generate_demo
from stcoop.demo.report import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DemoLogin, DemoReport

__all__ = [
    "DEMO_EMAIL_DOMAIN",
    "DEMO_PASSWORD",
    "DemoLogin",
    "DemoReport",
    "demo_reset",
    "generate_demo",
]
