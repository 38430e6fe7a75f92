"""Abstract base classes (the pyinternals VM's own version of CPython's `abc` module, frozen
into the VM).

`ABCMeta` is a metaclass written in Python, as CPython's pure-Python `_py_abc` writes it: a
class it makes records its abstract methods in `__abstractmethods__` (the VM refuses to
instantiate a class whose set is not empty), keeps a registry of virtual subclasses
(`register`), and answers `isinstance`/`issubclass` through `__instancecheck__` and
`__subclasscheck__`: the class's `__subclasshook__`, then its MRO, its registry and its
subclasses, with a positive and a negative cache.
"""

__all__ = [
    "ABCMeta",
    "ABC",
    "abstractmethod",
    "abstractclassmethod",
    "abstractstaticmethod",
    "abstractproperty",
    "get_cache_token",
    "update_abstractmethods",
]


def abstractmethod(funcobj):
    """Marks a method abstract: a class that has it cannot be instantiated."""
    funcobj.__isabstractmethod__ = True
    return funcobj


# The deprecated spellings. CPython's are subclasses of classmethod, staticmethod and
# property; here they wrap an abstract function in the plain descriptor, which `_is_abstract`
# sees through.
def abstractclassmethod(callable):
    return classmethod(abstractmethod(callable))


def abstractstaticmethod(callable):
    return staticmethod(abstractmethod(callable))


def abstractproperty(fget=None, fset=None, fdel=None, doc=None):
    return property(abstractmethod(fget), fset, fdel, doc)


def get_cache_token():
    """The current version of the ABC caches (it changes on every `register`)."""
    return ABCMeta._abc_invalidation_counter


def _is_abstract(value):
    """`value.__isabstractmethod__`, looking through classmethod, staticmethod and property
    as their own `__isabstractmethod__` does in CPython."""
    if isinstance(value, (classmethod, staticmethod)):
        value = value.__func__
    elif isinstance(value, property):
        return any(_is_abstract(f) for f in (value.fget, value.fset, value.fdel) if f is not None)
    return getattr(value, "__isabstractmethod__", False) is True


def _subclass_hook(cls, subclass):
    """`cls.__subclasshook__(subclass)`, `NotImplemented` when no class on the MRO but
    `object` defines one (object's says NotImplemented)."""
    for klass in cls.__mro__:
        if klass is object:
            break
        if "__subclasshook__" in klass.__dict__:
            return cls.__subclasshook__(subclass)
    return NotImplemented


class ABCMeta(type):
    """Metaclass for defining Abstract Base Classes (ABCs)."""

    _abc_invalidation_counter = 0

    def __new__(mcls, name, bases, namespace, /, **kwargs):
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        abstracts = {name for name, value in namespace.items() if _is_abstract(value)}
        for base in bases:
            for name in getattr(base, "__abstractmethods__", set()):
                value = getattr(cls, name, None)
                if _is_abstract(value):
                    abstracts.add(name)
        cls.__abstractmethods__ = frozenset(abstracts)
        cls._abc_registry = set()
        cls._abc_cache = set()
        cls._abc_negative_cache = set()
        cls._abc_negative_cache_version = ABCMeta._abc_invalidation_counter
        return cls

    def register(cls, subclass):
        """Registers a virtual subclass of an ABC; returns it (so it can decorate)."""
        if not isinstance(subclass, type):
            raise TypeError("Can only register classes")
        if issubclass(subclass, cls):
            return subclass
        if issubclass(cls, subclass):
            raise RuntimeError("Refusing to create an inheritance cycle")
        cls._abc_registry.add(subclass)
        ABCMeta._abc_invalidation_counter += 1
        return subclass

    def __instancecheck__(cls, instance):
        subclass = instance.__class__
        if subclass in cls._abc_cache:
            return True
        subtype = type(instance)
        if subtype is subclass:
            if (cls._abc_negative_cache_version == ABCMeta._abc_invalidation_counter
                    and subclass in cls._abc_negative_cache):
                return False
            return cls.__subclasscheck__(subclass)
        return any(cls.__subclasscheck__(c) for c in (subclass, subtype))

    def __subclasscheck__(cls, subclass):
        if not isinstance(subclass, type):
            raise TypeError("issubclass() arg 1 must be a class")
        if subclass in cls._abc_cache:
            return True
        if cls._abc_negative_cache_version < ABCMeta._abc_invalidation_counter:
            cls._abc_negative_cache = set()
            cls._abc_negative_cache_version = ABCMeta._abc_invalidation_counter
        elif subclass in cls._abc_negative_cache:
            return False
        ok = _subclass_hook(cls, subclass)
        if ok is not NotImplemented:
            if ok:
                cls._abc_cache.add(subclass)
            else:
                cls._abc_negative_cache.add(subclass)
            return ok
        if cls in subclass.__mro__:
            cls._abc_cache.add(subclass)
            return True
        for rcls in cls._abc_registry:
            if issubclass(subclass, rcls):
                cls._abc_cache.add(subclass)
                return True
        for scls in cls.__subclasses__():
            if issubclass(subclass, scls):
                cls._abc_cache.add(subclass)
                return True
        cls._abc_negative_cache.add(subclass)
        return False

    def _abc_registry_clear(cls):
        cls._abc_registry.clear()

    def _abc_caches_clear(cls):
        cls._abc_cache.clear()
        cls._abc_negative_cache.clear()


def update_abstractmethods(cls):
    """Recomputes `cls.__abstractmethods__` after methods were added or removed."""
    if not hasattr(cls, "__abstractmethods__"):
        return cls
    abstracts = set()
    for scls in cls.__bases__:
        for name in getattr(scls, "__abstractmethods__", ()):
            value = getattr(cls, name, None)
            if _is_abstract(value):
                abstracts.add(name)
    for name, value in cls.__dict__.items():
        if _is_abstract(value):
            abstracts.add(name)
    cls.__abstractmethods__ = frozenset(abstracts)
    return cls


class ABC(metaclass=ABCMeta):
    """A helper class whose metaclass is ABCMeta: subclass it to make an ABC."""
    __slots__ = ()
