"""Enumerations (the pyinternals VM's own version of CPython's `enum` module, frozen into
the VM): `Enum`, `IntEnum`, `StrEnum`, `auto` and `unique`.

`EnumType` is the metaclass: once `type.__new__` has made an enumeration class from the
class body, it turns each plain attribute of the body (not a dunder, not a `_sunder_`, not a
descriptor) into a member, an instance of the class holding `_name_` and `_value_`, stored in
the class namespace, in `_member_map_` (by name, aliases included), `_value2member_map_` and
`_member_names_` (definition order, aliases left out). `Color(1)` looks a member up by value
(`EnumType.__call__`), `Color["RED"]` by name, and iterating, `len` and `in` use the members.
`Flag` and the functional API (`Enum("Color", "RED GREEN")`) are not provided.
"""

__all__ = ["EnumType", "EnumMeta", "Enum", "IntEnum", "StrEnum", "auto", "unique", "ReprEnum"]


class _AutoValue:
    pass


_auto_null = _AutoValue()


class auto:
    """Stands for a value `_generate_next_value_` chooses (the last int value plus one)."""

    def __init__(self, value=_auto_null):
        self.value = value

    def __repr__(self):
        return "auto(%r)" % self.value


def _is_dunder(name):
    return len(name) > 4 and name[:2] == name[-2:] == "__" and name[2] != "_" and name[-3] != "_"


def _is_sunder(name):
    return len(name) > 2 and name[0] == name[-1] == "_" and name[1] != "_" and name[-2] != "_"


def _is_descriptor(obj):
    """Whether `obj` has `__get__`, `__set__` or `__delete__` (functions, properties, ...)."""
    if isinstance(obj, (staticmethod, classmethod, _bltin_property, type(_is_dunder))):
        return True
    kind = type(obj)
    if kind.__module__ == "builtins":
        return False
    return any(name in klass.__dict__ for klass in kind.__mro__
               for name in ("__get__", "__set__", "__delete__"))


def _is_private(cls_name, name):
    pattern = "_%s__" % (cls_name.lstrip("_"),)
    return len(name) > len(pattern) and name.startswith(pattern)


_bltin_property = property


class property:
    """The descriptor of `name` and `value` (CPython's `enum.property`): on a member it
    gives the member's attribute, on the enumeration class it is an AttributeError."""

    def __init__(self, fget=None):
        self.fget = fget
        self.name = fget.__name__ if fget is not None else None
        self.__doc__ = getattr(fget, "__doc__", None)

    def __set_name__(self, ownerclass, name):
        self.name = name

    def __get__(self, instance, ownerclass=None):
        if instance is None:
            raise AttributeError("%r has no attribute %r" % (ownerclass, self.name))
        return self.fget(instance)

    def __set__(self, instance, value):
        raise AttributeError("<enum %r> cannot set attribute %r"
                             % (type(instance).__name__, self.name))

    def __delete__(self, instance):
        raise AttributeError("<enum %r> cannot delete attribute %r"
                             % (type(instance).__name__, self.name))


class EnumType(type):
    """Metaclass for Enum."""

    @classmethod
    def __prepare__(metacls, cls, bases, **kwds):
        # An enumeration with members cannot be extended: refused before the body runs.
        for base in bases:
            if isinstance(base, EnumType) and base._member_names_:
                raise TypeError("<enum %r> cannot extend %r" % (cls, base))
        return {}

    def __new__(metacls, cls, bases, classdict, **kwds):
        member_type, first_enum = metacls._get_mixins_(cls, bases)
        ignore = classdict.get("_ignore_", [])
        if isinstance(ignore, str):
            ignore = ignore.replace(",", " ").split()
        member_names = []
        for key, value in classdict.items():
            if (_is_dunder(key) or _is_sunder(key) or _is_private(cls, key) or key in ignore
                    or _is_descriptor(value)):
                continue
            member_names.append(key)
        values = {name: classdict[name] for name in member_names}
        body = {k: v for k, v in classdict.items() if k not in values and k not in ignore}
        body["_member_names_"] = []
        body["_member_map_"] = {}
        body["_value2member_map_"] = {}
        body["_member_type_"] = member_type
        enum_class = super().__new__(metacls, cls, bases, body, **kwds)
        generate = getattr(enum_class, "_generate_next_value_")
        last_values = []
        for name in member_names:
            value = values[name]
            if isinstance(value, auto):
                if value.value is _auto_null:
                    value.value = generate(name, 1, len(last_values), last_values[:])
                value = value.value
            last_values.append(value)
            enum_class._add_member_(name, value)
        return enum_class

    @staticmethod
    def _get_mixins_(class_name, bases):
        if not bases:
            return object, None
        for base in bases:
            if isinstance(base, EnumType) and base._member_names_:
                raise TypeError("<enum %r> cannot extend %r" % (class_name, base))
        first_enum = bases[-1]
        if not isinstance(first_enum, EnumType):
            raise TypeError("new enumerations should be created as "
                            "`EnumName([mixin_type, ...] [data_type,] enum_type)`")
        member_type = object
        for chain in bases:
            for base in chain.__mro__:
                if base is object or isinstance(base, EnumType):
                    continue
                member_type = base
                break
            if member_type is not object:
                break
        if member_type is object:
            member_type = getattr(first_enum, "_member_type_", object)
        return member_type, first_enum

    def _add_member_(cls, name, value):
        args = value if isinstance(value, tuple) else (value,)
        if cls._member_type_ is object:
            member = object.__new__(cls)
        else:
            member = cls._member_type_.__new__(cls, *args)
        member._value_ = value
        member._name_ = name
        init = cls.__dict__.get("__init__") or next(
            (b.__dict__["__init__"] for b in cls.__mro__
             if "__init__" in b.__dict__ and isinstance(b, EnumType)), None)
        if init is not None and init is not Enum.__dict__["__init__"]:
            init(member, *args)
        for existing in cls._member_map_.values():
            if existing._value_ == member._value_:
                member = existing
                break
        else:
            cls._member_names_.append(name)
        cls._member_map_[name] = member
        try:
            cls._value2member_map_.setdefault(member._value_, member)
        except TypeError:
            pass
        type.__setattr__(cls, name, member)

    def __call__(cls, value, names=None, **kwds):
        if names is not None:
            raise NotImplementedError("not supported yet: the functional Enum API")
        if type(value) is cls:
            return value
        try:
            return cls._value2member_map_[value]
        except (KeyError, TypeError):
            pass
        for member in cls._member_map_.values():
            if member._value_ == value:
                return member
        missing = cls._missing_(value)
        if isinstance(missing, cls):
            return missing
        raise ValueError("%r is not a valid %s" % (value, cls.__qualname__))

    def __contains__(cls, value):
        if isinstance(value, cls):
            return True
        for member in cls._member_map_.values():
            if member._value_ == value:
                return True
        return False

    def __getitem__(cls, name):
        return cls._member_map_[name]

    def __iter__(cls):
        return (cls._member_map_[name] for name in cls._member_names_)

    def __reversed__(cls):
        return (cls._member_map_[name] for name in reversed(cls._member_names_))

    def __len__(cls):
        return len(cls._member_names_)

    def __bool__(cls):
        return True

    @_bltin_property
    def __members__(cls):
        return dict(cls._member_map_)

    def __repr__(cls):
        return "<enum %r>" % cls.__name__


EnumMeta = EnumType


class Enum(metaclass=EnumType):
    """Create a collection of name/value pairs."""

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        if not last_values:
            return start
        last_value = last_values[-1]
        try:
            return last_value + 1
        except TypeError:
            raise TypeError("unable to sort non-numeric values") from None

    @classmethod
    def _missing_(cls, value):
        return None

    def __init__(self, *args, **kwds):
        pass

    def __repr__(self):
        v_repr = self.__class__._value_repr_ or repr
        return "<%s.%s: %s>" % (self.__class__.__name__, self._name_, v_repr(self._value_))

    def __str__(self):
        return "%s.%s" % (self.__class__.__name__, self._name_)

    def __format__(self, format_spec):
        return format(str(self), format_spec)

    def __hash__(self):
        return hash(self._name_)

    def __reduce_ex__(self, proto):
        return self.__class__, (self._value_,)

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self

    @property
    def name(self):
        """The name of the Enum member."""
        return self._name_

    @property
    def value(self):
        """The value of the Enum member."""
        return self._value_

    _value_repr_ = None


def _int_repr(value):
    return repr(int(value))


class ReprEnum(Enum):
    """Only changes the repr(), leaving str() and format() to the mixed-in type."""


class IntEnum(int, ReprEnum):
    """Enum where members are also (and must be) ints."""

    _value_repr_ = _int_repr

    def __str__(self):
        return repr(int(self))

    def __format__(self, format_spec):
        return format(int(self), format_spec)


class StrEnum(str, ReprEnum):
    """Enum where members are also (and must be) strings."""

    def __str__(self):
        return self._value_

    def __format__(self, format_spec):
        return format(self._value_, format_spec)

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return name.lower()


def unique(enumeration):
    """A class decorator for enumerations making sure every value is a member's once."""
    duplicates = []
    for name, member in enumeration.__members__.items():
        if name != member.name:
            duplicates.append((name, member.name))
    if duplicates:
        alias_details = ", ".join(["%s -> %s" % (alias, name) for (alias, name) in duplicates])
        raise ValueError("duplicate values found in %r: %s" % (enumeration, alias_details))
    return enumeration
