"""Drawing shared by the documents: labelled boxes, check boxes, Code 128 barcodes, and the
sender's and addressee's blocks (country name in English and in the destination's script)."""

from django.utils import translation
from django_countries import countries
from reportlab.graphics.barcode import code128
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from parcels.documents.fonts import FONT, FONT_BOLD
from parcels.models import Shipment

SENDER = ("Transship Japan", "2-1-1 Hamacho, Funabashi-shi", "Chiba 273-0012", "JAPAN")
# Destinations whose own script we print under the English country name (the font has it).
NATIVE_LANGUAGE = {"CN": "zh-hans", "TW": "zh-hant", "HK": "zh-hant", "MO": "zh-hant", "KR": "ko"}
BAR_WIDTH = 0.4 * mm  # a module wide enough for handheld and counter scanners


def country_names(code: str) -> tuple[str, str]:
    """(English name, name in the destination's script or "")."""
    with translation.override("en"):
        english = str(countries.name(code)) or code
    language = NATIVE_LANGUAGE.get(code)
    if not language:
        return english, ""
    with translation.override(language):
        native = str(countries.name(code))
    return english, "" if native == english else native


def recipient_lines(shipment: Shipment) -> list[str]:
    """The addressee's postal address: name, street lines, and the country spelt out (the stored
    address ends with the ISO code, which a post office counter does not read)."""
    parts = [p.strip() for p in shipment.recipient_address.split(", ") if p.strip()]
    if parts and parts[-1].upper() == shipment.destination_country:
        parts.pop()
    english, native = country_names(shipment.destination_country)
    country = f"{english.upper()}  {native}".strip()
    return [shipment.recipient_name, *parts, country]


def fit(text: str, font: str, size: float, width: float) -> str:
    """`text` cut to `width` points, with an ellipsis when cut."""
    text = text or ""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def box(
    pdf: canvas.Canvas,
    x: float,
    y: float,
    w: float,
    h: float,
    label: str = "",
    lines: list[str] | tuple[str, ...] = (),
    size: float = 8,
) -> None:
    """A ruled box with its label in small type at the top and its value lines below."""
    pdf.setLineWidth(0.6)
    pdf.rect(x, y, w, h)
    top = y + h
    if label:
        pdf.setFont(FONT, 5.5)
        pdf.drawString(x + 2, top - 7, label)
        top -= 8
    pdf.setFont(FONT, size)
    for line in lines:
        top -= size + 1.5
        if top < y + 1:
            break
        pdf.drawString(x + 3, top, fit(str(line), FONT, size, w - 6))


def check(pdf: canvas.Canvas, x: float, y: float, label: str, ticked: bool) -> None:
    """A check box with its label; ticked with an X (a glyph, so the tick is in the text too)."""
    side = 3 * mm
    pdf.setLineWidth(0.6)
    pdf.rect(x, y, side, side)
    if ticked:
        pdf.setFont(FONT_BOLD, 9)
        pdf.drawCentredString(x + side / 2, y + 1.2, "X")
    pdf.setFont(FONT, 7)
    pdf.drawString(x + side + 1.5 * mm, y + 1, label)


def barcode(
    pdf: canvas.Canvas, value: str, x: float, y: float, label: str, height: float = 12 * mm
) -> float:
    """A Code 128 barcode with its caption and the number printed under it; returns its width."""
    if not value:
        return 0
    symbol = code128.Code128(value, barHeight=height, barWidth=BAR_WIDTH, quiet=True)
    symbol.drawOn(pdf, x, y)
    pdf.setFont(FONT, 7)
    pdf.drawString(x + symbol.lquiet, y - 8, f"{label}: {value}")
    return symbol.width


def title(pdf: canvas.Canvas, x: float, y: float, text: str, size: float = 12) -> None:
    pdf.setFont(FONT_BOLD, size)
    pdf.drawString(x, y, text)
