"""JSON (RFC 8259) text to and from Python's dicts, lists, strings, numbers, booleans and None.

The pyinternals VM's own `json` module: the public functions and `JSONDecodeError` here, the
encoder and the parser in Rust (`_pyinternals_json`, where CPython has its `_json`
accelerators). Custom encoder and decoder classes and the parsing hooks are not supported yet.
"""

import _pyinternals_json as _json

__all__ = ["dump", "dumps", "load", "loads", "JSONDecodeError"]


class JSONDecodeError(ValueError):
    """A document that is not JSON: `msg`, the document `doc`, the character index `pos`,
    and its `lineno` and `colno` (both counted from 1)."""

    def __init__(self, msg, doc, pos):
        lineno = doc.count("\n", 0, pos) + 1
        colno = pos - doc.rfind("\n", 0, pos)
        super().__init__(f"{msg}: line {lineno} column {colno} (char {pos})")
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno


def _refuse(what):
    raise NotImplementedError(f"not supported yet: {what}")


def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True,
          cls=None, indent=None, separators=None, default=None, sort_keys=False, **kw):
    if cls is not None or kw:
        _refuse("json.dumps with cls= or encoder keywords")
    if separators is None:
        separators = (", ", ": ") if indent is None else (",", ": ")
    item_separator, key_separator = separators
    if indent is not None and not isinstance(indent, str):
        indent = " " * indent
    return _json.encode(obj, skipkeys, ensure_ascii, check_circular, allow_nan, indent,
                        item_separator, key_separator, default, sort_keys)


def dump(obj, fp, **kw):
    fp.write(dumps(obj, **kw))


def loads(s, *, cls=None, object_hook=None, parse_float=None, parse_int=None,
          parse_constant=None, object_pairs_hook=None, **kw):
    if isinstance(s, bytes):
        _refuse("json.loads of bytes")
    if not isinstance(s, str):
        raise TypeError(f"the JSON object must be str, bytes or bytearray, "
                        f"not {s.__class__.__name__}")
    if (cls is not None or object_hook is not None or parse_float is not None
            or parse_int is not None or parse_constant is not None
            or object_pairs_hook is not None or kw):
        _refuse("json.loads with a decoder class or hooks")
    ok, found = _json.scan(s)
    if ok:
        return found
    msg, pos = found
    raise JSONDecodeError(msg, s, pos)


def load(fp, **kw):
    return loads(fp.read(), **kw)
