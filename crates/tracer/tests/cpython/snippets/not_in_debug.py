if not a in b: pass
x = not a is None
y = not (a
   in b)
while not c in d: pass
if __debug__: pass
z = {('text', 'plain'), ('text', 'html'), ('multipart', 'related'), ('multipart', 'alternative'), None}
s = '\ufffe\uffff\u0378'
