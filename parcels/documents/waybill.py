"""The waybill label: 100 × 150 mm for thermal label printers, or A6 for office printers. The
recipient block is set large enough to read at arm's length; the shipment number, the member code
and the carrier's tracking number are Code 128 barcodes."""

from io import BytesIO

from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from parcels.documents import fonts
from parcels.documents.layout import SENDER, barcode, fit, recipient_lines, title
from parcels.models import Shipment

WAYBILL_SIZES = {"100x150": (100 * mm, 150 * mm), "a6": A6}


def waybill_pdf(*, shipment: Shipment, size: str = "100x150") -> bytes:
    """The label in `size` ("100x150" or "a6")."""
    font = fonts.register()
    width, height = WAYBILL_SIZES[size]
    out = BytesIO()
    pdf = canvas.Canvas(out, pagesize=(width, height), initialFontName=font)
    pdf.setTitle(f"Waybill {shipment.number}")
    margin = 5 * mm
    inner = width - 2 * margin
    y = height - margin - 12
    title(
        pdf,
        margin,
        y,
        fit(f"{shipment.service.carrier} - {shipment.service.name}", font, 12, inner),
    )
    y -= 11
    pdf.setFont(font, 9)
    form = shipment.customs_form or "-"
    pdf.drawString(margin, y, f"{shipment.number}   Customs: {form}")
    y -= 10
    pdf.setFont(font, 6.5)
    pdf.drawString(margin, y, "FROM: " + ", ".join(SENDER))

    # The recipient: a ruled block, the name at 16 pt, the address at 11 pt, the country bold.
    lines = recipient_lines(shipment)
    block_top = y - 5
    phone = 12 if shipment.recipient_phone else 0
    block_height = 24 + 13 * (len(lines) - 2) + 14 + phone + 6
    block_height = min(block_height, 62 * mm)
    pdf.setLineWidth(1.5)
    pdf.rect(margin, block_top - block_height, inner, block_height)
    pdf.setFont(font, 7)
    pdf.drawString(margin + 3, block_top - 8, "TO:")
    y = block_top - 24
    pdf.setFont(fonts.FONT_BOLD, 16)
    pdf.drawString(margin + 4, y, fit(lines[0], font, 16, inner - 8))
    for line in lines[1:-1]:
        y -= 13
        pdf.setFont(font, 11)
        pdf.drawString(margin + 4, y, fit(line, font, 11, inner - 8))
    y -= 14
    pdf.setFont(fonts.FONT_BOLD, 12)
    pdf.drawString(margin + 4, y, fit(lines[-1], font, 12, inner - 8))
    if shipment.recipient_phone:
        y -= 12
        pdf.setFont(font, 10)
        pdf.drawString(margin + 4, y, f"TEL {shipment.recipient_phone}")

    y = block_top - block_height - 12
    weight = shipment.packed_weight_g or shipment.estimated_weight_g
    pdf.setFont(font, 9)
    pdf.drawString(margin, y, f"{weight} g   {shipment.destination_country}")

    # Barcodes from the bottom up: tracking, member, shipment.
    member = getattr(shipment.user, "member_code", "") or ""
    bar = 10 * mm
    step = bar + 12
    bottom = margin + 8
    rows = [
        (shipment.tracking_number, "Tracking"),
        (member, "Member"),
        (shipment.number, "Shipment"),
    ]
    for value, label in rows:
        if value:
            barcode(pdf, value, margin, bottom, label, height=bar)
            bottom += step
    pdf.showPage()
    pdf.save()
    return out.getvalue()
