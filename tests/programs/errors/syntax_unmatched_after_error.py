# A parse error, then an unmatched bracket further down: the tokenizer's error wins.
x = 1 +
y = [1, 2]]
