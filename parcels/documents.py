"""Printed paperwork for a packed box: the waybill label with barcodes (member code, shipment
number, carrier tracking number) and the customs declaration (CN22 up to ¥300,000 of declared
value, CN23 above), as PDF bytes."""

from io import BytesIO

from reportlab.graphics.barcode import code128
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from parcels.models import Shipment

CN23_ABOVE_JPY = 300_000
# Recipients write their names and addresses in Chinese, Japanese or Latin script: an Asian CID
# font (metrics ship with reportlab, the viewer supplies the glyphs) prints all three.
ADDRESS_FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(ADDRESS_FONT))
SENDER = ("Transship Japan", "2-1-1 Hamacho, Funabashi-shi", "Chiba 273-0012, Japan")


def _barcode(pdf: canvas.Canvas, value: str, x: float, y: float, label: str) -> None:
    if not value:
        return
    barcode = code128.Code128(value, barHeight=12 * mm, barWidth=0.9)
    barcode.drawOn(pdf, x, y)
    pdf.setFont("Helvetica", 7)
    pdf.drawString(x + 6, y - 8, f"{label}: {value}")


def waybill_pdf(*, shipment: Shipment) -> bytes:
    """An A6 label: sender, recipient, service, weight and three barcodes."""
    out = BytesIO()
    _width, height = A6
    pdf = canvas.Canvas(out, pagesize=A6)
    pdf.setTitle(f"Waybill {shipment.number}")
    y = height - 12 * mm
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(8 * mm, y, f"{shipment.service.carrier} - {shipment.service.name}")
    pdf.setFont("Helvetica", 7)
    for line in SENDER:
        y -= 9
        pdf.drawString(8 * mm, y, line)
    y -= 16
    pdf.setFont("Helvetica-Bold", 9)
    pdf.drawString(8 * mm, y, "TO:")
    pdf.setFont(ADDRESS_FONT, 9)
    lines = [
        shipment.recipient_name,
        *shipment.recipient_address.split(", "),
        shipment.recipient_phone,
    ]
    for line in filter(None, lines):
        y -= 11
        pdf.drawString(14 * mm, y, line[:60])
    y -= 14
    pdf.setFont("Helvetica", 9)
    weight = shipment.packed_weight_g or shipment.estimated_weight_g
    pdf.drawString(8 * mm, y, f"{weight} g   {shipment.destination_country}")
    member = getattr(shipment.user, "member_code", "") or ""
    _barcode(pdf, shipment.number, 6 * mm, 52 * mm, "Shipment")
    _barcode(pdf, member, 6 * mm, 30 * mm, "Member")
    _barcode(pdf, shipment.tracking_number, 6 * mm, 8 * mm, "Tracking")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def customs_pdf(*, shipment: Shipment) -> bytes:
    """A CN22/CN23-style declaration from the shipment's customs lines."""
    out = BytesIO()
    _width, height = A4
    form = "CN23" if shipment.declared_value > CN23_ABOVE_JPY else "CN22"
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setTitle(f"{form} {shipment.number}")
    y = height - 20 * mm
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(20 * mm, y, f"CUSTOMS DECLARATION {form}")
    pdf.setFont("Helvetica", 9)
    y -= 14
    pdf.drawString(20 * mm, y, f"Shipment {shipment.number}   Category: Sale of goods / Gift")
    y -= 12
    pdf.drawString(20 * mm, y, "From: " + ", ".join(SENDER))
    y -= 12
    pdf.setFont(ADDRESS_FONT, 9)
    pdf.drawString(20 * mm, y, f"To: {shipment.recipient_name}, {shipment.recipient_address}"[:110])
    y -= 22
    pdf.setFont("Helvetica-Bold", 9)
    for x, title in (
        (20, "Description"),
        (110, "HS code"),
        (135, "Qty"),
        (150, "Net g"),
        (170, "Value JPY"),
        (192, "Origin"),
    ):
        pdf.drawString(x * mm, y, title)
    pdf.setFont(ADDRESS_FONT, 9)
    total_weight = 0
    for line in shipment.customs_lines.all():
        y -= 12
        total_weight += line.weight_g
        pdf.drawString(20 * mm, y, line.description[:50])
        pdf.drawString(110 * mm, y, line.hs_code)
        pdf.drawRightString(142 * mm, y, str(line.quantity))
        pdf.drawRightString(165 * mm, y, str(line.weight_g))
        pdf.drawRightString(188 * mm, y, f"{line.value:,.0f}")
        pdf.drawString(194 * mm, y, line.origin_country)
    y -= 18
    pdf.setFont("Helvetica-Bold", 9)
    pdf.drawString(20 * mm, y, f"Total: {total_weight} g   ¥{shipment.declared_value:,.0f}")
    if shipment.needs_export_declaration:
        y -= 14
        pdf.drawString(20 * mm, y, "EXPORT DECLARATION REQUIRED (value over threshold)")
    y -= 28
    pdf.setFont("Helvetica", 8)
    pdf.drawString(
        20 * mm,
        y,
        "I certify that the particulars given in this declaration are "
        "correct and that this item does not contain any dangerous "
        "article prohibited by regulations.",
    )
    _barcode(pdf, shipment.number, 20 * mm, 20 * mm, "Shipment")
    pdf.showPage()
    pdf.save()
    return out.getvalue()
