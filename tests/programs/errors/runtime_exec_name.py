# A NameError raised inside code run by exec(): the traceback goes through "<string>".
namespace = {"a": 1}
exec("b = a + 1\nprint(b)", namespace)
exec("c = b * 2\nd = missing + c", namespace)
