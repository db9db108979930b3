"""mtbrief's library: load machine-translated articles, repair them, summarize, brief, export.

The data flows one way::

    load -> Article[] -> repair -> Repaired[] -> summarize -> Summary[] -> brief -> Brief -> export

The library knows no screen: the `brief` CLI and the `mtbrief` review desk are thin faces over it.
"""

__version__ = "0.1.0"
