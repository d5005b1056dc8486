"""Agreements as Word files, in the order and with the labels of LBF's templates.

The content is the agreement page's (templates/delaftaler/*_dokument.html), written with
Word's own means: heading styles for the navigation pane, real tables whose header row
repeats on every page, page numbers as fields. Boards and partners edit these files, so
they must look like the template LBF hands out, not like a web page.

User text only ever becomes text runs (python-docx escapes it): markup typed into a field
appears literally. The only structure read from it is the `broedtekst` convention of the
pages: blank-line paragraphs, "- " bullets, "1. " / "a) " items and [^N] footnote markers
(a Word footnote at the first reference, as in the PDF).

typografi: measures and styles; afsnit: paragraphs, runs and free text; fodnoter: Word's
own footnotes (the part python-docx does not write); tabeller: tables and the mål table
both agreements share, bredder: their column widths; ramme: page, header, footer, title,
the footnotes nobody refers to, the finished file; pakke: its ZIP entries dated;
delaftale, strategisk, aktivitet: the agreements' parts.
"""

from delaftaler.dokumenter.word.afsnit import broedtekst
from delaftaler.dokumenter.word.delaftale import delaftale_docx
from delaftaler.dokumenter.word.strategisk import strategisk_docx

__all__ = ["broedtekst", "delaftale_docx", "strategisk_docx"]
