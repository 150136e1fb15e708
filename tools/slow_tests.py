"""Read ``pytest --durations=0`` from standard input; print the test ids whose
setup, call and teardown took 0.3 s or more, sorted."""

from __future__ import annotations

import re
import sys
from collections import Counter

LIMIT = 0.3  # seconds

spent: Counter[str] = Counter()
for line in sys.stdin:
    found = re.match(r"^([0-9.]+)s (?:setup|call|teardown)\s+(\S+)", line)
    if found:
        spent[found.group(2)] += float(found.group(1))
print("\n".join(sorted(test for test, seconds in spent.items() if seconds >= LIMIT)))
