"""What was found on each page, for people to see: the document's map (text or
JSON), page images with the layout drawn on them, and an HTML review report.

* :mod:`.document` reads a PDF with the pipeline's stages, keeping the page layouts;
* :mod:`.docmap` turns that into the map;
* :mod:`.marks` lists what to draw on a page, :mod:`.overlay` draws it;
* :mod:`.html_report` writes the report.
"""

from .docmap import DocumentMap, document_map, map_as_dict, page_detail, render_map
from .document import FoundTable, Heading, Inspection, inspect_document
from .marks import Mark, page_marks

__all__ = [
    "DocumentMap",
    "FoundTable",
    "Heading",
    "Inspection",
    "Mark",
    "document_map",
    "inspect_document",
    "map_as_dict",
    "page_detail",
    "page_marks",
    "render_map",
]
