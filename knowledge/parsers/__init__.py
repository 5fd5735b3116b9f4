"""One parser per document layout; the manifest names which one reads each document."""

from collections.abc import Callable

from knowledge.models import Listing
from knowledge.parsers import evicore, gene_cellular, home_infusion, policy, sco
from knowledge.parsers.base import Document, SourceFormatError

PARSERS: dict[str, Callable[[Document], list[Listing]]] = {
    "evicore": evicore.parse,
    "sco": sco.parse,
    "policy": policy.parse,
    "home_infusion": home_infusion.parse,
    "gene_cellular": gene_cellular.parse,
}

__all__ = ["PARSERS", "Document", "SourceFormatError"]
