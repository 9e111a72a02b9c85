#!/usr/bin/env python
from vangnet.cli import main

if __name__ == "__main__":
    main()
