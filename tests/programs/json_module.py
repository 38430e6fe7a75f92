# The json module: dumps with its options (ensure_ascii, indent, sort_keys, separators, default,
# skipkeys, allow_nan), loads, and JSONDecodeError's messages and positions.
import json
data = {"name": "caf\u00e9 \U0001f600", "n": [1, 2.5, -0.0, 1e100, 10**30, True, False, None],
        "nested": {"a": [], "b": {}, "c": [{"x": (1, 2)}]}, 3: "int key", 1.5: "float", None: "none", True: "t"}
print(json.dumps(data))
print(json.dumps(data, ensure_ascii=False))
print(json.dumps(data, indent=2, sort_keys=False))
print(json.dumps({"b": 1, "a": [1, {"d": 2, "c": 3}]}, sort_keys=True, indent="\t"))
print(json.dumps([1, 2], separators=(",", ":")), json.dumps("a\"b\\c\n\t\x01\x7f"))
print(json.dumps(float("nan")), json.dumps([float("inf"), -float("inf")]))
for bad in (lambda: json.dumps(float("nan"), allow_nan=False), lambda: json.dumps({(1, 2): 3}),
            lambda: json.dumps(object()), lambda: json.dumps({1}), lambda: json.loads(5)):
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(json.dumps({(1, 2): 3, "k": 1}, skipkeys=True), json.dumps({1, 2}, default=sorted))
loop = []
loop.append(loop)
try:
    json.dumps(loop)
except ValueError as e:
    print(e)
text = json.dumps(data)
back = json.loads(text)
print(back)
print(json.loads('  {"a": [1, -2, 3.25e2, 0.5, 1E-3, "x\\u00e9\\ud83d\\ude00\\n"], "b": null, "c": true} '))
print(json.loads("12345678901234567890123"), json.loads("NaN"), json.loads("-Infinity"), json.loads('"\\/"'))
for doc in ['', '[1, 2,]', '{"a": 1,}', '{"a" 1}', '{a: 1}', '[1 2]', '"abc', '"a\x01"', '"\\q"', '"\\u12"',
            '[1] x', 'nul', '\ufeff[]', '{"a": [1, 2}', '\n\n  [1,\n  ,2]', '-', '01', '1.', '[-]']:
    try:
        print(repr(json.loads(doc)))
    except json.JSONDecodeError as e:
        print(repr(doc), "->", e, e.pos, e.lineno, e.colno, isinstance(e, ValueError))
