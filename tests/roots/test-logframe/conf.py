extensions = ["chmdocs"]
language = "fr"
chmdocs_documents = ["index"]
