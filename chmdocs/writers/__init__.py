"""Writers of docutils trees, without Sphinx.

- :mod:`chmdocs.writers.outline`: a document's sections, numbered, as the
  review workbook, the PDF's and the Word document's contents list them.
- :mod:`chmdocs.writers.word`: a docutils tree into a Word document, with
  Word's own styles (python-docx).
- :mod:`chmdocs.writers.ooxml`: the few WordprocessingML pieces python-docx
  has no API for (hyperlinks, fields, repeated header rows, languages,
  numbering).
- :mod:`chmdocs.writers.redline`: the newer of two Word documents with every
  change since the older one as tracked changes.

The Sphinx builder that gives each document its cover, header, footer and
properties is :mod:`chmdocs.sphinxext.word`.
"""
