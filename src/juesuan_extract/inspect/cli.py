"""``juesuan inspect``: see what was found on each page.

A thin layer like the other commands: parse the options, read the document
once (:func:`~juesuan_extract.inspect.inspect_document`), then print its map,
draw pages, or write the HTML report. The command is registered in cli.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated

import typer

from ..limits import OPTION_HELP
from ..names import shown

EPILOG = (
    "Examples:\n\n"
    "  juesuan inspect report.pdf                          # the document's map\n\n"
    "  juesuan inspect report.pdf --json > map.json        # the map as JSON\n\n"
    "  juesuan inspect report.pdf --page 14                # every block on page 14, with boxes\n\n"
    "  juesuan inspect report.pdf --page 14 --png p14.png  # page 14 with the layout drawn on it\n\n"
    "  juesuan inspect report.pdf --pages 14-16 --out png/ # pages 14 to 16 as PNG files\n\n"
    "  juesuan inspect report.pdf --html review/           # review/index.html, works offline"
)

_RANGE = re.compile(r"^\s*(\d+)\s*(?:[-–—~:]\s*(\d+)\s*)?$")


def parse_pages(text: str) -> tuple[int, int]:
    """``"14"`` → (14, 14); ``"14-16"`` → (14, 16)."""
    m = _RANGE.match(text)
    if not m:
        raise typer.BadParameter(f"{text!r} is not a page range; write it as A-B, e.g. 14-16",
                                 param_hint="--pages")
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    if first < 1 or last < first:
        raise typer.BadParameter(f"{text!r}: pages count from 1 and the range must not run "
                                 "backwards", param_hint="--pages")
    return first, last


def _choose_pages(page: int | None, pages: str | None) -> tuple[int, int] | None:
    if page is not None and pages is not None:
        raise typer.BadParameter("give --page or --pages, not both", param_hint="--page")
    if page is not None:
        return page, page
    return parse_pages(pages) if pages is not None else None


def _check_outputs(chosen: tuple[int, int] | None, png: Path | None, out: Path | None,
                   html_dir: Path | None, as_json: bool) -> None:
    if sum(x is not None for x in (png, out, html_dir)) > 1:
        raise typer.BadParameter("choose one of --png, --out and --html", param_hint="--png")
    if png is not None and (chosen is None or chosen[0] != chosen[1]):
        raise typer.BadParameter("--png draws one page: add --page N (or use --pages A-B --out DIR)",
                                 param_hint="--png")
    if as_json and (chosen is not None or png or out or html_dir):
        raise typer.BadParameter("--json prints the whole document's map; leave out the page and "
                                 "output options", param_hint="--json")


def inspect(
    pdf: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="The PDF file to read.")
    ],
    page: Annotated[
        int | None, typer.Option("--page", "-p", min=1,
                                 help="One page: list its blocks, or draw it with --png / --out.")
    ] = None,
    pages: Annotated[
        str | None, typer.Option("--pages", metavar="A-B",
                                 help="A range of pages (14-16): list their blocks, draw them "
                                      "with --out, or limit the --html report to them.")
    ] = None,
    png: Annotated[
        Path | None, typer.Option("--png", dir_okay=False,
                                  help="Write the page given by --page, with the layout drawn on "
                                       "it and a legend, to this PNG file.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", file_okay=False,
                                  help="Write each page (of --page/--pages, else every page) "
                                       "with the layout drawn on it to DIR/page-NNN.png.")
    ] = None,
    html_dir: Annotated[
        Path | None, typer.Option("--html", file_okay=False,
                                  help="Write a review report to this folder: index.html with "
                                       "each page's image beside the rows extracted from it, "
                                       "and the images in pages/. Needs no network.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the map as JSON.")] = False,
    scale: Annotated[
        float | None, typer.Option("--scale", min=0.25, max=8.0,
                                   help="Image pixels per PDF point (default 2 for PNG files, "
                                        "1.5 in the report).")
    ] = None,
    password: Annotated[
        str | None, typer.Option("--password", help="Password of an encrypted PDF.")
    ] = None,
    max_pages: Annotated[int | None, typer.Option("--max-pages", min=1,
                                                  help=OPTION_HELP["max_pages"])] = None,
    max_mb: Annotated[float | None, typer.Option("--max-mb", min=0.001,
                                                 help=OPTION_HELP["max_file_mb"])] = None,
    max_seconds: Annotated[float | None, typer.Option(
        "--max-seconds", min=0.001, help=OPTION_HELP["max_seconds"] + " Rendering the pages "
        "has as long again.")] = None,
    max_memory: Annotated[float | None, typer.Option(
        "--max-memory", min=64, help=OPTION_HELP["max_memory_mb"] + " Pages are rendered "
        "within it too, each in a process of its own.")] = None,
) -> None:
    """Show what was found on each page: the document's map, pages drawn with
    the layout found on them, or an HTML report for checking every value.

    The map lists the pages, the section outline with page numbers, every
    table (kind, title, pages, rows × columns, the pages it is continued
    over) and what could not be classified. The drawings mark section
    headings, table regions, every cell, merged cells, rows split by a page
    break, page furniture, and tint each cell by the field it was read into.
    Exit status: 0 when the document was read, 1 when it could not be, 2 for a
    usage error.
    """
    from ..limits import Limits
    from .docmap import document_map, map_as_dict, page_detail, render_map
    from .document import inspect_document

    chosen = _choose_pages(page, pages)
    _check_outputs(chosen, png, out, html_dir, as_json)
    limits = Limits.given(max_pages=max_pages, max_file_mb=max_mb, max_seconds=max_seconds,
                          max_memory_mb=max_memory)
    inspection = inspect_document(pdf, password, limits, isolated=True)
    result = inspection.result
    if result.status == "failed":
        typer.echo(f"error [{result.error_code}] {result.error}", err=True)
        raise typer.Exit(1)
    if chosen is not None or png or out or html_dir:  # the map lists the warnings itself
        for warning in result.warnings:
            typer.echo(f"warning: {shown(pdf)}: {warning}", err=True)
    if chosen is not None and chosen[1] > result.pages:
        raise typer.BadParameter(f"the document has {result.pages} pages; page {chosen[1]} is "
                                 "beyond its end", param_hint="--page" if page else "--pages")
    numbers = list(range(chosen[0], chosen[1] + 1)) if chosen else list(range(1, result.pages + 1))
    try:
        _write_images(inspection, pdf, numbers, png, out, html_dir, scale, password, limits)
    except OSError as exc:
        from ..errors import output_error

        error = output_error(exc.filename or html_dir or out or png, exc)
        typer.echo(f"error [{error.code}] {error.message}", err=True)
        raise typer.Exit(1) from exc
    if html_dir is not None or png is not None or out is not None:
        return
    if chosen is not None:
        typer.echo("\n".join(page_detail(inspection, n) for n in numbers), nl=False)
    elif as_json:
        typer.echo(json.dumps(map_as_dict(document_map(inspection)), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_map(document_map(inspection)), nl=False)


def _write_images(inspection, pdf: Path, numbers: list[int], png: Path | None,
                  out: Path | None, html_dir: Path | None, scale: float | None,
                  password: str | None, limits) -> None:
    """The report or the PNG files asked for, if any; each path written is printed."""
    if html_dir is not None:
        from .html_report import REPORT_SCALE, write_report

        index = write_report(inspection, pdf, html_dir, numbers, scale or REPORT_SCALE, password,
                             limits)
        typer.echo(f"{shown(pdf)}: report on {len(numbers)} pages", err=True)
        typer.echo(shown(index))
    elif png is not None or out is not None:
        from .html_report import page_image_name
        from .overlay import DEFAULT_SCALE, PageImages, write_page_png

        with PageImages(pdf, password, limits) as images:
            for n in numbers:
                path = png if png is not None else out / page_image_name(n, inspection.result.pages)  # type: ignore[operator]
                typer.echo(shown(write_page_png(inspection, images, n, path, scale or DEFAULT_SCALE)))
