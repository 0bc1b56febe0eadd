"""Grounded question answering over a document corpus, with exact citations."""

from rag.assistant import Assistant
from rag.errors import RagError
from rag.records import Answer, Citation, Claim, DocumentInfo, IngestReport, Passage
from rag.settings import Settings

__all__ = [
    "Answer", "Assistant", "Citation", "Claim", "DocumentInfo", "IngestReport", "Passage",
    "RagError", "Settings",
]
