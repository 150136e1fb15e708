"""Time `chmdocs export json source` against a full HTML build of the seed.

Whole processes, alternating, fresh output each time; prints the medians.
Run: .venv/bin/python bench/seed_export_vs_html.py [RUNS]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHMDOCS = str(Path(sys.executable).with_name("chmdocs"))


def timed(arguments: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(arguments, check=True, capture_output=True)
    return time.perf_counter() - start


def main(runs: int) -> None:
    export, html = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as scratch:
            export.append(
                timed([CHMDOCS, "export", "json", str(REPO / "source"), "-o", f"{scratch}/c.json"])
            )
            html.append(
                timed([CHMDOCS, "build", str(REPO / "source"), "-o", scratch, "-f", "html", "-q"])
            )
    e, h = statistics.median(export), statistics.median(html)
    print(f"runs: {runs}")
    print(f"chmdocs export json source      median {e:.3f} s  (min {min(export):.3f})")
    print(f"chmdocs build source -f html    median {h:.3f} s  (min {min(html):.3f})")
    print(f"ratio export / html: {e / h:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
