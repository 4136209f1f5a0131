"""`python -m review` runs the command line."""

import sys

from review.cli.main import main

sys.exit(main())
