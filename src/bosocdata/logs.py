"""The operational log under `$BOSOC_HOME/logs/`.

Never log a raw CPR number: log counts, register names and masked numbers only. The
log's formatter masks whatever is shaped like one all the same (`MaskingFormatter`).
"""

from __future__ import annotations

import logging
import os

from bosocdata.auditlog.entries import mask_cpr_like
from bosocdata.settings import Paths

_configured: set[str] = set()


class MaskingFormatter(logging.Formatter):
    """Masks anything shaped like a CPR number in the written line, tracebacks included:
    the rule above is kept by the code that logs, and this catches what it missed (an
    exception quoting a cell, a file name holding a number)."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_cpr_like(super().format(record))


def get_logger(paths: Paths) -> logging.Logger:
    """The `bosocdata` logger, writing to `$BOSOC_HOME/logs/bosoc.log`."""
    logger = logging.getLogger("bosocdata")
    logger.setLevel(logging.INFO)
    target = str(paths.logs_dir / "bosoc.log")
    if target not in _configured:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
            handler.close()
        # a traceback may quote data: the folder and the file are the owner's only
        paths.logs_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        handler = logging.FileHandler(target, encoding="utf-8")
        handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
        _configured.clear()
        _configured.add(target)
    return logger
