"""PDFs with reportlab: the integrated lecture note and the lecture report, in Korean."""

from reboot_adapters.pdf.note_pdf import render_note_pdf
from reboot_adapters.pdf.report_document import ReportDocument
from reboot_adapters.pdf.report_pdf import render_report_pdf

__all__ = ["ReportDocument", "render_note_pdf", "render_report_pdf"]
