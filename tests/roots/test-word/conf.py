extensions = ["chmdocs"]
language = "fr"
project = "Atelier de Gand"
chmdocs_documents = [("index", "rapport"), ("liste", "liste")]
