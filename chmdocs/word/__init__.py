"""The documents in Word (python-docx).

- :mod:`chmdocs.word.ooxml`: the few WordprocessingML pieces python-docx has
  no API for (hyperlinks, fields, repeated header rows, languages, numbering).
- :mod:`chmdocs.word.writer`: a docutils tree into a Word document, with
  Word's own styles; no Sphinx.
- :mod:`chmdocs.word.redline`: the newer of two Word documents with every
  change since the older one as tracked changes; no Sphinx.
- :mod:`chmdocs.word.builder`: the Sphinx builder (``-f docx``) that gives
  each document its cover, header, footer and properties.
"""
