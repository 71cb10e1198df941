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

# A 95 % confidence interval for the median of vals[key, 1..cnt[key]],
# from order statistics: the true median lies below the j-th smallest value
# with the probability that a fair coin gives fewer than j heads in n
# throws, so [x(j), x(n+1-j)] with the largest j that keeps each tail at
# or under 2.5 % covers it at least 95 % of the time, whatever the values'
# distribution. Returns "" below six values, where no j qualifies.
function median_interval(key,   n, i, j, t, a, p, tail, lo) {
  n = cnt[key]
  if (n < 6) return ""
  for (i = 1; i <= n; i++) a[i] = vals[key, i]
  for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  # p: the chance of exactly i heads; tail: of at most i heads.
  p = 0.5 ^ n; tail = p; lo = 0
  for (i = 0; tail <= 0.025; i++) {
    lo = i + 1
    p = p * (n - i) / (i + 1)
    tail += p
  }
  return sprintf("%.2f-%.2f", a[lo], a[n + 1 - lo])
}
