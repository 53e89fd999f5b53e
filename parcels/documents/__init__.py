"""Printed paperwork for a packed box (issue 13), as PDF bytes drawn with reportlab:

- the waybill label, 100 × 150 mm for thermal label printers or A6, with Code 128 barcodes;
- the customs declaration, CN22 or CN23 as chosen at request time (the UPU forms with boxes);
- the commercial invoice couriers want with the box.

Every text is set in an embedded, subset CJK TrueType font (`fonts.py`), so Japanese, Chinese
and Korean addresses print on any machine."""

from parcels.documents.customs import cn22_pdf, cn23_pdf, commercial_invoice_pdf, customs_pdf
from parcels.documents.fonts import FontMissing
from parcels.documents.waybill import WAYBILL_SIZES, waybill_pdf

__all__ = [
    "WAYBILL_SIZES",
    "FontMissing",
    "cn22_pdf",
    "cn23_pdf",
    "commercial_invoice_pdf",
    "customs_pdf",
    "waybill_pdf",
]
