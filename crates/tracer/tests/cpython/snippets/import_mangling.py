# Names of IMPORT_NAME and IMPORT_FROM are mangled in a class body like other co_names.
class A:
    import __mangled_mod
    import __package__.module
    from __f import __g, h as __i
    import os.path as __p

    def m(self):
        import __inner
        from .__rel import __x
        return __inner, __x
