# A parse error on line 2, then a malformed number on line 3: the tokenizer error wins.
x = 1 +
y = 12abc
