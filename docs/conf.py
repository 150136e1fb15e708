# chmdocs' own documentation, built with chmdocs (its examples are live).
project = "chmdocs"
author = "The chmdocs team"
copyright = "2026, the chmdocs team"
language = "en"
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))
extensions = ["chmdocs", "chmdocs_reference"]
html_theme = "chmdocs"
exclude_patterns = ["build", "_ext"]
# The tutorial's example workshop is a sketch: no logframe, no note date.
suppress_warnings = ["chmdocs.unserved-objective"]
