"""The bundled Litestar server: HTTP API, auth, web pages and the composition root.

``create_app(settings, **overrides)`` builds the app; ``bootstrap(settings, **overrides)`` wires
the core to adapters chosen from ``Settings.from_env(os.environ)``. Nothing is built at import.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
