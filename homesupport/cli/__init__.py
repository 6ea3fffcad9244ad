"""The command line of DESIGN.md §7. Each command group lives in its own module and registers
itself with :func:`register`; :mod:`homesupport.cli.main` builds the parser and runs it."""
