"""`python -m review` runs the command line."""

import sys

from review.cli.start import main

sys.exit(main())
