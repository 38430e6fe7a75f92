# A formatted report: aligned columns, totals, percentages, and thousands separators.
sales = [
    ("north", "widgets", 1200, 3.5),
    ("south", "widgets", 800, 3.25),
    ("north", "gadgets", 150, 19.99),
    ("east", "gizmos", 42, 120.0),
    ("south", "gadgets", 95, 21.5),
    ("west", "widgets", 2500, 3.1),
]
header = f"{'region':<8}{'product':<10}{'units':>7}{'price':>9}{'revenue':>12}"
print(header)
print("=" * len(header))
total = 0.0
by_region = {}
for region, product, units, price in sales:
    revenue = units * price
    total += revenue
    by_region[region] = by_region.get(region, 0.0) + revenue
    print(f"{region:<8}{product:<10}{units:>7,}{price:>9.2f}{revenue:>12,.2f}")
print("-" * len(header))
print(f"{'total':<25}{total:>21,.2f}")
for region in sorted(by_region, key=lambda r: -by_region[r]):
    share = by_region[region] / total
    bar = "#" * round(share * 40)
    print(f"{region:>6} {share:6.1%} {bar}")
print(f"{len(sales)} rows, mean revenue {total / len(sales):.3f}, max units {max(s[2] for s in sales):,}")
