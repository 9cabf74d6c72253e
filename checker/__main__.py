import sys

from checker.launch import main

if __name__ == "__main__":   # a worker's fork server may import this module: it must not run a command
    sys.exit(main())
