"""Progress bars show on a terminal and stay silent elsewhere."""

from __future__ import annotations

import io

from rich.console import Console

from stcoop.cli.progress import ProgressReporter, track


def _console(terminal: bool) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=terminal, width=80), out


def test_reporter_draws_one_bar_per_description_on_a_terminal() -> None:
    console, out = _console(terminal=True)
    with ProgressReporter(console) as progress:
        progress("Units", 5, 10)
        progress("Units", 10, 10)
        progress("Users", 1, 2)
    text = out.getvalue()
    assert "Units" in text and "10/10" in text and "Users" in text


def test_reporter_is_silent_off_a_terminal() -> None:
    console, out = _console(terminal=False)
    with ProgressReporter(console) as progress:
        progress("Units", 5, 10)
    assert out.getvalue() == ""


def test_track_yields_every_item_either_way() -> None:
    for terminal in (True, False):
        console, out = _console(terminal)
        assert list(track(range(4), "Rows", console=console)) == [0, 1, 2, 3]
        assert ("Rows" in out.getvalue()) is terminal
