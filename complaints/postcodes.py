"""Postcodes as people write them ("sw1a1aa", " SW1A  1AA ", "bfpo 801") and as they are stored, searched and
compared: upper case, with one space before the inward code. Every postcode that is written down or looked up
passes through `postcode_normalise` first, so two ways of writing one postcode are the same postcode."""

from __future__ import annotations

import re

# An outward code (area and district: "SW1A", "EH1", "BT12", "GIR") and an inward code (sector and unit: "1AA").
# Loose on purpose: it puts the space in the right place, and the Royal Mail decides which postcodes exist.
_POSTCODE = re.compile(r"([A-Z0-9]{2,4})([0-9][A-Z]{2})")
# British Forces Post Office: the letters and a number of up to four digits, such as "BFPO 801".
_BFPO = re.compile(r"BFPO([0-9]{1,4})")


def postcode_normalise(written: str) -> str:
    """The one form of a postcode: "SW1A 1AA" from "sw1a1aa" or " SW1A  1AA "; "BFPO 801" from "bfpo801"."""
    compact = _compact(written)
    if postcode := _POSTCODE.fullmatch(compact):
        return " ".join(postcode.groups())
    if bfpo := _BFPO.fullmatch(compact):
        return f"BFPO {bfpo[1]}"
    # Not a UK postcode (a typing slip, or an address abroad): kept as written, in capitals with single spaces.
    return " ".join(written.split()).upper()


def postcode_district(postcode: str) -> str:
    """The outward code ("SW1A" of "SW1A 1AA"): the most of a postcode that statistics may keep, and nothing of
    one that is not a UK postcode. A forces address keeps "BFPO", since its number may name a single unit."""
    compact = _compact(postcode)
    if district := _POSTCODE.fullmatch(compact):
        return district[1]
    return "BFPO" if _BFPO.fullmatch(compact) else ""


def _compact(written: str) -> str:
    return "".join(written.split()).upper()
