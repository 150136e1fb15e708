extensions = ["chmdocs"]
language = "fr"
project = "Atelier de test"
chmdocs_documents = ["agenda", "final-document"]
