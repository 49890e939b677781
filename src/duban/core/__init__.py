"""The pure core: reading, parsing, units, indicators, drafting, suggesting. No Django here."""
