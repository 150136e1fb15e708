extensions = ["chmdocs"]
language = "fr"
chmdocs_documents = ["agenda", "final-document"]
