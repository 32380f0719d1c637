"""The operational log under `$BOSOC_HOME/logs/`.

Never log a raw CPR number: log counts, register names and masked numbers only.
"""

from __future__ import annotations

import logging

from bosocdata.settings import Paths

_configured: set[str] = set()


def get_logger(paths: Paths) -> logging.Logger:
    """The `bosocdata` logger, writing to `$BOSOC_HOME/logs/bosoc.log`."""
    logger = logging.getLogger("bosocdata")
    logger.setLevel(logging.INFO)
    target = str(paths.logs_dir / "bosoc.log")
    if target not in _configured:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
            handler.close()
        paths.logs_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(target, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
        _configured.clear()
        _configured.add(target)
    return logger
