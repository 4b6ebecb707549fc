"""The consultant's intake workbook: its sheets, columns and words, and the id a town added in it gets
(the pre-filled template itself is written by writer.py)."""

from __future__ import annotations

import re
from pathlib import Path

from twinlib import names, paths, vocab

ACTIVITIES = [("political", "Politisk/administrativt"), ("culture", "Kultur"),
              ("pupil_exchange", "Elevudveksling"), ("sport", "Sport og idræt"),
              ("urban_development", "Byudvikling"), ("business", "Erhvervsudvikling"),
              ("good_governance", "God regeringsførelse"), ("projects", "Projekter")]
REL_HEADER = (["relation_id", "Venskabsby", "Land", "Aktiv fra (år)", "Aktiv til (år)",
               "Seneste aktivitet (år)"] + [label for _, label in ACTIVITIES]
              + ["Finansiering", "Status", "Bekræftet af (rolle)", "Bekræftet (dato)"])
# the municipality's own word on a relation: its status, and who (a role, never a name) said so when
STATUS_WORDS = {"aktiv": vocab.ACTIVE, "ophørt": vocab.ENDED, "suspenderet": vocab.SUSPENDED,
                "udløbet": vocab.LAPSED, "ukendt": None}
STATUS_LABEL = {vocab.ACTIVE: "aktiv", vocab.ENDED: "ophørt", vocab.SUSPENDED: "suspenderet",
                vocab.LAPSED: "udløbet", vocab.UNVERIFIED: "ukendt"}
ROLES = ["borgmester", "kommunaldirektør", "direktør", "chef", "international koordinator", "sekretariatet",
         "borgmesterkontoret", "kommunikation", "medarbejder"]
TRAVEL_HEADER = ["relation_id", "År", "Antal rejser", "Deltagere", "Udgift (kr.)"]
YES = {"x", "ja", "yes", "1"}
MARKUP = re.compile(r"[<>]|\$\\|javascript:|\{\{|\\input", re.IGNORECASE)


def new_relation_id(code: str, partner_name: str, iso2: str) -> str:
    """The id a town added in the workbook gets: the build's rule (code, country, place key), so it
    is the same on every import and the same the build gives it once the relation is curated.

    >>> new_relation_id("621", "Tartu", "ee")
    '621-ee-tartu'
    """
    return names.relation_id(str(code), str(iso2).upper(), names.place_key(str(partner_name)))


def intake_dir() -> Path:
    """$TWINLIB_INTAKE, else the checkout's data/intake, else ./twinlib-intake (see paths.intake_dir)."""
    return paths.intake_dir()
