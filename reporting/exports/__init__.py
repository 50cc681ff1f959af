"""Committee reports as files: PDF (``pdf``) and Word (``docx``), from one layout (``document``).

Nothing is imported here, so importing the package does not load WeasyPrint or python-docx.
"""
