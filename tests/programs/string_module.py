# The string module: its constants, capwords() and Template (substitute, safe_substitute,
# is_valid, get_identifiers, a subclass with its own delimiter, CPython's errors).
import string
from string import Template, capwords

print(string.ascii_letters, string.digits, string.hexdigits, string.octdigits)
print(repr(string.whitespace), repr(string.punctuation), len(string.printable))
print(capwords("  hello   big\tworld "), capwords("a-b-c", "-"), capwords(""))

t = Template("$who likes ${what}; $$5 for $who_else.")
print(t.substitute(who="tim", what="kung pao", who_else="al"))
print(t.substitute({"who": "ann", "what": "tea"}, who_else="bo"))
print(t.safe_substitute(who="x"))
print(t.is_valid(), t.get_identifiers())

for bad in ["$", "cost: $5", "line one\n  ${x", "${}"]:
    tb = Template(bad)
    print(repr(tb.safe_substitute(x=1)), tb.is_valid())
    try:
        tb.substitute(x=1)
    except ValueError as e:
        print("ValueError:", e)

try:
    Template("$missing").substitute()
except KeyError as e:
    print("KeyError:", e)


class Percent(Template):
    delimiter = "%"


print(Percent("%name is %% of %{thing}").substitute(name="half", thing="it"))


def render(rows):
    t = Template("$name: $score")
    out = []
    for i in range(rows):
        out.append(t.substitute(name="p%d" % i, score=i * i))
    return out


print(render(300)[-3:])
