# The 2008 follow-up report of the Brussels workshop's action plan: a
# reporting project that imports the workshop's model (build it first:
# `make report` does).
project = "Suivi du partenariat CHM 2008-2012"
author = "Point focal CHM de la Belgique"
copyright = "2008, Point focal CHM de la Belgique"
language = "fr"
extensions = ["chmdocs"]
html_theme = "chmdocs"

chmdocs_imports = {"chm-2007": "../../build/chmdocs.json"}
chmdocs_documents = [("index", "rapport-de-suivi-2008")]
