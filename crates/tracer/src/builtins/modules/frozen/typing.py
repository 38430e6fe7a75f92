"""Type hints at run time (the pyinternals VM's own version of CPython's `typing` module,
frozen into the VM).

What annotations evaluate to: the generic aliases of the builtin and `collections.abc`
classes (`List[int]`, `Iterable[Optional[Widget]]`, `Callable[[int], str]`), `Union` and
`Optional`, `Any`, `TypeVar`, `Generic` (a class's base through `__mro_entries__`), `ClassVar`
and `Final`; `cast`, `overload`, `get_origin`/`get_args` and `TYPE_CHECKING`. And
`Protocol` with `runtime_checkable`: a protocol class's metaclass (`_ProtocolMeta`, an
`ABCMeta`) answers `isinstance` structurally, by the protocol's members, as CPython's does.
What CPython's module has and this one lacks is refused by name.
"""

import collections.abc
from abc import ABCMeta, abstractmethod

__all__ = [
    "Any", "Callable", "ClassVar", "Final", "Generic", "Optional", "Protocol", "Tuple",
    "Type", "TypeVar", "Union", "AbstractSet", "Collection", "Container", "Hashable",
    "ItemsView", "Iterable", "Iterator", "KeysView", "Mapping", "MappingView",
    "MutableMapping", "MutableSequence", "MutableSet", "Sequence", "Sized", "ValuesView",
    "Awaitable", "Coroutine", "Reversible", "Dict", "DefaultDict", "FrozenSet", "List",
    "Set", "Generator", "SupportsInt", "SupportsFloat", "SupportsIndex", "SupportsAbs",
    "cast", "get_args", "get_origin", "overload", "runtime_checkable", "TYPE_CHECKING",
    "NoReturn", "Never",
]

TYPE_CHECKING = False


def _type_repr(obj):
    """How an argument of a generic alias shows in its repr (`int`, `typing.List[int]`)."""
    if isinstance(obj, type):
        if obj.__module__ == "builtins":
            return obj.__qualname__
        return f"{obj.__module__}.{obj.__qualname__}"
    if obj is ...:
        return "..."
    if isinstance(obj, type(_type_repr)):
        return obj.__name__
    if isinstance(obj, tuple):
        return "[" + ", ".join(_type_repr(t) for t in obj) + "]"
    return repr(obj)


def _type_check(arg, msg):
    if arg is None:
        return type(None)
    if isinstance(arg, str):
        return ForwardRef(arg)
    return arg


class ForwardRef:
    """A type named by a string (`List["Node"]`), never evaluated here."""

    def __init__(self, arg):
        self.__forward_arg__ = arg

    def __eq__(self, other):
        return isinstance(other, ForwardRef) and self.__forward_arg__ == other.__forward_arg__

    def __hash__(self):
        return hash(self.__forward_arg__)

    def __repr__(self):
        return f"ForwardRef({self.__forward_arg__!r})"


class _Final:
    __slots__ = ()


class _SpecialForm(_Final):
    """`Any`, `Union`, `Optional`, `ClassVar`, `Final`, `NoReturn`: names with a meaning of
    their own, some subscriptable."""

    def __init__(self, name, getitem=None):
        self._name = name
        self._getitem = getitem

    def __repr__(self):
        return "typing." + self._name

    def __getitem__(self, parameters):
        if self._getitem is None:
            raise TypeError(f"{self} is not subscriptable")
        return self._getitem(self, parameters)

    def __call__(self, *args, **kwds):
        raise TypeError(f"Cannot instantiate {self!r}")

    def __instancecheck__(self, obj):
        raise TypeError(f"{self} cannot be used with isinstance()")

    def __subclasscheck__(self, cls):
        raise TypeError(f"{self} cannot be used with issubclass()")

    def __reduce__(self):
        return self._name


def _union_getitem(self, parameters):
    if parameters == ():
        raise TypeError("Cannot take a Union of no types.")
    if not isinstance(parameters, tuple):
        parameters = (parameters,)
    flat = []
    for p in parameters:
        p = _type_check(p, "Union[arg, ...]: each arg must be a type.")
        if isinstance(p, _UnionAlias):
            flat.extend(p.__args__)
        else:
            flat.append(p)
    unique = []
    for p in flat:
        if p not in unique:
            unique.append(p)
    if len(unique) == 1:
        return unique[0]
    return _UnionAlias(tuple(unique))


def _optional_getitem(self, parameters):
    arg = _type_check(parameters, "Optional[t] requires a single type.")
    return Union[arg, type(None)]


def _wrap_getitem(self, parameters):
    item = _type_check(parameters, f"{self} accepts only single type.")
    return _GenericAlias(self, (item,))


Any = _SpecialForm("Any")
NoReturn = _SpecialForm("NoReturn")
Never = _SpecialForm("Never")
Union = _SpecialForm("Union", _union_getitem)
Optional = _SpecialForm("Optional", _optional_getitem)
ClassVar = _SpecialForm("ClassVar", _wrap_getitem)
Final = _SpecialForm("Final", _wrap_getitem)


class _GenericAlias(_Final):
    """`List[int]`: an origin (`list`, or a special form) with its arguments."""

    def __init__(self, origin, args, name=None):
        self.__origin__ = origin
        self.__args__ = args
        self._name = name
        self.__parameters__ = tuple(a for a in args if isinstance(a, TypeVar))

    def __repr__(self):
        if self._name is not None:
            name = "typing." + self._name
        else:
            name = _type_repr(self.__origin__)
        if self.__args__ == ():
            return f"{name}[()]"
        return f"{name}[{', '.join(_type_repr(a) for a in self.__args__)}]"

    def __eq__(self, other):
        if not isinstance(other, _GenericAlias):
            return NotImplemented
        return self.__origin__ == other.__origin__ and self.__args__ == other.__args__

    def __hash__(self):
        return hash((self.__origin__, self.__args__))

    def __getitem__(self, args):
        if not isinstance(args, tuple):
            args = (args,)
        params = self.__parameters__
        if len(args) != len(params):
            raise TypeError(f"Too {'many' if len(args) > len(params) else 'few'} "
                            f"arguments for {self}; actual {len(args)}, expected {len(params)}")
        subst = dict(zip(params, args))
        new = tuple(subst.get(a, a) if isinstance(a, TypeVar) else a for a in self.__args__)
        return _GenericAlias(self.__origin__, new, self._name)

    def __call__(self, *args, **kwargs):
        if self._name is not None:
            raise TypeError(f"Type {self._name} cannot be instantiated; "
                            f"use {self.__origin__.__name__}() instead")
        return self.__origin__(*args, **kwargs)

    def __mro_entries__(self, bases):
        return (self.__origin__,)

    def __instancecheck__(self, obj):
        raise TypeError("Subscripted generics cannot be used with class and instance checks")

    def __subclasscheck__(self, cls):
        raise TypeError("Subscripted generics cannot be used with class and instance checks")


class _UnionAlias(_GenericAlias):
    def __init__(self, args):
        super().__init__(Union, args, "Union")

    def __repr__(self):
        args = self.__args__
        if len(args) == 2 and type(None) in args:
            other = args[0] if args[1] is type(None) else args[1]
            return f"typing.Optional[{_type_repr(other)}]"
        return super().__repr__()

    def __eq__(self, other):
        if not isinstance(other, _UnionAlias):
            return NotImplemented
        return set(self.__args__) == set(other.__args__)

    def __hash__(self):
        return hash(frozenset(self.__args__))

    def __instancecheck__(self, obj):
        return any(isinstance(obj, a) for a in self.__args__)

    def __subclasscheck__(self, cls):
        return any(issubclass(cls, a) for a in self.__args__)


class _CallableAlias(_GenericAlias):
    def __repr__(self):
        args = self.__args__
        if len(args) == 2 and args[0] is ...:
            return f"typing.Callable[..., {_type_repr(args[1])}]"
        params = ", ".join(_type_repr(a) for a in args[:-1])
        return f"typing.Callable[[{params}], {_type_repr(args[-1])}]"


class _SpecialGenericAlias(_Final):
    """`List`, `Dict`, `Iterable`, ...: the unsubscripted alias of a class, which
    `isinstance` treats as the class and `[...]` makes a `_GenericAlias` of."""

    def __init__(self, origin, nparams, name):
        self.__origin__ = origin
        self._nparams = nparams
        self._name = name

    def __repr__(self):
        return "typing." + self._name

    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        params = tuple(_type_check(p, "Parameters to generic types must be types.")
                       for p in params)
        if self._nparams >= 0 and len(params) != self._nparams:
            raise TypeError(f"Too {'many' if len(params) > self._nparams else 'few'} arguments "
                            f"for {self}; actual {len(params)}, expected {self._nparams}")
        return _GenericAlias(self.__origin__, params, self._name)

    def __call__(self, *args, **kwargs):
        raise TypeError(f"Type {self._name} cannot be instantiated; "
                        f"use {self.__origin__.__name__}() instead")

    def __mro_entries__(self, bases):
        return (self.__origin__,)

    def __instancecheck__(self, obj):
        return isinstance(obj, self.__origin__)

    def __subclasscheck__(self, cls):
        return issubclass(cls, self.__origin__)


class _TupleAlias(_SpecialGenericAlias):
    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        return _GenericAlias(tuple, params, "Tuple")


class _CallableType(_SpecialGenericAlias):
    def __getitem__(self, params):
        if not isinstance(params, tuple) or len(params) != 2:
            raise TypeError("Callable must be used as Callable[[arg, ...], result].")
        args, result = params
        if args is ...:
            return _CallableAlias(collections.abc.Callable, (..., result), "Callable")
        return _CallableAlias(collections.abc.Callable, (*args, result), "Callable")


_abc = collections.abc
Hashable = _SpecialGenericAlias(_abc.Hashable, 0, "Hashable")
Awaitable = _SpecialGenericAlias(_abc.Awaitable, 1, "Awaitable")
Coroutine = _SpecialGenericAlias(_abc.Coroutine, 3, "Coroutine")
Iterable = _SpecialGenericAlias(_abc.Iterable, 1, "Iterable")
Iterator = _SpecialGenericAlias(_abc.Iterator, 1, "Iterator")
Reversible = _SpecialGenericAlias(_abc.Reversible, 1, "Reversible")
Sized = _SpecialGenericAlias(_abc.Sized, 0, "Sized")
Container = _SpecialGenericAlias(_abc.Container, 1, "Container")
Collection = _SpecialGenericAlias(_abc.Collection, 1, "Collection")
Callable = _CallableType(_abc.Callable, 2, "Callable")
AbstractSet = _SpecialGenericAlias(_abc.Set, 1, "AbstractSet")
MutableSet = _SpecialGenericAlias(_abc.MutableSet, 1, "MutableSet")
Mapping = _SpecialGenericAlias(_abc.Mapping, 2, "Mapping")
MutableMapping = _SpecialGenericAlias(_abc.MutableMapping, 2, "MutableMapping")
Sequence = _SpecialGenericAlias(_abc.Sequence, 1, "Sequence")
MutableSequence = _SpecialGenericAlias(_abc.MutableSequence, 1, "MutableSequence")
MappingView = _SpecialGenericAlias(_abc.MappingView, 1, "MappingView")
KeysView = _SpecialGenericAlias(_abc.KeysView, 1, "KeysView")
ItemsView = _SpecialGenericAlias(_abc.ItemsView, 2, "ItemsView")
ValuesView = _SpecialGenericAlias(_abc.ValuesView, 1, "ValuesView")
Generator = _SpecialGenericAlias(_abc.Generator, 3, "Generator")
Tuple = _TupleAlias(tuple, -1, "Tuple")
List = _SpecialGenericAlias(list, 1, "List")
Dict = _SpecialGenericAlias(dict, 2, "Dict")
Set = _SpecialGenericAlias(set, 1, "Set")
FrozenSet = _SpecialGenericAlias(frozenset, 1, "FrozenSet")
Type = _SpecialGenericAlias(type, 1, "Type")


def _defaultdict():
    import collections
    return collections.defaultdict


DefaultDict = _SpecialGenericAlias(_defaultdict(), 2, "DefaultDict")
del _defaultdict


class TypeVar(_Final):
    """A type variable (`T = TypeVar("T")`), shown as `~T`."""

    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False,
                 infer_variance=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound
        self.__covariant__ = covariant
        self.__contravariant__ = contravariant

    def __repr__(self):
        prefix = "+" if self.__covariant__ else "-" if self.__contravariant__ else "~"
        return prefix + self.__name__


class Generic:
    """The base of generic classes: `class Stack(Generic[T])`."""

    __slots__ = ()

    def __class_getitem__(cls, params):
        if not isinstance(params, tuple):
            params = (params,)
        if cls is Generic:
            for p in params:
                if not isinstance(p, TypeVar):
                    raise TypeError(f"Parameters to Generic[...] must all be type variables "
                                    f"or parameter specification variables.")
            return _GenericAlias(Generic, params, "Generic")
        return _GenericAlias(cls, params)


def cast(typ, val):
    """Returns `val` unchanged (a hint for type checkers)."""
    return val


def overload(func):
    """Marks an overload signature; calling the result raises."""
    def _overload_dummy(*args, **kwds):
        raise NotImplementedError(
            "You should not call an overloaded function. "
            "A series of @overload-decorated functions "
            "outside a stub module should always be followed "
            "by an implementation that is not @overload-ed.")
    return _overload_dummy


def get_origin(tp):
    if isinstance(tp, (_GenericAlias, _SpecialGenericAlias)):
        if isinstance(tp, _UnionAlias):
            return Union
        return tp.__origin__
    if tp is Generic:
        return Generic
    return None


def get_args(tp):
    if isinstance(tp, _CallableAlias):
        args = tp.__args__
        if args[0] is ...:
            return args
        return (list(args[:-1]), args[-1])
    if isinstance(tp, _GenericAlias):
        return tp.__args__
    return ()


# Protocols.

_SPECIAL_NAMES = frozenset({
    "__abstractmethods__", "__annotations__", "__dict__", "__doc__", "__init__",
    "__module__", "__new__", "__slots__", "__subclasshook__", "__weakref__",
    "__class_getitem__", "__match_args__", "__static_attributes__", "__firstlineno__",
    "__protocol_attrs__", "__non_callable_proto_members__", "__type_params__",
    "__parameters__", "__orig_bases__", "__orig_class__", "__qualname__",
    "_is_protocol", "_is_runtime_protocol",
})

# Set while `ABCMeta.__instancecheck__` runs for a protocol (CPython lets the `abc` module's
# own calls through, `_allow_reckless_class_checks`).
_reckless = [False]


def _get_protocol_attrs(cls):
    attrs = set()
    for base in cls.__mro__[:-1]:
        if base.__name__ in {"Protocol", "Generic"}:
            continue
        annotations = base.__dict__.get("__annotations__", {})
        for attr in (*base.__dict__, *annotations):
            if not attr.startswith("_abc_") and attr not in _SPECIAL_NAMES:
                attrs.add(attr)
    return attrs


def _static_lookup(obj, attr):
    """`inspect.getattr_static(obj, attr)`: the instance dict, then the class MRO, without
    running descriptors; AttributeError when absent."""
    namespace = getattr(obj, "__dict__", None) if not isinstance(obj, type) else None
    if isinstance(namespace, dict) and attr in namespace:
        return namespace[attr]
    for klass in type(obj).__mro__:
        if klass.__module__ == "builtins":
            try:
                return getattr(klass, attr)
            except AttributeError:
                continue
            except NotImplementedError:
                # A name CPython's builtin type has and this VM does not provide yet.
                return True
        namespace = klass.__dict__
        if attr in namespace:
            return namespace[attr]
    raise AttributeError(attr)


class _ProtocolMeta(ABCMeta):
    def __new__(mcls, name, bases, namespace, /, **kwargs):
        if name == "Protocol" and not bases:
            pass
        elif Protocol in bases:
            for base in bases:
                if not (base in {object, Generic} or getattr(base, "_is_protocol", False)):
                    raise TypeError(f"Protocols can only inherit from other protocols, "
                                    f"got {base!r}")
        return super().__new__(mcls, name, bases, namespace, **kwargs)

    def __init__(cls, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if getattr(cls, "_is_protocol", False):
            cls.__protocol_attrs__ = _get_protocol_attrs(cls)

    def __subclasscheck__(cls, other):
        if cls is Protocol:
            return type.__subclasscheck__(cls, other)
        if getattr(cls, "_is_protocol", False) and not _reckless[0]:
            if not isinstance(other, type):
                raise TypeError("issubclass() arg 1 must be a class")
            if not getattr(cls, "_is_runtime_protocol", False):
                raise TypeError("Instance and class checks can only be used with "
                                "@runtime_checkable protocols")
            if cls.__non_callable_proto_members__ and \
                    cls.__dict__.get("__subclasshook__") is _proto_hook:
                non_method_attrs = sorted(cls.__non_callable_proto_members__)
                raise TypeError("Protocols with non-method members don't support "
                                f"issubclass(). Non-method members: {str(non_method_attrs)[1:-1]}.")
        return super().__subclasscheck__(other)

    def __instancecheck__(cls, instance):
        if cls is Protocol:
            return type.__instancecheck__(cls, instance)
        if not getattr(cls, "_is_protocol", False):
            return super().__instancecheck__(instance)
        if not getattr(cls, "_is_runtime_protocol", False):
            raise TypeError("Instance and class checks can only be used with "
                            "@runtime_checkable protocols")
        _reckless[0] = True
        try:
            if super().__instancecheck__(instance):
                return True
        finally:
            _reckless[0] = False
        for attr in cls.__protocol_attrs__:
            try:
                val = _static_lookup(instance, attr)
            except AttributeError:
                break
            if val is None and attr not in cls.__non_callable_proto_members__:
                break
        else:
            return True
        return False


@classmethod
def _proto_hook(cls, other):
    if not cls.__dict__.get("_is_protocol", False):
        return NotImplemented
    for attr in cls.__protocol_attrs__:
        for base in other.__mro__:
            if base.__module__ == "builtins":
                try:
                    getattr(base, attr)
                except AttributeError:
                    continue
                except NotImplementedError:
                    pass
                break
            if attr in base.__dict__:
                if base.__dict__[attr] is None:
                    return NotImplemented
                break
            annotations = base.__dict__.get("__annotations__", {})
            if attr in annotations and getattr(other, "_is_protocol", False):
                break
        else:
            return NotImplemented
    return True


def _no_init(self, *args, **kwargs):
    if type(self)._is_protocol:
        raise TypeError("Protocols cannot be instantiated")


class Protocol(metaclass=_ProtocolMeta):
    """The base of protocol classes: structural types that `isinstance` can check when
    decorated with `@runtime_checkable`."""

    __slots__ = ()
    _is_protocol = True
    _is_runtime_protocol = False

    def __init_subclass__(cls, *args, **kwargs):
        super().__init_subclass__(*args, **kwargs)
        if not cls.__dict__.get("_is_protocol", False):
            cls._is_protocol = any(b is Protocol for b in cls.__bases__)
        if "__subclasshook__" not in cls.__dict__:
            cls.__subclasshook__ = _proto_hook
        if cls._is_protocol and "__init__" not in cls.__dict__:
            cls.__init__ = _no_init


def runtime_checkable(cls):
    """Lets `isinstance` and `issubclass` check a protocol class by its members."""
    if not getattr(cls, "_is_protocol", False):
        raise TypeError("@runtime_checkable can be only applied to protocol classes, "
                        f"got {cls!r}")
    cls._is_runtime_protocol = True
    cls.__non_callable_proto_members__ = set()
    for attr in cls.__protocol_attrs__:
        try:
            is_callable = callable(getattr(cls, attr, None))
        except Exception as e:
            raise TypeError(f"Failed to determine whether protocol member {attr!r} "
                            "is a method member") from e
        if not is_callable:
            cls.__non_callable_proto_members__.add(attr)
    return cls


@runtime_checkable
class SupportsInt(Protocol):
    __slots__ = ()

    @abstractmethod
    def __int__(self) -> int:
        pass


@runtime_checkable
class SupportsFloat(Protocol):
    __slots__ = ()

    @abstractmethod
    def __float__(self) -> float:
        pass


@runtime_checkable
class SupportsIndex(Protocol):
    __slots__ = ()

    @abstractmethod
    def __index__(self) -> int:
        pass


@runtime_checkable
class SupportsAbs(Protocol):
    __slots__ = ()

    @abstractmethod
    def __abs__(self):
        pass
