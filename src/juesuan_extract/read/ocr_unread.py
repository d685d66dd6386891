"""Ink the text detector passed over, read on its own.

The detector finds text lines by how text looks at its resolution; a single short
character alone in a cell (a 分值 of "8", a split code's "04") can fall below what it
takes for text, and the value is then simply missing. After the detected lines are
read, every blot of ink that no character read covers and that is the size of text
is gathered into regions (ink close enough to be one word) and each region is handed
to the recogniser alone, as a line of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .ocr_ink import SPECK  # blots no larger across either way are specks

# Ink within this share of the font size of a character read is that character's.
COVER = 0.25
# Blots this close (share of the font size) side by side are one word; above each
# other, one line only when they overlap.
JOIN_ALONG = 0.6
# A region is text when it is between these shares of the font size tall.
MIN_HEIGHT, MAX_HEIGHT = 0.45, 1.6
# Padding around a region handed to the recogniser (share of the font size): it reads
# lines cropped with some paper around them.
PAD = 0.3


@dataclass(frozen=True, slots=True)
class Region:
    x0: int
    top: int
    x1: int
    bottom: int


def unread_regions(ink: np.ndarray, read: list[tuple[float, float, float, float]],
                   size: float) -> list[Region]:
    """Regions of ``ink`` (non-zero where there is ink, rules wiped) that no box in
    ``read`` (x0, top, x1, bottom, pixels) covers, of the height of ``size`` text."""
    import cv2

    covered = np.zeros(ink.shape, dtype=bool)
    margin = COVER * size
    h, w = ink.shape
    for x0, top, x1, bottom in read:
        covered[max(0, int(top - margin)):min(h, int(bottom + margin) + 1),
                max(0, int(x0 - margin)):min(w, int(x1 + margin) + 1)] = True
    mask = (ink > 0).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    small = SPECK * size
    loose = np.zeros(ink.shape, dtype=np.uint8)
    for i in range(1, n):
        x, y, bw, bh, _area = (int(v) for v in stats[i])
        if (bw <= small and bh <= small) or bh > MAX_HEIGHT * size:
            continue
        blot = labels[y:y + bh, x:x + bw] == i
        if covered[y:y + bh, x:x + bw][blot].any():
            continue
        loose[y:y + bh, x:x + bw][blot] = 1
    if not loose.any():
        return []
    joined = cv2.dilate(loose, np.ones((1, max(1, int(JOIN_ALONG * size))), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    regions: list[Region] = []
    reach = int(JOIN_ALONG * size) // 2
    for i in range(1, n):
        x, y, bw, bh, _area = (int(v) for v in stats[i])
        if MIN_HEIGHT * size <= bh <= MAX_HEIGHT * size:
            regions.append(Region(x + reach, y, x + bw - reach, y + bh))
    return regions


def crop(grey: np.ndarray, region: Region, size: float) -> np.ndarray:
    pad = int(PAD * size)
    h, w = grey.shape
    return grey[max(0, region.top - pad):min(h, region.bottom + pad),
                max(0, region.x0 - pad):min(w, region.x1 + pad)]


__all__ = ["Region", "crop", "unread_regions"]
