"""Peak memory of a process and the workers it forks, as the machine feels it.

Forked workers share deduce's tables and spaCy with their parent (copy-on-write), so adding up their RSS
counts those pages once per process and overstates what the machine needs. The proportional set size (PSS)
splits every shared page over the processes that map it; its sum over the process tree is the real
footprint. Sampled by polling, so a spike shorter than the interval can be missed.
"""

from __future__ import annotations

import contextlib
import threading

import psutil


def tree_pss(proc: psutil.Process) -> int:
    """PSS in bytes of ``proc`` and all its descendants right now (0 for processes that just ended)."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_full_info().pss
    return total


class PeakTreeMemory:
    """Polls :func:`tree_pss` of one pid in a thread while the ``with`` block runs; ``peak`` in bytes."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        self.peak = 0
        self._proc = psutil.Process(pid)
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(psutil.Error):
                self.peak = max(self.peak, tree_pss(self._proc))
            self._stop.wait(self._interval)

    def __enter__(self) -> PeakTreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
