"""The Textual app: screens, widgets and the key map over the core."""
