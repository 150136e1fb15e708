extensions = ["chmdocs"]
language = "en"
