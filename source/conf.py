# The Brussels workshop of 2 and 3 May 2007, written with chmdocs.
project = "Atelier CHM 2008-2012"
author = "Point focal CHM de la Belgique"
copyright = "2007, Point focal CHM de la Belgique"
language = "fr"
extensions = ["chmdocs"]

# The programme writes its times as 09.00 – 09.30.
chmdocs_time_format = "HH.mm"

# This workshop's own cover page and PDF style (see ../templates/).
templates_path = ["../templates"]
pdf_stylesheets = ["chmdocs", "brussels"]

exclude_patterns = ["_build"]
html_title = "Atelier CHM 2008-2012 — Bruxelles, 2 et 3 mai 2007"
