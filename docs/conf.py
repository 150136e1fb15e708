# chmdocs' own documentation, built with chmdocs (its examples are live).
import sys
from pathlib import Path

# The reference pages drawn from chmdocs' declarations (_ext/).
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "chmdocs"
author = "The chmdocs team"
copyright = "2026, the chmdocs team"
language = "en"
extensions = ["chmdocs", "chmdocs_reference"]
html_theme = "chmdocs"
exclude_patterns = ["build", "_ext"]
