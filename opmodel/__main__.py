"""``python -m opmodel`` is the ``opmodel`` command."""

from opmodel.cli import main

raise SystemExit(main())
