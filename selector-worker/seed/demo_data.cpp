#include "seed/demo_data.h"

#include <cmath>
#include <numbers>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "seed/demo_catalog.h"
#include "seed/random.h"

namespace champion::seed {
namespace {

using internal::ProductProfile;
using internal::StoreProfile;

// Stream ids for MixSeed, so each part of the data set has its own independent sequence.
constexpr uint64_t kCatalogStream = 1;
constexpr uint64_t kPromotionStream = 2;
constexpr uint64_t kPriceStream = 3;
constexpr uint64_t kSalesStream = 4;

constexpr double kMissingDayProbability = 0.015;
constexpr double kMissingPriceProbability = 0.01;
constexpr double kPriceElasticity = -1.2;
constexpr double kPromoUpliftPerDiscount = 2.5;  // 20% off -> x1.5 demand
constexpr int kLaunchRampDays = 21;

double Round(double x, double scale) { return std::round(x * scale) / scale; }

// Regular shelf price per day: occasional step changes, mostly increases.
std::vector<double> PricePath(const ProductProfile& profile, int days, Rng& rng) {
  std::vector<double> prices(static_cast<size_t>(days));
  double price = profile.base_price;
  int64_t next_change = rng.UniformInt(60, 200);
  for (int t = 0; t < days; ++t) {
    if (t == next_change) {
      const double step = std::clamp(rng.Normal(0.03, 0.05), -0.15, 0.2);
      price = std::max(0.1, Round(price * (1 + step), 100));
      next_change += rng.UniformInt(60, 200);
    }
    prices[static_cast<size_t>(t)] = price;
  }
  return prices;
}

// Largest discount (fraction) of a promotion covering each day for this pair.
std::vector<double> DiscountPath(const DemoData& data, int64_t store_id, int64_t product_id,
                                 int days) {
  std::vector<double> discount(static_cast<size_t>(days), 0.0);
  for (const DemoPromotion& promo : data.promotions) {
    if (promo.store_id && *promo.store_id != store_id) continue;
    if (promo.product_id && *promo.product_id != product_id) continue;
    for (absl::CivilDay d = promo.start_date; d <= promo.end_date; ++d) {
      double& slot = discount[static_cast<size_t>(d - data.start_date)];
      slot = std::max(slot, promo.discount_pct / 100.0);
    }
  }
  return discount;
}

struct PairInputs {
  const DemoProduct& product;
  const ProductProfile& profile;
  const StoreProfile& store;
  int64_t store_id;
  const std::vector<double>& prices;
};

void GeneratePair(const Options& options, const PairInputs& in, DemoData& data) {
  Rng rng(MixSeed(options.seed ^ kSalesStream, static_cast<uint64_t>(in.store_id),
                  static_cast<uint64_t>(in.product.id)));
  const std::vector<double> discounts =
      DiscountPath(data, in.store_id, in.product.id, options.days);
  const absl::CivilDay first =
      in.product.launch_date ? std::max(*in.product.launch_date, data.start_date) : data.start_date;
  for (int t = 0; t < options.days; ++t) {
    const absl::CivilDay day = data.start_date + t;
    const size_t ti = static_cast<size_t>(t);
    const double noise = rng.Normal(0, 0.15);  // drawn every day: keeps streams aligned
    const bool missing = rng.Bernoulli(kMissingDayProbability);
    if (day < first || missing) continue;
    if (in.store.closed_from && day >= *in.store.closed_from && day <= *in.store.closed_to)
      continue;
    double holiday = 1.0;
    if (const auto& name = data.calendar[ti].holiday_name) holiday = internal::HolidayEffect(*name);
    if (holiday == 0.0) continue;  // closed

    const int weekday = static_cast<int>(absl::GetWeekday(day));  // Monday = 0
    const double years = t / 365.25;
    const double season =
        1 + in.profile.yearly_amplitude *
                std::cos(2 * std::numbers::pi *
                         (absl::GetYearDay(day) - in.profile.yearly_peak_day) / 365.25);
    const double price = in.prices[ti] * (1 - discounts[ti]);
    const double ramp =
        std::min(1.0, 0.4 + 0.6 * static_cast<double>(day - first) / kLaunchRampDays);
    const double lambda =
        in.profile.base_level * in.store.factor * in.profile.weekly[static_cast<size_t>(weekday)] *
        season * std::max(0.2, 1 + in.profile.trend_per_year * years) * holiday *
        (1 + kPromoUpliftPerDiscount * discounts[ti]) *
        std::pow(in.prices[ti] / in.profile.base_price, kPriceElasticity) * ramp * std::exp(noise);
    DemoSale sale{day, in.store_id, in.product.id, 0, std::nullopt};
    if (in.profile.continuous) {
      sale.quantity = std::max(0.0, Round(lambda * std::exp(rng.Normal(0, 0.2)), 1000));
    } else {
      sale.quantity = static_cast<double>(rng.Poisson(lambda));
    }
    if (!rng.Bernoulli(kMissingPriceProbability)) sale.unit_price = Round(price, 100);
    data.sales.push_back(sale);
  }
}

}  // namespace

absl::Status ValidateOptions(const Options& options) {
  if (options.stores < 1 || options.stores > 500) {
    return absl::InvalidArgumentError(
        absl::StrCat("stores must be in 1..500, got ", options.stores));
  }
  if (options.products < 1 || options.products > 2000) {
    return absl::InvalidArgumentError(
        absl::StrCat("products must be in 1..2000, got ", options.products));
  }
  if (options.days < 1 || options.days > 7300) {
    return absl::InvalidArgumentError(absl::StrCat("days must be in 1..7300, got ", options.days));
  }
  if (static_cast<int64_t>(options.stores) * options.products * options.days > 20'000'000) {
    return absl::InvalidArgumentError("stores x products x days must not exceed 20 million");
  }
  return absl::OkStatus();
}

absl::StatusOr<DemoData> GenerateDemoData(const Options& options) {
  if (absl::Status status = ValidateOptions(options); !status.ok()) return status;
  DemoData data;
  data.end_date = options.end_date;
  data.start_date = options.end_date - (options.days - 1);

  Rng catalog_rng(MixSeed(options.seed, kCatalogStream));
  std::vector<StoreProfile> store_profiles;
  std::vector<ProductProfile> product_profiles;
  data.stores = internal::MakeStores(options, catalog_rng, &store_profiles);
  data.products = internal::MakeProducts(options, data.start_date, catalog_rng, &product_profiles);
  data.calendar = internal::MakeCalendar(data.start_date, data.end_date);
  Rng promo_rng(MixSeed(options.seed, kPromotionStream));
  data.promotions = internal::MakePromotions(options, data.start_date, promo_rng);

  std::vector<std::vector<double>> prices;
  for (const DemoProduct& product : data.products) {
    Rng price_rng(MixSeed(options.seed, kPriceStream, static_cast<uint64_t>(product.id)));
    prices.push_back(
        PricePath(product_profiles[static_cast<size_t>(product.id - 1)], options.days, price_rng));
  }
  data.sales.reserve(static_cast<size_t>(options.stores) * options.products * options.days);
  for (const DemoStore& store : data.stores) {
    for (const DemoProduct& product : data.products) {
      const size_t p = static_cast<size_t>(product.id - 1);
      GeneratePair(options,
                   {product, product_profiles[p], store_profiles[static_cast<size_t>(store.id - 1)],
                    store.id, prices[p]},
                   data);
    }
  }
  return data;
}

}  // namespace champion::seed
