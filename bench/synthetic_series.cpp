#include "synthetic_series.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <numbers>
#include <random>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/series/features.h"

namespace champion::bench {
namespace {

// Our own variates on top of mt19937_64 (whose output the standard fixes).
class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  int UniformInt(int lo, int hi) {  // [lo, hi]
    return lo + static_cast<int>(Uniform() * (hi - lo + 1));
  }
  double Normal(double mean, double sd) {  // Box-Muller, one pair per call.
    const double u1 = 1.0 - Uniform();     // (0, 1]
    const double u2 = Uniform();
    return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

 private:
  std::mt19937_64 engine_;
};

constexpr double kBaseLevel = 40.0;
// Monday .. Sunday: a weekend peak, as in grocery retail.
constexpr std::array<double, 7> kWeekly = {0.86, 0.82, 0.88, 0.95, 1.12, 1.38, 0.99};
constexpr double kYearlyAmplitude = 0.22;
constexpr int kYearlyPeakDay = 355;  // Day of the year with the highest demand.
constexpr double kTrendPerYear = 0.18;
constexpr double kBasePrice = 4.99;
constexpr double kPriceStep = 0.40;  // Shelf price rise on kPriceStepDay.
constexpr int kPriceStepDay = 300;
constexpr double kPriceElasticity = -1.2;
constexpr double kPromoUpliftPerDiscount = 2.5;  // 20 % off -> x1.5 demand.
constexpr double kNoiseSd = 0.12;
constexpr double kMissingPriceProbability = 0.01;

struct Holiday {
  int month;
  int day;
  double effect;  // Demand multiplier.
};
constexpr std::array<Holiday, 8> kHolidays = {{{1, 1, 0.35},
                                               {5, 1, 0.6},
                                               {7, 4, 1.25},
                                               {10, 31, 1.2},
                                               {11, 28, 1.3},
                                               {12, 24, 1.6},
                                               {12, 25, 0.35},
                                               {12, 31, 1.5}}};

const Holiday* FindHoliday(absl::CivilDay d) {
  for (const Holiday& h : kHolidays) {
    if (d.month() == h.month && d.day() == h.day) return &h;
  }
  return nullptr;
}

// Discount fraction per day (0 = no promotion).
std::vector<double> PromotionDiscounts(int days, Rng& rng) {
  constexpr std::array<double, 4> kDiscounts = {0.15, 0.20, 0.25, 0.30};
  std::vector<double> discount(static_cast<std::size_t>(days), 0.0);
  int t = rng.UniformInt(10, 30);
  while (t < days) {
    const int length = rng.UniformInt(4, 10);
    const double d = kDiscounts[static_cast<std::size_t>(rng.UniformInt(0, 3))];
    for (int i = t; i < std::min(days, t + length); ++i) discount[static_cast<std::size_t>(i)] = d;
    t += length + rng.UniformInt(21, 49);
  }
  return discount;
}

std::string Num(double v) { return absl::StrFormat("%.17g", v); }

absl::Status CheckWritten(const std::ofstream& out, const std::string& path) {
  if (out.good()) return absl::OkStatus();
  return absl::UnavailableError(absl::StrCat("cannot write ", path));
}

}  // namespace

SyntheticSeries MakeRetailSeries(const SyntheticSeriesOptions& options) {
  Rng rng(options.seed);
  const std::vector<double> discounts = PromotionDiscounts(options.days, rng);
  SyntheticSeries out;
  out.launch_date = options.start - options.launch_days_before_start;
  out.rows.reserve(static_cast<std::size_t>(options.days));
  for (int t = 0; t < options.days; ++t) {
    const absl::CivilDay day = options.start + t;
    const double discount = discounts[static_cast<std::size_t>(t)];
    const double shelf_price = kBasePrice + (t >= kPriceStepDay ? kPriceStep : 0.0);
    const Holiday* holiday = FindHoliday(day);
    const double years = t / 365.25;
    const double yearly =
        1 + kYearlyAmplitude *
                std::cos(2 * std::numbers::pi * (absl::GetYearDay(day) - kYearlyPeakDay) / 365.25);
    const double lambda = kBaseLevel *
                          kWeekly[static_cast<std::size_t>(engine::DayOfWeekIndex(day))] * yearly *
                          (1 + kTrendPerYear * years) * (holiday ? holiday->effect : 1.0) *
                          (1 + kPromoUpliftPerDiscount * discount) *
                          std::pow(shelf_price / kBasePrice, kPriceElasticity);
    const double noise = rng.Normal(0.0, kNoiseSd);  // Drawn every day: streams stay aligned.
    const bool price_missing = rng.Uniform() < kMissingPriceProbability;
    engine::SalesRow row;
    row.date = day;
    row.quantity = std::max(1.0, std::round(lambda * std::exp(noise)));
    if (!price_missing) row.unit_price = std::round(shelf_price * (1 - discount) * 100) / 100;
    row.promo_active = discount > 0;
    row.is_holiday = holiday != nullptr;
    out.rows.push_back(row);
  }
  engine::SeriesOptions series_options{.start_date = options.start,
                                       .end_date = options.start + (options.days - 1),
                                       .launch_date = out.launch_date};
  // The rows are valid by construction (positive, finite, in the window).
  out.series = *engine::PrepareSeries(out.rows, series_options);
  return out;
}

absl::Status WriteSeriesCsv(const SyntheticSeries& data, const std::string& path) {
  std::ofstream out(path);
  out << "date,quantity,unit_price,promo_active,is_holiday,launch_date\n";
  const std::string launch = absl::FormatCivilTime(data.launch_date);
  for (const engine::SalesRow& r : data.rows) {
    out << absl::FormatCivilTime(r.date) << ',' << Num(r.quantity) << ','
        << (r.unit_price ? Num(*r.unit_price) : "") << ',' << (r.promo_active ? 1 : 0) << ','
        << (r.is_holiday ? 1 : 0) << ',' << launch << '\n';
  }
  out.close();
  return CheckWritten(out, path);
}

absl::Status WriteFoldsCsv(const std::vector<engine::Fold>& folds, const std::string& path) {
  std::ofstream out(path);
  out << "fold,train_begin,train_end,test_begin,test_end\n";
  for (const engine::Fold& f : folds) {
    out << f.index << ',' << f.train_begin << ',' << f.train_end << ',' << f.test_begin << ','
        << f.test_end << '\n';
  }
  out.close();
  return CheckWritten(out, path);
}

absl::Status WriteFeaturesCsv(const engine::Series& series, const std::vector<engine::Fold>& folds,
                              const std::string& path) {
  std::ofstream out(path);
  out << "fold,part,row";
  for (std::string_view column : engine::kFeatureColumns) out << ',' << column;
  out << '\n';
  for (const engine::Fold& f : folds) {
    for (const bool train : {true, false}) {
      const int begin = train ? f.train_begin : f.train_end;
      const int end = train ? f.train_end : f.test_end;
      const engine::FeatureFrame frame = engine::BuildFeatureFrame(series, begin, end, f.train_end);
      for (int r = 0; r < frame.rows(); ++r) {
        out << f.index << ',' << (train ? "train" : "test") << ',' << begin + r;
        for (Eigen::Index c = 0; c < frame.values.cols(); ++c) {
          const double v = frame.values(r, c);
          out << ',' << (std::isfinite(v) ? Num(v) : "");
        }
        out << '\n';
      }
    }
  }
  out.close();
  return CheckWritten(out, path);
}

}  // namespace champion::bench
