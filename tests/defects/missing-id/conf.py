extensions = ["chmdocs"]
language = "en"
chmdocs_require_ids = True
