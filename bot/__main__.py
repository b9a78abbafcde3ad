"""`python -m bot ...`: the command line. See bot/cli.py."""

import sys

from bot.cli import main

sys.exit(main())
