"""Finding the files of a delivery and fingerprinting it.

A delivery is one folder: `<register>.csv|.parquet|.xlsx` per register, optionally
`areas.geojson`. File names are matched case-insensitively. A data file that is a
symbolic link refuses the delivery: it may point anywhere (a line of /etc/passwd once
reached an error message). Sub-folders and files that
are not data files are left alone; a data file that names no register gets a warning.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from bosocdata.errors import DeliveryRefused
from bosocdata.registers import FILE_SUFFIXES, REGISTER_NAMES, REQUIRED_REGISTERS

GEOJSON_NAME = "areas.geojson"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class DeliveryFiles:
    """The files of one delivery."""

    directory: Path
    registers: dict[str, Path]  # register name -> its file
    geojson: Path | None
    unknown: tuple[Path, ...]  # data files that name no register

    @property
    def all_files(self) -> list[Path]:
        files = list(self.registers.values())
        if self.geojson is not None:
            files.append(self.geojson)
        return sorted(files, key=lambda p: p.name.lower())


def find_delivery_files(directory: Path) -> DeliveryFiles:
    """The register files of `directory`; refused when a required register is missing."""
    if not directory.is_dir():
        raise DeliveryRefused(
            f"{directory}: " + ("a file, not a folder" if directory.exists() else "no such folder"),
            hint="give the folder holding the delivery's files, e.g. persons.csv",
        )
    registers: dict[str, Path] = {}
    geojson: Path | None = None
    unknown: list[Path] = []
    for path in sorted(directory.iterdir()):
        name = path.name.lower()
        if path.is_symlink() and (name == GEOJSON_NAME or path.suffix.lower() in FILE_SUFFIXES):
            raise DeliveryRefused(
                f"{path}: is a symbolic link, not a file of the delivery",
                hint="copy the file itself into the delivery folder",
            )
        if not path.is_file():
            continue
        if name == GEOJSON_NAME:
            geojson = path
            continue
        stem, suffix = path.stem.lower(), path.suffix.lower()
        if suffix not in FILE_SUFFIXES:
            continue
        if stem not in REGISTER_NAMES:
            unknown.append(path)
            continue
        if stem in registers:
            raise DeliveryRefused(
                f"{directory}: two files for the register {stem}: "
                f"{registers[stem].name} and {path.name}",
                hint="keep one file per register",
            )
        registers[stem] = path
    missing = [name for name in REQUIRED_REGISTERS if name not in registers]
    if missing:
        raise DeliveryRefused(
            f"{directory}: required register {missing[0]} is missing"
            + (f" (also missing: {', '.join(missing[1:])})" if missing[1:] else ""),
            hint=f"deliver {missing[0]}.csv, {missing[0]}.parquet or {missing[0]}.xlsx",
        )
    return DeliveryFiles(directory, registers, geojson, tuple(unknown))


def delivery_id(files: DeliveryFiles) -> str:
    """SHA-256 over the names and bytes of the delivery's files, in name order."""
    digest = hashlib.sha256()
    for path in files.all_files:
        try:
            digest.update(path.name.lower().encode("utf-8") + b"\0")
            digest.update(str(path.stat().st_size).encode("ascii") + b"\0")
            with path.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
        except OSError as error:  # read first, before anything is stored: a refusal
            raise DeliveryRefused(
                f"{path.name}: the file cannot be read ({error.strerror or error})",
                hint="let the user who runs bosoc read every file of the delivery, then "
                "load it again",
            ) from None
    return digest.hexdigest()
