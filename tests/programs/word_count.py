# Word frequencies with dicts and str methods; ties broken by sorting (no set of str printed).
text = """It was the best of times, it was the worst of times, it was the age of
wisdom, it was the age of foolishness, it was the epoch of belief, it was the
epoch of incredulity, it was the season of Light, it was the season of Darkness"""
counts = {}
for raw in text.split():
    word = raw.strip(",.").lower()
    counts[word] = counts.get(word, 0) + 1
print(len(counts), counts["was"], counts.get("zebra", 0))
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
for word, n in top:
    print(f"{word:>8} {n:3} {'#' * n}")
first_letters = {}
for word in counts:
    first_letters.setdefault(word[0], []).append(word)
print(sorted(first_letters["w"]), len(first_letters))
lines = text.split("\n")
print([len(l.split()) for l in lines])
caps = [w for w in text.replace(",", "").split() if "A" <= w[0] <= "Z"]
print(caps)
vowels = 0
for ch in text.lower():
    if ch in "aeiou":
        vowels += 1
print(vowels)
