"""What a demo run made, found already there, skipped, and the logins to print."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

#: The one password of every demo account (demo data only; printed by ``stcoop demo``).
DEMO_PASSWORD = "Stcoop-Demo-2026"  # noqa: S105 - published demo credential, not a secret

#: Demo accounts carry an address in this reserved domain, which is how ``--reset``
#: tells them from accounts people made.
DEMO_EMAIL_DOMAIN = "demo.stcoop.example.org"


@dataclass(frozen=True)
class DemoLogin:
    """One account to sign in with. ``password`` is ``None`` when the demo did not set it."""

    username: str
    role: str
    role_label: str
    unit: str
    password: str | None


@dataclass
class DemoReport:
    """Counts per kind of record (``created`` and ``existing``), logins and notes."""

    seed: int
    created: Counter[str] = field(default_factory=Counter)
    existing: Counter[str] = field(default_factory=Counter)
    logins: list[DemoLogin] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)

    def count(self, kind: str, *, created: bool) -> None:
        """Record one ``kind`` record as newly created or as found already there."""
        (self.created if created else self.existing)[kind] += 1

    @property
    def kinds(self) -> list[str]:
        """Every kind of record the run touched, in first-seen order."""
        return list(dict.fromkeys([*self.created, *self.existing]))
