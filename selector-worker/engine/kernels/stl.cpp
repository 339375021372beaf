#include "engine/kernels/stl.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "absl/strings/str_format.h"
#include "common/status_macros.h"

// A port of R's src/library/stats/src/stl.f (netlib's stl by Cleveland et al.). Indices in
// the comments and in the loops below are stl.f's 1-based ones: x[j - 1] is Fortran's x(j).
// Loess positions are the 1-based indices as doubles, exactly as stl.f passes them, so the
// arithmetic (and its rounding) is the same.

namespace champion::engine {
namespace {

// stlest: the loess fit at position xs from y(nleft..nright) with tricube weights of
// half-width h (times the robustness weights when given); false when every weight is 0.
bool LoessAt(const double* y, int n, int len, int degree, double xs, int nleft, int nright,
             double* w, const double* rw, double* ys) {
  const double range = static_cast<double>(n) - 1.0;
  double h = std::max(xs - static_cast<double>(nleft), static_cast<double>(nright) - xs);
  if (len > n) h += static_cast<double>((len - n) / 2);  // Integer division, as stl.f.
  const double h9 = 0.999 * h;
  const double h1 = 0.001 * h;
  double a = 0.0;
  for (int j = nleft; j <= nright; ++j) {
    w[j - 1] = 0.0;
    const double r = std::abs(static_cast<double>(j) - xs);
    if (r <= h9) {
      if (r <= h1) {
        w[j - 1] = 1.0;
      } else {
        const double q = r / h;
        const double t = 1.0 - q * q * q;
        w[j - 1] = t * t * t;
      }
      if (rw != nullptr) w[j - 1] *= rw[j - 1];
      a += w[j - 1];
    }
  }
  if (a <= 0.0) return false;
  for (int j = nleft; j <= nright; ++j) w[j - 1] /= a;
  if (h > 0.0 && degree > 0) {
    a = 0.0;
    for (int j = nleft; j <= nright; ++j) a += w[j - 1] * static_cast<double>(j);
    double b = xs - a;
    double c = 0.0;
    for (int j = nleft; j <= nright; ++j) {
      const double d = static_cast<double>(j) - a;
      c += w[j - 1] * d * d;
    }
    if (std::sqrt(c) > 0.001 * range) {
      b /= c;
      for (int j = nleft; j <= nright; ++j) {
        w[j - 1] *= b * (static_cast<double>(j) - a) + 1.0;
      }
    }
  }
  double sum = 0.0;
  for (int j = nleft; j <= nright; ++j) sum += w[j - 1] * y[j - 1];
  *ys = sum;
  return true;
}

// stless: loess of y(1..n) with window len, evaluated every `jump` points and linearly
// interpolated in between. `res` is scratch of length n.
void Loess(const double* y, int n, int len, int degree, int jump, const double* rw, double* ys,
           double* res) {
  if (n < 2) {
    ys[0] = y[0];
    return;
  }
  const int newnj = std::min(jump, n - 1);
  int nleft = 1;
  int nright = n;
  auto fit = [&](int i) {
    if (!LoessAt(y, n, len, degree, static_cast<double>(i), nleft, nright, res, rw, &ys[i - 1])) {
      ys[i - 1] = y[i - 1];
    }
  };
  if (len >= n) {
    nleft = 1;
    nright = n;
    for (int i = 1; i <= n; i += newnj) fit(i);
  } else if (newnj == 1) {
    const int nsh = (len + 1) / 2;
    nleft = 1;
    nright = len;
    for (int i = 1; i <= n; ++i) {
      if (i > nsh && nright != n) {
        ++nleft;
        ++nright;
      }
      fit(i);
    }
  } else {
    const int nsh = (len + 1) / 2;
    for (int i = 1; i <= n; i += newnj) {
      if (i < nsh) {
        nleft = 1;
        nright = len;
      } else if (i >= n - nsh + 1) {
        nleft = n - len + 1;
        nright = n;
      } else {
        nleft = i - nsh + 1;
        nright = len + i - nsh;
      }
      fit(i);
    }
  }
  if (newnj == 1) return;
  for (int i = 1; i <= n - newnj; i += newnj) {
    const double delta = (ys[i + newnj - 1] - ys[i - 1]) / static_cast<double>(newnj);
    for (int j = i + 1; j <= i + newnj - 1; ++j) {
      ys[j - 1] = ys[i - 1] + delta * static_cast<double>(j - i);
    }
  }
  const int k = ((n - 1) / newnj) * newnj + 1;
  if (k != n) {
    fit(n);  // With the last window (nleft, nright) of the loop above, as stl.f.
    if (k != n - 1) {
      const double delta = (ys[n - 1] - ys[k - 1]) / static_cast<double>(n - k);
      for (int j = k + 1; j <= n - 1; ++j) {
        ys[j - 1] = ys[k - 1] + delta * static_cast<double>(j - k);
      }
    }
  }
}

// stlma: moving average of length len over x(1..n), n - len + 1 values.
void MovingAverage(const double* x, int n, int len, double* ave) {
  const int newn = n - len + 1;
  const double flen = static_cast<double>(len);
  double v = 0.0;
  for (int i = 0; i < len; ++i) v += x[i];
  ave[0] = v / flen;
  for (int j = 1, k = len, m = 0; j < newn; ++j, ++k, ++m) {
    v = v - x[m] + x[k];
    ave[j] = v / flen;
  }
}

// Scratch shared by the steps of one decomposition: stl.f's work(n + 2 np, 5).
struct Work {
  explicit Work(std::size_t size) : c1(size), c2(size), c3(size), c4(size), c5(size) {}
  std::vector<double> c1, c2, c3, c4, c5;
};

// stlss: loess of each cycle-subseries, extended by one cycle at both ends, into
// season(1..n + 2 np).
void CycleSubseries(const double* y, int n, int np, int ns, int isdeg, int nsjump, const double* rw,
                    double* season, double* work1, double* work2, double* work3, double* work4) {
  for (int j = 1; j <= np; ++j) {
    const int k = (n - j) / np + 1;
    for (int i = 1; i <= k; ++i) work1[i - 1] = y[(i - 1) * np + j - 1];
    if (rw != nullptr) {
      for (int i = 1; i <= k; ++i) work3[i - 1] = rw[(i - 1) * np + j - 1];
    }
    const double* sub_rw = rw != nullptr ? work3 : nullptr;
    Loess(work1, k, ns, isdeg, nsjump, sub_rw, work2 + 1, work4);
    const int nright = std::min(ns, k);
    if (!LoessAt(work1, k, ns, isdeg, 0.0, 1, nright, work4, sub_rw, &work2[0])) {
      work2[0] = work2[1];
    }
    const int nleft = std::max(1, k - ns + 1);
    if (!LoessAt(work1, k, ns, isdeg, static_cast<double>(k + 1), nleft, k, work4, sub_rw,
                 &work2[k + 1])) {
      work2[k + 1] = work2[k];
    }
    for (int m = 1; m <= k + 2; ++m) season[(m - 1) * np + j - 1] = work2[m - 1];
  }
}

struct Windows {
  int np, ns, nt, nl, isdeg, itdeg, ildeg, nsjump, ntjump, nljump, ni, no;
};

// stlstp: `ni` inner iterations of seasonal smoothing, low-pass filter and trend smoothing.
absl::Status InnerLoop(std::span<const double> y, const Windows& w, const double* rw,
                       std::vector<double>& season, std::vector<double>& trend, Work& work,
                       const CancelToken& cancel) {
  const int n = static_cast<int>(y.size());
  const int np = w.np;
  for (int iteration = 0; iteration < w.ni; ++iteration) {
    RETURN_IF_ERROR(CheckCancelled(cancel));
    for (int i = 0; i < n; ++i) work.c1[i] = y[i] - trend[i];
    CycleSubseries(work.c1.data(), n, np, w.ns, w.isdeg, w.nsjump, rw, work.c2.data(),
                   work.c3.data(), work.c4.data(), work.c5.data(), season.data());
    // stlfts: moving averages of lengths np, np and 3, then a loess (the low-pass filter).
    MovingAverage(work.c2.data(), n + 2 * np, np, work.c3.data());
    MovingAverage(work.c3.data(), n + np + 1, np, work.c1.data());
    MovingAverage(work.c1.data(), n + 2, 3, work.c3.data());
    Loess(work.c3.data(), n, w.nl, w.ildeg, w.nljump, nullptr, work.c1.data(), work.c5.data());
    for (int i = 0; i < n; ++i) season[i] = work.c2[np + i] - work.c1[i];
    for (int i = 0; i < n; ++i) work.c1[i] = y[i] - season[i];
    Loess(work.c1.data(), n, w.nt, w.itdeg, w.ntjump, rw, trend.data(), work.c3.data());
  }
  return absl::OkStatus();
}

// psort: stl.f's partial sort, ported statement by statement (its gotos kept as labels).
// stlrwt asks it for the order statistics ind = (n/2 + 1, n - (n/2 + 1) + 1), in that
// (decreasing) order, which psort's bookkeeping assumes increasing: for even n it can then
// leave a(n/2) short of the true order statistic. R's robustness weights are built on what
// it returns, so matching R means reproducing it, not taking the true median.
void PartialSort(double* a0, int n, const int* ind0, int ni) {
  auto a = [a0](int i) -> double& { return a0[i - 1]; };
  auto ind = [ind0](int i) { return ind0[i - 1]; };
  if (n < 2 || ni == 0) return;
  int indu[17], indl[17], iu[17], il[17];
  int jl = 1, ju = ni, i = 1, j = n, m = 1, k = 0, ij = 0, l = 0, p = 0;
  double t = 0.0, tt = 0.0;
  indl[1] = 1;
  indu[1] = ni;
L161:
  if (i < j) goto L10;
L166:
  m = m - 1;
  if (m == 0) return;
  i = il[m];
  j = iu[m];
  jl = indl[m];
  ju = indu[m];
  if (!(jl <= ju)) goto L166;
L173:
  if (!(j - i > 10)) goto L174;
L10:
  k = i;
  ij = (i + j) / 2;
  t = a(ij);
  if (a(i) > t) {
    a(ij) = a(i);
    a(i) = t;
    t = a(ij);
  }
  l = j;
  if (a(j) < t) {
    a(ij) = a(j);
    a(j) = t;
    t = a(ij);
    if (a(i) > t) {
      a(ij) = a(i);
      a(i) = t;
      t = a(ij);
    }
  }
L181:
  l = l - 1;
  if (a(l) <= t) {
    tt = a(l);
  L186:
    k = k + 1;
    if (!(a(k) >= t)) goto L186;
    if (k > l) goto L183;
    a(l) = a(k);
    a(k) = tt;
  }
  goto L181;
L183:
  indl[m] = jl;
  indu[m] = ju;
  p = m;
  m = m + 1;
  if (l - i <= j - k) {
    il[p] = k;
    iu[p] = j;
    j = l;
  L193:
    if (jl > ju) goto L166;
    if (ind(ju) > j) {
      ju = ju - 1;
      goto L193;
    }
    indl[p] = ju + 1;
  } else {
    il[p] = i;
    iu[p] = l;
    i = k;
  L200:
    if (jl > ju) goto L166;
    if (ind(jl) < i) {
      jl = jl + 1;
      goto L200;
    }
    indu[p] = jl - 1;
  }
  goto L173;
L174:
  if (i != 1) {
    i = i - 1;
  L209:
    i = i + 1;
    if (i == j) goto L166;
    t = a(i + 1);
    if (a(i) > t) {
      k = i;
    L216:
      a(k + 1) = a(k);
      k = k - 1;
      if (!(t >= a(k))) goto L216;
      a(k + 1) = t;
    }
    goto L209;
  }
  goto L161;
}

// stlrwt: bisquare robustness weights from the residuals, scaled by 6 times the "median"
// |residual| that PartialSort yields (the mean of its two middle order statistics).
void RobustnessWeights(std::span<const double> y, const std::vector<double>& fit,
                       std::vector<double>& rw) {
  const int n = static_cast<int>(y.size());
  for (int i = 0; i < n; ++i) rw[i] = std::abs(y[i] - fit[i]);
  const int mid[2] = {n / 2 + 1, n - (n / 2 + 1) + 1};
  PartialSort(rw.data(), n, mid, 2);
  const double cmad = 3.0 * (rw[mid[0] - 1] + rw[mid[1] - 1]);
  const double c9 = 0.999 * cmad;
  const double c1 = 0.001 * cmad;
  for (int i = 0; i < n; ++i) {
    const double r = std::abs(y[i] - fit[i]);
    if (r <= c1) {
      rw[i] = 1.0;
    } else if (r <= c9) {
      const double q = r / cmad;
      const double u = 1.0 - q * q;
      rw[i] = u * u;
    } else {
      rw[i] = 0.0;
    }
  }
}

int NextOdd(double x) {
  int v = static_cast<int>(std::nearbyint(x));
  if (v % 2 == 0) ++v;
  return v;
}

int OddAtLeast3(int v) {
  v = std::max(3, v);
  return v % 2 == 0 ? v + 1 : v;
}

int CeilTenth(int window) { return static_cast<int>(std::ceil(window / 10.0)); }

}  // namespace

absl::StatusOr<StlComponents> Stl(std::span<const double> y, int period, const StlOptions& options,
                                  const CancelToken& cancel) {
  const int n = static_cast<int>(y.size());
  if (period < 2 || n <= 2 * period) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "stl: the series is not periodic or has less than two periods (n = %d, period = %d)", n,
        period));
  }
  for (double v : y) {
    if (!std::isfinite(v))
      return absl::InvalidArgumentError("stl: the series has a non-finite value");
  }
  if (!options.periodic && options.s_window < 1) {
    return absl::InvalidArgumentError(
        absl::StrFormat("stl: s_window must be >= 1, got %d", options.s_window));
  }
  // stl()'s argument defaults; s.jump and t.window read s.window after "periodic" replaced it.
  const int s_window = options.periodic ? 10 * n + 1 : options.s_window;
  const int t_window =
      NextOdd(std::ceil(1.5 * period / (1.0 - 1.5 / static_cast<double>(s_window))));
  const int l_window = NextOdd(period);
  Windows w{.np = std::max(2, period),
            .ns = OddAtLeast3(s_window),
            .nt = OddAtLeast3(t_window),
            .nl = OddAtLeast3(l_window),
            .isdeg = 0,
            .itdeg = 1,
            .ildeg = 1,
            .nsjump = CeilTenth(s_window),
            .ntjump = CeilTenth(t_window),
            .nljump = CeilTenth(l_window),
            .ni = options.robust ? 1 : 2,
            .no = options.robust ? 15 : 0};

  StlComponents out;
  out.seasonal.assign(n, 0.0);
  out.trend.assign(n, 0.0);
  Work work(static_cast<std::size_t>(n + 2 * w.np));
  std::vector<double> rw(n, 1.0);
  const double* weights = nullptr;
  for (int k = 0;; ++k) {
    RETURN_IF_ERROR(InnerLoop(y, w, weights, out.seasonal, out.trend, work, cancel));
    if (k + 1 > w.no) break;
    std::vector<double> fit(n);
    for (int i = 0; i < n; ++i) fit[i] = out.trend[i] + out.seasonal[i];
    RobustnessWeights(y, fit, rw);
    weights = rw.data();
  }
  if (options.periodic) {
    // R: the seasonal component averaged per position in the cycle.
    for (int j = 0; j < period; ++j) {
      double sum = 0.0;
      int count = 0;
      for (int i = j; i < n; i += period, ++count) sum += out.seasonal[i];
      for (int i = j; i < n; i += period) out.seasonal[i] = sum / count;
    }
  }
  out.remainder.resize(n);
  for (int i = 0; i < n; ++i) out.remainder[i] = y[i] - out.seasonal[i] - out.trend[i];
  return out;
}

}  // namespace champion::engine
