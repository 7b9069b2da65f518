"""The trainer dashboard (Voila app, also usable in JupyterLab); the only ipywidgets user.

>>> from simkit.dashboard import App       # doctest: +SKIP
>>> App().show()                          # in a notebook  # doctest: +SKIP
>>> from simkit.dashboard import serve     # doctest: +SKIP
>>> serve(port=8866)                       # Voila at http://127.0.0.1:8866  # doctest: +SKIP
"""

from simkit.dashboard.serve import serve

__all__ = ["App", "serve"]


def __getattr__(name):
    # App pulls in ipywidgets and matplotlib; `serve` must stay light for the CLI.
    if name == "App":
        from simkit.dashboard.app import App

        return App
    raise AttributeError(f"module 'simkit.dashboard' has no attribute {name!r}")
