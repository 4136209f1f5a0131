"""The app's heap kept out of the garbage collector's full passes, so that they stay short.

A full collection walks every object the process holds; with a screening view open at
100,000 records that took 30-65 ms of the app's thread, at random keys. What is loaded when
a view opens lives as long as the view: collected once, then frozen (left out of later
collections), a full pass walks only what came since.
"""

from __future__ import annotations

import gc


def freeze_loaded() -> None:
    """Collect what is garbage now, then leave every object alive out of later passes."""
    gc.collect()
    gc.freeze()
