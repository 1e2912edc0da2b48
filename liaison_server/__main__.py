"""`python -m liaison_server` is the `liaison-server` command."""

import sys

from liaison_server.cli import main

sys.exit(main())
