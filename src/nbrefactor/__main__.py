import sys

from nbrefactor.cli import main

sys.exit(main())
