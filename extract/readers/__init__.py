"""Readers: one input file → its original text (dispatch by extension, html, docx, pdf)."""
