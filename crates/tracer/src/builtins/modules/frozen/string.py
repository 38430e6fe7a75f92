# The `string` module, as Python of our own (CPython's Lib/string.py is Python too): the
# character-class constants, capwords() and Template. CPython finds Template's placeholders
# with a regular expression; the VM has no `re` yet, so the scan below does by hand what the
# default pattern matches (`$$`, `$identifier`, `${identifier}`, identifiers being ASCII
# letters, digits and `_`, not starting with a digit). A subclass that changes the pattern is
# refused by name. Formatter is not provided (refused by name when used).

__all__ = ["ascii_letters", "ascii_lowercase", "ascii_uppercase", "capwords",
           "digits", "hexdigits", "octdigits", "printable", "punctuation",
           "whitespace", "Formatter", "Template"]

whitespace = ' \t\n\r\v\f'
ascii_lowercase = 'abcdefghijklmnopqrstuvwxyz'
ascii_uppercase = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
ascii_letters = ascii_lowercase + ascii_uppercase
digits = '0123456789'
hexdigits = digits + 'abcdef' + 'ABCDEF'
octdigits = '01234567'
punctuation = r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"""
printable = digits + ascii_letters + punctuation + whitespace


def capwords(s, sep=None):
    """Each word of `s` (split by `sep`, or by runs of whitespace) capitalized, joined by
    `sep` (or one space)."""
    return (sep or ' ').join(map(str.capitalize, s.split(sep)))


_IDENT_START = '_' + ascii_letters
_IDENT_REST = _IDENT_START + digits


def _identifier_end(text, start):
    """End of the identifier starting at `start`, or `start` if there is none."""
    if start >= len(text) or text[start] not in _IDENT_START:
        return start
    end = start + 1
    while end < len(text) and text[end] in _IDENT_REST:
        end += 1
    return end


def _placeholders(template, delimiter):
    """(kind, start, end, name) for each delimiter in `template`, in order: kind is
    'escaped', 'named', 'braced' or 'invalid' (the groups of CPython's pattern)."""
    i = 0
    n = len(template)
    width = len(delimiter)
    while True:
        i = template.find(delimiter, i)
        if i < 0:
            return
        after = i + width
        if template.startswith(delimiter, after):
            yield 'escaped', i, after + width, None
            i = after + width
            continue
        end = _identifier_end(template, after)
        if end > after:
            yield 'named', i, end, template[after:end]
            i = end
            continue
        if after < n and template[after] == '{':
            end = _identifier_end(template, after + 1)
            if end > after + 1 and end < n and template[end] == '}':
                yield 'braced', i, end + 1, template[after + 1:end]
                i = end + 1
                continue
        yield 'invalid', i, after, None
        i = after


class Template:
    """A template string whose `$name` and `${name}` placeholders take values from a mapping."""

    delimiter = '$'
    idpattern = r'(?a:[_a-z][_a-z0-9]*)'
    braceidpattern = None

    def __init_subclass__(cls):
        super().__init_subclass__()
        for name in ('idpattern', 'braceidpattern', 'pattern', 'flags'):
            if name in cls.__dict__:
                raise NotImplementedError(
                    "not supported yet: string.Template subclasses that set %s "
                    "(the VM has no re module)" % name)

    def __init__(self, template):
        self.template = template

    def _invalid(self, i):
        lines = self.template[:i].splitlines(keepends=True)
        if not lines:
            colno = 1
            lineno = 1
        else:
            colno = i - len(''.join(lines[:-1]))
            lineno = len(lines)
        raise ValueError('Invalid placeholder in string: line %d, col %d' %
                         (lineno, colno))

    def substitute(self, mapping={}, /, **kws):
        return self._render(mapping, kws, False)

    def safe_substitute(self, mapping={}, /, **kws):
        return self._render(mapping, kws, True)

    def _render(self, mapping, kws, safe):
        """The template with its placeholders replaced; `safe` leaves a missing name or an
        invalid placeholder as it is written instead of raising."""
        if kws:
            mapping = _Chain(kws, mapping)
        pieces = []
        at = 0
        for kind, start, end, name in _placeholders(self.template, self.delimiter):
            pieces.append(self.template[at:start])
            if kind == 'escaped':
                pieces.append(self.delimiter)
            elif kind == 'invalid':
                if not safe:
                    # CPython's position is that of the empty `invalid` group: after the
                    # delimiter.
                    self._invalid(end)
                pieces.append(self.template[start:end])
            elif safe:
                try:
                    pieces.append(str(mapping[name]))
                except KeyError:
                    pieces.append(self.template[start:end])
            else:
                pieces.append(str(mapping[name]))
            at = end
        pieces.append(self.template[at:])
        return ''.join(pieces)

    def is_valid(self):
        for kind, start, end, name in _placeholders(self.template, self.delimiter):
            if kind == 'invalid':
                return False
        return True

    def get_identifiers(self):
        ids = []
        for kind, start, end, name in _placeholders(self.template, self.delimiter):
            if name is not None and name not in ids:
                ids.append(name)
        return ids


class _Chain:
    """The keywords first, then the mapping (CPython uses collections.ChainMap here)."""

    def __init__(self, first, second):
        self.first = first
        self.second = second

    def __getitem__(self, key):
        if key in self.first:
            return self.first[key]
        return self.second[key]
