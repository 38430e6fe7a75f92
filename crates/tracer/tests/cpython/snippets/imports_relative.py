"""doc"""
from __future__ import annotations, division
import os, os.path
import a.b.c as d
import x.y as z
from . import m
from .. import n as nn
from .pkg.mod import q, r as s
from mod import *
def f():
    import a.b as c
    from .x import y
    return c, y
