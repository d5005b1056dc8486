"""The yearly status report as documents: PDF (WeasyPrint) and Word (python-docx).

Both are built from the report's data (`opfoelgning.rapport.rapportdata`, or the JSON an
approval froze) through `visning`, which adds the year cells and the charts; the page
shows the same content with templates/opfoelgning/_rapport_indhold.html.
"""

from opfoelgning.dokumenter.pdf import rapport_pdf, rapport_side
from opfoelgning.dokumenter.visning import visning
from opfoelgning.dokumenter.word import rapport_docx

__all__ = ["rapport_docx", "rapport_pdf", "rapport_side", "visning"]
