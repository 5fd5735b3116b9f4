"""Build new editions of the documents folder the way an operator gets them: a copy of the frozen folder
with lines of a document replaced, added or removed, and the manifest edited where the operator would
(a new date, a new phone number, a sixth list's entry). Used by the drill tests."""

from __future__ import annotations

import shutil
from pathlib import Path

FROZEN = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
SCO = "sco-site-of-care-drug-list-2022-05.txt"
EVICORE = "evicore-oncology-precert-2017-11.txt"
SIXTH = "specialty-infusion-precert-codes.txt"

# The new rows and values of the drill edition, so the tests can look for each one.
SCO_ADDED = ("J2329\tBRIUMVI™\tublituximab-xiiy\tMarch 2023", "J0174\tLEQEMBI®\tlecanemab-irmb\tMarch 2023")
SCO_REMOVED = "J0712\tAduhelm\taducanumab-avwa\tJuly 2021"
SCO_CODE_CHANGED = ("J2323\tTYSABRI®\tnatalizumab\tJuly 2017", "J2324\tTYSABRI®\tnatalizumab\tJuly 2017")
SCO_DATE_CHANGED = ("J2350\tOcrevus®\tocrelizumab\tJanuary 2018", "J2350\tOcrevus®\tocrelizumab\tFebruary 2018")
SCO_SPACED = ("J2357\tXolair®\tomalizumab\tMay 2017", "J2357    Xolair®    omalizumab    May 2017")
OLD_PHONE, NEW_PHONE = "877.865.6492", "877.865.7000"
OLD_DATE, NEW_DATE = "May 2022", "June 2023"
FAQ_LINE = "1. The SCO and SCO+ lists are reviewed every year."
EVICORE_OUT = "J9320\t***ZANOSAR\t***STREPTOZOCIN\tINTRAVENOUS"
EVICORE_IN = "J9119\t***LIBTAYO\t***CEMIPLIMAB-RWLC\tINTRAVENOUS"
PHARMACY_LEGEND = "** Indicates a drug requiring authorization under Pharmacy benefit only."
NEW_LEGENDS = ("**** Indicates a drug added to the program in 2023.", "† Indicates a biosimilar product.")
MARKER_EDITS = (
    ("Q2050\t***DOXIL\t***DOXORUBICIN HCL PEG-LIPOSOMAL", "Q2050\t**/***DOXIL\t**/***DOXORUBICIN HCL PEG-LIPOSOMAL"),
    ("J9271\tKEYTRUDA\tPEMBROLIZUMAB", "J9271\t****KEYTRUDA\t****PEMBROLIZUMAB"),
    ("J9299\tOPDIVO\tNIVOLUMAB", "J9299\t†OPDIVO\t†NIVOLUMAB"),
)
SIXTH_ROWS = (
    "Specialty Infusion\tJ9271\tPembrolizumab Injection\tPrecert through Cigna\tCommercial",
    "Specialty Infusion\tJ2350\tInjection, Ocrelizumab, 1 Mg\tPrecert through Cigna\tCommercial",
    "Specialty Infusion\tJ1300\tEculizumab Injection - Moved to Home Health program.\t\tCommercial",
)
SIXTH_TEXT = "\n".join(
    [
        "",
        "Cigna Prior Authorization Procedure List: Specialty Infusion",
        "",
        "Category\tProcedure Code\tProcedure Code Description\tPrecert Requirement\tLOB",
        *SIXTH_ROWS,
        "",
        "CPT copyright 2023 American Medical Association. All rights reserved.",
        "",
    ]
)
SIXTH_MANIFEST = """
[[document]]
id = "specialty_infusion"
file = "specialty-infusion-precert-codes.txt"
layout = "procedure_list"
title = "Cigna Prior Authorization Procedure List: Specialty Infusion"
publisher = "Cigna"
date_note = "undated, CPT notice ©2023"
date_anchor = "CPT copyright 2023"
year = 2023

  [[document.program]]
  id = "specialty_infusion"
  name = "Specialty Infusion prior authorization procedure list"
  short = "specialty infusion precert list"
  requirement = "precertification through Cigna for specialty infusion"
  status = "auth-needed"
  through = "cigna"
  words = ['\\bspecialty infusion\\b']

  [document.program.table]
  name = "Specialty Infusion procedure codes"
  heading = "Category\\tProcedure Code\\tProcedure Code Description\\tPrecert Requirement\\tLOB"
  category = "Specialty Infusion"
  requirement = "Precert through Cigna"
"""


class Edition:
    """A copy of the frozen folder to edit."""

    def __init__(self, directory: Path):
        self.directory = directory
        shutil.copytree(FROZEN, directory, dirs_exist_ok=True)
        (directory / "README.md").unlink(missing_ok=True)

    def text(self, name: str) -> str:
        return (self.directory / name).read_text(encoding="utf-8")

    def replace(self, name: str, old: str, new: str, count: int = 1) -> Edition:
        text = self.text(name)
        assert old in text, (name, old)
        (self.directory / name).write_text(text.replace(old, new, count), encoding="utf-8")
        return self

    def insert_after(self, name: str, line: str, *new: str) -> Edition:
        return self.replace(name, line + "\n", line + "\n" + "".join(n + "\n" for n in new))

    def remove(self, name: str, line: str) -> Edition:
        return self.replace(name, line + "\n", "")

    def manifest(self, old: str, new: str) -> Edition:
        return self.replace("sources.toml", old, new)


def drill_edition(directory: Path) -> Edition:
    """Every data change an operator meets in a new edition, and none of the silent failures."""
    e = Edition(directory)
    # SCO: a 2023 edition: two rows in, one out, a code and a date changed, a new phone, a FAQ answer
    # that is a numbered line, a row whose tabs became spaces, a page break in the middle of the table.
    e.replace(SCO, f"\n{OLD_DATE}\n", f"\n{NEW_DATE}\n")
    e.manifest(
        f'date = "{OLD_DATE}"\ndate_anchor = "{OLD_DATE}"\nyear = 2022',
        f'date = "{NEW_DATE}"\ndate_anchor = "{NEW_DATE}"\nyear = 2023',
    )
    e.insert_after(SCO, "Frequently asked questions", "", FAQ_LINE)
    e.remove(SCO, SCO_REMOVED)
    e.insert_after(SCO, "J1300\tSOLIRIS®\teculizumab\tMay 2017", *SCO_ADDED)
    e.replace(SCO, *SCO_CODE_CHANGED)
    e.replace(SCO, *SCO_DATE_CHANGED)
    e.replace(SCO, *SCO_SPACED)
    e.insert_after(SCO, "J1303\tULTOMIRIS®\travulizumab-cwvz\tMarch 2019", "", "Together, all the way.®", "")
    e.replace(SCO, OLD_PHONE, NEW_PHONE, count=-1)  # printed twice
    e.manifest(f'value = "{OLD_PHONE}"', f'value = "{NEW_PHONE}"')
    # eviCore: one drug out and one in (marked ***, so the letter's count still holds), new marker forms.
    e.remove(EVICORE, EVICORE_OUT)
    e.insert_after(EVICORE, "J9271\tKEYTRUDA\tPEMBROLIZUMAB\tINTRAVENOUS", EVICORE_IN)
    e.insert_after(
        EVICORE, "** Indicates a drug requiring authorization under Pharmacy benefit only.", "", *NEW_LEGENDS
    )
    for old, new in MARKER_EDITS:
        e.replace(EVICORE, old, new)
    # A sixth list in the home-infusion layout: a file and its manifest entry.
    (directory / SIXTH).write_text(SIXTH_TEXT, encoding="utf-8")
    with (directory / "sources.toml").open("a", encoding="utf-8") as manifest:
        manifest.write(SIXTH_MANIFEST)
    return e
