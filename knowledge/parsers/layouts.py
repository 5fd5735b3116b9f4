"""Which parser reads which layout: the names the manifest's `layout` may give."""

from collections.abc import Callable

from knowledge.manifest import ProgramSpec
from knowledge.models import Listing
from knowledge.parsers import evicore, gene_cellular, home_infusion, policy, sco
from knowledge.parsers.base import Document

Parser = Callable[[Document, tuple[ProgramSpec, ...]], list[Listing]]

PARSERS: dict[str, Parser] = {
    "evicore": evicore.parse,
    "sco": sco.parse,
    "policy": policy.parse,
    "home_infusion": home_infusion.parse,
    "procedure_list": home_infusion.parse,
    "gene_cellular": gene_cellular.parse,
}
