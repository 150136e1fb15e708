"""The Sphinx extension: the domain and its directives and roles, the views
rendered once every document is read, the checks across the workshop, the
site, the PDF and Word builders. It reads and writes the core's model; it
never imports the application layer (a test holds it to that).
:func:`chmdocs.sphinxext.extension.setup` is the one place that wires it.
"""
