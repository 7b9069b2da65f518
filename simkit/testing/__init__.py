"""Test support for simkit's own tests and benchmarks (like ``numpy.testing``); not for users.

- :mod:`simkit.testing.isolated`: the one list of environment variables that give Jupyter,
  IPython and matplotlib a throwaway home (``python -m simkit.testing.isolated -- CMD``);
- :mod:`simkit.testing.browser`: Voila on a free loopback port, headless Chromium through
  Playwright, waiting for the app and counting playback frames;
- :mod:`simkit.testing.paced`: the model at a walking pace, so a region run lasts long enough to
  be interrupted;
- :mod:`simkit.testing.tiers`: a pytest plugin (``make test-fast``) that fails the run when a test
  starts or signals a process without ``@pytest.mark.process``.

This package sits beside the faces (``simkit.cli``, ``simkit.dashboard``): it may import any part
of simkit, and no module of simkit imports it. Nothing here is part of the public API.
"""
