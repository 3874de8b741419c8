"""Engines are plain Python: importing any of them must not import Django."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import importlib, json, pkgutil, sys
import stcoop.engines as engines
names = [engines.__name__] + [
    info.name for info in pkgutil.walk_packages(engines.__path__, engines.__name__ + ".")
]
for name in names:
    importlib.import_module(name)
print(json.dumps({"modules": names, "django": sorted(m for m in sys.modules if m == "django"
                                                    or m.startswith("django."))}))
"""


def test_no_engine_imports_django() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "stcoop.engines" in result["modules"]
    assert result["django"] == [], f"engines imported {result['django'][:5]}"
