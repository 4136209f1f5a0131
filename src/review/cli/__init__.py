"""The command line: the parser, and one thin module per group of commands."""
