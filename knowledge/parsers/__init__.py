"""One parser per document layout; the manifest names the layout of each document and gives its
parameters (headings, categories, table names), so a further list in a known layout needs no code."""

from collections.abc import Callable

from knowledge.manifest import ProgramSpec
from knowledge.models import Listing
from knowledge.parsers import evicore, gene_cellular, home_infusion, policy, sco
from knowledge.parsers.base import Document, SourceFormatError

Parser = Callable[[Document, tuple[ProgramSpec, ...]], list[Listing]]

PARSERS: dict[str, Parser] = {
    "evicore": evicore.parse,
    "sco": sco.parse,
    "policy": policy.parse,
    "home_infusion": home_infusion.parse,
    "procedure_list": home_infusion.parse,
    "gene_cellular": gene_cellular.parse,
}

__all__ = ["PARSERS", "Document", "Parser", "SourceFormatError"]
