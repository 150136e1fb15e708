"""The application: the Python API (``chmdocs.load``, ``build``, ``render``…),
the ``chmdocs`` command (a thin Click layer over the API), the runs of Sphinx
behind it and ``chmdocs init``'s project templates."""
