"""The TUI in a browser (``kb serve``): textual-serve behind an access check, on a page without outside
requests. A shell beside ``tui/``: it starts ``kritischeblik tui`` processes and reads no project itself."""
