"""Writers of what leaves the tool: one module per format, all escaping user text."""
