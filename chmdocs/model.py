"""The model under the name other CHM projects import: ``chmdocs.model``.

It lives in :mod:`chmdocs.core.model`; this name stays for the projects that
read chmdocs' model (``from chmdocs.model import Workshop``).
"""

from chmdocs.core.model import *  # noqa: F403
from chmdocs.core.model import __all__ as __all__
