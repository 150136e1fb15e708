extensions = ["chmdocs"]
language = "fr"
