"""Cyclic garbage collection paused while a command starts.

Starting up makes tens of thousands of long-lived objects (modules, classes, the compiled rules), and the
collector walks them again and again (some sixty passes before the first report is checked) to find no
garbage. The command line pauses it from its start until the first report has been checked (or the
command ends); then what start-up made is frozen (gc.freeze: kept for the life of the process, as it would
be anyway, and never walked again) and a batch runs with the collector as usual, in this process and in
its workers.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Pause collection, unless someone else already turned it off (then it is theirs to turn on)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Collect as usual again, if `pause` stopped it; what exists now is start-up's, frozen."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
