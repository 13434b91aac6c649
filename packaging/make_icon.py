"""Draw SynthDesk's icon: a sheet of table rows, with a copy offset behind it.

Writes ``resources/icons/synthdesk.png`` (512 px), ``synthdesk.ico`` (16 to
256 px, for Windows) and ``synthdesk.svg``. Run it after changing the drawing;
the outputs are committed, so building a bundle does not need it.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZE = 512
BLUE = "#0072B2"  # Okabe-Ito blue, the colour of real data in the plots
ORANGE = "#E69F00"  # Okabe-Ito orange, the colour of synthetic data
WHITE = "#FFFFFF"
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]

# Each shape is (x0, y0, x1, y1, corner radius, fill) on a 512-unit canvas,
# shared by the PNG and the SVG so the two stay identical.
BACK_SHEET = (176, 64, 464, 384, 36, ORANGE)
FRONT_SHEET = (48, 128, 336, 448, 36, BLUE)
HEADER_BAR = (80, 168, 304, 208, 10, WHITE)
ROW_TOP = 240
ROW_STEP = 48
ROW_HEIGHT = 24
ROW_LEFT = (80, 160)
ROW_RIGHT = (184, 304)


def shapes() -> list[tuple]:
    items = [BACK_SHEET, FRONT_SHEET, HEADER_BAR]
    for index in range(4):
        top = ROW_TOP + index * ROW_STEP
        items.append((*ROW_LEFT[:1], top, ROW_LEFT[1], top + ROW_HEIGHT, 6, WHITE))
        items.append((ROW_RIGHT[0], top, ROW_RIGHT[1], top + ROW_HEIGHT, 6, WHITE))
    return items


def draw_png(size: int = SIZE) -> Image.Image:
    # Drawn four times larger and scaled down, which smooths the edges.
    scale = 4 * size / SIZE
    image = Image.new("RGBA", (4 * size, 4 * size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for x0, y0, x1, y1, radius, fill in shapes():
        box = [round(value * scale) for value in (x0, y0, x1, y1)]
        draw.rounded_rectangle(box, radius=round(radius * scale), fill=fill)
    return image.resize((size, size), Image.LANCZOS)


def svg_text() -> str:
    rects = "\n".join(
        f'  <rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" '
        f'rx="{radius}" fill="{fill}"/>'
        for x0, y0, x1, y1, radius, fill in shapes()
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" '
        f'viewBox="0 0 {SIZE} {SIZE}">\n{rects}\n</svg>\n'
    )


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    image = draw_png()
    image.save(ICONS / "synthdesk.png", optimize=True)
    image.save(ICONS / "synthdesk.ico", sizes=ICO_SIZES)
    (ICONS / "synthdesk.svg").write_text(svg_text(), encoding="utf-8")
    print(f"Wrote the icon to {ICONS}")


if __name__ == "__main__":
    main()
