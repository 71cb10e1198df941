# Functions shared by run.sh and ab.sh (prepended to their awk programs).
# Values are collected as vals[key, 1..cnt[key]].

# A figure as the tables show it: whole numbers from 1000 up, else 3
# significant digits.
function fmt(x) {
  if (x == 0) return "0"
  if (x >= 1000 || x <= -1000) return sprintf("%.0f", x)
  return sprintf("%.3g", x)
}

# The median of vals[key, 1..cnt[key]] (insertion sort: a handful of runs).
function median(key,   n, i, j, t, a) {
  n = cnt[key]
  for (i = 1; i <= n; i++) a[i] = vals[key, i]
  for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  if (n % 2) return a[(n + 1) / 2]
  return (a[n / 2] + a[n / 2 + 1]) / 2
}
