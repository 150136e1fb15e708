# The Brussels workshop of 2 and 3 May 2007, written with chmdocs.
# No `project` or `html_title`: chmdocs names the site and the page headers
# after the workshop, in the language of the build (French, or English with
# source/locales/en/).
author = "Point focal CHM de la Belgique"
copyright = "2007, Point focal CHM de la Belgique"
language = "fr"
extensions = ["chmdocs"]
html_theme = "chmdocs"

# The programme writes its times as 09.00 – 09.30.
chmdocs_time_format = "HH.mm"

# This workshop's own cover page and PDF style (see ../templates/).
templates_path = ["../templates"]
pdf_stylesheets = ["chmdocs", "brussels"]

exclude_patterns = ["_build"]
