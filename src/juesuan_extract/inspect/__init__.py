"""What was found on each page, for people to see: the document's map (text or
JSON), page images with the layout drawn on them, and an HTML review report.

* :mod:`.document` reads a PDF with the pipeline's stages, keeping the page layouts;
* :mod:`.docmap` turns that into the map;
* :mod:`.marks` lists what to draw on a page, :mod:`.overlay` draws it;
* :mod:`.html_report` writes the report.
"""
