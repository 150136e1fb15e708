# A contributor's conf.py: a safe build must not run it.
from pathlib import Path

Path(__file__).with_name("conf-py-ran").write_text("conf.py ran")
extensions = ["chmdocs"]
language = "fr"
project = "Contribution"
