"""PDF printouts rendered with reportlab."""
