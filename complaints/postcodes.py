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


# The nation of a home from its postcode area (the letters before the first digit). Postcode areas are Royal
# Mail's sorting units and follow no border, so an area with homes on both sides is not decided here: the resident
# is asked. Sources: Wikipedia, "List of postcode areas in the United Kingdom" and each area's own article (CH, LD,
# SY, HR, NP and LL each have addresses in both England and Wales: Hay-on-Wye is HR3 in Powys, Sedbury and
# Tutshill NP16 in Gloucestershire, about 0.12% of LL in Shropshire); Berwickshire News, "Cross border postcodes
# after independence" (2014): TD12 and TD15 cover homes in Northumberland and the Scottish Borders; the CA and DG
# areas meet at the Cumbria and Dumfries and Galloway border.
NORTHERN_IRELAND_AREAS = frozenset({"BT"})
SCOTLAND_AREAS = frozenset({"AB", "DD", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "ZE"})
WALES_AREAS = frozenset({"CF", "SA"})
BORDER_AREAS = frozenset({"CH", "LD", "SY", "HR", "NP", "LL", "TD", "DG", "CA"})
# Every other area in the United Kingdom is in England; the Channel Islands (GY, JE) and the Isle of Man (IM) are
# not in the UK, and BF, BX and XX are not places.
_ENGLAND = """
AL B BA BB BD BH BL BN BR BS CB CM CO CR CT CV CW DA DE DH DL DN DT DY E EC EN EX FY GL GU HA HD HG HP HU HX IG IP
KT L LA LE LN LS LU M ME MK N NE NG NN NR NW OL OX PE PL PO PR RG RH RM S SE SG SK SL SM SN SO SP SR SS ST SW TA TF
TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO
"""
ENGLAND_AREAS = frozenset(_ENGLAND.split())
_UK_POSTCODE = re.compile(r"([A-Z]{1,2})[0-9][A-Z0-9]? [0-9][A-Z]{2}")


def postcode_area(postcode: str) -> str:
    """The area of a UK postcode ("SW" of "SW1A 1AA", "G" of "G1 1AA"), or "" for anything else."""
    match = _UK_POSTCODE.fullmatch(postcode_normalise(postcode))
    if match is None:
        return ""
    area = match[1]
    known = NORTHERN_IRELAND_AREAS | SCOTLAND_AREAS | WALES_AREAS | BORDER_AREAS | ENGLAND_AREAS
    return area if area in known else ""


def postcode_nation(postcode: str) -> str | None:
    """The nation ("england", "wales", "scotland", "northern_ireland") of a home with this postcode, or None where
    the postcode's area crosses a border (or it is not a UK postcode): then a person says which."""
    area = postcode_area(postcode)
    for areas, nation in [
        (NORTHERN_IRELAND_AREAS, "northern_ireland"),
        (SCOTLAND_AREAS, "scotland"),
        (WALES_AREAS, "wales"),
        (ENGLAND_AREAS, "england"),
    ]:
        if area in areas:
            return nation
    return None
