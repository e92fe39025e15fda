"""`python -m afinar ...` hace lo mismo que la orden `afinar ...`."""

from afinar.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
